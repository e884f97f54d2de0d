"""A case's own fields (ZGW ZAAK): the rules when a system or the API changes them.

The desk changes a case through its own services (status, result, clock); what is left
are the registration fields a client of the Zaken API may set: the description, the
payment, the archive fields, the geometry, the related cases. One function checks them
(:func:`clean_case_details`), used both when a case is registered with them
(``lifecycle.register_case``) and when it is changed (:func:`update_case_details`).

Errors are ``ValidationError`` per model field with the standard's code (``betaling-nvt``,
``archiefnominatie-not-set``, ...), so an API can answer with the code the ZGW suite
expects and a screen can show the message.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.models import Case, CaseRelation
from achterkant.cases.services.common import authorize, emit_case_event, lock_case
from achterkant.cases.sla import refresh_promise
from achterkant.identity.actors import NotPermitted, as_actor

# Fields a client may set on a case, by model name. The dates the Awb clock computes
# (latest_end_date, planned_end_date) and the end date (from the end status) are not here.
EDITABLE = frozenset({
    "number", "source_organisation_rsin", "responsible_organisation_rsin", "description",
    "explanation", "registered_on", "start_date", "publication_date", "channel",
    "channel_url", "products_or_services", "confidentiality", "payment_indication",
    "last_payment_date", "geometry", "selection_list_class", "main_case", "references",
    "archive_nomination", "archive_status", "archive_action_date", "retention_start_date",
    "commissioning_organisation", "process_object_nature", "process_object",
})  # fmt: skip
# Set once, when the case is registered (ZGW: identificatie and bronorganisatie).
IMMUTABLE = ("number", "source_organisation_rsin")


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _positions(geometry) -> Iterable[tuple[float, float]]:
    """Every (x, y) of a GeoJSON geometry, at any nesting depth."""
    if geometry.get("type") == "GeometryCollection":
        for part in geometry.get("geometries") or ():
            yield from _positions(part)
        return
    stack = [geometry.get("coordinates")]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)) and item and isinstance(item[0], (int, float)):
            yield float(item[0]), float(item[1])
        elif isinstance(item, (list, tuple)):
            stack.extend(item)


def geometry_bbox(geometry: dict | None) -> dict:
    """The bounding-box columns for ``geometry`` (all None without one)."""
    names = ("geometry_min_x", "geometry_min_y", "geometry_max_x", "geometry_max_y")
    if not geometry:
        return dict.fromkeys(names)
    try:
        points = list(_positions(geometry))
    except (TypeError, IndexError, ValueError, AttributeError) as error:
        raise _error("geometry", "Dit is geen geldige GeoJSON-geometrie.", "invalid") from error
    if not points:
        raise _error("geometry", "Deze geometrie heeft geen coördinaten.", "invalid")
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return dict(zip(names, (min(xs), min(ys), max(xs), max(ys)), strict=True))


def clean_case_details(case: Case, changes: dict) -> dict:
    """The values to write for ``changes`` to ``case`` (a new, unsaved one too), checked
    against the rules that join fields; derived values (the geometry's box) added."""
    unknown = set(changes) - EDITABLE - {"relations"}
    if unknown:
        raise ValueError(f"Not a case detail: {sorted(unknown)}")
    values = dict(changes)

    def current(name):
        return values[name] if name in values else getattr(case, name)

    # Betalingsindicatie "nvt": no payment, so no payment date.
    if current("payment_indication") == Case.PaymentIndication.NOT_APPLICABLE:
        if values.get("last_payment_date"):
            raise _error(
                "last_payment_date",
                "Bij betalingsindicatie 'nvt' hoort geen laatste betaaldatum.",
                "betaling-nvt",
            )
        values["last_payment_date"] = None
    # Archived means: nomination and action date known.
    if current("archive_status") not in ("", Case.ArchiveStatus.PENDING):
        if not current("archive_nomination"):
            raise _error(
                "archive_nomination",
                "Vul de archiefnominatie in voordat de zaak gearchiveerd wordt.",
                "archiefnominatie-not-set",
            )
        if not current("archive_action_date"):
            raise _error(
                "archive_action_date",
                "Vul de archiefactiedatum in voordat de zaak gearchiveerd wordt.",
                "archiefactiedatum-not-set",
            )
    products = values.get("products_or_services")
    if products and not set(products) <= set(case.case_type.products_or_services or ()):
        raise _error(
            "products_or_services",
            "Deze producten of diensten horen niet bij het zaaktype.",
            "invalid-products-services",
        )
    main_case = values.get("main_case")
    if main_case is not None:
        if case.pk is not None and main_case.pk == case.pk:
            raise _error(
                "main_case", "Een zaak kan geen deelzaak van zichzelf zijn.", "self-forbidden"
            )
        if main_case.main_case_id is not None:
            raise _error(
                "main_case", "Een deelzaak kan zelf geen hoofdzaak zijn.", "deelzaak-als-hoofdzaak"
            )
    if "geometry" in values:
        values.update(geometry_bbox(values["geometry"]))
    for name in ("registered_on", "start_date"):
        if name in values and values[name] is None:
            values[name] = timezone.localdate()
    return values


def _set_relations(case: Case, relations: list[tuple[Case, str]]) -> None:
    CaseRelation.objects.filter(case=case).delete()
    CaseRelation.objects.bulk_create(
        CaseRelation(organisation_id=case.organisation_id, case=case, other=other, nature=nature)
        for other, nature in dict(
            (other.pk, (other, nature)) for other, nature in relations
        ).values()
    )


def apply_case_details(case: Case, values: dict) -> None:
    """Store checked values (from :func:`clean_case_details`) on a saved case."""
    relations = values.pop("relations", None)
    for name, value in values.items():
        setattr(case, name, value)
    if values:
        case.save(update_fields=list(values))
    if relations is not None:
        _set_relations(case, relations)


@transaction.atomic
def update_case_details(*, actor, case: Case, changes: dict) -> Case:
    """Change a case's own fields (``EDITABLE``); ``relations`` replaces the related cases.

    Needs ``cases.change_case``; a closed case also ``cases.force_update_case`` (ZGW
    zaken.geforceerd-bijwerken). Identification and source organisation never change.
    A new start date moves the Awb clock, recomputed here as on every channel.
    """
    actor = authorize(actor, "cases.change_case", case=case)
    case = lock_case(case)
    if case.is_closed and not as_actor(actor).has_perm("cases.force_update_case"):
        raise NotPermitted(
            f"Zaak {case.number} is afgesloten. Wijzigen mag alleen met geforceerd bijwerken."
        )
    for name in IMMUTABLE:
        if name in changes and changes[name] and changes[name] != getattr(case, name):
            raise _error(
                name, "Dit gegeven kan niet meer worden gewijzigd.", "wijzigen-niet-toegelaten"
            )
    changes = {k: v for k, v in changes.items() if k not in IMMUTABLE}
    values = clean_case_details(case, changes)
    moves_clock = "start_date" in values and values["start_date"] != case.start_date
    apply_case_details(case, values)
    if moves_clock:
        refresh_promise(case)
    processing_log_record(
        actor=actor,
        action=Action.UPDATE,
        bsns=[case.initiator_bsn],
        purpose=Purpose.CASE_HANDLING,
        object_type="zaak",
        object_id=case.number,
    )
    emit_case_event(actor=actor, case=case, action="partial_update")
    return case


@transaction.atomic
def delete_case(*, actor, case: Case) -> None:
    """Remove a case with everything that hangs from it (ZGW zaken.verwijderen).

    Its sub-cases stay, as cases of their own; relations from other cases to it go.
    Decisions are legal facts: a case with decisions cannot be deleted.
    """
    actor = authorize(
        actor, "cases.delete_case", case=case, message="U mag geen zaken verwijderen."
    )
    case = lock_case(case)
    if case.decisions.exists():
        raise _error(
            "case", "Deze zaak heeft besluiten en kan niet worden verwijderd.", "pending-besluiten"
        )
    Case.objects.filter(main_case=case).update(main_case=None)
    CaseRelation.objects.filter(other=case).delete()
    documents = list(case.documents.all())
    for document in documents:
        # The stored file goes only once the removal has committed.
        transaction.on_commit(lambda f=document.file: f.delete(save=False))
    case.documents.all().delete()
    Case.objects.filter(pk=case.pk).update(current_status=None)
    processing_log_record(
        actor=actor,
        # The log knows no "removed" yet (audit.Action); a removal changes the record.
        action=Action.UPDATE,
        bsns=[case.initiator_bsn],
        purpose=Purpose.CASE_HANDLING,
        object_type="zaak",
        object_id=case.number,
    )
    emit_case_event(actor=actor, case=case, action="destroy")
    case.delete()
