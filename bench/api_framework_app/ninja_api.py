"""Candidate 2: Django Ninja (Pydantic v2).

``/ninja/…`` is Ninja as usually written: a Schema over model instances (attribute aliases
and resolvers), validated and serialised by Pydantic. ``/ninja-lean/…`` is the design's
habit: the hand-written ``.values()`` query, dicts in ZGW names, the same response Schema.
``/ninja-lean/capped`` and ``/ninja-lean/nocount`` are the count variants of the lean one.
"""

from datetime import date

from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Query, Schema

from achterkant.cases.models import Case

from . import common


class Zaak(Schema):
    url: str
    identificatie: str
    bronorganisatie: str
    omschrijving: str
    zaaktype: str
    registratiedatum: date
    verantwoordelijkeOrganisatie: str  # noqa: N815 - ZGW field name
    startdatum: date
    einddatum: date | None
    einddatumGepland: date | None  # noqa: N815
    uiterlijkeEinddatumAfdoening: date | None  # noqa: N815
    communicatiekanaal: str
    vertrouwelijkheidaanduiding: str
    betalingsindicatie: str
    status: str | None
    archiefstatus: str


class ZaakFromModel(Schema):
    """The same fields, read from a Case instance (Ninja's usual ModelSchema-like style)."""

    url: str
    identificatie: str = Field(alias="number")
    bronorganisatie: str
    omschrijving: str = Field(alias="description")
    zaaktype: str
    registratiedatum: date = Field(alias="registered_on")
    verantwoordelijkeOrganisatie: str = Field(alias="responsible_organisation_rsin")  # noqa: N815
    startdatum: date = Field(alias="start_date")
    einddatum: date | None = Field(alias="end_date")
    einddatumGepland: date | None = Field(alias="planned_end_date")  # noqa: N815
    uiterlijkeEinddatumAfdoening: date | None = Field(alias="latest_end_date")  # noqa: N815
    communicatiekanaal: str = Field(alias="channel")
    vertrouwelijkheidaanduiding: str = Field(alias="confidentiality")
    betalingsindicatie: str = Field(alias="payment_indication")
    status: str | None
    archiefstatus: str = Field(alias="archive_status")

    @staticmethod
    def resolve_url(case: Case, context: dict) -> str:
        return f"{context['request'].bench_base}/zaken/api/v1/zaken/{case.number}"

    @staticmethod
    def resolve_bronorganisatie(case: Case, context: dict) -> str:
        return context["request"].organisation.rsin

    @staticmethod
    def resolve_zaaktype(case: Case, context: dict) -> str:
        return f"{context['request'].bench_base}/catalogi/api/v1/zaaktypen/{case.case_type_id}"

    @staticmethod
    def resolve_status(case: Case, context: dict) -> str | None:
        if case.current_status_id is None:
            return None
        return f"{context['request'].bench_base}/zaken/api/v1/statussen/{case.current_status_id}"


class PaginatedZaakList(Schema):
    count: int | None  # None only in the count-free variant, which the standard does not allow
    next: str | None
    previous: str | None
    results: list[Zaak]


class PaginatedZaakFromModelList(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ZaakFromModel]


api = NinjaAPI(urls_namespace="bench-ninja", docs_url=None, openapi_url=None)
PATH = "/zaken/api/v1/zaken"
BSN = Query(None, alias=common.BSN_PARAM)


@api.get(f"/ninja{PATH}", response=PaginatedZaakFromModelList, by_alias=False)
def list_zaken(request: HttpRequest, bsn: str | None = BSN) -> dict:
    # The resolvers read the base URL from the response context: computed once here.
    request.bench_base = common.base_url(request)
    rows, envelope = common.paged(request, common.cases(bsn), "exact")
    return {**envelope, "results": rows}


def _lean(request: HttpRequest, bsn: str | None, count_mode: str) -> dict:
    return common.lean_envelope(request, bsn, count_mode)


@api.get(f"/ninja-lean{PATH}", response=PaginatedZaakList)
def list_zaken_lean(request: HttpRequest, bsn: str | None = BSN) -> dict:
    return _lean(request, bsn, "exact")


@api.get(f"/ninja-lean/capped{PATH}", response=PaginatedZaakList)
def list_zaken_capped(request: HttpRequest, bsn: str | None = BSN) -> dict:
    return _lean(request, bsn, "capped")


@api.get(f"/ninja-lean/nocount{PATH}", response=PaginatedZaakList)
def list_zaken_nocount(request: HttpRequest, bsn: str | None = BSN) -> dict:
    return _lean(request, bsn, "none")


@api.get(f"/ninja-fast{PATH}")
def list_zaken_fast(request: HttpRequest, bsn: str | None = BSN) -> HttpResponse:
    # Ninja parses and validates the query parameters; the answer skips Pydantic validation
    # and Ninja's renderer (json.dumps) and is written by pydantic-core directly.
    return common.json_response(common.lean_envelope(request, bsn))
