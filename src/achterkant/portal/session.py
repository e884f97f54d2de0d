"""Who the citizen is: a BSN from the login assertion, kept in the session, never from a form.

Separate from staff log-in: a citizen never becomes a staff user. The session ends after
15 minutes without activity (DigiD's norm for session length).

A session belongs to the organisation it was started on, as a staff session does
(``staff.middleware``). Presented on another organisation's host name, the portal session
is ended, not just hidden: a session cookie that turns up elsewhere is a stolen or
misdirected one, so it no longer works on its own organisation's site either.
"""

import math
import time

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from achterkant.identity.lookup import PersonLookupError
from achterkant.identity.services import person_for_self_service
from achterkant.tenancy.context import current_organisation
from achterkant.tenancy.selectors import organisation_for_host

SESSION_KEY = "portal_citizen"
# Who the last, expired session belonged to (a hash, not the BSN): a draft saved when the
# session ran out is offered again only to the same person.
LAST_OWNER_KEY = "portal_last_owner"
DRAFT_KEY = "portal_draft"
# Where to go after log-in (a path on this site), set when a page needed a log-in.
NEXT_KEY = "portal_next"
# How precisely activity is recorded (see current_party).
SEEN_RESOLUTION_SECONDS = 30


def login_citizen(
    request: HttpRequest,
    *,
    bsn: str = "",
    kvk_number: str = "",
    branch_number: str = "",
    via: str,
    assurance: str,
    saml_session: dict | None = None,
) -> None:
    """Start a session for a person (BSN, DigiD) or a business (KvK number, eHerkenning).

    A person's name is read from the register now, once, for the page header.

    ``assurance`` is an :class:`~achterkant.identity.assurance.AssuranceLevel` value, taken
    from the assertion. ``saml_session`` keeps what single log-out needs (name id, session
    index), when the log-in was real SAML.
    """
    request.session.cycle_key()  # a new session id at log-in: no session fixation
    draft = request.session.get(DRAFT_KEY)
    if draft and draft.get("owner") != owner_key({"bsn": bsn, "kvk": kvk_number}):
        del request.session[DRAFT_KEY]  # someone else's half-filled form: never shown
    request.session.pop(LAST_OWNER_KEY, None)
    request.session[SESSION_KEY] = {
        "bsn": bsn,
        "kvk": kvk_number,
        "branch": branch_number,
        "via": via,
        "assurance": assurance,
        # Only on an organisation's site (always, behind the tenant middleware).
        "name": _person_name(bsn) if bsn and current_organisation() is not None else "",
        "saml": saml_session or {},
        "seen": time.time(),
        "organisation": _organisation_id(request),
    }


def logout_citizen(request: HttpRequest) -> None:
    for key in (SESSION_KEY, DRAFT_KEY, NEXT_KEY):
        request.session.pop(key, None)
    request.session.cycle_key()


def next_path(request: HttpRequest, default: str) -> str:
    """Where to go after log-in: the page that asked for it (a local path), else ``default``."""
    target = request.session.pop(NEXT_KEY, "")
    return target if target.startswith("/") and not target.startswith("//") else default


def owner_key(party: dict) -> str:
    # Keyed with the secret key: a plain hash of a BSN is easy to reverse (10⁹ candidates).
    value = f"{party.get('bsn', '')}|{party.get('kvk', '')}"
    return salted_hmac("achterkant.portal.draft-owner", value).hexdigest()


def save_draft(request: HttpRequest, *, product_code: str, data: dict) -> bool:
    """Keep what was typed in a form whose session just ran out. Files are not kept.

    Only when we know whose session it was; it is given back only to them (``take_draft``).
    """
    owner = request.session.get(LAST_OWNER_KEY)
    if not owner:
        return False
    request.session[DRAFT_KEY] = {
        "product": product_code, "owner": owner, "data": data, "saved_at": time.time(),
    }  # fmt: skip
    return True


