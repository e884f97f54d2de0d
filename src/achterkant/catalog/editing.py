"""Create, change and delete catalogue types and their parts, with the concept rules.

The rules (ZTC, Catalogi API 1.3):

* A published (non-concept) case, document or decision type is immutable; only its end
  of validity may still change (``non-concept-object``). It cannot be deleted.
* A part of a case type (status, result, role type, property, object type) can only be
  added, changed or removed while the case type is a concept (``non-concept-zaaktype``).
* A concept related to a published type stays tied to it: it cannot be changed (but
  for its end of validity) or deleted (``non-concept-relation``). A case type's document
  type link may change while one of both sides is a concept.
* Relations stay within one catalogue (``relations-incorrect-catalogus``).
* The Selectielijst references of a case type and a result type must name the right
  kind of resource, and a result type's class must belong to the case type's process
  type (``catalog.selectielijst``; ``procestype-mismatch``).

Errors are :class:`~django.core.exceptions.ValidationError` keyed by model field
(``__all__`` for the whole object); ``code`` is the standard's. Nothing is written
when one is raised.
"""

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction

from achterkant.catalog import selectielijst
from achterkant.catalog.archive_rules import archive_procedure_problems
from achterkant.catalog.models import (
    CaseObjectType,
    CasePropertyType,
    CaseType,
    CaseTypeDocumentType,
    Catalogue,
    DecisionType,
    DocumentType,
    ResultType,
    RoleType,
    StatusType,
)
from achterkant.catalog.models.catalogue import VersionedType
from achterkant.catalog.services import (
    case_type_publish,
    decision_type_publish,
    document_type_publish,
    emit_type_event,
    versioned_type_set_end_of_validity,
)
from achterkant.identity.actors import require

PERMISSION = "catalog.change_casetype"
PARTS = (StatusType, ResultType, RoleType, CasePropertyType, CaseObjectType)


def _error(code: str, message: str, field: str = NON_FIELD_ERRORS) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _published(rows: Iterable[VersionedType]) -> list[VersionedType]:
    return [row for row in rows if not row.is_concept]


def _same_catalogue(catalogue_id: int, rows: Iterable) -> None:
    if any(row.catalogue_id != catalogue_id for row in rows):
        raise _error(
            "relations-incorrect-catalogus",
            "Een relatie moet naar een type in dezelfde catalogus wijzen.",
        )


def _related_published(instance: VersionedType) -> list[VersionedType]:
    """The published types this concept is tied to (see the module's rules)."""
    if isinstance(instance, CaseType):
        return _published(instance.decision_types.all())
    if isinstance(instance, DecisionType):
        return _published(instance.document_types.all())
    if isinstance(instance, DocumentType):
        return _published(instance.decision_types.all())
    return []


def _check_new_relations(instance: VersionedType, relations: dict[str, list]) -> None:
    """Relations stay within the catalogue. A concept may point at a published type (a new
    case type version reuses the published decision types): the Zaken suite creates its
    case types that way (zrc-001), the standard's text forbids nothing here."""
    for rows in relations.values():
        _same_catalogue(instance.catalogue_id, rows)


def _check_case_type_references(values: dict) -> None:
    url = values.get("selection_list_process_type")
    if url:
        try:
            selectielijst.procestype(url)
        except selectielijst.SelectielijstError as error:
            raise _error(error.code, error.message, "selection_list_process_type") from error


def _changed(instance: models.Model, values: dict, relations: dict[str, list]) -> set[str]:
    changed = {name for name, value in values.items() if getattr(instance, name) != value}
    for name, rows in relations.items():
        current = {row.pk for row in getattr(instance, name).all()}
        if current != {row.pk for row in rows}:
            changed.add(name)
    return changed


def _check_unique_version(instance: models.Model) -> None:
    """One version of a case type per start date (the constraint ``casetype_unique_version``,
    which full_clean skips without the organisation)."""
    if not isinstance(instance, CaseType) or instance.valid_from is None:
        return
    clash = CaseType.objects.filter(
        catalogue_id=instance.catalogue_id,
        identification=instance.identification,
        valid_from=instance.valid_from,
    ).exclude(pk=instance.pk)
    if clash.exists():
        raise _error(
            "unique",
            f"Er is al een versie van zaaktype '{instance.identification}' die begint op "
            f"{instance.valid_from:%d-%m-%Y}.",
            "identification",
        )


