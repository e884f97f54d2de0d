"""Decisions (besluiten) and the documents that record them: the one set of services the
desk and the Besluiten API share.

Each service checks the actor, validates the ZGW rules (brc-001 ... brc-008), writes,
logs the processing of the initiator's data and emits the domain events, in one
transaction:

* kanaal ``besluiten`` (hoofdobject the decision's uuid): ``besluit`` create, update,
  partial_update, destroy and ``besluitinformatieobject`` create, destroy; the Besluiten
  API's audit trail is read from these events;
* kanaal ``zaken``: ``zaakbesluit`` create/destroy when a decision gets or loses its case.

A decision usually ends a case; one of another organisation that a case is about may
have none. A rule broken is a :class:`DecisionError` (a ``CaseError`` naming the field and
the standard's code), a field that is wrong a ``ValidationError``.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.errors import CaseError
from achterkant.cases.models import Case, Decision, DecisionDocument, Document
from achterkant.cases.services.common import emit_case_event, ensure_open, lock_case
from achterkant.cases.services.decision_letters import (
    LETTER_FIELDS,
    issue_decision_letter,
    reissue_decision_letter,
)
from achterkant.catalog.models import DecisionType
from achterkant.identity.actors import Actor, NotPermitted, as_actor
from achterkant.notify.services import events_emit
from achterkant.tenancy.context import require_organisation
from achterkant.tenancy.validators import passes_zgw_rsin_test

CHANNEL = "besluiten"
# What a client may set on a decision (model field names); the rest is fixed or derived.
EDITABLE = (
    "case", "decided_on", "effective_from", "expires_on", "expiry_reason", "explanation",
    "governing_body", "publication_date", "sent_on", "response_deadline",
)  # fmt: skip
# Fixed once the decision exists (brc-001, brc-002).
FIXED = ("decision_type", "identification", "responsible_organisation_rsin")
FIXED_CODE = "wijzigen-niet-toegelaten"
# A generated identification is retried this often when another request took it first.
_ATTEMPTS = 5


class DecisionError(CaseError):
    """A decision rule was broken: the Dutch message, the field (model name; empty for the
    decision as a whole) and the standard's code for the API."""

    def __init__(self, message: str, *, field: str = "", code: str = "invalid") -> None:
        super().__init__(message)
        self.field = field
        self.code = code


@dataclass(frozen=True)
class DecisionData:
    """What a decision says; ``identification`` and ``responsible_organisation_rsin`` are
    derived when empty."""

    decision_type: DecisionType
    decided_on: date
    effective_from: date
    case: Case | None = None
    identification: str = ""
    responsible_organisation_rsin: str = ""
    expires_on: date | None = None
    expiry_reason: str = ""
    explanation: str = ""
    governing_body: str = ""
    publication_date: date | None = None
    sent_on: date | None = None
    response_deadline: date | None = None


def _authorize(actor, permission: str) -> Actor:
    """``permission`` (``cases.add_decision`` ...): a case worker's role has it, an API
    client has it through its brc scopes."""
    actor = as_actor(actor)
    if actor.has_perm(permission):
        return actor
    raise NotPermitted("U mag dit besluit niet vastleggen of wijzigen.")


def _attributes(decision: Decision) -> dict:
    return {
        "verantwoordelijkeOrganisatie": decision.responsible_organisation_rsin,
        "besluittype": str(decision.decision_type.uuid),
    }


def _emit(*, actor, decision: Decision, resource: str, action: str, reference) -> None:
    events_emit(
        channel=CHANNEL,
        main_reference=str(decision.uuid),
        events=[{"resource": resource, "action": action, "reference": str(reference)}],
        attributes=_attributes(decision),
        actor=actor,
    )


def _log(*, actor, decision: Decision, action: str) -> None:
    case = decision.case
    processing_log_record(
        actor=actor,
        action=action,
        bsns=[case.initiator_bsn] if case is not None else [],
        purpose=Purpose.CASE_HANDLING,
        object_type="besluit",
        object_id=decision.identification,
    )


