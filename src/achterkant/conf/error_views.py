"""The error pages: 400, 403 (also a failed CSRF check), 404 and 500, in Dutch (issue 17).

Each says what happened in plain words and offers a way back, in the look of where the
request was: *Mijn gemeente* (``/mijn/`` and the public service page) for citizens, with a
link to *Mijn overzicht*; the desk for everyone else, with a link to their start page
(``/desk/`` sends each role to its own, see desk.landing). The ZGW APIs answer JSON.

400 and 500 use one plain page that needs no database, no log-in and no URL lookup: the
request may be broken (a bad host name) or the database may be what failed.

Django uses these handlers only with ``DEBUG`` off. The demo runs with ``DEBUG`` on (for the
mock DigiD), so ``DebugErrorPagesMiddleware`` shows the same Dutch 404 there instead of
Django's technical page (403 already uses the handler in both modes).
"""

import json
import logging
from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template import loader
from django.urls import reverse

from achterkant.conf.middleware import API_PATH

logger = logging.getLogger(__name__)

PORTAL_PREFIXES = ("/mijn/", "/zo-snel-helpen-wij-u/")

# status: (title, explanation)
PAGES = {
    400: (
        "Dit verzoek kunnen we niet verwerken",
        "Er ging iets mis met de gegevens die uw browser stuurde. Probeer het nog eens.",
    ),
    403: (
        "Geen toegang",
        "U mag deze pagina niet openen. Denkt u dat dit niet klopt? Vraag dan uw functioneel"
        " beheerder om de juiste rol.",
    ),
    404: (
        "Deze pagina bestaat niet",
        "We kunnen de pagina niet vinden. Misschien is de link oud, of staat er een tikfout"
        " in het adres.",
    ),
    500: (
        "Er ging iets mis",
        "Dit is een fout bij ons, niet bij u. Probeer het over een paar minuten nog eens.",
    ),
}
PORTAL_403 = "U mag deze pagina niet bekijken. Log in met het account dat bij deze gegevens hoort."
CSRF_TITLE = "Het formulier is verlopen"
CSRF_TEXT = (
    "Uw gegevens zijn niet verstuurd: de pagina stond te lang open, of uw browser blokkeert"
    " cookies. Ga terug, laad de pagina opnieuw en probeer het nog eens."
)


def is_portal(request: HttpRequest) -> bool:
    return request.path.startswith(PORTAL_PREFIXES)


def _api_error(request: HttpRequest, status: int, title: str) -> HttpResponse | None:
    if not API_PATH.match(request.path):
        return None
    body = {"status": status, "title": title, "instance": request.path}
    return HttpResponse(json.dumps(body), status=status, content_type="application/problem+json")


def error_page(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    """The page for ``status`` in the desk's or the portal's look, with a way back."""
    api = _api_error(request, status, title)
    if api is not None:
        return api
    if is_portal(request):
        template, back_url, back_label = "portal", reverse("portal:home"), "Naar Mijn overzicht"
    else:
        template, back_url, back_label = "desk", reverse("desk:home"), "Naar de startpagina"
    context = {"status": status, "title": title, "text": text}
    context.update(back_url=back_url, back_label=back_label)
    body = loader.render_to_string(f"achterkant/errors/{template}.html", context, request)
    return HttpResponse(body, status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404, *PAGES[404])


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    title, text = PAGES[403]
    return error_page(request, 403, title, PORTAL_403 if is_portal(request) else text)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: mostly a page left open too long, so say that."""
    return error_page(request, 403, CSRF_TITLE, CSRF_TEXT)


def plain_page(status: int) -> HttpResponse:
    """The page without database or request: only a template and the static files."""
    title, text = PAGES[status]
    try:
        body = loader.render_to_string(
            "achterkant/errors/plain.html", {"status": status, "title": title, "text": text}
        )
    except Exception:  # the last resort must not fail itself (a static file not collected)
        logger.exception("The plain error page could not be rendered")
        body = f"<!doctype html><html lang='nl'><title>{title}</title><h1>{title}</h1><p>{text}"
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return plain_page(400)


def server_error(request: HttpRequest) -> HttpResponse:
    return plain_page(500)


class DebugErrorPagesMiddleware:
    """With ``DEBUG`` on (the demo), the Dutch 404 page instead of Django's technical one.

    Django's handlers cover production. Here: an address no URL pattern matches (the
    response of a request that resolved to no view), and ``Http404`` raised by a view. Any
    other 404 a view returns itself is left alone. Must come after the authentication and
    tenant middleware, so the page shows the organisation and the menu.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.DEBUG and response.status_code == 404 and request.resolver_match is None:
            return page_not_found(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
