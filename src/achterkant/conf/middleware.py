"""Platform middleware: a guard against control characters, no caching of pages, and the
security headers (Content-Security-Policy, Permissions-Policy).

They know nothing of the domain; they apply to every request and every response.
"""

import json
import re
import time
import uuid
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape

# C0 controls except TAB, LF and CR; DEL; and the C1 controls. No form, URL or search box
# has a use for them, and PostgreSQL refuses NUL in text outright (a 500 before this guard).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

BAD_INPUT_MESSAGE = "Uw invoer bevat een teken dat niet is toegestaan."
BAD_INPUT_HINT = (
    "Verwijder het teken, bijvoorbeeld door de tekst opnieuw te typen, en probeer het nog eens."
)

# The ZGW APIs live under /<component>/api/v<n>/ (Open Zaak's layout): they answer JSON.
API_PATH = re.compile(r"^/[a-z]+/api/v\d+/")
# Pages with personal data on them: never stored by a browser or a proxy.
NO_STORE_PREFIXES = ("/desk/", "/mijn/", "/admin/", "/medewerker/")


def has_control_character(value: str) -> bool:
    return CONTROL_CHARACTERS.search(value) is not None


def _offending_names(request: HttpRequest) -> Iterable[str]:
    """The names of the inputs that hold a control character: ``path``, or a parameter name."""
    if has_control_character(request.path):
        yield "path"
    sources = [request.GET]
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        # Form-encoded and multipart bodies only; Django parses them once, so the view and
        # the CSRF check read the same data afterwards. Uploaded files: their names, never
        # their contents.
        sources.append(request.POST)
        for key, upload in request.FILES.items():
            if has_control_character(key) or has_control_character(upload.name or ""):
                yield key
    for source in sources:
        for key, values in source.lists():
            if has_control_character(key) or any(has_control_character(v) for v in values):
                yield key


def _bad_input_response(request: HttpRequest, names: list[str]) -> HttpResponse:
    # Names are shown escaped, and with their control characters replaced.
    shown = [CONTROL_CHARACTERS.sub("\N{REPLACEMENT CHARACTER}", name) for name in names]
    if API_PATH.match(request.path):
        body = {
            "type": "about:blank",
            "code": "invalid",
            "title": "Ongeldige invoer.",
            "status": 400,
            "detail": BAD_INPUT_MESSAGE,
            # Required by the standard's Fout/ValidatieFout, as in api.problems.
            "instance": f"urn:uuid:{uuid.uuid4()}",
            "invalidParams": [
                # A parameter without a name (``?=x``) is named as the standard names an
                # error of no single field: its ``name`` must not be empty.
                {
                    "name": name or "nonFieldErrors",
                    "code": "control-character",
                    "reason": BAD_INPUT_MESSAGE,
                }
                for name in shown
            ],
        }
        return HttpResponseBadRequest(
            json.dumps(body, ensure_ascii=False), content_type="application/problem+json"
        )
    page = (
        '<!doctype html>\n<html lang="nl"><head><meta charset="utf-8">'
        "<title>Ongeldige invoer</title></head><body>"
        f"<h1>Ongeldige invoer</h1><p>{escape(BAD_INPUT_MESSAGE)}</p>"
        f"<p>{escape(BAD_INPUT_HINT)}</p>"
        '<p><a href="/">Naar de startpagina</a></p></body></html>\n'
    )
    return HttpResponseBadRequest(page, content_type="text/html; charset=utf-8")


