"""Helpers shared by the case services: guards, logging, citizen messages."""

import logging

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.errors import CaseError
from achterkant.cases.models import Case
from achterkant.identity.lookup import LookupContext, PersonLookupError, get_person_lookup
from achterkant.notify.services import message_enqueue

logger = logging.getLogger(__name__)


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
    if force and actor is not None and actor.has_perm("cases.force_update_case"):
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


def inform_initiator(*, actor, case: Case, event_code: str, **values) -> bool:
    """Write the initiator a message. Returns whether it goes out by e-mail.

    Every message lands in the person's berichtenbox in Mijn gemeente; with an e-mail
    address from the person register (local or BRP) an e-mail says it is there. When
    that lookup fails (``PersonLookupError``, e.g. the BRP is down) the change that
    called this still goes through: it is logged as a warning and no message is
    written. The caller sees ``False`` and staff tell the citizen another way.
    """
    if not case.initiator_bsn:
        return False
    context = LookupContext(
        purpose=Purpose.CITIZEN_NOTIFICATION,
        processing=Purpose.CITIZEN_NOTIFICATION,
        user=actor.username if actor else "systeem",
    )
    try:
        person = get_person_lookup().by_bsn(case.initiator_bsn, context=context)
    except PersonLookupError as error:
        logger.warning(
            "Zaak %s: geen bericht aan de initiator (%s), adres opvragen mislukt: %s",
            case.number, event_code, error,
        )  # fmt: skip
        return False
    processing_log_record(
        actor=actor,
        action=Action.READ,
        bsns=[case.initiator_bsn],
        purpose=Purpose.CITIZEN_NOTIFICATION,
        object_type="persoon",
        object_id=case.initiator_bsn,
    )
    if person is None:
        return False
    # Plain values only: the organisation's own templates see nothing else (docs/messages.md).
    message_enqueue(
        event_code=event_code,
        product_code=case.product.code if case.product_id else "",
        context={
            "recipient_name": person.full_name,
            "case_number": case.number,
            "case_description": case.case_type.description,
            **values,
        },
        recipient=person.email,  # none known: only to the berichtenbox
        bsn=case.initiator_bsn,
        reference=case.number,
    )
    # Informed means: sent to an address. A berichtenbox message may go unread (Awb 2:14).
    return bool(person.email)