def _save(instance: models.Model, values: dict, relations: dict[str, list]) -> models.Model:
    for name, value in values.items():
        setattr(instance, name, value)
    _check_unique_version(instance)
    instance.full_clean(exclude=["organisation", "uuid"])
    instance.save()
    for name, rows in relations.items():
        getattr(instance, name).set(rows)
    return instance


@transaction.atomic
def versioned_type_create(
    *, actor, model: type[VersionedType], values: dict, relations: dict[str, list]
) -> VersionedType:
    """A new concept case, document or decision type in ``values["catalogue"]``."""
    require(actor, PERMISSION)
    instance = model(is_concept=True)
    for name, value in values.items():
        setattr(instance, name, value)
    _check_new_relations(instance, relations)
    if model is CaseType:
        _check_case_type_references(values)
    instance = _save(instance, values, relations)
    emit_type_event(instance, "create", actor=actor)
    return instance


@transaction.atomic
def versioned_type_update(
    *,
    actor,
    instance: VersionedType,
    values: dict,
    relations: dict[str, list],
    action: str = "update",
) -> VersionedType:
    """Change a concept; of a published type (or one tied to it) only the end of validity.
    ``action`` names the change in its event (``update``, or ``partial_update`` for PATCH)."""
    require(actor, PERMISSION)
    changed = _changed(instance, values, relations)
    if changed <= {"valid_until"}:
        if "valid_until" in changed:
            return versioned_type_set_end_of_validity(
                instance, values["valid_until"], action=action, actor=actor
            )
        emit_type_event(instance, action, actor=actor)
        return instance
    if not instance.is_concept:
        raise _error(
            "non-concept-object",
            f"Dit {instance._meta.verbose_name} is gepubliceerd: alleen het einde van de "
            "geldigheid kan nog veranderen. Maak een nieuwe versie.",
        )
    if _related_published(instance):
        raise _error(
            "non-concept-relation",
            f"Dit {instance._meta.verbose_name} hangt aan een gepubliceerd type: alleen het "
            "einde van de geldigheid kan nog veranderen.",
        )
    if "catalogue" in values and values["catalogue"].pk != instance.catalogue_id:
        raise _error("relations-incorrect-catalogus", "De catalogus kan niet veranderen.")
    _check_new_relations(instance, {k: v for k, v in relations.items() if k in changed})
    if isinstance(instance, CaseType) and "selection_list_process_type" in changed:
        _check_case_type_references(values)
    instance = _save(instance, values, relations)
    emit_type_event(instance, action, actor=actor)
    return instance


@transaction.atomic
def versioned_type_delete(*, actor, instance: VersionedType) -> None:
    """Delete a concept that no published type depends on."""
    require(actor, PERMISSION)
    if not instance.is_concept:
        raise _error(
            "non-concept-object",
            f"Dit {instance._meta.verbose_name} is gepubliceerd en kan niet worden verwijderd.",
        )
    tied = _related_published(instance)
    if isinstance(instance, CaseType):
        tied += _published(
            link.document_type for link in instance.document_type_links.select_related(
                "document_type")
        )  # fmt: skip
    if isinstance(instance, DocumentType):
        tied += _published(
            link.case_type
            for link in CaseTypeDocumentType.objects.filter(document_type=instance).select_related(
                "case_type"
            )
        )
    if tied:
        raise _error(
            "non-concept-relation",
            f"Dit {instance._meta.verbose_name} hangt aan een gepubliceerd type en kan niet "
            "worden verwijderd.",
        )
    if isinstance(instance, DocumentType):
        CaseTypeDocumentType.objects.filter(document_type=instance).delete()
    emit_type_event(instance, "destroy", actor=actor)
    instance.delete()


# -- parts of a case type ------------------------------------------------------------------


def _ensure_concept_case_type(*case_types: CaseType) -> None:
    if any(not case_type.is_concept for case_type in case_types):
        raise _error(
            "non-concept-zaaktype",
            "Het zaaktype is gepubliceerd: de onderdelen ervan kunnen niet meer veranderen.",
        )


