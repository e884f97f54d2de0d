"""Who the citizen is: a BSN from the login assertion, kept in the session, never from a form.

Separate from staff log-in: a citizen never becomes a staff user. The session ends after
15 minutes without activity (DigiD's norm for session length).
"""

import time

from django.conf import settings
from django.http import HttpRequest

SESSION_KEY = "portal_citizen"


def login_citizen(request: HttpRequest, *, bsn: str, via: str) -> None:
    request.session.cycle_key()  # a new session id at log-in: no session fixation
    request.session[SESSION_KEY] = {"bsn": bsn, "via": via, "seen": time.time()}


def logout_citizen(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def current_bsn(request: HttpRequest) -> str | None:
    """The logged-in citizen's BSN, or None; each call counts as activity."""
    data = request.session.get(SESSION_KEY)
    if not data:
        return None
    if time.time() - data["seen"] > settings.PORTAL_SESSION_IDLE_SECONDS:
        logout_citizen(request)
        return None
    request.session[SESSION_KEY] = {**data, "seen": time.time()}
    return data["bsn"]
