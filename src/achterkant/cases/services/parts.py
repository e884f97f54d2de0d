"""Roles, results and properties of a case. Decisions: ``cases.services.decisions``."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.errors import CaseError
from achterkant.cases.models import Case, CaseProperty, Result, Role
from achterkant.cases.models.parts import CaseContactMoment, CaseObject
from achterkant.cases.services.common import (
    authorize,
    emit_case_event,
    ensure_open,
    ensure_same_case_type,
    inform_initiator,
    lock_case,
    log_case_write,
)

# Re-exported: callers import it from here (and from cases.services).
from achterkant.cases.services.decisions import add_decision  # noqa: F401
from achterkant.catalog.models import CasePropertyType, ResultType, RoleType
from achterkant.identity.validators import clean_bsn, clean_kvk_number, validate_rsin

SubjectType = Role.SubjectType


class ResultExists(CaseError):
    """The case already has its one result."""


def _on_field(field: str, check, value: str):
    """``check(value)``, its error attributed to ``field`` (so each channel can point at it)."""
    try:
        return check(value)
    except ValidationError as error:
        raise ValidationError({field: error}) from error


def _clean_subject(subject_type: str, identifiers: dict, *, by_url: bool = False) -> dict:
    """Check the identifier that this kind of subject needs, and only that.

    With ``by_url`` the subject is named by its URL in another register (ZGW
    ``betrokkene``): an identifier is then optional, but checked when given.
    """
    cleaned = {k: (v or "").strip() for k, v in identifiers.items()}
    if subject_type not in SubjectType.values:
        raise ValidationError({"subject_type": "Kies een bestaand betrokkenetype."})
    if by_url and not any(cleaned.values()):
        return cleaned
    if subject_type == SubjectType.NATURAL_PERSON:
        cleaned["bsn"] = _on_field("bsn", clean_bsn, cleaned.get("bsn", ""))
    elif subject_type == SubjectType.NON_NATURAL_PERSON:
        if cleaned.get("kvk_number"):
            cleaned["kvk_number"] = _on_field("kvk_number", clean_kvk_number, cleaned["kvk_number"])
        elif cleaned.get("rsin"):
            _on_field("rsin", validate_rsin, cleaned["rsin"])
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
    subject_url: str = "",
    explanation: str = "",
    force: bool = False,
    **identifiers: str,
) -> Role:
    """Involve someone in the case: a person (BSN), a business (KvK/RSIN), a branch,
    a staff member or a team, optionally as authorised representative (gemachtigde).

    The first initiator with a BSN on a case that has none (a zaak the Zaken API
    registered without one) becomes the case's applicant: ``initiator_bsn`` is set and
    they get the same *Zaak gestart* message as at registration on any other channel.
    """
    actor = authorize(actor, "cases.change_case", case=case)
    case = lock_case(case)
    ensure_open(actor=actor, case=case, force=force)
    ensure_same_case_type(case, role_type, "roltype")
    if subject_type == SubjectType.STAFF and staff_member is None and not subject_url.strip():
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
        subject_url=subject_url.strip(),
        explanation=explanation,
        **_clean_subject(subject_type, identifiers, by_url=bool(subject_url.strip())),
    )
    role.full_clean(exclude=["organisation", "case", "role_type", "staff_member"])
    role.save()
    becomes_applicant = (
        bool(role.bsn)
        and not case.initiator_bsn
        and role_type.generic_description == RoleType.Generic.INITIATOR
    )
    if becomes_applicant:
        Case.objects.filter(pk=case.pk).update(initiator_bsn=role.bsn)
        case.initiator_bsn = role.bsn
    processing_log_record(
        actor=actor,
        action=Action.CREATE,
        bsns=[case.initiator_bsn, role.bsn],
        purpose=Purpose.CASE_HANDLING,
        object_type="rol",
        object_id=case.number,
    )
    emit_case_event(actor=actor, case=case, resource="rol", action="create", reference=role.pk)
    if becomes_applicant:
        # The message register_case sends on every channel, now that we know whom to tell.
        inform_initiator(actor=actor, case=case, event_code="case.opened")
    return role


@transaction.atomic
def remove_role(*, actor, role: Role, force: bool = False) -> None:
    """Take someone off the case (not on a closed case, unless forced by authorised staff)."""
    case = role.case
    actor = authorize(actor, "cases.change_case", case=case)
    case = lock_case(case)
    ensure_open(actor=actor, case=case, force=force)
    processing_log_record(
        actor=actor,
        action=Action.UPDATE,
        bsns=[case.initiator_bsn, role.bsn],
        purpose=Purpose.CASE_HANDLING,
        object_type="rol",
        object_id=case.number,
    )
    reference = role.pk
    role.delete()
    emit_case_event(actor=actor, case=case, resource="rol", action="destroy", reference=reference)


def _ensure_result_open(*, actor, case: Case, force: bool) -> None:
    if case.is_closed and not (force and actor.has_perm("cases.force_update_case")):
        raise CaseError(f"Zaak {case.number} is afgesloten; het resultaat ligt vast.")


@transaction.atomic
def set_result(
    *,
    actor,
    case: Case,
    result_type: ResultType,
    explanation: str = "",
    force: bool = False,
    create_only: bool = False,
) -> Result:
    """Record how the case ended. Not on a closed case, unless forced by authorised staff.

    A case has one result: with ``create_only`` an existing one is refused
    (:class:`ResultExists`) instead of replaced, as a create in the Zaken API must.
    """
    actor = authorize(actor, "cases.change_case", case=case)
    case = lock_case(case)
    if create_only and Result.objects.filter(case=case).exists():
        raise ResultExists(f"Zaak {case.number} heeft al een resultaat.")
    _ensure_result_open(actor=actor, case=case, force=force)
    ensure_same_case_type(case, result_type, "resultaattype")
    result, _ = Result.objects.update_or_create(
        case=case, defaults={"result_type": result_type, "explanation": explanation}
    )
    log_case_write(actor=actor, case=case)
    emit_case_event(actor=actor, case=case, resource="resultaat", action="create")
    return result


@transaction.atomic
def remove_result(*, actor, result: Result, force: bool = False) -> None:
    """Remove the result again (not on a closed case, unless forced by authorised staff)."""
    actor = authorize(actor, "cases.change_case", case=result.case)
    case = lock_case(result.case)
    _ensure_result_open(actor=actor, case=case, force=force)
    result.delete()
    log_case_write(actor=actor, case=case)
    emit_case_event(actor=actor, case=case, resource="resultaat", action="destroy")


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
def remove_property(*, actor, prop: CaseProperty, force: bool = False) -> None:
    actor = authorize(actor, "cases.change_case", case=prop.case)
    case = lock_case(prop.case)
    ensure_open(actor=actor, case=case, force=force)
    prop.delete()
    log_case_write(actor=actor, case=case)
    emit_case_event(actor=actor, case=case, resource="zaakeigenschap", action="destroy")


OBJECT_TYPES = (
    "adres", "besluit", "buurt", "enkelvoudig_document", "gemeente",
    "gemeentelijke_openbare_ruimte", "huishouden", "inrichtingselement",
    "kadastrale_onroerende_zaak", "kunstwerkdeel", "maatschappelijke_activiteit", "medewerker",
    "natuurlijk_persoon", "niet_natuurlijk_persoon", "openbare_ruimte",
    "organisatorische_eenheid", "pand", "spoorbaandeel", "status", "terreindeel",
    "terrein_gebouwd_object", "vestiging", "waterdeel", "wegdeel", "wijk", "woonplaats",
    "woz_deelobject", "woz_object", "woz_waarde", "zakelijk_recht", "overige",
)  # fmt: skip


def _add_part(*, actor, case: Case, row, resource: str):
    """Validate and store a new part of ``case``, then log the write and emit the event."""
    row.full_clean(exclude=["organisation", "case"])
    row.save()
    log_case_write(actor=actor, case=case)
    emit_case_event(actor=actor, case=case, resource=resource, action="create", reference=row.pk)
    return row


@transaction.atomic
def add_case_object(
    *,
    actor,
    case: Case,
    object_type: str,
    object_url: str = "",
    identification: dict | None = None,
    object_type_other: str = "",
    object_type_other_definition: dict | None = None,
    relation_description: str = "",
    object_type_url: str = "",
    force: bool = False,
) -> CaseObject:
    """Link what the case is about: by URL in its register, or described by its attributes."""
    actor = authorize(actor, "cases.change_case", case=case)
    case = lock_case(case)
    ensure_open(actor=actor, case=case, force=force)
    if object_type not in OBJECT_TYPES:
        raise ValidationError({"object_type": "Kies een bestaand objecttype."})
    if not object_url and not identification:
        raise ValidationError({"object": "Geef de URL van het object of zijn objectidentificatie."})
    if object_type == "overige" and not (object_type_other or object_type_other_definition):
        raise ValidationError({"object_type_other": "Geef aan wat voor object dit is."})
    row = CaseObject(
        case=case,
        object_type=object_type,
        object_url=object_url,
        object_identification=identification or None,
        object_type_other=object_type_other,
        object_type_other_definition=object_type_other_definition,
        relation_description=relation_description,
        object_type_url=object_type_url,
    )
    return _add_part(actor=actor, case=case, row=row, resource="zaakobject")


@transaction.atomic
def change_case_object(
    *,
    actor,
    case_object: CaseObject,
    identification: dict | None,
    relation_description: str,
    force: bool = False,
) -> CaseObject:
    """Change what is recorded about the object; the case, URL and type stay as they are."""
    actor = authorize(actor, "cases.change_case", case=case_object.case)
    case = lock_case(case_object.case)
    ensure_open(actor=actor, case=case, force=force)
    case_object.object_identification = identification or None
    case_object.relation_description = relation_description
    case_object.full_clean(exclude=["organisation", "case"])
    case_object.save(update_fields=["object_identification", "relation_description"])
    log_case_write(actor=actor, case=case)
    emit_case_event(
        actor=actor, case=case, resource="zaakobject", action="update", reference=case_object.pk
    )
    return case_object


@transaction.atomic
def remove_case_object(*, actor, case_object: CaseObject, force: bool = False) -> None:
    actor = authorize(actor, "cases.change_case", case=case_object.case)
    case = lock_case(case_object.case)
    ensure_open(actor=actor, case=case, force=force)
    reference = case_object.pk
    case_object.delete()
    log_case_write(actor=actor, case=case)
    emit_case_event(
        actor=actor, case=case, resource="zaakobject", action="destroy", reference=reference
    )


@transaction.atomic
def add_contact_moment(
    *,
    actor,
    case: Case,
    occurred_at,
    identification: str = "",
    channel: str = "",
    subject: str = "",
    explanation: str = "",
    force: bool = False,
) -> CaseContactMoment:
    """Record a klantcontact on the case (the Zaken API's, deprecated there); without an
    identification it gets the case number and a sequence."""
    actor = authorize(actor, "cases.change_case", case=case)
    case = lock_case(case)
    ensure_open(actor=actor, case=case, force=force)
    if not identification:
        sequence = CaseContactMoment.objects.filter(case=case).count() + 1
        identification = f"KC{sequence:04d}-{case.pk}"[:14]
    row = CaseContactMoment(
        case=case,
        identification=identification,
        occurred_at=occurred_at,
        channel=channel,
        subject=subject,
        explanation=explanation,
    )
    return _add_part(actor=actor, case=case, row=row, resource="klantcontact")