def _selectielijst_problems(part: ResultType) -> list[tuple[str, str, str]]:
    """Check the result type's Selectielijst references; fill what the standard derives."""
    problems = []
    klasse = None
    try:
        klasse = selectielijst.resultaat(part.selection_list_class)
    except selectielijst.SelectielijstError as error:
        problems.append(("selection_list_class", error.code, error.message))
    try:
        omschrijving = selectielijst.resultaattypeomschrijving(part.result_type_description_url)
        part.generic_description = str(omschrijving.get("omschrijving", ""))[:80]
    except selectielijst.SelectielijstError as error:
        problems.append(("result_type_description_url", error.code, error.message))
    if klasse is None:
        return problems
    if klasse.get("procesType") != part.case_type.selection_list_process_type:
        problems.append((NON_FIELD_ERRORS, "procestype-mismatch",
                         "De selectielijstklasse hoort niet bij het selectielijst-procestype "
                         "van het zaaktype."))  # fmt: skip
    term = klasse.get("procestermijn") or ""
    derivation = part.source_date_derivation
    if (term == "nihil" and derivation != ResultType.SourceDate.CLOSED) or (
        term == "ingeschatte_bestaansduur_procesobject" and derivation != ResultType.SourceDate.TERM
    ):
        problems.append((NON_FIELD_ERRORS, "invalid-afleidingswijze-for-procestermijn",
                         f"Bij procestermijn '{term}' van de selectielijstklasse past "
                         f"afleidingswijze '{derivation}' niet."))  # fmt: skip
    # The standard fills what is not given from the selection list class.
    if not part.archive_nomination:
        part.archive_nomination = klasse.get("waardering") or ""
    if not part.archive_action_term:
        part.archive_action_term = klasse.get("bewaartermijn") or ""
    return problems


def _check_part(part: models.Model) -> None:
    if isinstance(part, ResultType):
        problems = archive_procedure_problems(part) + _selectielijst_problems(part)
        if problems:
            errors: dict[str, list] = {}
            for field, code, message in problems:
                errors.setdefault(field, []).append(ValidationError(message, code=code))
            raise ValidationError(errors)
    if (
        isinstance(part, CaseTypeDocumentType)
        and part.case_type.catalogue_id != part.document_type.catalogue_id
    ):
        raise _error(
            "relations-incorrect-catalogus",
            "Het zaaktype en het documenttype horen bij verschillende catalogi.",
        )


def _ensure_link_editable(link: CaseTypeDocumentType) -> None:
    if not link.case_type.is_concept and not link.document_type.is_concept:
        raise _error(
            "non-concept-relation",
            "Het zaaktype en het documenttype zijn allebei gepubliceerd: deze koppeling kan "
            "niet meer veranderen.",
        )


def _ensure_part_editable(part: models.Model) -> None:
    if isinstance(part, CaseTypeDocumentType):
        _ensure_link_editable(part)
    else:
        _ensure_concept_case_type(part.case_type)


@transaction.atomic
def case_type_part_create(
    *, actor, model: type[models.Model], values: dict, relations: dict[str, list] | None = None
) -> models.Model:
    """A new part (or document type link) of a concept case type."""
    require(actor, PERMISSION)
    part = model()
    for name, value in values.items():
        setattr(part, name, value)
    _ensure_part_editable(part)
    _check_part(part)
    return _save(part, {}, relations or {})


@transaction.atomic
def case_type_part_update(
    *, actor, part: models.Model, values: dict, relations: dict[str, list] | None = None
) -> models.Model:
    require(actor, PERMISSION)
    _ensure_part_editable(part)
    for name, value in values.items():
        setattr(part, name, value)
    _ensure_part_editable(part)  # it may now point at another case or document type
    _check_part(part)
    return _save(part, {}, relations or {})


@transaction.atomic
def case_type_part_delete(*, actor, part: models.Model) -> None:
    require(actor, PERMISSION)
    _ensure_part_editable(part)
    part.delete()


@transaction.atomic
def catalogue_create(*, actor, values: dict) -> Catalogue:
    require(actor, PERMISSION)
    catalogue = Catalogue(**values)
    if Catalogue.objects.filter(domain=catalogue.domain).exists():
        raise _error("unique", f"Er is al een catalogus met domein {catalogue.domain}.", "domain")
    catalogue.full_clean(exclude=["organisation", "uuid"])
    catalogue.save()
    return catalogue


def publish(*, actor, instance: VersionedType) -> VersionedType:
    """Publish a case, document or decision type through its publish service.

    A case type is published without the desk's minimum of parts (see
    ``case_type_publish``), document and decision types without the desk's check that
    versions of one name do not overlap (see ``_publish``): the Catalogi API standard
    asks for neither.
    """
    require(actor, PERMISSION)
    if isinstance(instance, CaseType):
        return case_type_publish(case_type=instance, require_parts=False)
    if isinstance(instance, DocumentType):
        return document_type_publish(document_type=instance, allow_overlap=True)
    return decision_type_publish(decision_type=instance, allow_overlap=True)
