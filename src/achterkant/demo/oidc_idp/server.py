"""Start the test and demo OpenID Connect provider as a separate process, and log in at it.

The provider is a real one (django-oidc-provider, RS256 keys, discovery, JWKS, the code
flow with consent and PKCE), served by Django's development server on 127.0.0.1 on a free
port. ``log_in`` plays the browser at the provider: it follows the authorization
request, fills in the provider's log-in form and consents, and returns the URL the
provider sends the browser back to.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

# The folder that holds the ``achterkant`` package, for the provider's own process.
ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class IdentityProvider:
    def __init__(self, workdir: Path, port: int | None = None) -> None:
        self.port = port or _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.issuer = f"{self.base_url}/openid"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "achterkant.demo.oidc_idp.settings",
            "IDP_SITE_URL": self.base_url,
            "IDP_DATABASE": str(workdir / "idp.sqlite3"),
            "PYTHONPATH": os.pathsep.join(
                [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
            ),
        }
        self.env.pop("DATABASE_URL", None)
        self.process: subprocess.Popen | None = None
        self.log = workdir / "idp.log"

    def _run(self, *args: str) -> None:
        subprocess.run(  # noqa: S603 - our own interpreter and modules
            [sys.executable, *args], cwd=ROOT, env=self.env, check=True, capture_output=True
        )

    def start(self) -> "IdentityProvider":
        self._run("-m", "django", "migrate", "--no-input")
        self._run("-m", "django", "creatersakey")
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                [sys.executable, "-m", "django", "runserver", "--noreload", "--skip-checks"]
                + [f"127.0.0.1:{self.port}"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while True:
            try:
                if self.session().get(self.discovery_url, timeout=2).status_code == 200:
                    return self
            except requests.ConnectionError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"The test OIDC provider did not start:\n{self.log.read_text()}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def add_client(self, client_id: str, client_secret: str, redirect_uris, **extra) -> None:
        self._tool(
            action="client",
            client_id=client_id,
            client_secret=client_secret,
            redirect_uris=list(redirect_uris),
            **extra,
        )

    def add_user(self, username: str, password: str, groups=(), **extra) -> None:
        self._tool(
            action="user", username=username, password=password, groups=list(groups), **extra
        )

    def _tool(self, **command) -> None:
        self._run("-m", "achterkant.demo.oidc_idp.admin_tool", json.dumps(command))

    @staticmethod
    def session() -> requests.Session:
        session = requests.Session()
        session.trust_env = False  # never through a proxy: the provider is on loopback
        return session

    def log_in(self, authorize_url: str, username: str, password: str, consent: bool = True):
        """Play the browser at the provider; return the URL it redirects back to."""
        browser = self.session()
        url = authorize_url
        for _ in range(10):
            if not url.startswith(self.base_url):
                return url
            response = browser.get(url, allow_redirects=False, timeout=10)
            if response.is_redirect:
                url = urljoin(url, response.headers["Location"])
                continue
            response.raise_for_status()
            form = _form(response.text)
            if "password" in form:
                form.update({"username": username, "password": password})
            elif consent:
                form["allow"] = "Authorize"
            response = browser.post(
                urljoin(url, _form_action(response.text) or urlsplit(url).path),
                data=form,
                headers={"Referer": url},
                allow_redirects=False,
                timeout=10,
            )
            if not response.is_redirect:
                raise AssertionError(f"Provider did not accept the form:\n{response.text[:2000]}")
            url = urljoin(url, response.headers["Location"])
        raise AssertionError("Too many steps at the provider")


def _form(html: str) -> dict[str, str]:
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]*)"', tag)
        if not name or 'type="submit"' in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        fields[unescape(name.group(1))] = unescape(value.group(1)) if value else ""
    return fields


def _form_action(html: str) -> str | None:
    match = re.search(r'<form[^>]*action="([^"]*)"', html)
    return unescape(match.group(1)) if match else None