def _check_type(decision_type: DecisionType, decided_on: date) -> DecisionType:
    decision_type = DecisionType.objects.get(pk=decision_type.pk)  # its current state
    if decision_type.is_concept:
        raise DecisionError(
            f"Besluittype '{decision_type}' is nog een concept. Publiceer het eerst.",
            field="decision_type",
            code="not-published",
        )
    if not decision_type.is_valid_on(decided_on):
        raise DecisionError(
            f"Besluittype '{decision_type}' is niet geldig op {decided_on:%d-%m-%Y}, "
            "de datum van het besluit.",
            field="decision_type",
        )
    return decision_type


def _check_case(decision_type: DecisionType, case: Case) -> None:
    """brc-006: a decision of a case is of one of its case type's decision types."""
    if not decision_type.case_types.filter(pk=case.case_type_id).exists():
        raise DecisionError(
            f"Dit besluittype hoort niet bij het zaaktype van zaak {case.number}.",
            code="zaaktype-mismatch",
        )


def _check_fields(decision: Decision) -> None:
    if decision.decided_on > timezone.localdate():
        raise DecisionError(
            "De datum van het besluit ligt in de toekomst.",
            field="decided_on",
            code="future_not_allowed",
        )
    if decision.expires_on is not None and decision.expires_on < decision.effective_from:
        raise ValidationError({"expires_on": "De vervaldatum ligt voor de ingangsdatum."})
    if decision.expiry_reason and decision.expiry_reason not in Decision.ExpiryReason.values:
        raise ValidationError({"expiry_reason": "Kies een bestaande vervalreden."})
    decision.full_clean(
        exclude=["organisation", "case", "decision_type", "created_by", "identification"],
        validate_unique=False,
        validate_constraints=False,
    )


def _locked_case(case: Case | None, *, actor, force: bool) -> Case | None:
    if case is None:
        return None
    case = lock_case(case)
    ensure_open(actor=actor, case=case, force=force)
    return case


def _next_identification(decision: Decision) -> str:
    """``<zaaknummer>-B<n>`` for a decision of a case (as the desk always did), else
    ``BESLUIT-<year>-<n>``: the first number not taken for this verantwoordelijke
    organisatie."""
    taken = Decision.objects.filter(
        responsible_organisation_rsin=decision.responsible_organisation_rsin
    )
    if decision.case is not None:
        prefix, width = f"{decision.case.number}-B", 0
        number = decision.case.decisions.count() + 1
    else:
        prefix, width = f"BESLUIT-{timezone.localdate().year}-", 10
        number = taken.filter(identification__startswith=prefix).count() + 1
    while taken.filter(identification=f"{prefix}{number:0{width}d}").exists():
        number += 1
    return f"{prefix}{number:0{width}d}"


def _save_new(decision: Decision) -> Decision:
    """Insert, generating the identification when none was given; a generated one that
    another request took at the same moment is generated again (brc-002)."""
    if decision.identification:
        if Decision.objects.filter(
            responsible_organisation_rsin=decision.responsible_organisation_rsin,
            identification=decision.identification,
        ).exists():
            raise DecisionError(
                "Deze identificatie bestaat al voor deze verantwoordelijke organisatie.",
                field="identification",
                code="identificatie-niet-uniek",
            )
        decision.save()
        return decision
    for attempt in range(_ATTEMPTS):
        decision.identification = _next_identification(decision)
        try:
            with transaction.atomic():
                decision.save()
            return decision
        except IntegrityError:
            decision.pk = None
            if attempt == _ATTEMPTS - 1:
                raise
    return decision


