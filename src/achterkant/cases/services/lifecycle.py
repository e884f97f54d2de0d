"""Opening, moving, closing and reopening cases."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import DateField, F, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from achterkant.audit.models import Action
from achterkant.audit.services import (
    Purpose,
    processing_log_entries,
    processing_log_write,
)
from achterkant.cases.archive import archive_fields_on_close
from achterkant.cases.errors import CaseError
from achterkant.cases.models import Case, CaseEvent, CaseStatus, Role
from achterkant.cases.numbering import NewCaseKeys, new_case_keys
from achterkant.cases.selectors import documents_without_usage_rights
from achterkant.cases.services.assignment import open_work_per_user
from achterkant.cases.services.common import (
    authorize,
    emit_case_event,
    emit_case_events,
    ensure_open,
    ensure_same_case_type,
    first_status_type,
    inform_initiator,
    initiator_role_type,
    lock_case,
    log_case_write,
)
from achterkant.cases.services.details import apply_case_details, clean_case_details
from achterkant.cases.services.documents import store_document
from achterkant.cases.sla import promise_of_new_case, refresh_promise
from achterkant.catalog.models import CaseType, Channel, Product, StatusType
from achterkant.catalog.selectors import NoValidCaseType, case_type_version_for
from achterkant.identity.actors import as_actor
from achterkant.identity.lookup import PersonRecord
from achterkant.identity.validators import clean_bsn
from achterkant.notify.services import PendingRecords
from achterkant.routing.services import pick_member, route
from achterkant.tenancy.context import require_organisation


def open_case(*, actor, **details) -> Case:
    """Register a case for a citizen, on any channel: the gate for staff and systems.

    The actor needs ``cases.add_case``. A citizen opens a case through the e-loket's gate
    (``web_requests.submit_web_request``), which checks what only applies to them. See
    :func:`register_case` for what happens.
    """
    actor = authorize(actor, "cases.add_case", message="U mag geen zaak starten.")
    return register_case(actor=actor, **details)


def register_case(*, actor, savepoint: bool = True, **details) -> Case:
    """Register a case in one transaction: see :func:`_register_case`.

    Only for gates that checked the actor: :func:`open_case` (staff, systems) and the
    e-loket's ``submit_web_request`` (the citizen, for themselves).

    ``savepoint`` off: the caller's atomic block already holds the case's rows and leaves
    on any error this raises (it catches nothing in between), so the whole block rolls back
    and a savepoint of its own (two statements) would roll back nothing more.
    """
    with transaction.atomic(savepoint=savepoint):
        return _register_case(actor=actor, **details)


def _register_case(
    *,
    actor,
    case_type_identification: str,
    channel: str,
    initiator_bsn: str = "",
    product: Product | None = None,
    case_type: CaseType | None = None,
    details: dict | None = None,
    description: str = "",
    explanation: str = "",
    start_date: date | None = None,
    postcode: str = "",
    documents: Sequence[tuple[UploadedFile, str]] = (),
    stored_files: list | None = None,
    person: PersonRecord | None = None,
    pending: PendingRecords | None = None,
) -> Case:
    """Register a case, under the case type version valid on its start date.

    Binds to the published version valid on the start date, adds the initiator role and
    the first status, computes the case promise, routes it to a team by the routing rules
    (``postcode`` feeds rules narrowed by area), logs the processing, emits the event and
    sends the applicant the *Zaak gestart* message, the same on every channel.

    ``documents`` are the files
    the request came with, as ``(upload, title)``: they are stored under the same check
    (a letter's scan, a web form's photo); ``stored_files`` collects their files, so a
    caller can remove them on a rollback.

    Without ``initiator_bsn`` (a system registering a zaak whose initiator follows as a
    role, as the Zaken API does) there is no initiator role yet, so no message and no
    personal data: ``parts.add_role`` adds them. ``case_type`` binds to that published
    version instead of the one valid on the start date (a client names the version).
    ``details`` are the case's other fields (``details.EDITABLE``), checked by
    ``details.clean_case_details``. ``person`` is the initiator's register record if the
    gate read it in this request (the e-loket's prefill): the *Zaak gestart* message may
    use it instead of asking the register again (``common.inform_initiator``).
    ``pending`` collects the case's processing-log entries and domain events for the
    caller, who writes them with its own at the end of its transaction
    (``notify.services.PendingRecords``); without it they are written here.
    """
    initiator_bsn = clean_bsn(initiator_bsn) if initiator_bsn else ""
    actor = as_actor(actor)
    if channel not in Channel.values:
        raise ValidationError({"channel": "Kies een bestaand kanaal."})
    start_date = start_date or timezone.localdate()
    organisation = require_organisation()
    if product is not None and (
        product.organisation_id != organisation.pk
        or product.case_type_identification != case_type_identification
    ):
        raise ValidationError(
            {"product": f"Product '{product}' hoort niet bij zaaktype "
                        f"'{case_type_identification}'."}
        )  # fmt: skip
    if case_type is None:
        try:
            case_type = case_type_version_for(case_type_identification, start_date)
        except NoValidCaseType as error:
            raise CaseError(str(error)) from error
    elif case_type.is_concept or case_type.organisation_id != organisation.pk:
        message = "Dit zaaktype is nog niet gepubliceerd."
        raise ValidationError({"case_type": ValidationError(message, code="not-published")})
    first_status = first_status_type(case_type)
    initiator_type = initiator_role_type(case_type) if initiator_bsn else None
    if initiator_bsn and initiator_type is None:
        raise CaseError(f"Zaaktype '{case_type}' mist een initiator-roltype.")
    details = dict(details or {})
    number = details.pop("number", "")
    if number and Case.objects.filter(number=number).exists():
        message = "Deze identificatie bestaat al."
        raise ValidationError({"number": ValidationError(message, code="identificatie-niet-uniek")})

    # On PostgreSQL the case and its first status get their ids with the number, so the
    # case is inserted pointing at its status (no update after; ``numbering``).
    keys = (
        NewCaseKeys(number)
        if number
        else new_case_keys(start_date.year, with_ids=first_status is not None)
    )
    case = Case(
        number=keys.number,
        case_type=case_type,
        product=product,
        description=description[:80],
        explanation=explanation,
        channel=channel,
        responsible_organisation_rsin=organisation.rsin,
        registered_on=timezone.localdate(),
        start_date=start_date,
        confidentiality=case_type.confidentiality,
        initiator_bsn=initiator_bsn,
        created_by=actor.log_user,
        source_organisation_rsin=organisation.rsin,
    )
    relations = None
    if details:
        values = clean_case_details(case, details)
        relations = values.pop("relations", None)
        for name, value in values.items():
            setattr(case, name, value)
    # Related rows were just read or come from the caller; constraints hold in the database.
    case.full_clean(
        exclude=[
            "organisation",
            "current_status",
            "main_case",
            "product",
            "case_type",
            "created_by",
        ],
        validate_constraints=False,
    )
    # The dates and SLA state are inserted with the case, as ``refresh_promise`` would
    # store them right after: they do not depend on its rows, team or status.
    promise = promise_of_new_case(case)
    # The routing rules need only what the case holds now: it is inserted with its team
    # and assignee, and the "routed" event follows the insert.
    routed_text = _route_new_case(case, postcode=postcode)
    # Set after full_clean, which would otherwise check the preallocated pk for uniqueness.
    case.pk, case.current_status_id = keys.case_id, keys.status_id
    case.save(force_insert=True)
    # The first status at once: the case row already names it when its id was preallocated.
    # It needs no message of its own: "Zaak gestart" below says it. A case type published
    # through the Catalogi API may have no status types (ZGW allows it; the admin does
    # not): such a case starts without a status.
    events = []
    if first_status is not None:
        status = CaseStatus.objects.create(
            pk=keys.status_id, case=case, status_type=first_status, set_by=actor.log_user, note=""
        )
        if keys.status_id is None:
            Case.objects.filter(pk=case.pk).update(current_status=status)
        case.current_status = status
        events.append({"resource": "status", "action": "create", "reference": status.pk})
    if relations:
        apply_case_details(case, {"relations": relations})
    if initiator_type is not None:
        Role.objects.create(
            case=case,
            role_type=initiator_type,
            subject_type=Role.SubjectType.NATURAL_PERSON,
            bsn=initiator_bsn,
        )
    # Written with the message's own entry below, in one insert (``inform_initiator``).
    log_entries = processing_log_entries(
        actor=actor,
        action=Action.CREATE,
        bsns=[initiator_bsn],
        purpose=Purpose.CASE_HANDLING,
        object_type="zaak",
        object_id=case.number,
    )
    if routed_text:
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.ROUTED, text=routed_text)
    # Its events (the first status's, then the case's) go out in one insert.
    events.append({"resource": "zaak", "action": "create"})
    emit_case_events(actor=actor, case=case, events=events, pending=pending)
    if documents:  # their processings and events come after the case's
        if pending is not None:
            pending.write()
        processing_log_write(log_entries)
        log_entries = []
    for upload, title in documents:
        upload.seek(0)
        document = store_document(actor=actor, case=case, upload=upload, title=title)
        if stored_files is not None:
            stored_files.append(document.file)
    # Every channel: the applicant hears that the case started, with its dates.
    inform_initiator(
        actor=actor, case=case, event_code="case.opened", promise=promise, log_first=log_entries,
        known_person=person, pending=pending,
    )  # fmt: skip
    return case


def _route_new_case(case: Case, *, postcode: str = "") -> str:
    """Apply the routing rules to a case about to be inserted: the same rule for every
    channel, unless a rule says otherwise. Sets its team and assignee; returns the text of
    its "routed" event ("" when no rule matches)."""
    team = route(
        product_code=case.product.code if case.product_id else "",
        case_type_identification=case.case_type.identification,
        channel=case.channel,
        postcode=postcode,
    )
    if team is None:
        return ""
    # Counted before the insert, as before: the new case had no assignee yet either way.
    assignee = pick_member(team, open_work=open_work_per_user)
    case.team, case.assignee = team, assignee
    return f"Naar team {team.name}" + (f", toegewezen aan {assignee}" if assignee else "")


@transaction.atomic
def set_status(
    *,
    actor,
    case: Case,
    status_type: StatusType,
    note: str = "",
    shared_with_party: bool = False,
    force: bool = False,
) -> CaseStatus:
    """Move the case forward to ``status_type``; the end status closes the case.

    Only the case type's own status types, in order. Closing needs a result first.

    ``note`` is the explanation, internal unless the worker chose ``shared_with_party``;
    then the applicant reads it with this status in Mijn gemeente
    (``cases.party_case``) and in the status's message, when it sends one. A shared
    flag without a note shares nothing and is not stored.
    """
    actor = authorize(actor, "cases.change_case", case=case)
    case = lock_case(case)
    ensure_open(actor=actor, case=case, force=force)
    ensure_same_case_type(case, status_type, "statustype")
    current = case.current_status.status_type if case.current_status else None
    is_end = not StatusType.objects.filter(
        case_type_id=case.case_type_id, sequence__gt=status_type.sequence
    ).exists()
    # A case type whose only status is its end status starts on it: setting it closes.
    closes_on_current = is_end and current is not None and current.pk == status_type.pk
    if current is not None and status_type.sequence <= current.sequence and not closes_on_current:
        raise CaseError(f"De zaak staat al op '{current.name}'. Kies een volgende status.")
    if is_end and not hasattr(case, "result"):
        raise CaseError("Leg eerst het resultaat vast. Zonder resultaat kan de zaak niet dicht.")
    if is_end and (unset := documents_without_usage_rights(case)):
        raise ValidationError(
            "Leg eerst vast of er gebruiksrechten gelden voor: "
            + ", ".join(document.title for document in unset[:5])
            + ". Zonder die indicatie kan de zaak niet dicht.",
            code="indicatiegebruiksrecht-unset",
        )
    if is_end and timezone.localdate() < case.start_date:
        raise CaseError(
            f"Zaak {case.number} begint pas op {case.start_date:%d-%m-%Y} en kan niet eerder "
            "worden afgesloten."
        )
    status = _append_status(
        actor=actor, case=case, status_type=status_type, note=note, is_end=is_end,
        shared_with_party=bool(shared_with_party and note.strip()),
    )  # fmt: skip
    if is_end:
        _close(case, on=timezone.localtime(status.set_at).date())
        refresh_promise(case)
    log_case_write(actor=actor, case=case)
    return status


def close_case(*, actor, case: Case, note: str = "", shared_with_party: bool = False) -> CaseStatus:
    """Close the case by setting its end status (the result must already be recorded)."""
    end_status = StatusType.objects.filter(case_type_id=case.case_type_id).order_by("-sequence")[0]
    return set_status(
        actor=actor, case=case, status_type=end_status, note=note,
        shared_with_party=shared_with_party,
    )  # fmt: skip


@transaction.atomic
def reopen_case(*, actor, case: Case, reason: str) -> CaseStatus:
    """Reopen a closed case (zaken.heropenen): clears the end date and archive dates.

    Only while the case is still to be archived: once archived or transferred, the
    archive holds it and it cannot change here.
    """
    actor = authorize(
        actor, "cases.reopen_case", case=case,
        message="U mag afgesloten zaken niet heropenen. Vraag uw teamleider.",
    )  # fmt: skip
    if not reason.strip():
        raise ValidationError({"reason": "Vul de reden in waarom de zaak weer open gaat."})
    case = lock_case(case)
    if not case.is_closed:
        raise CaseError(f"Zaak {case.number} is niet afgesloten.")
    if case.archive_status != Case.ArchiveStatus.PENDING:
        raise CaseError(
            f"Zaak {case.number} heeft archiefstatus '{case.get_archive_status_display()}' en "
            "kan niet meer worden heropend."
        )
    previous = (
        StatusType.objects.filter(case_type_id=case.case_type_id)
        .order_by("-sequence")
        .values_list("pk", flat=True)[1:2]
    )
    Case.objects.filter(pk=case.pk).update(
        end_date=None, archive_action_date=None, archive_nomination="", retention_start_date=None
    )
    case.end_date = None
    status = CaseStatus.objects.create(
        case=case, status_type_id=previous[0], set_by=actor.log_user, note=f"Heropend: {reason}"
    )
    Case.objects.filter(pk=case.pk).update(current_status=status)
    case.current_status = status
    emit_case_event(actor=actor, case=case, resource="status", action="create", reference=status.pk)
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.REOPENED, actor=actor.log_user, text=reason
    )
    refresh_promise(case)
    log_case_write(actor=actor, case=case)
    return status


def _append_status(
    *,
    actor,
    case: Case,
    status_type: StatusType,
    note: str,
    is_end: bool = False,
    announce: bool = True,
    shared_with_party: bool = False,
) -> CaseStatus:
    status = CaseStatus.objects.create(
        case=case, status_type=status_type, set_by=actor.log_user, note=note,
        shared_with_party=shared_with_party,
    )  # fmt: skip
    Case.objects.filter(pk=case.pk).update(current_status=status)
    case.current_status = status
    emit_case_event(actor=actor, case=case, resource="status", action="create", reference=status.pk)
    status_text = status_type.citizen_text or status_type.name
    # The explanation only when the worker shared it; an internal one never leaves the desk.
    explanation = note if shared_with_party else ""
    if is_end:
        inform_initiator(
            actor=actor, case=case, event_code="case.closed", status_text=status_text,
            status_explanation=explanation,
            result_text=str(case.result.result_type) if hasattr(case, "result") else "",
        )  # fmt: skip
    elif status_type.inform_citizen and announce:
        inform_initiator(
            actor=actor, case=case, event_code="case.status_changed", status_text=status_text,
            status_explanation=explanation,
        )  # fmt: skip
    return status


def _close(case: Case, *, on: date) -> None:
    case.end_date = on
    archive = archive_fields_on_close(case)
    Case.objects.filter(pk=case.pk).update(end_date=on, **archive)
    for field, value in archive.items():
        setattr(case, field, value)
    # A decision ends any running suspension (Awb 4:15 stops with the decision), never
    # before the day it was requested.
    case.suspensions.filter(ended_on__isnull=True).update(
        ended_on=Greatest(Value(on, output_field=DateField()), F("requested_on"))
    )