class InputGuardMiddleware:
    """Refuse a request whose path or text input holds a control character, with a 400.

    One guard for every form, URL and filter, instead of a check per field: such a value
    would otherwise reach the database, where PostgreSQL answers NUL with an error (a 500).
    TAB, LF and CR are allowed: text areas and pasted text have them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        names = list(dict.fromkeys(_offending_names(request)))
        if names:
            return _bad_input_response(request, names)
        return self.get_response(request)


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on staff, portal and admin pages, which hold personal data.

    Any other response that sets no caching policy of its own gets it too; static files,
    served by the web server in production, are left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        path = request.path
        static = path.startswith("/" + settings.STATIC_URL.lstrip("/"))
        if path.startswith(NO_STORE_PREFIXES) or not (
            static or response.has_header("Cache-Control")
        ):
            add_never_cache_headers(response)
        return response


# -- Content-Security-Policy and Permissions-Policy (issue 12, defect 10) -------------------

# Browser features the product does not use: refused for the page and for anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)

# The library's mock DigiD IdP (demo only) styles its pages with style attributes.
MOCK_IDP_PREFIX = "/digid/idp/"
# Django's admin writes a <style> element on change lists without actions, and some of our
# admin pages use a style attribute; no inline scripts.
ADMIN_PREFIX = "/admin/"
# Portal pages: the SAML log-in posts a form to the IdP (HTTP-POST binding), and the log-out
# form's post is redirected to the IdP (HTTP-Redirect binding); browsers check both against
# form-action. So the IdP's origin is allowed on the SAML pages, and on the pages of a
# citizen who logged in over SAML (their log-out form); nowhere else.
PORTAL_PREFIX = "/mijn/"
SAML_PREFIX = "/mijn/saml/"
SAML_IDP_ORIGINS_SECONDS = 300
_saml_idp_origins_cache: tuple[float, list[str]] | None = None


def _origin(url: str | None) -> str | None:
    parts = urlsplit(url or "")
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def _read_saml_idp_origins() -> list[str]:
    """The origins of the configured DigiD and eHerkenning IdPs' browser endpoints."""
    # The library, not our domain: its configuration (admin) and the IdP metadata in it.
    from digid_eherkenning.saml2.digid import DigiDClient
    from digid_eherkenning.saml2.eherkenning import eHerkenningClient

    origins: list[str] = []
    for client_class in (DigiDClient, eHerkenningClient):
        try:
            idp = client_class().saml2_settings.get_idp_data()
        except Exception:  # noqa: S112 (not configured: nothing to allow)
            continue
        for service in ("singleSignOnService", "singleLogoutService"):
            origin = _origin((idp.get(service) or {}).get("url"))
            if origin and origin not in origins:
                origins.append(origin)
    return origins


def saml_idp_origins() -> list[str]:
    """``_read_saml_idp_origins``, kept for a few minutes per process."""
    global _saml_idp_origins_cache
    now = time.monotonic()
    if _saml_idp_origins_cache is None or now - _saml_idp_origins_cache[0] > (
        SAML_IDP_ORIGINS_SECONDS
    ):
        _saml_idp_origins_cache = (now, _read_saml_idp_origins())
    return _saml_idp_origins_cache[1]


def clear_saml_idp_origins() -> None:
    global _saml_idp_origins_cache
    _saml_idp_origins_cache = None


def _needs_saml_idp(request: HttpRequest) -> bool:
    path = request.path_info
    if path.startswith(SAML_PREFIX):
        return True
    if not path.startswith(PORTAL_PREFIX) or not hasattr(request, "session"):
        return False
    # The portal's own session data (portal.session): a real SAML log-in keeps its SAML
    # session there, for single log-out. Portal views have read the session already.
    from achterkant.portal.session import SESSION_KEY

    citizen = request.session.get(SESSION_KEY)
    return isinstance(citizen, dict) and bool(citizen.get("saml"))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the few path-scoped exceptions to the strict policy.

    The policy itself is ``CONTENT_SECURITY_POLICY`` in the settings. On top of it:

    - ``/mijn/saml/``, and ``/mijn/`` for a citizen logged in over SAML: ``form-action``
      also allows the configured DigiD and eHerkenning IdPs;
    - ``/admin/``: ``style-src`` also allows inline styles (no inline scripts);
    - ``/digid/idp/``, only while the DigiD mock is on: the same for the mock IdP's pages.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponse, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        path = request.path_info
        extra: dict[str, list[str]] = {}
        if _needs_saml_idp(request) and (origins := saml_idp_origins()):
            extra["form-action"] = origins
        if path.startswith(ADMIN_PREFIX) or (
            path.startswith(MOCK_IDP_PREFIX) and getattr(settings, "DIGID_MOCK", False)
        ):
            extra["style-src"] = ["'unsafe-inline'"]
        if extra:
            parts.update = {**extra, **(parts.update or {})}
        return parts


# The staff's second-factor pages register and use passkeys (Web Authentication): allowed
# there for the page itself, never for anything it embeds.
PASSKEY_PREFIX = "/medewerker/tweestaps/"
PASSKEY_PERMISSIONS_POLICY = ", ".join(
    [item for item in PERMISSIONS_POLICY.split(", ") if not item.startswith("publickey-")]
    + ["publickey-credentials-create=(self)", "publickey-credentials-get=(self)"]
)


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every response: no camera, microphone, location, payment…"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            passkeys = request.path.startswith(PASSKEY_PREFIX)
            response["Permissions-Policy"] = (
                PASSKEY_PERMISSIONS_POLICY if passkeys else PERMISSIONS_POLICY
            )
        return response
