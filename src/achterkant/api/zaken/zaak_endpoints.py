"""The ``zaken`` resource of the Zaken API 1.5: a thin adapter over the case services.

An API client is a channel like the phone or the e-loket: ``POST /zaken`` opens the case
through ``cases.services.open_case``, so it is routed, gets its Awb clock and norm, and
is logged as on every other channel. Changes go through ``cases.services.details``.
"""

import json

from django.http import HttpRequest, HttpResponse

from achterkant.api.framework import json_response
from achterkant.api.pagination import paginate
from achterkant.api.problems import InvalidInput, InvalidParam
from achterkant.api.zaken import expand as expansion
from achterkant.api.zaken import geo
from achterkant.api.zaken.api import api
from achterkant.api.zaken.etag import etag_response
from achterkant.api.zaken.parts.access import (
    FORCE,
    READ,
    answered,
    ensure_case_allowed,
    force_for,
    require_any_scope,
)
from achterkant.api.zaken.render import RELATION, references_of, zaak_out, zaken_out
from achterkant.api.zaken.zaak_schemas import (
    API_NAMES,
    ZaakIn,
    ZaakPatch,
    changes_from,
    resolve_zaaktype,
)
from achterkant.api.zaken.zaak_selectors import (
    BSN_FILTER,
    published_case_type,
    zaak_get,
    zaken_for,
)
from achterkant.cases.models import Case
from achterkant.cases.selectors import log_case_read, log_case_search, sole_product_for
from achterkant.cases.services import open_case
from achterkant.cases.services.details import delete_case, update_case_details
from achterkant.catalog.models import Channel

CREATE = "zaken.aanmaken"
UPDATE = "zaken.bijwerken"
DELETE = "zaken.verwijderen"
# What a search body holds besides the filters.
_SEARCH_EXTRA = {"zaakgeometrie", "expand"}


def _detail(request: HttpRequest, case: Case) -> dict:
    """A zaak read with ``zaak_get(..., references=True)``."""
    return zaak_out(request, case, references_of(case))


def _list_response(request: HttpRequest, cases, params: dict, expand=None) -> HttpResponse:
    page = paginate(request, cases, lambda row: row)
    rows = page["results"]
    page["results"] = zaken_out(request, rows)
    expansion.expand(request, page["results"], expand)
    if params.get(BSN_FILTER):
        log_case_search(request.auth, str(params[BSN_FILTER]))
    return geo.with_crs(json_response(page))


@api.get("/zaken", url_name="zaak-list")
def zaak_list(request: HttpRequest) -> HttpResponse:
    require_any_scope(request, READ)
    geo.check_crs(request)
    params = dict(request.GET.items())
    params.pop("page", None)
    expand = params.pop("expand", None)
    return _list_response(request, zaken_for(request, params), params, expand)


@api.post("/zaken/_zoek", url_name="zaak-zoek")
def zaak_search(request: HttpRequest) -> HttpResponse:
    require_any_scope(request, READ)
    geo.check_crs(request)
    try:
        body = json.loads(request.body or b"{}")
    except ValueError as error:
        raise InvalidInput([InvalidParam("nonFieldErrors", "parse_error", str(error))]) from error
    if not isinstance(body, dict):
        raise InvalidInput([InvalidParam("nonFieldErrors", "invalid", "Stuur een object.")])
    params = {k: v for k, v in body.items() if k not in _SEARCH_EXTRA}
    cases = zaken_for(request, params)
    area = (body.get("zaakgeometrie") or {}).get("within")
    if area:
        cases = geo.within(cases, area)
    return _list_response(request, cases, params, body.get("expand"))


@api.get("/zaken/{uuid}", url_name="zaak-read")
def zaak_read(request: HttpRequest, uuid: str) -> HttpResponse:
    require_any_scope(request, READ)
    geo.check_crs(request)
    case = zaak_get(request, uuid, references=True)
    ensure_case_allowed(request, case, READ)
    body = _detail(request, case)
    expansion.expand(request, [body], request.GET.get("expand"))
    log_case_read(request.auth, case)
    return geo.with_crs(etag_response(request, body))


