"""Platform middleware: a guard against control characters, and no caching of pages.

Both know nothing of the domain; they apply to every request and every response.
"""

import json
import re
from collections.abc import Callable, Iterable

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

API_PREFIX = "/api/"
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
    if request.path.startswith(API_PREFIX):
        body = {
            "type": "about:blank",
            "code": "invalid",
            "title": "Ongeldige invoer.",
            "status": 400,
            "detail": BAD_INPUT_MESSAGE,
            "invalidParams": [
                {"name": name, "code": "control-character", "reason": BAD_INPUT_MESSAGE}
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
        '<p><a href="javascript:history.back()">Terug</a></p></body></html>\n'
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
