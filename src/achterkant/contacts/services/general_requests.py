"""The e-loket's general request: the citizen describes what they need in their own words.

When no product form fits, the citizen still gets in (no wrong door). The request is a web
contact of their own through the one contact gate (:func:`~.receive.contact_receive`),
classified like an e-mail, but always confirmed by an agent in the desk's review queue:
the classifier's best guess only routes it to a team. The portal page is a thin adapter
over :func:`general_request_receive`.
"""

import uuid

from django.core.exceptions import ValidationError
from django.utils import timezone

from achterkant.catalog.models import Channel
from achterkant.contacts.models import Contact, Outcome
from achterkant.contacts.services.receive import contact_receive_or_get
from achterkant.identity.actors import Citizen, NotPermitted, as_actor

SUBJECT = "Algemene vraag via de website"
# Long enough for a letter's worth of explanation; the classifier reads less anyway.
MAX_LENGTH = 5000


def general_request_receive(
    *, actor: Citizen, text: str, key: uuid.UUID | str
) -> tuple[Contact, bool]:
    """Record the citizen's own general request, exactly once per ``key``.

    Returns ``(contact, created)``: the same key again (a double click, a refresh) returns
    the first contact and writes nothing. ``text`` must say something and be at most
    :data:`MAX_LENGTH` characters (a Dutch ``ValidationError`` otherwise, nothing written).
    The contact carries the citizen's BSN, is open, and waits for an agent ("review")
    with the classifier's top 3; the best guess sets its team.
    """
    if not isinstance(as_actor(actor), Citizen):
        raise NotPermitted("Alleen een ingelogde inwoner kan hier een vraag stellen.")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Beschrijf uw vraag."})
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            {"text": f"Uw vraag is te lang. Gebruik maximaal {MAX_LENGTH} tekens."}
        )
    try:
        key = key if isinstance(key, uuid.UUID) else uuid.UUID(str(key))
    except ValueError as error:
        raise ValidationError({"key": "Het formulier is verlopen. Probeer het opnieuw."}) from error
    now = timezone.now()
    return contact_receive_or_get(
        actor=actor, channel=Channel.WEB, outcome=Outcome.OPEN, general_request=True,
        bsn=actor.bsn, subject=SUBJECT, question=text,
        started_at=now, ended_at=now, idempotency_key=key,
    )  # fmt: skip