@api.api_operation(["HEAD"], "/zaken/{uuid}", url_name="zaak-head")
def zaak_head(request: HttpRequest, uuid: str) -> HttpResponse:
    response = zaak_read(request, uuid)
    response.content = b""
    return response


@api.post("/zaken", url_name="zaak-create")
def zaak_create(request: HttpRequest, payload: ZaakIn) -> HttpResponse:
    caller = require_any_scope(request, CREATE)
    geo.check_crs(request)
    case_type = published_case_type(request, payload.zaaktype) or resolve_zaaktype(
        request, payload.zaaktype
    )
    confidentiality = payload.vertrouwelijkheidaanduiding or case_type.confidentiality
    ensure_case_allowed(request, Case(case_type=case_type, confidentiality=confidentiality), CREATE)
    geo.check_geometry(payload.zaakgeometrie)
    changes = changes_from(request, payload)
    start_date = changes.pop("start_date")
    with answered(API_NAMES):
        case = open_case(
            actor=caller,
            case_type_identification=case_type.identification,
            case_type=case_type,
            product=sole_product_for(case_type.identification),
            channel=Channel.API,
            start_date=start_date,
            description=changes.pop("description", ""),
            explanation=changes.pop("explanation", ""),
            details=changes,
        )
    body = zaak_out(request, _as_read(case), _new_references(case, changes))
    response = geo.with_crs(json_response(body, status=201))
    response["Location"] = body["url"]
    return response


def _as_read(case: Case) -> Case:
    """A case just registered, with the annotations ``zaak_selectors.zaken()`` adds, so it
    is shown without reading it again."""
    case.status_uuid = case.current_status.uuid if case.current_status else None
    case.result_uuid = None
    case.main_case_uuid = case.main_case.uuid if case.main_case else None
    return case


def _new_references(case: Case, changes: dict) -> dict:
    """A new case lists nothing yet but the related zaken it was registered with."""
    relations = [(other.uuid, "", nature) for other, nature in changes.get("relations") or ()]
    return {RELATION: relations} if relations else {}


def _update(request: HttpRequest, uuid: str, payload) -> HttpResponse:
    caller = require_any_scope(request, (UPDATE, FORCE))
    geo.check_crs(request)
    case = zaak_get(request, uuid)
    ensure_case_allowed(request, case, (UPDATE, FORCE))
    force_for(request, case)
    sent_type = payload.zaaktype if "zaaktype" in payload.model_fields_set else None
    if sent_type and resolve_zaaktype(request, sent_type).pk != case.case_type_id:
        raise InvalidInput(
            [InvalidParam("zaaktype", "wijzigen-niet-toegelaten", "Het zaaktype ligt vast.")]
        )
    geo.check_geometry(payload.zaakgeometrie)
    changes = changes_from(request, payload)
    with answered(API_NAMES):
        update_case_details(actor=caller, case=case, changes=changes)
    return geo.with_crs(
        etag_response(request, _detail(request, zaak_get(request, uuid, references=True)))
    )


@api.put("/zaken/{uuid}", url_name="zaak-update")
def zaak_update(request: HttpRequest, uuid: str, payload: ZaakIn) -> HttpResponse:
    return _update(request, uuid, payload)


@api.patch("/zaken/{uuid}", url_name="zaak-partial-update")
def zaak_partial_update(request: HttpRequest, uuid: str, payload: ZaakPatch) -> HttpResponse:
    return _update(request, uuid, payload)


@api.delete("/zaken/{uuid}", url_name="zaak-delete")
def zaak_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    caller = require_any_scope(request, DELETE)
    case = zaak_get(request, uuid)
    ensure_case_allowed(request, case, DELETE)
    with answered(API_NAMES):
        delete_case(actor=caller, case=case)
    return HttpResponse(status=204)
