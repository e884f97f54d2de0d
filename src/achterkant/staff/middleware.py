import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils import timezone

# The staff session's clock: who it is for, when it began and when it was last used
# (seconds since the epoch).
SESSION_CLOCK_KEY = "staff_session_clock"
# Last activity is written at most this often, not on every request.
ACTIVITY_WRITE_INTERVAL_SECONDS = 60
# The session row and cookie outlive the absolute limit by this much, so a staff member who
# comes back just after it still gets told why they must log in again.
EXPIRY_GRACE_SECONDS = 60 * 60


class StaffTenantMiddleware:
    """Staff of one organisation never act inside another organisation's site.

    A session cookie that belongs to organisation A, presented on organisation
    B's host name, is treated as logged out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        organisation = getattr(request, "organisation", None)
        if (
            user.is_authenticated
            and organisation is not None
            and not user.is_superuser
            and user.organisation_id != organisation.pk
        ):
            logout(request)
        return self.get_response(request)


def _duration(seconds: int) -> str:
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} uur"
    minutes = max(1, round(seconds / 60))
    return "1 minuut" if minutes == 1 else f"{minutes} minuten"


def idle_message() -> str:
    return (
        f"U was te lang niet actief (langer dan {_duration(settings.STAFF_SESSION_IDLE_SECONDS)})."
        " Log opnieuw in."
    )


def expired_message() -> str:
    return (
        f"Uw sessie is na {_duration(settings.STAFF_SESSION_MAX_SECONDS)} verlopen. Log opnieuw in."
    )


class StaffSessionTimeoutMiddleware:
    """A staff session ends after a spell without activity, and after a fixed time in any case.

    ``STAFF_SESSION_IDLE_SECONDS`` (default 30 minutes) and ``STAFF_SESSION_MAX_SECONDS``
    (default 10 hours). Past either, the staff member is logged out and sent to the log-in
    page with a message saying why. Citizens' portal sessions have their own clock
    (``portal.session``) and are never touched here: only a logged-in staff user counts.
    Must come after the authentication and message middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            reason = self._check(request)
            if reason:
                return self._log_out(request, reason)
        response = self.get_response(request)
        # A log-in on this very request (the log-in form) starts the clock right away.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._start_if_new(request)
        return response

    def _check(self, request: HttpRequest) -> str:
        clock = request.session.get(SESSION_CLOCK_KEY)
        if not self._belongs_to(clock, request):
            self._start(request)
            return ""
        now = time.time()
        if now - clock["started"] >= settings.STAFF_SESSION_MAX_SECONDS:
            return expired_message()
        if now - clock["seen"] >= settings.STAFF_SESSION_IDLE_SECONDS:
            return idle_message()
        if now - clock["seen"] >= ACTIVITY_WRITE_INTERVAL_SECONDS:
            request.session[SESSION_CLOCK_KEY] = {**clock, "seen": now}
        return ""

    @staticmethod
    def _belongs_to(clock, request: HttpRequest) -> bool:
        return (
            isinstance(clock, dict)
            and clock.get("user") == str(request.user.pk)
            and isinstance(clock.get("started"), int | float)
            and isinstance(clock.get("seen"), int | float)
        )

    def _start_if_new(self, request: HttpRequest) -> None:
        if not self._belongs_to(request.session.get(SESSION_CLOCK_KEY), request):
            self._start(request)

    @staticmethod
    def _start(request: HttpRequest) -> None:
        now = time.time()
        request.session[SESSION_CLOCK_KEY] = {
            "user": str(request.user.pk),
            "started": now,
            "seen": now,
        }
        # The session itself (row and cookie) ends soon after the absolute limit, instead of
        # Django's two weeks.
        request.session.set_expiry(
            timezone.now()
            + timedelta(seconds=settings.STAFF_SESSION_MAX_SECONDS + EXPIRY_GRACE_SECONDS)
        )

    @staticmethod
    def _log_out(request: HttpRequest, reason: str) -> HttpResponse:
        logout(request)
        messages.warning(request, reason)
        login_url = resolve_url(settings.LOGIN_URL)
        if request.headers.get("HX-Request"):
            # htmx would put the log-in page inside a fragment; let it load the whole page.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login_url
            return response
        if request.method == "GET":
            return redirect_to_login(request.get_full_path(), login_url)
        return redirect(login_url)
