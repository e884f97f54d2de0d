"""Roles, results, properties and decisions of a case."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.errors import CaseError
from achterkant.cases.models import Case, CaseProperty, Decision, Result, Role
from achterkant.cases.services.common import (
    authorize,
    emit_case_event,
    ensure_open,
    ensure_same_case_type,
    lock_case,
    log_case_write,
)
from achterkant.catalog.models import CasePropertyType, DecisionType, ResultType, RoleType
from achterkant.identity.validators import clean_bsn, clean_kvk_number, validate_rsin
from achterkant.notify.services import event_emit

SubjectType = Role.SubjectType


def _clean_subject(subject_type: str, identifiers: dict) -> dict:
    """Check the identifier that this kind of subject needs, and only that."""
    cleaned = {k: (v or "").strip() for k, v in identifiers.items()}
    if subject_type == SubjectType.NATURAL_PERSON:
        cleaned["bsn"] = clean_bsn(cleaned.get("bsn", ""))
    elif subject_type == SubjectType.NON_NATURAL_PERSON:
        if cleaned.get("kvk_number"):
            cleaned["kvk_number"] = clean_kvk_number(cleaned["kvk_number"])
        elif cleaned.get("rsin"):
            validate_rsin(cleaned["rsin"])
        else:
            raise ValidationError({"kvk_number": "Vul een KvK-nummer of RSIN in."})
    elif subject_type == SubjectType.BRANCH:
        number = cleaned.get("branch_number", "")
        if len(number) != 12 or not number.isdigit():
            raise ValidationError({"branch_number": "Een vestigingsnummer heeft 12 cijfers."})
    elif subject_type == SubjectType.TEAM:
        if not cleaned.get("team_identification"):
            raise ValidationError({"team_identification": "Kies een team."})
    elif subject_type != SubjectType.STAFF:
        raise ValidationError({"subject_type": "Kies een bestaand betrokkenetype."})
    return cleaned


@transaction.atomic
def add_role(
    *,
    actor,
    case: Case,
    role_type: RoleType,
    subject_type: str,
    staff_member=None,
    authorisation: str = "",
    display_name: str = "",
    **identifiers: str,
) -> Role:
    """Involve someone in the case: a person (BSN), a business (KvK/RSIN), a branch,
    a staff member or a team, optionally as authorised representative (gemachtigde)."""
    actor = authorize(actor, "cases.change_case", case=case)
    case = lock_case(case)
    ensure_open(actor=actor, case=case)
    ensure_same_case_type(case, role_type, "roltype")
    if subject_type == SubjectType.STAFF and staff_member is None:
        raise ValidationError({"staff_member": "Kies een medewerker."})
    if staff_member is not None and staff_member.organisation_id != case.organisation_id:
        raise CaseError("Deze medewerker werkt niet voor de organisatie van deze zaak.")
    if authorisation not in Role.Authorisation.values:
        raise ValidationError({"authorisation": "Kies gemachtigde, machtiginggever of geen."})
    role = Role(
        case=case,
        role_type=role_type,
        subject_type=subject_type,
        staff_member=staff_member,
        authorisation=authorisation,
        display_name=display_name,
        **_clean_subject(subject_type, identifiers),
    )
    role.full_clean(exclude=["organisation", "case", "role_type", "staff_member"])
    role.save()
    processing_log_record(
        actor=actor,
        action=Action.CREATE,
        bsns=[case.initiator_bsn, role.bsn],
        purpose=Purpose.CASE_HANDLING,
        object_type="rol",
        object_id=case.number,
    )
    emit_case_event(actor=actor, case=case, resource="rol", action="create", reference=role.pk)
    return role


@transaction.atomic
def set_result(*, actor, case: Case, result_type: ResultType, explanation: str = "") -> Result:
    """Record how the case ended. Not on a closed case."""
    actor = authorize(actor, "cases.change_case", case=case)
    case = lock_case(case)
    if case.is_closed:
        raise CaseError(f"Zaak {case.number} is afgesloten; het resultaat ligt vast.")
    ensure_same_case_type(case, result_type, "resultaattype")
    result, _ = Result.objects.update_or_create(
        case=case, defaults={"result_type": result_type, "explanation": explanation}
    )
    log_case_write(actor=actor, case=case)
    emit_case_event(actor=actor, case=case, resource="resultaat", action="create")
    return result


def _clean_property_value(property_type: CasePropertyType, value: str) -> str:
    value = str(value).strip()
    Format = CasePropertyType.Format
    try:
        if property_type.format == Format.NUMBER:
            float(value.replace(",", "."))
        elif property_type.format == Format.DATE:
            date.fromisoformat(value)
        elif property_type.format == Format.DATETIME:
            from datetime import datetime

            datetime.fromisoformat(value)
    except ValueError as error:
        label = property_type.get_format_display()
        raise ValidationError({"value": f"Vul een geldige waarde in ({label})."}) from error
    if len(value) > property_type.length:
        raise ValidationError(
            {"value": f"De waarde mag maximaal {property_type.length} tekens lang zijn."}
        )
    if property_type.allowed_values and value not in property_type.allowed_values:
        raise ValidationError({"value": "Kies een van de toegestane waarden."})
    return value


@transaction.atomic
def set_property(
    *, actor, case: Case, property_type: CasePropertyType, value: str, force: bool = False
) -> CaseProperty:
    actor = authorize(actor, "cases.change_case", case=case)
    case = lock_case(case)
    ensure_open(actor=actor, case=case, force=force)
    ensure_same_case_type(case, property_type, "eigenschap")
    prop, _ = CaseProperty.objects.update_or_create(
        case=case,
        property_type=property_type,
        defaults={"value": _clean_property_value(property_type, value)},
    )
    log_case_write(actor=actor, case=case)
    emit_case_event(actor=actor, case=case, resource="zaakeigenschap", action="create")
    return prop


@transaction.atomic
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
    """Record a decision of a published decision type, linked to the case type and valid
    on the day of the decision."""
    actor = authorize(actor, "cases.change_case", case=case)
    case = lock_case(case)
    ensure_open(actor=actor, case=case)
    decision_type = DecisionType.objects.get(pk=decision_type.pk)  # its current state
    if not decision_type.case_types.filter(pk=case.case_type_id).exists():
        raise CaseError(f"Dit besluittype hoort niet bij het zaaktype van zaak {case.number}.")
    if decision_type.is_concept:
        raise CaseError(f"Besluittype '{decision_type}' is nog een concept. Publiceer het eerst.")
    if not decision_type.is_valid_on(decided_on):
        raise CaseError(
            f"Besluittype '{decision_type}' is niet geldig op {decided_on:%d-%m-%Y}, "
            "de datum van het besluit."
        )
    if expires_on is not None and expires_on < effective_from:
        raise ValidationError({"expires_on": "De vervaldatum ligt voor de ingangsdatum."})
    sequence = case.decisions.count() + 1
    decision = Decision.objects.create(
        case=case,
        decision_type=decision_type,
        identification=f"{case.number}-B{sequence}",
        decided_on=decided_on,
        effective_from=effective_from,
        expires_on=expires_on,
        explanation=explanation,
        created_by=actor.log_user,
    )
    log_case_write(actor=actor, case=case)
    event_emit(
        channel="besluiten", resource="besluit", action="create", main_reference=case.number,
        resource_reference=decision.identification,
        attributes={"verantwoordelijkeOrganisatie": case.responsible_organisation_rsin,
                    "besluittype": decision_type.description},
        actor=actor,
    )  # fmt: skip
    return decision