def take_draft(request: HttpRequest, party: dict, product_code: str) -> dict | None:
    """The saved answers for this form, if they are this person's; used once."""
    drop_stale_draft(request)
    draft = request.session.get(DRAFT_KEY)
    if not draft or draft.get("product") != product_code:
        return None
    del request.session[DRAFT_KEY]
    return draft["data"] if draft.get("owner") == owner_key(party) else None


def drop_stale_draft(request: HttpRequest) -> None:
    """Typed answers are personal data: they stay an hour at most, not as long as the cookie."""
    draft = request.session.get(DRAFT_KEY)
    if draft and time.time() - draft.get("saved_at", 0) > settings.PORTAL_DRAFT_MAX_SECONDS:
        del request.session[DRAFT_KEY]


def current_party(request: HttpRequest) -> dict | None:
    """Who is logged in (``bsn``, ``kvk``, ``branch``, ``via``, ``assurance``), or None.

    Each call counts as activity. An idle session ends here; the hash of its owner stays
    behind so a saved draft can be given back after the same person logs in again.
    """
    drop_stale_draft(request)
    data = _live_session(request)
    if data is None:
        return None
    now = time.time()
    # Activity is written at most every SEEN_RESOLUTION_SECONDS: a page view then costs no
    # session write. The idle limit may so end a session that much early, never late.
    if now - data["seen"] >= SEEN_RESOLUTION_SECONDS:
        request.session[SESSION_KEY] = {**data, "seen": now}
    return data


def _person_name(bsn: str) -> str:
    """The person's name for the page header, read from the register at log-in.

    Through ``person_for_self_service``, which logs the read (a system reads the register
    for them). Kept in the session, so a page costs no register call and no query. A
    register that fails gives no name: it is a courtesy, a log-in must not wait for it.
    """
    try:
        person = person_for_self_service(bsn=bsn)
    except PersonLookupError:
        return ""
    return person.full_name if person is not None else ""


def stay_logged_in(request: HttpRequest) -> bool:
    """'Ingelogd blijven': the idle clock starts again now. False when nobody is logged in."""
    data = _live_session(request)
    if data is None:
        return False
    request.session[SESSION_KEY] = {**data, "seen": time.time()}
    return True


def session_seconds_left(request: HttpRequest) -> int:
    """How long the session has left, without counting as activity (the page's timer asks)."""
    return seconds_left(request) if _live_session(request) else 0


def _live_session(request: HttpRequest) -> dict | None:
    """The session data, or None; an idle session is ended here."""
    data = request.session.get(SESSION_KEY)
    if not data:
        return None
    organisation_id = _organisation_id(request)
    if organisation_id is None:
        return None  # no organisation active: nobody is logged in here
    if data.get("organisation") != organisation_id:
        # Another organisation's session (or one from before sessions were bound): end
        # it, its half-filled form included, and leave no owner hash for a draft.
        for key in (SESSION_KEY, DRAFT_KEY, NEXT_KEY, LAST_OWNER_KEY):
            request.session.pop(key, None)
        request.session.cycle_key()
        return None
    if time.time() - data["seen"] > settings.PORTAL_SESSION_IDLE_SECONDS:
        request.session.pop(SESSION_KEY)
        request.session.cycle_key()
        request.session[LAST_OWNER_KEY] = owner_key(data)
        return None
    return data


def _organisation_id(request: HttpRequest) -> int | None:
    """The organisation whose site this request is on (None: no organisation's site)."""
    if hasattr(request, "organisation"):  # set by the tenant middleware
        organisation = request.organisation
    else:  # a request built outside the middleware (a test, the shell): from its host
        organisation = current_organisation()
        if organisation is None:
            try:
                host = request.get_host()
            except DisallowedHost:
                return None
            organisation = organisation_for_host(host, demo=settings.DEMO_MODE)
    return organisation.pk if organisation is not None else None


def seconds_left(request: HttpRequest) -> int:
    data = request.session.get(SESSION_KEY) or {}
    if not data:
        return 0
    return max(0, math.ceil(settings.PORTAL_SESSION_IDLE_SECONDS - (time.time() - data["seen"])))
