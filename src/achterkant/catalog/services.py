"""Catalogue versioning (ZTC): edit concepts, publish complete versions, copy to a new version.

Case, document and decision types are versioned. The versions of one type share a name
within their catalogue (a case type's identification, a document or decision type's
description) and their periods of validity may not overlap once published. Every
service that publishes or changes a period first locks all versions of that name, so
two administrators cannot publish overlapping versions at the same moment.
"""

import uuid
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from achterkant.catalog.models import (
    CaseObjectType,
    CasePropertyType,
    CaseType,
    CaseTypeDocumentType,
    DecisionType,
    DocumentType,
    ResultType,
    RoleType,
    StatusType,
)
from achterkant.catalog.models.case_type import uncountable_terms
from achterkant.catalog.models.catalogue import VersionedType
from achterkant.notify.services import events_emit

# The parts that belong to one case type version and are copied with it.
CASE_TYPE_PARTS = (
    StatusType, ResultType, RoleType, CasePropertyType, CaseTypeDocumentType, CaseObjectType
)  # fmt: skip

# The Notificaties kanaal and resource of each versioned type (docs/notifications.md).
_KANAAL = {
    CaseType: ("zaaktypen", "zaaktype"),
    DocumentType: ("informatieobjecttypen", "informatieobjecttype"),
    DecisionType: ("besluittypen", "besluittype"),
}

# The field that names a versioned type in its catalogue; its versions share it.
_NAME_FIELD = {CaseType: "identification", DocumentType: "description", DecisionType: "description"}


class PublishedTypeIsImmutable(ValidationError):
    def __init__(self, versioned: VersionedType | None = None) -> None:
        what = versioned._meta.verbose_name if versioned is not None else "zaaktype"
        super().__init__(
            f"Dit {what} is gepubliceerd en kan niet meer worden gewijzigd. "
            "Maak een nieuwe versie.",
            code="published",
        )


def emit_type_event(versioned: VersionedType, action: str, *, actor=None) -> None:
    """The domain event of a change to a case, document or decision type, in the change's
    transaction: the type's uuid, and its catalogue's uuid as the kenmerk ``catalogus``."""
    channel, resource = _KANAAL[type(versioned)]
    reference = str(versioned.uuid)
    events_emit(
        channel=channel,
        main_reference=reference,
        events=[{"resource": resource, "action": action, "reference": reference}],
        attributes={"catalogus": str(versioned.catalogue.uuid)},
        actor=actor,
    )


def ensure_concept(versioned: VersionedType) -> None:
    """Raise unless the type is still a concept (ztc: published types are immutable)."""
    if not versioned.is_concept:
        raise PublishedTypeIsImmutable(versioned)


def _name(versioned: VersionedType) -> str:
    return getattr(versioned, _NAME_FIELD[type(versioned)])


def _versions(versioned: VersionedType):
    model = type(versioned)
    return model.objects.filter(
        catalogue_id=versioned.catalogue_id, **{_NAME_FIELD[model]: _name(versioned)}
    )


def _lock_versions(versioned: VersionedType) -> VersionedType:
    """Lock every version of this type's name (in pk order) and return this one, re-read."""
    model = type(versioned)
    current = model.objects.get(pk=versioned.pk)
    locked = {v.pk: v for v in _versions(current).select_for_update().order_by("pk")}
    if versioned.pk not in locked:  # renamed meanwhile: lock at least this row
        return model.objects.select_for_update().get(pk=versioned.pk)
    return locked[versioned.pk]


def _overlapping_published(versioned: VersionedType, valid_from: date, valid_until: date | None):
    others = _versions(versioned).filter(is_concept=False).exclude(pk=versioned.pk)
    if valid_until is not None:
        others = others.filter(valid_from__lte=valid_until)
    return others.exclude(valid_until__lt=valid_from).order_by("valid_from")