@transaction.atomic
def decision_create(*, actor, data: DecisionData, force: bool = False) -> Decision:
    """Record a decision: of a published decision type valid on its date, of the case's
    case type when it has a case, with an identification unique for its verantwoordelijke
    organisatie (generated when empty). ``force`` lets an actor with
    ``cases.force_update_case`` add it to a closed case. A decision of a case with an
    applicant gets its letter and message (``decision_letters``); a failed letter is
    logged and does not stop the decision."""
    actor = _authorize(actor, "cases.add_decision")
    case = _locked_case(data.case, actor=actor, force=force)
    if case is not None:
        _check_case(data.decision_type, case)
    decision_type = _check_type(data.decision_type, data.decided_on)
    rsin = data.responsible_organisation_rsin or (
        case.responsible_organisation_rsin if case is not None else require_organisation().rsin
    )
    if not passes_zgw_rsin_test(rsin):
        raise DecisionError(
            "Dit is geen geldig RSIN (9 cijfers, 11-proef).",
            field="responsible_organisation_rsin",
        )
    decision = Decision(
        case=case,
        decision_type=decision_type,
        responsible_organisation_rsin=rsin,
        identification=data.identification,
        decided_on=data.decided_on,
        effective_from=data.effective_from,
        expires_on=data.expires_on,
        expiry_reason=data.expiry_reason,
        explanation=data.explanation,
        governing_body=data.governing_body,
        publication_date=data.publication_date,
        sent_on=data.sent_on,
        response_deadline=data.response_deadline,
        created_by=actor.log_user,
    )
    _check_fields(decision)
    decision = _save_new(decision)
    _log(actor=actor, decision=decision, action=Action.CREATE)
    _emit(actor=actor, decision=decision, resource="besluit", action="create",
          reference=decision.uuid)  # fmt: skip
    if case is not None:
        emit_case_event(actor=actor, case=case, resource="zaakbesluit", action="create",
                        reference=str(decision.uuid))  # fmt: skip
        # The applicant's letter (PDF) and the message that links to it, on every channel.
        issue_decision_letter(actor=actor, decision=decision)
    return decision


def add_decision(
    *,
    actor,
    case: Case,
    decision_type: DecisionType,
    decided_on: date,
    effective_from: date,
    expires_on: date | None = None,
    explanation: str = "",
) -> Decision:
    """The desk's form: a decision of ``case`` (see :func:`decision_create`)."""
    return decision_create(
        actor=actor,
        data=DecisionData(
            decision_type=decision_type, decided_on=decided_on, effective_from=effective_from,
            case=case, expires_on=expires_on, explanation=explanation,
        ),
    )  # fmt: skip


def _locked(decision: Decision) -> Decision:
    return (
        Decision.objects.select_for_update(of=("self",))
        .select_related("decision_type", "case__case_type")
        .get(pk=decision.pk)
    )


@transaction.atomic
def decision_update(
    *, actor, decision: Decision, changes: dict, action: str = "update", force: bool = False
) -> Decision:
    """Change a decision. ``changes`` holds model field names (``EDITABLE``); a different
    value for a ``FIXED`` field is refused (``wijzigen-niet-toegelaten``). A new ``case``
    must be open and of a case type of the decision type; the old case loses its
    zaakbesluit, the new one gets it. ``action`` is the event's (``partial_update`` for a
    PATCH). When what the letter says changed (``LETTER_FIELDS``) or the case did, the
    applicant gets a new letter and the earlier one is marked replaced
    (``decision_letters.reissue_decision_letter``)."""
    current = _locked(decision)
    new_case = changes.get("case", current.case)
    actor = _authorize(actor, "cases.change_decision")
    for field in FIXED:
        if field not in changes:
            continue
        value = changes[field]
        old = getattr(current, field)
        if field == "decision_type":
            same = value is not None and value.pk == current.decision_type_id
        else:
            same = (value or "") == old
        if not same:
            raise DecisionError(
                "Dit gegeven ligt vast en kan niet worden gewijzigd.", field=field, code=FIXED_CODE
            )
    old_case = current.case
    case_changed = "case" in changes and (
        (new_case.pk if new_case else None) != (old_case.pk if old_case else None)
    )
    if old_case is not None:
        old_case = _locked_case(old_case, actor=actor, force=force)
    if case_changed and new_case is not None:
        new_case = _locked_case(new_case, actor=actor, force=force)
        _check_case(current.decision_type, new_case)
    before = {field: getattr(current, field) for field in LETTER_FIELDS}
    for field, value in changes.items():
        if field in EDITABLE:
            setattr(current, field, value)
    current.case = new_case if case_changed else old_case
    _check_type(current.decision_type, current.decided_on)
    _check_fields(current)
    current.save()
    _log(actor=actor, decision=current, action=Action.UPDATE)
    _emit(actor=actor, decision=current, resource="besluit", action=action,
          reference=current.uuid)  # fmt: skip
    if case_changed:
        if old_case is not None:
            emit_case_event(actor=actor, case=old_case, resource="zaakbesluit",
                            action="destroy", reference=str(current.uuid))  # fmt: skip
        if new_case is not None:
            emit_case_event(actor=actor, case=new_case, resource="zaakbesluit",
                            action="create", reference=str(current.uuid))  # fmt: skip
    letter_changed = any(getattr(current, field) != before[field] for field in LETTER_FIELDS)
    if current.case is not None and (letter_changed or case_changed):
        # A letter that no longer says what was decided is replaced, never left stale.
        reissue_decision_letter(actor=actor, decision=current)
    return current


