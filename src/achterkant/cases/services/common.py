"""Helpers shared by the case services: guards, logging, citizen messages."""

import logging
from collections.abc import Sequence

from achterkant.audit.models import Action, ProcessingLogEntry
from achterkant.audit.services import (
    Purpose,
    processing_log_entries,
    processing_log_record,
    processing_log_write,
)
from achterkant.cases.errors import CaseError
from achterkant.cases.models import Case
from achterkant.cases.promise import CasePromise, case_promise
from achterkant.catalog.models import CaseType, RoleType, StatusType
from achterkant.identity.actors import Actor, NotPermitted, as_actor
from achterkant.identity.lookup import (
    LookupContext,
    PersonLookupError,
    PersonRecord,
    answers_per_purpose,
    get_person_lookup,
)
from achterkant.notify.services import PendingRecords, event_emit, events_emit, message_enqueue
from achterkant.tenancy.settings_cache import organisation_setting

logger = logging.getLogger(__name__)


def authorize(
    actor, permission: str, *, case: Case | None = None, owner_may: bool = False, message: str = ""
) -> Actor:
    """The typed actor, if it may do this to ``case``; else :class:`NotPermitted`.

    Staff, systems and API applications need ``permission``. With ``owner_may``, the
    applicant may also act on their own case themselves (a citizen answering a question
    in Mijn gemeente), but on nobody else's.
    """
    actor = as_actor(actor)
    if actor.has_perm(permission):
        return actor
    if owner_may and case is not None and actor.owns_bsn(case.initiator_bsn):
        return actor
    raise NotPermitted(message or "U mag dit niet doen bij deze zaak.")


def emit_case_event(
    *, actor, case: Case, resource: str = "zaak", action: str = "partial_update", reference=""
) -> None:
    """The domain event of a case change (ZGW Notificaties kanaal ``zaken``)."""
    event_emit(
        channel="zaken",
        resource=resource,
        action=action,
        main_reference=case.number,
        resource_reference=reference or case.number,
        attributes=_event_attributes(case),
        actor=actor,
    )


def _event_attributes(case: Case) -> dict:
    return {
        "bronorganisatie": case.responsible_organisation_rsin,
        "zaaktype": case.case_type.identification,
        "vertrouwelijkheidaanduiding": case.confidentiality,
    }


def emit_case_events(
    *, actor, case: Case, events: list[dict], pending: PendingRecords | None = None
) -> None:
    """Several domain events of one change of ``case`` in one insert, in this order: each
    ``{"resource", "action", "reference"}`` as :func:`emit_case_event` takes them. With
    ``pending``, collected there for the transaction's one insert instead."""
    events_emit(
        pending=pending,
        channel="zaken",
        main_reference=case.number,
        events=[
            {
                "resource": event.get("resource", "zaak"),
                "action": event.get("action", "partial_update"),
                "reference": event.get("reference") or case.number,
            }
            for event in events
        ],
        attributes=_event_attributes(case),
        actor=actor,
    )


def first_status_type(case_type: CaseType) -> StatusType | None:
    """The status a new case of ``case_type`` starts on (None: it has no status types).
    Kept per process for the organisation's settings version, which every save or delete
    of a status or role type replaces (``catalog.apps``). Never mutate it."""
    return organisation_setting(
        f"cases.first_status_type.{case_type.pk}",
        lambda: case_type.status_types.order_by("sequence", "pk").first(),
    )


def initiator_role_type(case_type: CaseType) -> RoleType | None:
    """The case type's (first) initiator role type, kept like :func:`first_status_type`."""
    return organisation_setting(
        f"cases.initiator_role_type.{case_type.pk}",
        lambda: (
            RoleType.objects.filter(
                case_type=case_type, generic_description=RoleType.Generic.INITIATOR
            )
            .order_by("pk")
            .first()
        ),
    )


def lock_case(case: Case) -> Case:
    """Re-read the case under a row lock, so concurrent changes apply one after another."""
    # Lock only the case row; PostgreSQL refuses FOR UPDATE on an outer join's nullable side.
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("case_type", "current_status__status_type")
        .get(pk=case.pk)
    )


def ensure_open(*, actor, case: Case, force: bool = False) -> None:
    """A closed case is read-only, except for a forced update by authorised staff (zrc)."""
    if not case.is_closed:
        return
    if force and as_actor(actor).has_perm("cases.force_update_case"):
        return
    raise CaseError(f"Zaak {case.number} is afgesloten en kan niet meer worden gewijzigd.")