def _publish(versioned: VersionedType, *, allow_overlap: bool = False) -> VersionedType:
    """End the open-ended version before this one, refuse an overlap, then publish.

    ``allow_overlap``: the Catalogi API standard sets no uniqueness of name and period for
    document and decision types (it does for case types), and ZGW clients name them by
    URL, one version each; the API publishes them without the desk's overlap check.
    """
    # The open-ended version before this one ends the day before this one starts: the
    # only change a published version allows.
    _versions(versioned).filter(
        is_concept=False, valid_from__lt=versioned.valid_from, valid_until__isnull=True
    ).update(valid_until=versioned.valid_from - timedelta(days=1))
    if (
        not allow_overlap
        and _overlapping_published(versioned, versioned.valid_from, versioned.valid_until).exists()
    ):
        # Raising rolls back the update above with the caller's (savepoint) transaction.
        raise ValidationError(
            "De geldigheid overlapt met een andere gepubliceerde versie van "
            f"'{_name(versioned)}'. Pas de begin- of einddatum aan.",
            code="overlap",
        )
    versioned.is_concept = False
    versioned.save(update_fields=["is_concept"])
    emit_type_event(versioned, "publish")
    return versioned


def _result_type_problems(case_type: CaseType) -> list[str]:
    problems = []
    date_formats = [CasePropertyType.Format.DATE, CasePropertyType.Format.DATETIME]
    for result_type in case_type.result_types.order_by("description"):
        try:
            result_type.clean()
        except ValidationError as error:
            problems.extend(f"Resultaattype '{result_type}': {m}" for m in error.messages)
            continue
        attribute = result_type.source_date_attribute
        if (
            result_type.source_date_derivation == ResultType.SourceDate.PROPERTY
            and not case_type.property_types.filter(
                name=attribute, format__in=date_formats
            ).exists()
        ):
            problems.append(
                f"Resultaattype '{result_type}': het datumkenmerk '{attribute}' is geen "
                "eigenschap van dit zaaktype met formaat datum of datum en tijd."
            )
    return problems


@transaction.atomic
def case_type_publish(*, case_type: CaseType, require_parts: bool = True) -> CaseType:
    """Publish a concept after checking it is complete and does not overlap another version.

    The document and decision types it uses must be published first (code
    ``concept-relation``). ``require_parts`` (the desk's rule: 2 status types, a result
    and a role type) is off for the Catalogi API, whose standard publishes a case type
    without them (a sub case type, say) and lets the Zaken API refuse a status later.
    """
    case_type = _lock_versions(case_type)
    ensure_concept(case_type)
    if (
        case_type.document_type_links.filter(document_type__is_concept=True).exists()
        or case_type.decision_types.filter(is_concept=True).exists()
    ):
        raise ValidationError(
            "Publiceer eerst de documenttypen en besluittypen die dit zaaktype gebruikt.",
            code="concept-relation",
        )
    problems = []
    if require_parts and case_type.status_types.count() < 2:
        problems.append("Een zaaktype heeft minstens 2 statustypen nodig.")
    if require_parts and not case_type.result_types.exists():
        problems.append("Een zaaktype heeft minstens 1 resultaattype nodig.")
    if require_parts and not case_type.role_types.exists():
        problems.append("Een zaaktype heeft minstens 1 roltype nodig.")
    if case_type.extension_possible and not case_type.extension_term:
        problems.append("Vul de verlengingstermijn in, of zet 'verlengen mogelijk' uit.")
    # The Awb clock counts calendar days: a term in hours would crash open_case.
    problems.extend(uncountable_terms(case_type).values())
    problems.extend(_result_type_problems(case_type))
    if problems:
        raise ValidationError(problems, code="incomplete")
    return _publish(case_type)


@transaction.atomic
def document_type_publish(
    *, document_type: DocumentType, allow_overlap: bool = False
) -> DocumentType:
    """Publish a document type concept; its versions may not overlap."""
    document_type = _lock_versions(document_type)
    ensure_concept(document_type)
    return _publish(document_type, allow_overlap=allow_overlap)


@transaction.atomic
def decision_type_publish(
    *, decision_type: DecisionType, allow_overlap: bool = False
) -> DecisionType:
    """Publish a decision type concept.

    Its document types may still be concepts: the standard asks published relations only
    of a case type (ztc-012), and the official suite's set-up publishes a decision type
    before the document type it uses.
    """
    decision_type = _lock_versions(decision_type)
    ensure_concept(decision_type)
    return _publish(decision_type, allow_overlap=allow_overlap)


