"""Asking the applicant for information (Awb 4:5 + 4:15) and recording their answer.

Asking suspends the decision term; the answer, on any channel, resumes it. Both tell the
applicant the expected decision date.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from achterkant.cases.models import Case, CaseEvent, CaseSuspension
from achterkant.cases.promise import CasePromise
from achterkant.cases.services.clock import resume_case, suspend_case
from achterkant.cases.services.common import authorize, inform_initiator
from achterkant.catalog.models import Channel


@transaction.atomic
def request_information(
    *, actor, case: Case, question: str, respond_before: date
) -> CaseSuspension:
    """Ask the applicant to complete the application by ``respond_before``; the clock stops."""
    actor = authorize(actor, "cases.change_case", case=case)
    if not question.strip():
        raise ValidationError({"question": "Vul in welke informatie u nodig heeft."})
    suspension = suspend_case(actor=actor, case=case, reason=question, term_ends_on=respond_before)
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.INFO_REQUESTED, actor=actor.log_user,
        text=f"{question} (reageren vóór {respond_before:%d-%m-%Y})",
    )  # fmt: skip
    case.refresh_from_db()
    # The promise counts the stopped clock up to respond_before: the latest decision date.
    inform_initiator(
        actor=actor,
        case=case,
        event_code="case.information_requested",
        information_request=question,
        respond_before=respond_before,
    )
    return suspension


@transaction.atomic
def record_information_received(
    *, actor, case: Case, note: str = "", received_on: date | None = None, channel: str = ""
) -> CasePromise:
    """The applicant answered (web, phone, counter, e-mail, letter): the clock runs again.

    Staff record an answer on any channel; the applicant may answer on their own case.
    ``channel`` is one of ``catalog.models.Channel``.
    """
    actor = authorize(actor, "cases.change_case", case=case, owner_may=True)
    if channel and channel not in Channel.values:
        raise ValidationError({"channel": "Kies een bestaand kanaal."})
    received_on = received_on or timezone.localdate()
    promise = resume_case(actor=actor, case=case, on=received_on)
    text = "Informatie ontvangen" + (f" via {Channel(channel).label}" if channel else "")
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.INFO_RECEIVED, actor=actor.log_user,
        text=f"{text}. {note}".strip(),
    )  # fmt: skip
    case.refresh_from_db()
    inform_initiator(actor=actor, case=case, event_code="case.information_received")
    return promise
