from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from achterkant.staff.twofactor.services import is_enrolled, is_second_factor_satisfied

# Reached without a second factor: the log-in and log-out pages, the second-factor pages
# themselves, the health check, static files, and everything of the citizens' portal and its
# DigiD/eHerkenning log-in (citizens have no staff session; a staff user passing through is
# not asked either), and single sign-on, which logs the staff member in.
EXEMPT_PREFIXES = (
    "/medewerker/inloggen/",
    "/medewerker/uitloggen/",
    "/medewerker/tweestaps/",
    "/admin/login/",
    "/admin/logout/",
    "/healthz",
    "/mijn/",
    "/saml/",
    "/digid/",
    "/medewerker/sso/",
)


def _exempt(path: str) -> bool:
    static = "/" + settings.STATIC_URL.lstrip("/")
    return path.startswith(static) or path.startswith(EXEMPT_PREFIXES)


class TwoFactorMiddleware:
    """A logged-in staff member passes a second factor before any other page.

    Without one, a session is sent to enrolment (no app or passkey yet) or to verification,
    keeping where they were going in ``next``. htmx requests get ``HX-Redirect``, like
    ``StaffSessionTimeoutMiddleware`` does. ``is_second_factor_satisfied`` decides (it also
    honours single sign-on whose identity provider enforced MFA). Must come after the
    authentication, django-otp and session-timeout middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not _exempt(request.path)
            and not is_second_factor_satisfied(request)
        ):
            return self._send_to_second_factor(request)
        return self.get_response(request)

    @staticmethod
    def _send_to_second_factor(request: HttpRequest) -> HttpResponse:
        name = "staff:twofactor:verify" if is_enrolled(request.user) else "staff:twofactor:enrol"
        target = reverse(name)
        if request.headers.get("HX-Request"):
            # htmx would put the page inside a fragment; let it load the whole page.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        if request.method == "GET":
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        return redirect(target)