@transaction.atomic
def decision_delete(*, actor, decision: Decision, force: bool = False) -> None:
    """Remove a decision with its besluitinformatieobjecten (not the documents); its
    case, if any, loses the zaakbesluit. Nothing of it stays (no soft delete)."""
    current = _locked(decision)
    actor = _authorize(actor, "cases.delete_decision")
    case = _locked_case(current.case, actor=actor, force=force)
    links = list(DecisionDocument.objects.filter(decision=current).values_list("uuid", flat=True))
    _log(actor=actor, decision=current, action=Action.UPDATE)
    events_emit(
        channel=CHANNEL,
        main_reference=str(current.uuid),
        events=[
            *({"resource": "besluitinformatieobject", "action": "destroy", "reference": str(u)}
              for u in links),
            {"resource": "besluit", "action": "destroy", "reference": str(current.uuid)},
        ],
        attributes=_attributes(current),
        actor=actor,
    )  # fmt: skip
    if case is not None:
        emit_case_event(actor=actor, case=case, resource="zaakbesluit", action="destroy",
                        reference=str(current.uuid))  # fmt: skip
    current.delete()


@transaction.atomic
def decision_document_add(*, actor, decision: Decision, document: Document) -> DecisionDocument:
    """Record that ``document`` records (part of) ``decision`` (aardRelatie "legt_vast").
    Once per pair; the document's informatieobjecttype must be one of the decision
    type's (brc-007)."""
    current = _locked(decision)
    actor = _authorize(actor, "cases.add_decision")
    if DecisionDocument.objects.filter(decision=current, document=document).exists():
        raise DecisionError("Dit document is al aan dit besluit gekoppeld.", code="unique")
    allowed = current.decision_type.document_types.filter(pk=document.document_type_id)
    if document.document_type_id is None or not allowed.exists():
        raise DecisionError(
            "Het informatieobjecttype van dit document hoort niet bij het besluittype.",
            code="missing-besluittype-informatieobjecttype-relation",
        )
    link = DecisionDocument.objects.create(decision=current, document=document)
    _log(actor=actor, decision=current, action=Action.UPDATE)
    _emit(actor=actor, decision=current, resource="besluitinformatieobject", action="create",
          reference=link.uuid)  # fmt: skip
    return link


@transaction.atomic
def decision_document_remove(*, actor, link: DecisionDocument) -> None:
    """Undo :func:`decision_document_add`; the document itself stays."""
    current = _locked(link.decision)
    actor = _authorize(actor, "cases.delete_decision")
    _log(actor=actor, decision=current, action=Action.UPDATE)
    _emit(actor=actor, decision=current, resource="besluitinformatieobject", action="destroy",
          reference=link.uuid)  # fmt: skip
    DecisionDocument.objects.filter(pk=link.pk).delete()


def log_decision_read(*, actor, decision: Decision) -> None:
    """Log that ``actor`` read a decision of a case with an initiator (their data)."""
    case = decision.case
    if case is None or not case.initiator_bsn:
        return
    processing_log_record(
        actor=actor,
        action=Action.READ,
        bsns=[case.initiator_bsn],
        purpose=Purpose.CASE_HANDLING,
        object_type="besluit",
        object_id=decision.identification,
    )
