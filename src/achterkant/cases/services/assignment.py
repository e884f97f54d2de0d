"""Who works on a case: routing at intake, taking, assigning, and notes (internal or
shared with the applicant)."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_entries
from achterkant.cases.errors import CaseError
from achterkant.cases.models import Case, CaseEvent
from achterkant.cases.services.common import (
    authorize,
    emit_case_event,
    ensure_open,
    inform_initiator,
    lock_case,
    log_case_write,
)
from achterkant.identity.actors import NotPermitted
from achterkant.notify.links import case_link
from achterkant.routing.models import Team
from achterkant.tenancy.context import require_organisation

# A selection on one screen of the queue, with room to spare; more is a mistake.
MAX_BULK_ASSIGN = 100


def open_work_per_user(user_ids: list[int]) -> dict[int, int]:
    """Open cases per staff member: what auto-assignment balances."""
    rows = (
        Case.objects.filter(assignee_id__in=user_ids, end_date__isnull=True)
        .values("assignee_id")
        .annotate(n=Count("pk"))
    )
    return {row["assignee_id"]: row["n"] for row in rows}


@transaction.atomic
def take_case(*, actor, case: Case) -> Case:
    """'Oppakken': the first one wins; anyone later gets a clear message. Staff only."""
    actor = authorize(actor, "cases.change_case", case=case)
    user = actor.log_user
    if user is None:
        raise CaseError("Alleen een medewerker kan een zaak oppakken.")
    ensure_open(actor=actor, case=case)
    taken = Case.objects.filter(pk=case.pk, assignee__isnull=True).update(assignee=user)
    if not taken:
        current = Case.objects.select_related("assignee").get(pk=case.pk).assignee
        if current == user:
            raise CaseError("U heeft deze zaak al opgepakt.")
        raise CaseError(f"Deze zaak is al opgepakt door {current}.")
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.TAKEN, actor=user)
    case.assignee = user
    emit_case_event(actor=actor, case=case)
    return case


@transaction.atomic
def assign_case(*, actor, case: Case, assignee, team: Team | None = None) -> Case:
    """A team lead (re)assigns a case to a member of the organisation."""
    actor = authorize(
        actor, "cases.assign_case", case=case, message="Alleen een teamleider kan zaken toewijzen."
    )
    case = lock_case(case)
    ensure_open(actor=actor, case=case)
    if assignee is not None and assignee.organisation_id != case.organisation_id:
        raise CaseError("Deze medewerker werkt niet voor uw organisatie.")
    fields = {"assignee": assignee}
    if team is not None:
        fields["team"] = team
    Case.objects.filter(pk=case.pk).update(**fields)
    for name, value in fields.items():
        setattr(case, name, value)
    who = str(assignee) if assignee else "niemand"
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.ASSIGNED, actor=actor.log_user, text=f"Toegewezen aan {who}"
    )
    emit_case_event(actor=actor, case=case)
    return case


@dataclass
class BulkAssignment:
    """What :func:`assign_cases` did: the numbers assigned, and per refused number why."""

    assigned: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def assign_cases(*, actor, numbers: Sequence[str], assignee) -> BulkAssignment:
    """A team lead assigns several cases at once (the queue's selection) to one member.

    Each case goes through :func:`assign_case`, with its own check, lock, event and
    transaction: a case that was closed meanwhile is refused with its reason, and the
    others are still assigned. A number that is not one of the organisation's cases is
    refused like any other.
    """
    authorize(actor, "cases.assign_case", message="Alleen een teamleider kan zaken toewijzen.")
    numbers = list(dict.fromkeys(number.strip() for number in numbers if number.strip()))
    if not numbers:
        raise ValidationError("Kies eerst een of meer zaken.")
    if len(numbers) > MAX_BULK_ASSIGN:
        raise ValidationError(f"Kies ten hoogste {MAX_BULK_ASSIGN} zaken tegelijk.")
    found = {case.number: case for case in Case.objects.filter(number__in=numbers)}
    result = BulkAssignment()
    for number in numbers:
        case = found.get(number)
        if case is None:
            result.refused.append((number, "Deze zaak bestaat niet."))
            continue
        try:
            assign_case(actor=actor, case=case, assignee=assignee)
        except (CaseError, NotPermitted) as error:
            result.refused.append((number, str(error)))
        except ValidationError as error:
            result.refused.append((number, " ".join(error.messages)))
        else:
            result.assigned.append(number)
    return result


@transaction.atomic
def add_note(*, actor, case: Case, text: str, shared_with_party: bool = False) -> CaseEvent:
    """A note on the case: internal unless the worker chose ``shared_with_party``; then
    the applicant reads it in Mijn gemeente too (``cases.party_case.party_history``) and
    gets a message that there is one (``case.note_shared``), on every channel. The
    message says only that, with a link to the case page: not the note itself
    (docs/messages.md, "A shared note"). An internal note sends nothing."""
    actor = authorize(actor, "cases.change_case", case=case)
    if not text.strip():
        raise ValidationError({"text": "Vul de notitie in."})
    case = lock_case(case)
    ensure_open(actor=actor, case=case)
    note = CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.NOTE, actor=actor.log_user, text=text,
        shared_with_party=bool(shared_with_party),
    )  # fmt: skip
    if not note.shared_with_party:
        log_case_write(actor=actor, case=case)
        return note
    # The write's entry and the message's address lookup go into the log in one insert.
    inform_initiator(
        actor=actor, case=case, event_code="case.note_shared",
        case_url=case_link(require_organisation(), case.number),
        log_first=processing_log_entries(
            actor=actor, action=Action.UPDATE, bsns=[case.initiator_bsn],
            purpose=Purpose.CASE_HANDLING, object_type="zaak", object_id=case.number,
        ),
    )  # fmt: skip
    return note
