"""Where a new contact goes: when its answer is due, which team gets it, and, for a
written contact without a product, what the classifier makes of it (issue 18).

One rule for intake (``receive.contact_receive``) and for an agent who later confirms
the product (``triage_review.contact_confirm_product``).
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import DatabaseError

from achterkant.cases.models import Case
from achterkant.catalog.models import Channel, Product
from achterkant.contacts.models import TriageStatus
from achterkant.contacts.norms import DEFAULT_NORMS, Norm, due_at, norm_for
from achterkant.routing.models import Team
from achterkant.routing.services import route

logger = logging.getLogger(__name__)

# Conversations are answered while they happen; written contacts wait for an answer.
WRITTEN_CHANNELS = (Channel.EMAIL, Channel.LETTER)


def response_norm(
    channel: str, product: Product | None, received_at: datetime, *, written: bool = False
) -> tuple[Norm | None, datetime | None]:
    """The norm of a contact and when its answer is due: the one rule for intake and for
    an agent who later confirms the product (``triage_review.contact_confirm_product``).

    ``written`` marks a written question on a channel without a default norm (the
    e-loket's general request): without a product norm it is answered on the e-mail
    default, the norm of a written question, so the citizen is told a date at once.
    """
    norm = norm_for(channel, product)
    if norm is None and written:
        norm = DEFAULT_NORMS[Channel.EMAIL]
    return norm, due_at(norm, received_at) if norm else None


def route_contact(channel: str, product: Product | None) -> Team | None:
    """The team for a contact about ``product``: the routing rule a case of that product
    gets (``routing.route``, as ``cases`` routes a new case); None without a product."""
    if product is None:
        return None
    return route(
        product_code=product.code,
        case_type_identification=product.case_type_identification,
        channel=channel,
    )


@dataclass(frozen=True)
class Triage:
    status: str
    product: Product | None
    team: Team | None
    suggestions: list


def triage_new_contact(
    *, channel: str, product: Product | None, case: Case | None, subject: str, question: str,
    general_request: bool,
) -> Triage:  # fmt: skip
    """The product, team and triage status of a new contact (see :func:`contact_receive`).

    Only written contacts are classified, and only without a product: a product the
    channel gave (the citizen picked it, the agent chose it) is never second-guessed.
    """
    written = channel in WRITTEN_CHANNELS or general_request
    if not written or case is not None:
        return Triage(TriageStatus.NONE, product, None, [])
    if product is not None:
        return Triage(TriageStatus.NONE, product, route_contact(channel, product), [])
    suggestion = _suggest(subject, question, channel=channel)
    if suggestion is None or suggestion.best is None:
        return Triage(TriageStatus.REVIEW, None, None, [])
    suggestions = [
        {"product_id": guess.product_id, "code": guess.code, "naam": guess.name,
         "zekerheid": round(guess.confidence, 4)}
        for guess in suggestion.products[:3]
    ]  # fmt: skip
    auto = suggestion.auto_routable and not general_request
    if not auto and not general_request:
        return Triage(TriageStatus.REVIEW, None, None, suggestions)
    # One query: the guessed product, for its norm and its routing rule. A product deleted
    # since the model was trained is no guess at all.
    best = Product.objects.filter(pk=suggestion.best.product_id).first()
    if best is None:
        return Triage(TriageStatus.REVIEW, None, None, suggestions)
    if general_request:
        # Always to an agent, but already with the team the best guess routes it to.
        return Triage(TriageStatus.REVIEW, None, route_contact(channel, best), suggestions)
    return Triage(TriageStatus.AUTO, best, route_contact(channel, best), suggestions)


def classification_text(channel: str, subject: str, question: str) -> tuple[str, str]:
    """What the classifier reads of a contact, and as what ``source`` (``suggest``).

    An e-mail's or letter's subject often names the matter best ("Paspoort verlopen"); a
    web contact here is a general request, whose subject is our own and says nothing.
    An e-mail's quoted history and signature are stripped by the classifier itself.
    """
    # An e-mail's question already starts with its subject (mail.parsing.question_text).
    named = not subject or channel == Channel.WEB or question.startswith(subject)
    text = question if named else f"{subject}\n{question}"
    return text, "email" if channel == Channel.EMAIL else "text"


def _suggest(subject: str, question: str, *, channel: str):
    """The classifier's suggestion, or None if it failed: intake never stops for it."""
    from achterkant.contacts.triage import suggest

    text, source = classification_text(channel, subject, question)
    try:
        return suggest(text, source=source)
    except DatabaseError:
        raise  # the transaction is broken: the channel's own error handling applies
    except Exception:
        # suggest() promises not to raise; if it ever does, the contact still comes in.
        logger.exception("Classifying an incoming contact failed; it waits for review")
        return None