def check_end_of_validity(versioned: VersionedType, valid_until: date | None) -> None:
    """Raise unless ``valid_until`` is a possible end of validity for this version.

    Not before its start, and for a published version no overlap with another
    published version. A concept is checked for overlap when it is published.
    """
    if valid_until is not None and valid_until < versioned.valid_from:
        raise ValidationError(
            {"valid_until": "Het einde van de geldigheid ligt voor het begin "
                            f"({versioned.valid_from:%d-%m-%Y})."},
            code="before_start",
        )  # fmt: skip
    if versioned.is_concept:
        return
    clash = _overlapping_published(versioned, versioned.valid_from, valid_until).first()
    if clash is not None:
        raise ValidationError(
            {"valid_until": "Dan overlapt de geldigheid met de gepubliceerde versie die begint "
                            f"op {clash.valid_from:%d-%m-%Y}."},
            code="overlap",
        )  # fmt: skip


@transaction.atomic
def versioned_type_set_end_of_validity(
    versioned: VersionedType, valid_until: date | None, *, action: str = "update", actor=None
):
    """Set the end of validity: the one change a published version still allows.
    ``action`` names the change in its event (the API's PATCH: ``partial_update``)."""
    versioned = _lock_versions(versioned)
    check_end_of_validity(versioned, valid_until)
    versioned.valid_until = valid_until
    versioned.save(update_fields=["valid_until"])
    emit_type_event(versioned, action, actor=actor)
    return versioned


def case_type_set_end_of_validity(case_type: CaseType, valid_until: date | None) -> CaseType:
    """End (or reopen) a version's validity; refused before its start or on an overlap."""
    return versioned_type_set_end_of_validity(case_type, valid_until)


@transaction.atomic
def case_type_new_version(*, case_type: CaseType, valid_from: date) -> CaseType:
    """Copy a version into a new concept valid from ``valid_from``.

    The old version stays in force until the new one is published.
    """
    case_type = _lock_versions(case_type)
    if valid_from <= case_type.valid_from:
        raise ValidationError(
            {"valid_from": "Een nieuwe versie begint na het begin van de huidige versie."}
        )
    if _versions(case_type).filter(valid_from=valid_from).exists():
        raise ValidationError(
            {"valid_from": f"Er is al een versie van '{case_type.identification}' die begint "
                           f"op {valid_from:%d-%m-%Y}."},
            code="exists",
        )  # fmt: skip
    parts = {model: list(model.objects.filter(case_type=case_type)) for model in CASE_TYPE_PARTS}
    decision_types = list(case_type.decision_types.all())

    new = CaseType.objects.get(pk=case_type.pk)
    new.pk = None
    new.uuid = uuid.uuid4()
    new.valid_from = valid_from
    new.valid_until = None
    new.version_date = valid_from
    new.is_concept = True
    new._state.adding = True
    new.save()
    for model, rows in parts.items():
        for row in rows:
            row.pk = None
            row.uuid = uuid.uuid4()
            row._state.adding = True
            row.case_type = new
        model.objects.bulk_create(rows)
    new.decision_types.set(decision_types)
    _relink_status_types(case_type, new)
    emit_type_event(new, "create")
    return new


def _relink_status_types(old: CaseType, new: CaseType) -> None:
    """Point the copied parts at the new version's status types (matched by sequence)."""
    sequence_of = dict(StatusType.objects.filter(case_type=old).values_list("pk", "sequence"))
    new_by_sequence = dict(StatusType.objects.filter(case_type=new).values_list("sequence", "pk"))
    for model in (CasePropertyType, CaseTypeDocumentType):
        for row in model.objects.filter(case_type=new, status_type__isnull=False):
            row.status_type_id = new_by_sequence.get(sequence_of.get(row.status_type_id))
            row.save(update_fields=["status_type"])


@transaction.atomic
def case_type_delete_concept(*, case_type: CaseType) -> None:
    ensure_concept(case_type)
    emit_type_event(case_type, "destroy")
    case_type.delete()
