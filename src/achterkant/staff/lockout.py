"""Brute-force protection of the staff and admin log-in, on top of django-axes.

Axes counts failed log-ins per user name and per client address (``AXES_*`` in settings)
and refuses a log-in past ``AXES_FAILURE_LIMIT``. This module holds what axes leaves to
us: which address a request comes from, the Dutch lock-out page, clearing a user's own
failures after they log in, and lifting a lock-out for the staff of one organisation.
"""

import ipaddress
import logging

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.shortcuts import render

log = logging.getLogger(__name__)


class LockoutBackend(AxesStandaloneBackend):
    """Axes's check, also for ``authenticate()`` without a request.

    Both log-in pages pass the request, so their attempts are counted per user name and
    address. A call without one (the test client's ``login``, a shell) used to raise; now a
    locked-out user name is refused there as well, but such a call cannot be counted.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        return super().authenticate(
            request if request is not None else HttpRequest(), username, password, **kwargs
        )


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address: ``REMOTE_ADDR``, unless trusted reverse proxies are in front.

    With ``TRUSTED_PROXY_COUNT`` = n, each of our n proxies appends the address it received
    the request from to X-Forwarded-For, so the n-th entry from the right is the address the
    outermost proxy saw: the client. Entries further left are the client's own say and are
    never used. Without trusted proxies the header is ignored entirely.
    """
    remote = _valid_ip(request.META.get("REMOTE_ADDR", "") or "")
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return _valid_ip(forwarded[-count]) or remote
    return remote


def _minutes(cool_off) -> str:
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0
    return "1 minuut" if minutes == 1 else f"{minutes} minuten"


def lockout_message() -> str:
    return (
        f"Te veel mislukte pogingen. Probeer het over {_minutes(settings.AXES_COOLOFF_TIME)}"
        " opnieuw of vraag de functioneel beheerder om uw account te ontgrendelen."
    )


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """What a locked-out log-in gets (``AXES_LOCKOUT_CALLABLE``): a page, status 429."""
    return render(
        request,
        "staff/locked_out.html",
        {"message": lockout_message()},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def clear_own_failures(sender, request, user, **kwargs) -> None:
    """After a successful log-in, forget this user's failures from this address.

    Not axes's ``AXES_RESET_ON_SUCCESS``: with separate user-name and address counters it
    clears every failure of the address, for any user name, so one valid account would
    reset the count of an attack on another account from the same address.
    """
    from axes.models import AccessAttempt

    if request is None or not settings.AXES_ENABLED:
        return
    AccessAttempt.objects.filter(
        username=user.get_username(), ip_address=client_ip_address(request)
    ).delete()


def locked_out_attempts(organisation):
    """The failed log-ins of this organisation's staff, most recent first.

    Only user names that belong to the organisation's staff: attempts with unknown user
    names (or another organisation's) are for the platform superuser in the admin.
    """
    from axes.models import AccessAttempt

    usernames = get_user_model().objects.filter(organisation=organisation).values("username")
    return AccessAttempt.objects.filter(username__in=usernames).order_by("-attempt_time")


def unlock_staff_member(organisation, username: str, by) -> int:
    """Lift the lock-out of one staff member of ``organisation``: forget their failures.

    Returns the number of attempt records removed; 0 when ``username`` is not staff of the
    organisation (nothing is touched then).
    """
    from axes.models import AccessAttempt

    if not get_user_model().objects.filter(organisation=organisation, username=username).exists():
        return 0
    count, _ = AccessAttempt.objects.filter(username=username).delete()
    log.info("Lock-out of %r lifted by %r (%d attempt records).", username, str(by), count)
    return count
