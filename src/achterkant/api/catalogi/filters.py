"""The list filters of each Catalogi API resource (the OAS's query parameters)."""

from django.db.models import QuerySet
from django.http import HttpRequest

from achterkant.api.catalogi.selectors import (
    filter_parts,
    filter_ref,
    filter_status,
    filter_valid_on,
    query_date,
)
from achterkant.api.problems import InvalidInput, InvalidParam


def _csv(request: HttpRequest, name: str) -> list[str]:
    return [v.strip() for v in request.GET.get(name, "").split(",") if v.strip()]


def catalogussen(request: HttpRequest, rows: QuerySet) -> QuerySet:
    if request.GET.get("domein"):
        rows = rows.filter(domain=request.GET["domein"])
    if _csv(request, "domein__in"):
        rows = rows.filter(domain__in=_csv(request, "domein__in"))
    if request.GET.get("rsin"):
        rows = rows.filter(rsin=request.GET["rsin"])
    if _csv(request, "rsin__in"):
        rows = rows.filter(rsin__in=_csv(request, "rsin__in"))
    return rows


def _versioned(request: HttpRequest, rows: QuerySet) -> QuerySet:
    rows = filter_ref(request, rows, "catalogus", "catalogussen", "catalogue")
    rows = filter_status(request, rows)
    return filter_valid_on(rows, query_date(request, "datumGeldigheid"))


def zaaktypen(request: HttpRequest, rows: QuerySet) -> QuerySet:
    rows = _versioned(request, rows)
    if request.GET.get("identificatie"):
        rows = rows.filter(identification=request.GET["identificatie"])
    for word in _csv(request, "trefwoorden"):
        # JSON containment is not on SQLite; the list is short, a text match per word is
        # exact enough for quoted JSON strings.
        rows = rows.filter(keywords__icontains=f'"{word}"')
    return rows


def informatieobjecttypen(request: HttpRequest, rows: QuerySet) -> QuerySet:
    rows = _versioned(request, rows)
    if request.GET.get("omschrijving"):
        rows = rows.filter(description=request.GET["omschrijving"])
    return rows


def besluittypen(request: HttpRequest, rows: QuerySet) -> QuerySet:
    rows = _versioned(request, rows)
    rows = filter_ref(request, rows, "zaaktypen", "zaaktypen", "case_types")
    rows = filter_ref(
        request, rows, "informatieobjecttypen", "informatieobjecttypen", "document_types"
    )
    if request.GET.get("omschrijving"):
        rows = rows.filter(description=request.GET["omschrijving"])
    return rows.distinct()


def parts(request: HttpRequest, rows: QuerySet) -> QuerySet:
    return filter_parts(request, rows)


def roltypen(request: HttpRequest, rows: QuerySet) -> QuerySet:
    rows = filter_parts(request, rows)
    if request.GET.get("omschrijvingGeneriek"):
        rows = rows.filter(generic_description=request.GET["omschrijvingGeneriek"])
    return rows


def zaaktype_informatieobjecttypen(request: HttpRequest, rows: QuerySet) -> QuerySet:
    rows = filter_ref(request, rows, "zaaktype", "zaaktypen", "case_type")
    wanted = request.GET.get("informatieobjecttype")
    if wanted:
        by_url = filter_ref(request, rows, "informatieobjecttype", "informatieobjecttypen",
                            "document_type") if wanted.startswith("http") else None  # fmt: skip
        rows = by_url if by_url is not None else rows.filter(document_type__description=wanted)
    richting = request.GET.get("richting")
    if richting:
        if richting not in ("inkomend", "intern", "uitgaand"):
            raise InvalidInput([InvalidParam("richting", "invalid_choice", "Onbekende richting.")])
        rows = rows.filter(direction=richting)
    status = request.GET.get("status") or "definitief"
    if status == "concept":
        # A link is a concept while one of its sides is.
        return rows.filter(case_type__is_concept=True) | rows.filter(document_type__is_concept=True)
    if status == "definitief":
        return rows.filter(case_type__is_concept=False, document_type__is_concept=False)
    return filter_status(request, rows)  # "alles", or a wrong value: the 400


def zaakobjecttypen(request: HttpRequest, rows: QuerySet) -> QuerySet:
    rows = filter_ref(request, rows, "zaaktype", "zaaktypen", "case_type")
    rows = filter_ref(request, rows, "catalogus", "catalogussen", "case_type__catalogue")
    if request.GET.get("zaaktypeIdentificatie"):
        rows = rows.filter(case_type__identification=request.GET["zaaktypeIdentificatie"])
    if request.GET.get("anderObjecttype") in ("true", "false"):
        rows = rows.filter(other_object_type=request.GET["anderObjecttype"] == "true")
    if request.GET.get("objecttype"):
        rows = rows.filter(object_type=request.GET["objecttype"])
    if request.GET.get("relatieOmschrijving"):
        rows = rows.filter(relation_description=request.GET["relatieOmschrijving"])
    begin = query_date(request, "datumBeginGeldigheid")
    if begin:
        rows = rows.filter(valid_from=begin)
    end = query_date(request, "datumEindeGeldigheid")
    if end:
        rows = rows.filter(valid_until=end)
    return filter_valid_on(rows, query_date(request, "datumGeldigheid"))
