"""The Catalogi API's queries: each resource's rows with what its renderer reads, filtered.

Rows come from the tenant managers, so only the host's organisation is ever seen; an
object of another organisation is a 404. Each list or read is a fixed number of queries
(one per related list the representation shows), pinned in tests/api/catalogi.
"""

from datetime import date
from uuid import UUID

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest

from achterkant.api.problems import InvalidInput, InvalidParam
from achterkant.api.resources import CATALOGI, local_uuid
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

STATUS_CHOICES = ("alles", "concept", "definitief")


def _ids(model):
    return model.objects.only("uuid")


def _by_uuid(model):
    return model.objects.only("uuid", "case_type_id")


def catalogues() -> QuerySet:
    return Catalogue.objects.prefetch_related(
        Prefetch("case_types", queryset=_ids(CaseType).only("uuid", "catalogue_id")),
        Prefetch("decision_types", queryset=_ids(DecisionType).only("uuid", "catalogue_id")),
        Prefetch("document_types", queryset=_ids(DocumentType).only("uuid", "catalogue_id")),
    ).order_by("pk")


def case_types() -> QuerySet:
    return (
        CaseType.objects.select_related("catalogue")
        .prefetch_related(
            Prefetch("status_types", queryset=_by_uuid(StatusType).order_by("sequence")),
            Prefetch("result_types", queryset=_by_uuid(ResultType).order_by("pk")),
            Prefetch("role_types", queryset=_by_uuid(RoleType).order_by("pk")),
            Prefetch("property_types", queryset=_by_uuid(CasePropertyType).order_by("pk")),
            Prefetch("object_types", queryset=_by_uuid(CaseObjectType).order_by("pk")),
            Prefetch(
                "document_type_links",
                queryset=CaseTypeDocumentType.objects.select_related("document_type").order_by(
                    "sequence"
                ),
            ),
            Prefetch("decision_types", queryset=DecisionType.objects.only("uuid").order_by("pk")),
            Prefetch("sub_case_types", queryset=CaseType.objects.only("uuid").order_by("pk")),
        )
        .order_by("pk")
    )


def document_types() -> QuerySet:
    return (
        DocumentType.objects.select_related("catalogue")
        .prefetch_related(
            Prefetch(
                "case_type_links",
                queryset=CaseTypeDocumentType.objects.select_related("case_type").only(
                    "document_type_id", "case_type__uuid"
                ),
            ),
            Prefetch("decision_types", queryset=DecisionType.objects.only("uuid").order_by("pk")),
        )
        .order_by("pk")
    )


def decision_types() -> QuerySet:
    return (
        DecisionType.objects.select_related("catalogue")
        .prefetch_related(
            Prefetch("case_types", queryset=CaseType.objects.only("uuid").order_by("pk")),
            Prefetch(
                "document_types",
                queryset=DocumentType.objects.only("uuid", "description").order_by("pk"),
            ),
            Prefetch(
                "result_types",
                queryset=ResultType.objects.only("uuid", "description").order_by("pk"),
            ),
        )
        .order_by("pk")
    )


def _parts(model) -> QuerySet:
    return model.objects.select_related("case_type__catalogue").order_by("pk")


def status_types() -> QuerySet:
    last = (
        StatusType.objects.filter(case_type=OuterRef("case_type"))
        .order_by("-sequence")
        .values("sequence")[:1]
    )
    return (
        _parts(StatusType)
        .annotate(last_sequence=Subquery(last))
        .prefetch_related(
            Prefetch("required_property_types", queryset=CasePropertyType.objects.only("uuid"))
        )
        .order_by("case_type_id", "sequence")
    )


def result_types() -> QuerySet:
    return _parts(ResultType).prefetch_related(
        Prefetch("decision_types", queryset=DecisionType.objects.only("uuid", "description")),
        Prefetch("document_types", queryset=DocumentType.objects.only("uuid", "description")),
    )


def role_types() -> QuerySet:
    return _parts(RoleType)


def property_types() -> QuerySet:
    return _parts(CasePropertyType).select_related("status_type")


def document_type_links() -> QuerySet:
    return _parts(CaseTypeDocumentType).select_related("document_type", "status_type")


def object_types() -> QuerySet:
    return _parts(CaseObjectType)


QUERYSETS = {
    "catalogussen": catalogues,
    "zaaktypen": case_types,
    "informatieobjecttypen": document_types,
    "besluittypen": decision_types,
    "statustypen": status_types,
    "resultaattypen": result_types,
    "roltypen": role_types,
    "eigenschappen": property_types,
    "zaaktype-informatieobjecttypen": document_type_links,
    "zaakobjecttypen": object_types,
}


def get(resource: str, uuid: str):
    """One row of the host's organisation by its public uuid; 404 otherwise."""
    try:
        key = UUID(str(uuid))
    except ValueError:  # not a uuid: no such object
        raise Http404 from None
    row = QUERYSETS[resource]().filter(uuid=key).first()
    if row is None:
        raise Http404
    return row


# -- filters ---------------------------------------------------------------------------


def _bad(name: str, reason: str) -> InvalidInput:
    return InvalidInput([InvalidParam(name, "invalid", reason)])


def query_date(request: HttpRequest, *names: str) -> date | None:
    for name in names:
        raw = request.GET.get(name)
        if raw:
            try:
                return date.fromisoformat(raw)
            except ValueError as error:
                raise _bad(name, "Geef een datum als JJJJ-MM-DD.") from error
    return None


def query_ref(request: HttpRequest, name: str, resource: str):
    """The uuid in a URL filter; ``False`` for a URL that names nothing of ours."""
    raw = request.GET.get(name)
    if not raw:
        return None
    uuid = local_uuid(request, raw, CATALOGI, resource)
    if uuid is None:
        if not raw.startswith(("http://", "https://")):
            raise _bad(name, "Geef een geldige URL.")
        return False
    return uuid


def filter_status(request: HttpRequest, rows: QuerySet, prefix: str = "") -> QuerySet:
    status = request.GET.get("status") or "definitief"
    if status not in STATUS_CHOICES:
        raise InvalidInput(
            [InvalidParam("status", "invalid_choice", f"Kies uit {STATUS_CHOICES}.")]
        )
    if status == "alles":
        return rows
    return rows.filter(**{f"{prefix}is_concept": status == "concept"})


def filter_valid_on(rows: QuerySet, day: date | None, prefix: str = "") -> QuerySet:
    if day is None:
        return rows
    return rows.filter(**{f"{prefix}valid_from__lte": day}).filter(
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day})
    )


def filter_ref(request: HttpRequest, rows: QuerySet, name: str, resource: str, field: str):
    uuid = query_ref(request, name, resource)
    if uuid is None:
        return rows
    if uuid is False:
        return rows.none()
    return rows.filter(**{f"{field}__uuid": uuid})


def filter_parts(request: HttpRequest, rows: QuerySet) -> QuerySet:
    """The filters every case type part shares: its case type, by URL or identification,
    and the case type's status and validity."""
    rows = filter_ref(request, rows, "zaaktype", "zaaktypen", "case_type")
    identification = request.GET.get("zaaktypeIdentificatie") or request.GET.get(
        "zaaktype_identificatie"
    )
    if identification:
        rows = rows.filter(case_type__identification=identification)
    rows = filter_status(request, rows, "case_type__")
    day = query_date(request, "datumGeldigheid", "datum_geldigheid")
    return filter_valid_on(rows, day, "case_type__")
