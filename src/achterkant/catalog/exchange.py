"""Catalogue export and import as one JSON document, for moving a catalogue between
installations. ``catalogue_export(catalogue_import(data)) == data`` holds exactly.

References between types use natural keys (identification or description plus the
start of validity), never database ids, so the file means the same everywhere.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import capfirst

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
)

FORMAT = "achterkant-catalogus/1"
# The uuid is an installation's API address, not part of the catalogue: an import gets new ones.
# A part's link to a status type is an id within this installation; it is not exported.
_SKIP = {"id", "uuid", "organisation", "catalogue", "case_type", "document_type", "status_type"}
CASE_TYPE_PARTS = {
    "status_types": (StatusType, "sequence"),
    "result_types": (ResultType, "description"),
    "role_types": (RoleType, "description"),
    "property_types": (CasePropertyType, "name"),
    "object_types": (CaseObjectType, "relation_description"),
}


def _plain(instance: models.Model) -> dict:
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in _SKIP:
            continue
        value = getattr(instance, field.attname)
        data[field.name] = value.isoformat() if isinstance(value, date) else value
    return data


def _from_plain(model: type[models.Model], data: dict) -> dict:
    values = {}
    for field in model._meta.concrete_fields:
        if field.name in _SKIP or field.name not in data:
            continue
        value = data[field.name]
        if isinstance(field, models.DateField) and value is not None:
            value = date.fromisoformat(value)
        values[field.name] = value
    return values


def _key(versioned, name: str) -> list:
    return [getattr(versioned, name), versioned.valid_from.isoformat()]


def catalogue_export(catalogue: Catalogue) -> dict:
    document_types = list(catalogue.document_types.order_by("description", "valid_from"))
    case_types = []
    for case_type in catalogue.case_types.order_by("identification", "valid_from"):
        entry = _plain(case_type)
        for key, (model, order) in CASE_TYPE_PARTS.items():
            entry[key] = [
                _plain(p) for p in model.objects.filter(case_type=case_type).order_by(order)
            ]
        entry["document_types"] = [
            {**_plain(link), "document_type": _key(link.document_type, "description")}
            for link in case_type.document_type_links.select_related("document_type").order_by(
                "sequence"
            )
        ]
        case_types.append(entry)
    decision_types = [
        {
            **_plain(decision_type),
            "case_types": sorted(_key(c, "identification") for c in decision_type.case_types.all()),
            "document_types": sorted(
                _key(d, "description") for d in decision_type.document_types.all()
            ),
        }
        for decision_type in catalogue.decision_types.order_by("description", "valid_from")
    ]
    return {
        "format": FORMAT,
        "catalogue": _plain(catalogue),
        "document_types": [_plain(d) for d in document_types],
        "case_types": case_types,
        "decision_types": decision_types,
    }


@transaction.atomic
def catalogue_import(data: dict) -> Catalogue:
    """Create the catalogue in the active organisation. Nothing is written on any error."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(f"Dit is geen catalogusbestand (verwacht formaat {FORMAT}).")
    try:
        return _import(data)
    except (KeyError, TypeError, ValueError) as error:
        raise ValidationError(
            f"Het catalogusbestand is onvolledig of beschadigd: {error}"
        ) from error


def _import(data: dict) -> Catalogue:
    """Create every type as a concept, then publish what the file says is published.

    Publishing goes through the publish services, so a file with overlapping or
    incomplete published versions is refused like the admin would refuse it. Every row
    is checked as the admin checks it (``full_clean``, so ``CaseType.clean``): a decision
    or extension term in hours gets the admin's message. A file without
    ``extension_kind`` (older than that field) means a statutory extension (Awb 4:14).
    """
    catalogue = Catalogue(**_from_plain(Catalogue, data["catalogue"]))
    if Catalogue.objects.filter(domain=catalogue.domain).exists():
        raise ValidationError(f"Er is al een catalogus met domein {catalogue.domain}.")
    catalogue.full_clean(exclude=["organisation"])
    catalogue.save()

    document_types = {}
    for entry in data["document_types"]:
        document_type = _create(DocumentType, entry, catalogue=catalogue)
        document_types[tuple(_key(document_type, "description"))] = document_type
        _publish_if(entry, document_type_publish, document_type=document_type)

    case_types = {}
    to_publish = []
    for entry in data["case_types"]:
        case_type = _create(CaseType, entry, catalogue=catalogue)
        case_types[tuple(_key(case_type, "identification"))] = case_type
        for key, (model, _) in CASE_TYPE_PARTS.items():
            for part in entry.get(key, []):  # a file older than a kind of part lacks it
                _create(model, part, case_type=case_type)
        for link in entry["document_types"]:
            _create(
                CaseTypeDocumentType, link, case_type=case_type,
                document_type=document_types[tuple(link["document_type"])],
            )  # fmt: skip
        to_publish.append((entry, case_type))
    # All versions exist before any is published, so a successor in the file finds
    # its predecessor already published and ended.
    for entry, case_type in to_publish:
        _publish_if(entry, case_type_publish, case_type=case_type)

    for entry in data["decision_types"]:
        decision_type = _create(DecisionType, entry, catalogue=catalogue)
        decision_type.case_types.set([case_types[tuple(k)] for k in entry["case_types"]])
        decision_type.document_types.set(
            [document_types[tuple(k)] for k in entry["document_types"]]
        )
        _publish_if(entry, decision_type_publish, decision_type=decision_type)
    return catalogue


def _create(model: type[models.Model], entry: dict, **parents) -> models.Model:
    values = _from_plain(model, entry)
    if issubclass(model, VersionedType):
        values["is_concept"] = True  # published only through the publish services
    instance = model(**values, **parents)
    instance.full_clean(exclude=["organisation", *parents])
    instance.save()
    return instance


def _publish_if(entry: dict, publish, **versioned) -> None:
    if entry.get("is_concept", True):
        return
    (instance,) = versioned.values()
    try:
        publish(**versioned)
    except ValidationError as error:
        what = f"{capfirst(instance._meta.verbose_name)} '{instance}'"
        raise ValidationError(
            f"{what} kan niet worden gepubliceerd: {' '.join(error.messages)}"
        ) from error
