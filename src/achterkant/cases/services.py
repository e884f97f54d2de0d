"""Opening cases and moving them through their statuses: the same rules for every channel."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.models import Case, CaseNumberCounter, CaseStatus
from achterkant.catalog.models import CaseType, Channel, Product, StatusType
from achterkant.identity.lookup import LookupContext, get_person_lookup
from achterkant.identity.validators import clean_bsn
from achterkant.notify.services import outbox_email_enqueue
from achterkant.tenancy.context import require_organisation


class CaseError(Exception):
    """A case rule was broken; the message is Dutch and safe to show."""


def _next_case_number(year: int) -> str:
    counter, _ = CaseNumberCounter.objects.get_or_create(year=year)
    # The UPDATE takes a row lock, so concurrent openings never share a number.
    CaseNumberCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
    counter.refresh_from_db(fields=["last_number"])
    return f"ZAAK-{year}-{counter.last_number:07d}"


@transaction.atomic
def open_case(
    *,
    actor,
    case_type: CaseType,
    channel: str,
    initiator_bsn: str,
    product: Product | None = None,
    description: str = "",
    received_on: date | None = None,
) -> Case:
    """Register a new case, set its first status, and log the processing."""
    initiator_bsn = clean_bsn(initiator_bsn)
    if channel not in Channel.values:
        raise ValidationError({"channel": "Kies een bestaand kanaal."})
    first_status_type = case_type.status_types.order_by("sequence").first()
    if first_status_type is None:
        raise CaseError(f"Zaaktype '{case_type}' heeft nog geen statussen.")
    received_on = received_on or timezone.localdate()
    case = Case(
        number=_next_case_number(received_on.year),
        case_type=case_type,
        product=product,
        channel=channel,
        initiator_bsn=initiator_bsn,
        description=description,
        received_on=received_on,
        created_by=actor,
    )
    case.full_clean(exclude=["organisation", "current_status"])
    case.save()
    processing_log_record(
        actor=actor,
        action=Action.CREATE,
        bsns=[initiator_bsn],
        purpose=Purpose.CASE_HANDLING,
        object_type="zaak",
        object_id=case.number,
    )
    _append_status(actor=actor, case=case, status_type=first_status_type, note="")
    return case


@transaction.atomic
def set_status(*, actor, case: Case, status_type: StatusType, note: str = "") -> CaseStatus:
    """Move the case to ``status_type``. Statuses only go forward, in the case type's order."""
    case = (
        # Lock only the case row; PostgreSQL refuses FOR UPDATE on an outer join's nullable side.
        Case.objects.select_for_update(of=("self",))
        .select_related("current_status__status_type")
        .get(pk=case.pk)
    )
    if status_type.case_type_id != case.case_type_id:
        raise CaseError("Deze status hoort niet bij het zaaktype van deze zaak.")
    current = case.current_status.status_type if case.current_status else None
    if current is not None and status_type.sequence <= current.sequence:
        raise CaseError(f"De zaak staat al op '{current.name}'. Kies een volgende status.")
    status = _append_status(actor=actor, case=case, status_type=status_type, note=note)
    processing_log_record(
        actor=actor,
        action=Action.UPDATE,
        bsns=[case.initiator_bsn],
        purpose=Purpose.CASE_HANDLING,
        object_type="zaak",
        object_id=case.number,
    )
    return status


def _append_status(*, actor, case: Case, status_type: StatusType, note: str) -> CaseStatus:
    status = CaseStatus.objects.create(case=case, status_type=status_type, set_by=actor, note=note)
    Case.objects.filter(pk=case.pk).update(current_status=status)
    case.current_status = status
    if status_type.inform_citizen:
        _inform_citizen(actor=actor, case=case, status_type=status_type)
    return status


def _inform_citizen(*, actor, case: Case, status_type: StatusType) -> None:
    """Queue an e-mail to the initiator, if we know an address."""
    context = LookupContext(
        purpose=Purpose.CITIZEN_NOTIFICATION,
        processing=Purpose.CITIZEN_NOTIFICATION,
        user=actor.username if actor else "systeem",
    )
    person = get_person_lookup().by_bsn(case.initiator_bsn, context=context)
    if person is None or not person.email:
        return
    organisation = require_organisation()
    body = render_to_string(
        "cases/email/status_changed.txt",
        {"case": case, "status_type": status_type, "person": person, "organisation": organisation},
    )
    outbox_email_enqueue(
        event_code="case.status_changed",
        recipient=person.email,
        subject=f"Uw zaak {case.number}: {status_type.citizen_text or status_type.name}",
        body=body,
        bsn=case.initiator_bsn,
        reference=case.number,
    )
    processing_log_record(
        actor=actor,
        action=Action.READ,
        bsns=[case.initiator_bsn],
        purpose=Purpose.CITIZEN_NOTIFICATION,
        object_type="persoon",
        object_id=case.initiator_bsn,
    )
