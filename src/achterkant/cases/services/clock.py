"""The Awb clock: suspend (4:15), resume, and extend once (4:14)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from achterkant.cases.deadlines import refresh_deadlines
from achterkant.cases.errors import CaseError
from achterkant.cases.models import Case, CaseExtension, CaseSuspension
from achterkant.cases.services.common import (
    ensure_open,
    inform_initiator,
    lock_case,
    log_case_write,
)
from achterkant.worktime.awb import AwbDeadline


@transaction.atomic
def suspend_case(
    *, actor, case: Case, reason: str, term_ends_on: date, requested_on: date | None = None
) -> CaseSuspension:
    """Suspend the decision term (opschorting, Awb 4:15) until ``term_ends_on`` at the latest.

    Needs a reason and a term: without a term set for completing the application,
    the law allows no suspension.
    """
    case = lock_case(case)
    ensure_open(actor=actor, case=case)
    if not case.case_type.suspension_possible:
        raise CaseError(f"Zaaktype '{case.case_type.description}' staat opschorten niet toe.")
    if case.suspensions.filter(
        ended_on__isnull=True, term_ends_on__gt=timezone.localdate()
    ).exists():
        raise CaseError("Deze zaak is al opgeschort. Beëindig eerst de lopende opschorting.")
    requested_on = requested_on or timezone.localdate()
    if not reason.strip():
        raise ValidationError({"reason": "Vul de reden van de opschorting in."})
    if term_ends_on <= requested_on:
        raise ValidationError(
            {"term_ends_on": "De termijn moet na de datum van het verzoek eindigen."}
        )
    suspension = CaseSuspension.objects.create(
        case=case, reason=reason, requested_on=requested_on, term_ends_on=term_ends_on,
        created_by=actor,
    )  # fmt: skip
    refresh_deadlines(case)
    log_case_write(actor=actor, case=case)
    return suspension


@transaction.atomic
def resume_case(*, actor, case: Case, on: date | None = None) -> AwbDeadline:
    """End the running suspension: the applicant completed the application on ``on``."""
    case = lock_case(case)
    suspension = case.suspensions.filter(ended_on__isnull=True).order_by("-requested_on").first()
    if suspension is None:
        raise CaseError(f"Zaak {case.number} is niet opgeschort.")
    suspension.ended_on = min(on or timezone.localdate(), suspension.term_ends_on)
    suspension.save(update_fields=["ended_on"])
    deadline = refresh_deadlines(case)
    log_case_write(actor=actor, case=case)
    return deadline


@transaction.atomic
def extend_case(*, actor, case: Case, reason: str) -> CaseExtension:
    """Extend the decision term once (verdaging, Awb 4:14), and tell the applicant.

    The applicant must be told before the term lapses, with the new date.
    """
    case = lock_case(case)
    ensure_open(actor=actor, case=case)
    case_type = case.case_type
    if not case_type.extension_possible or not case_type.extension_term:
        raise CaseError(f"Zaaktype '{case_type.description}' staat verlengen niet toe.")
    if CaseExtension.objects.filter(case=case).exists():
        raise CaseError(f"Zaak {case.number} is al eens verlengd. Dat kan maar één keer.")
    if not reason.strip():
        raise ValidationError({"reason": "Vul de reden van de verlenging in."})
    extension = CaseExtension.objects.create(
        case=case, reason=reason, term=case_type.extension_term, created_by=actor
    )
    deadline = refresh_deadlines(case)
    inform_initiator(
        actor=actor,
        case=case,
        event_code="case.extended",
        template="cases/email/extended.txt",
        subject=f"Uw zaak {case.number}: wij hebben meer tijd nodig",
        deadline=deadline,
        extension=extension,
    )
    log_case_write(actor=actor, case=case)
    return extension
