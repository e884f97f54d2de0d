"""Who the citizen is: a BSN from the login assertion, kept in the session, never from a form.

Separate from staff log-in: a citizen never becomes a staff user. The session ends after
15 minutes without activity (DigiD's norm for session length).
"""

import time

from django.conf import settings
from django.http import HttpRequest

SESSION_KEY = "portal_citizen"


def login_citizen(request: HttpRequest, *, bsn: str = "", kvk_number: str = "", via: str) -> None:
    """Start a session for a person (BSN, DigiD) or a business (KvK number, eHerkenning)."""
    request.session.cycle_key()  # a new session id at log-in: no session fixation
    request.session[SESSION_KEY] = {
        "bsn": bsn, "kvk": kvk_number, "via": via, "seen": time.time(),
    }  # fmt: skip


def logout_citizen(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def current_party(request: HttpRequest) -> dict | None:
    """``{"bsn": ..., "kvk": ...}`` of who is logged in, or None; each call is activity."""
    data = request.session.get(SESSION_KEY)
    if not data:
        return None
    if time.time() - data["seen"] > settings.PORTAL_SESSION_IDLE_SECONDS:
        logout_citizen(request)
        return None
    request.session[SESSION_KEY] = {**data, "seen": time.time()}
    return {"bsn": data.get("bsn", ""), "kvk": data.get("kvk", "")}
