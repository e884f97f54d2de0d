"""Web processes are stateless: several machines behind one load balancer (issue 13).

Two real web servers (``achterkant serve``), each with its own home directory, as two
machines would have, share only the database (and Redis, with ``CACHE_URL``) and the
SECRET_KEY. A staff member types the password on one, passes the second step on the other,
and works on the first. With ``CACHE_URL=redis://…`` a value one process writes to the cache
is read by another. The servers need PostgreSQL (they must see the test database); the
cache test runs on either. Redis on 127.0.0.1:6379, else the Redis cases are skipped.

Bounded: every wait has a deadline; nothing is asserted about speed.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
from django.db import connection

from tests.conftest import PASSWORD, totp_device

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: separate server processes must share the test database",
)

DEADLINE_SECONDS = 60
REDIS_URL = "redis://127.0.0.1:6379/15"
LOGIN = "/medewerker/inloggen/"
VERIFY = "/medewerker/tweestaps/controleren/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _machine_env(home: Path, cache_url: str, **extra) -> dict:
    env = {
        **os.environ,
        "ACHTERKANT_HOME": str(home),
        "DATABASE_URL": _database_url(),
        # Shared by every machine: sessions and CSRF tokens are signed with it.
        "SECRET_KEY": "gedeeld-geheim-van-alle-webmachines-" + "x" * 20,
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "1",
        **extra,
    }
    env.pop("CACHE_URL", None)
    if cache_url:
        env["CACHE_URL"] = cache_url
    return env


@pytest.fixture
def two_machines(tmp_path, request):
    cache_url = request.param
    if cache_url and not _redis_available():
        pytest.skip("no Redis on 127.0.0.1:6379")
    processes, bases = [], []
    try:
        for name in ("web1", "web2"):
            home = tmp_path / name
            home.mkdir()
            port = _free_port()
            log = (tmp_path / f"{name}.log").open("wb")
            processes.append(
                subprocess.Popen(  # noqa: S603 - our own command
                    [sys.executable, "-m", "achterkant.cli", "serve"],
                    env=_machine_env(home, cache_url, PORT=str(port)),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )  # fmt: skip
            )
            log.close()
            bases.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + DEADLINE_SECONDS
        for process, base in zip(processes, bases, strict=True):
            while time.monotonic() < deadline and process.poll() is None:
                try:
                    httpx.get(f"{base}/healthz", timeout=2)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            assert process.poll() is None and time.monotonic() < deadline, "\n".join(
                (tmp_path / f"{n}.log").read_text()[-2000:] for n in ("web1", "web2")
            )
        yield bases, cache_url
    finally:
        for process in processes:  # gunicorn stops its workers on SIGTERM
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # the group this test started
                process.wait(timeout=10)


def _csrf(client: httpx.Client) -> str:
    return client.cookies["csrftoken"]


@postgres_only
@pytest.mark.parametrize(
    "two_machines", ["", REDIS_URL], ids=["database-sessions", "redis-cache"], indirect=True
)
def test_a_log_in_started_on_one_machine_continues_on_the_other(
    transactional_db, tenant_a, two_machines, settings
):
    (one, two), _ = two_machines
    # The servers check passwords with Django's default hasher, not the tests' fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    worker = tenant_a.staff["worker"]
    worker.set_password(PASSWORD)
    worker.save()
    device = totp_device(worker)
    from achterkant.staff.twofactor import services

    host = {"Host": tenant_a.host}
    with httpx.Client(headers=host, timeout=10) as browser:
        # The password on machine one …
        assert browser.get(f"{one}{LOGIN}").status_code == 200
        response = browser.post(
            f"{one}{LOGIN}",
            data={"username": worker.username, "password": PASSWORD,
                  "csrfmiddlewaretoken": _csrf(browser)},
        )  # fmt: skip
        assert response.status_code == 302, response.text[-2000:]
        # … machine two knows the session: it asks for the second step, not the password …
        desk = browser.get(f"{two}/desk/zaken/")
        assert desk.status_code == 302 and desk.headers["Location"].startswith(VERIFY)
        page = browser.get(f"{two}{VERIFY}")
        assert page.status_code == 200 and "Tweede stap" in page.text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = browser.post(
            f"{two}{VERIFY}",
            data={"method": "totp", "code": services.current_code(device),
                  "csrfmiddlewaretoken": token},
        )  # fmt: skip
        assert response.status_code == 302, response.text[-2000:]
        # … and the desk on either.
        for base in (one, two):
            desk = browser.get(f"{base}/desk/zaken/")
            assert desk.status_code == 200, (base, desk.headers.get("Location"))


def test_a_cache_write_in_one_process_is_read_in_another(tmp_path):
    if not _redis_available():
        pytest.skip("no Redis on 127.0.0.1:6379")
    key, value = f"test-{uuid.uuid4().hex}", uuid.uuid4().hex
    env = _machine_env(tmp_path, REDIS_URL, DJANGO_SETTINGS_MODULE="achterkant.conf.settings")
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'unused.sqlite3'}"  # Redis only

    def run(code: str) -> str:
        result = subprocess.run(  # noqa: S603 - our own settings, fixed code
            [sys.executable, "-c", "import django; django.setup()\n"
             "from django.conf import settings; from django.core.cache import cache\n" + code],
            env=env, capture_output=True, text=True, timeout=DEADLINE_SECONDS, check=True,
        )  # fmt: skip
        return result.stdout.strip().splitlines()[-1]

    assert run("print(settings.CACHES['default']['BACKEND'])").endswith("RedisCache")
    assert run("print(settings.SESSION_ENGINE)") == "django.contrib.sessions.backends.cached_db"
    run(f"cache.set({key!r}, {value!r}, 60); print('ok')")
    assert run(f"print(cache.get({key!r}))") == value
    run(f"cache.delete({key!r}); print('ok')")