def ensure_same_case_type(case: Case, part, what: str) -> None:
    if part.case_type_id != case.case_type_id:
        raise CaseError(f"Dit {what} hoort niet bij het zaaktype van zaak {case.number}.")


def log_case_write(*, actor, case: Case, purpose: str = Purpose.CASE_HANDLING) -> None:
    processing_log_record(
        actor=actor,
        action=Action.UPDATE,
        bsns=[case.initiator_bsn],
        purpose=purpose,
        object_type="zaak",
        object_id=case.number,
    )


def inform_initiator(
    *,
    actor,
    case: Case,
    event_code: str,
    promise: CasePromise | None = None,
    log_first: Sequence[ProcessingLogEntry] = (),
    known_person: PersonRecord | None = None,
    pending: PendingRecords | None = None,
    **values,
) -> bool:
    """Write the initiator a message. Returns whether it goes out by e-mail.

    Every message lands in the person's berichtenbox in Mijn gemeente; with an e-mail
    address from the person register (local or BRP) an e-mail says it is there. When
    that lookup fails (``PersonLookupError``, e.g. the BRP is down) the change that
    called this still goes through: it is logged as a warning and no message is
    written. The caller sees ``False`` and staff tell the citizen another way.

    ``log_first`` are the caller's processing-log entries for the change, not yet written
    (``audit.services.processing_log_entries``): they go into the log ahead of this
    lookup's entry, in one insert.

    ``known_person`` is the initiator's record as this request already read it from the
    register (the e-loket's prefill). It replaces the lookup when the register answers
    every purpose alike (the local register); a purpose-bound source (the BRP, which is
    told each purpose: doelbinding) is asked again. The processing is logged either way.
    With ``pending`` the log entries are collected there, for the transaction's one
    insert, instead of written now.
    """
    log = list(log_first)
    informed = _message_initiator(
        actor=actor, case=case, event_code=event_code, promise=promise, pending_log=log,
        values=values, known_person=known_person,
    )  # fmt: skip
    if pending is not None:
        pending.log_entries += log
    else:
        processing_log_write(log)
    return informed


def _message_initiator(
    *, actor, case: Case, event_code: str, promise: CasePromise | None, pending_log: list,
    values: dict, known_person: PersonRecord | None = None,
) -> bool:  # fmt: skip
    if not case.initiator_bsn:
        return False
    context = LookupContext(
        purpose=Purpose.CITIZEN_NOTIFICATION,
        processing=Purpose.CITIZEN_NOTIFICATION,
        user=as_actor(actor).username,
    )
    lookup = get_person_lookup()
    try:
        if (
            known_person is not None
            and known_person.bsn == case.initiator_bsn
            and (not answers_per_purpose(lookup))
        ):
            person = known_person
        else:
            person = lookup.by_bsn(case.initiator_bsn, context=context)
    except PersonLookupError as error:
        logger.warning(
            "Zaak %s: geen bericht aan de initiator (%s), adres opvragen mislukt: %s",
            case.number, event_code, error,
        )  # fmt: skip
        return False
    pending_log += processing_log_entries(
        actor=actor,
        action=Action.READ,
        bsns=[case.initiator_bsn],
        purpose=Purpose.CITIZEN_NOTIFICATION,
        object_type="persoon",
        object_id=case.initiator_bsn,
    )
    if person is None:
        return False
    # The dates come from the case promise, like on every screen (never passed in).
    promise = promise or case_promise(case)
    # Plain values only: the organisation's own templates see nothing else (docs/messages.md).
    message_enqueue(
        event_code=event_code,
        product_code=case.product.code if case.product_id else "",
        context={
            "recipient_name": person.full_name,
            "case_number": case.number,
            "case_description": case.case_type.description,
            "expected_date": promise.decision_due,
            "service_date": promise.norm_due_on,
            # A melding is told as one, on every channel (``CaseType.is_report``).
            "is_report": case.case_type.is_report,
            **values,
        },
        recipient=person.email,  # none known: only to the berichtenbox
        bsn=case.initiator_bsn,
        reference=case.number,
    )
    # Informed means: sent to an address. A berichtenbox message may go unread (Awb 2:14).
    return bool(person.email)
