"""Asking the applicant for information (Awb 4:5 + 4:15) and recording their answer.

Asking suspends the decision term; the answer, on any channel, resumes it. Both tell the
applicant the expected decision date.

Awb 4:15 suspends a term that is still running. A request made after the decision term
has run out is recorded and sent, but it leaves the clock alone: the case stays overdue.
The date given for the answer is the last day on which it counts: "uiterlijk op".
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from achterkant.cases.models import Case, CaseEvent, CaseSuspension
from achterkant.cases.promise import CasePromise, case_promise
from achterkant.cases.services.clock import resume_case, suspend_case
from achterkant.cases.services.common import authorize, inform_initiator
from achterkant.catalog.models import Channel

LATE_REQUEST_NOTE = (
    "De beslistermijn was al verstreken. Het verzoek is verstuurd, maar de termijn staat "
    "niet stil: opschorten kan alleen een termijn die nog loopt (Awb 4:15)."
)


@transaction.atomic
def request_information(
    *, actor, case: Case, question: str, respond_before: date
) -> CaseSuspension | None:
    """Ask the applicant to complete the application, at the latest on ``respond_before``.

    While the decision term runs, the clock stops (the returned suspension). After it ran
    out, the request is recorded and sent but the clock is left alone: returns ``None``
    (:data:`LATE_REQUEST_NOTE` says why).
    """
    actor = authorize(actor, "cases.change_case", case=case)
    if not question.strip():
        raise ValidationError({"question": "Vul in welke informatie u nodig heeft."})
    due = case_promise(case).decision_due
    suspension = None
    if due is None or timezone.localdate() <= due:
        suspension = suspend_case(
            actor=actor, case=case, reason=question, term_ends_on=respond_before
        )
    elif respond_before <= timezone.localdate():
        raise ValidationError({"respond_before": "Kies een datum na vandaag."})
    late = "" if suspension else " De beslistermijn was al verstreken: de termijn staat niet stil."
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.INFO_REQUESTED, actor=actor.log_user,
        text=f"{question} (reageren uiterlijk op {respond_before:%d-%m-%Y}).{late}",
    )  # fmt: skip
    case.refresh_from_db()
    # The promise counts the stopped clock up to respond_before: the latest decision date.
    inform_initiator(
        actor=actor,
        case=case,
        event_code="case.information_requested",
        information_request=question,
        respond_before=respond_before,
        clock_stopped=suspension is not None,
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
    if _open_request_without_clock(case):
        # Asked after the term ran out (Awb 4:15): the answer is recorded, no clock moves.
        promise = case_promise(case)
    else:
        promise = resume_case(actor=actor, case=case, on=received_on)
    text = "Informatie ontvangen" + (f" via {Channel(channel).label}" if channel else "")
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.INFO_RECEIVED, actor=actor.log_user,
        text=f"{text}. {note}".strip(),
    )  # fmt: skip
    case.refresh_from_db()
    inform_initiator(actor=actor, case=case, event_code="case.information_received")
    return promise


def _open_request_without_clock(case: Case) -> bool:
    """An information request is open (asked, not yet answered) but stopped no clock."""
    if case.suspensions.filter(ended_on__isnull=True).exists():
        return False
    kinds = (CaseEvent.Kind.INFO_REQUESTED, CaseEvent.Kind.INFO_RECEIVED)
    last = case.events.filter(kind__in=kinds).order_by("-at", "-pk").first()
    return last is not None and last.kind == CaseEvent.Kind.INFO_REQUESTED
