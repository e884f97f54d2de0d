"""Catalogue versioning (ZTC): edit concepts, publish complete versions, copy to a new version."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from achterkant.catalog.models import (
    CasePropertyType,
    CaseType,
    CaseTypeDocumentType,
    ResultType,
    RoleType,
    StatusType,
)

# The parts that belong to one case type version and are copied with it.
CASE_TYPE_PARTS = (StatusType, ResultType, RoleType, CasePropertyType, CaseTypeDocumentType)


class PublishedTypeIsImmutable(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            "Dit zaaktype is gepubliceerd en kan niet meer worden gewijzigd. "
            "Maak een nieuwe versie.",
            code="published",
        )


def ensure_concept(case_type: CaseType) -> None:
    """Raise unless the case type is still a concept (ztc: published types are immutable)."""
    if not case_type.is_concept:
        raise PublishedTypeIsImmutable()


def _overlapping_published(case_type: CaseType):
    others = CaseType.objects.filter(
        catalogue_id=case_type.catalogue_id,
        identification=case_type.identification,
        is_concept=False,
    ).exclude(pk=case_type.pk)
    if case_type.valid_until is not None:
        others = others.filter(valid_from__lte=case_type.valid_until)
    return others.exclude(valid_until__lt=case_type.valid_from)


@transaction.atomic
def case_type_publish(*, case_type: CaseType) -> CaseType:
    """Publish a concept after checking it is complete and does not overlap another version."""
    case_type = CaseType.objects.select_for_update().get(pk=case_type.pk)
    ensure_concept(case_type)
    problems = []
    if case_type.status_types.count() < 2:
        problems.append("Een zaaktype heeft minstens 2 statustypen nodig.")
    if not case_type.result_types.exists():
        problems.append("Een zaaktype heeft minstens 1 resultaattype nodig.")
    if not case_type.role_types.exists():
        problems.append("Een zaaktype heeft minstens 1 roltype nodig.")
    if case_type.extension_possible and not case_type.extension_term:
        problems.append("Vul de verlengingstermijn in, of zet 'verlengen mogelijk' uit.")
    if case_type.document_type_links.filter(document_type__is_concept=True).exists():
        problems.append("Publiceer eerst de documenttypen die dit zaaktype gebruikt.")
    if problems:
        raise ValidationError(problems, code="incomplete")
    # The open-ended version before this one ends the day before this one starts: the
    # only change a published version allows.
    CaseType.objects.filter(
        catalogue_id=case_type.catalogue_id,
        identification=case_type.identification,
        is_concept=False,
        valid_from__lt=case_type.valid_from,
        valid_until__isnull=True,
    ).update(valid_until=case_type.valid_from - timedelta(days=1))
    if _overlapping_published(case_type).exists():
        problems.append(
            "De geldigheid overlapt met een andere gepubliceerde versie van "
            f"'{case_type.identification}'. Pas de begin- of einddatum aan."
        )
    if problems:
        raise ValidationError(problems, code="incomplete")
    case_type.is_concept = False
    case_type.save(update_fields=["is_concept"])
    return case_type


@transaction.atomic
def case_type_new_version(*, case_type: CaseType, valid_from: date) -> CaseType:
    """Copy a version into a new concept valid from ``valid_from``.

    The old version stays in force until the new one is published.
    """
    if valid_from <= case_type.valid_from:
        raise ValidationError(
            {"valid_from": "Een nieuwe versie begint na het begin van de huidige versie."}
        )
    parts = {model: list(model.objects.filter(case_type=case_type)) for model in CASE_TYPE_PARTS}
    decision_types = list(case_type.decision_types.all())

    new = CaseType.objects.get(pk=case_type.pk)
    new.pk = None
    new.valid_from = valid_from
    new.valid_until = None
    new.version_date = valid_from
    new.is_concept = True
    new._state.adding = True
    new.save()
    for model, rows in parts.items():
        for row in rows:
            row.pk = None
            row._state.adding = True
            row.case_type = new
        model.objects.bulk_create(rows)
    new.decision_types.set(decision_types)
    return new


@transaction.atomic
def case_type_delete_concept(*, case_type: CaseType) -> None:
    ensure_concept(case_type)
    case_type.delete()
