"""Asking the applicant for information (Awb 4:5 + 4:15) and recording their answer.

Asking suspends the decision term; the answer, on any channel, resumes it. Both tell the
applicant the expected decision date.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from achterkant.cases.deadlines import case_deadline
from achterkant.cases.models import Case, CaseEvent, CaseSuspension
from achterkant.cases.services.clock import resume_case, suspend_case
from achterkant.cases.services.common import inform_initiator
from achterkant.cases.sla import refresh_sla


@transaction.atomic
def request_information(
    *, actor, case: Case, question: str, respond_before: date
) -> CaseSuspension:
    """Ask the applicant to complete the application by ``respond_before``; the clock stops."""
    if not question.strip():
        raise ValidationError({"question": "Vul in welke informatie u nodig heeft."})
    suspension = suspend_case(actor=actor, case=case, reason=question, term_ends_on=respond_before)
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.INFO_REQUESTED, actor=actor,
        text=f"{question} (reageren vóór {respond_before:%d-%m-%Y})",
    )  # fmt: skip
    case.refresh_from_db()
    # If they answer on the last day, this is when we decide at the latest.
    expected = case_deadline(case, today=respond_before).decision_due
    inform_initiator(
        actor=actor,
        case=case,
        event_code="case.information_requested",
        information_request=question,
        respond_before=respond_before,
        expected_date=expected,
    )
    refresh_sla(case)
    return suspension


@transaction.atomic
def record_information_received(
    *, actor, case: Case, note: str = "", received_on: date | None = None, channel: str = ""
):
    """The applicant answered (web, phone, counter, e-mail, letter): the clock runs again."""
    received_on = received_on or timezone.localdate()
    deadline = resume_case(actor=actor, case=case, on=received_on)
    text = "Informatie ontvangen" + (f" via {channel}" if channel else "")
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.INFO_RECEIVED, actor=actor,
        text=f"{text}. {note}".strip(),
    )  # fmt: skip
    case.refresh_from_db()
    inform_initiator(
        actor=actor,
        case=case,
        event_code="case.information_received",
        expected_date=deadline.decision_due,
    )
    refresh_sla(case)
    return deadline
