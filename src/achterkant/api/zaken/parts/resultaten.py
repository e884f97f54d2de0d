"""/resultaten: how a zaak ended; one per zaak, through the desk's ``set_result``."""

from django.http import HttpRequest, HttpResponse
from ninja import Schema
from pydantic import ConfigDict

from achterkant.api.framework import json_response
from achterkant.api.pagination import paginate
from achterkant.api.problems import InvalidInput, InvalidParam
from achterkant.api.resources import CATALOGI, ZAKEN
from achterkant.api.zaken.api import api
from achterkant.api.zaken.etag import etag_response
from achterkant.api.zaken.parts import access
from achterkant.api.zaken.parts.lists import url_filter
from achterkant.api.zaken.parts.render import RELATED, render_resultaat
from achterkant.cases.models import Result
from achterkant.cases.services import set_result
from achterkant.cases.services.parts import ResultExists, remove_result
from achterkant.catalog.models import ResultType

FIELDS = {"result_type": "resultaattype", "explanation": "toelichting"}


class ResultaatIn(Schema):
    model_config = ConfigDict(extra="ignore")

    zaak: str
    resultaattype: str
    toelichting: str = ""


class ResultaatPatch(Schema):
    model_config = ConfigDict(extra="ignore")

    zaak: str | None = None
    resultaattype: str | None = None
    toelichting: str | None = None


def _rows():
    return Result.objects.select_related(*RELATED["resultaat"], "case__case_type")


@api.get("/resultaten", url_name="resultaat-list")
def resultaat_list(request: HttpRequest) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    rows = _rows().filter(
        access.visible_cases(request, prefix="case__"),
        url_filter(request, "zaak", ZAKEN, "zaken", "case__uuid"),
        url_filter(request, "resultaattype", CATALOGI, "resultaattypen", "result_type__uuid"),
    )
    rows = rows.order_by("pk")
    return json_response(paginate(request, rows, lambda row: render_resultaat(request, row)))


def _get(request: HttpRequest, uuid: str, scopes) -> Result:
    row = access.get_or_404(_rows(), uuid)
    access.ensure_case_allowed(request, row.case, scopes)
    return row


@api.get("/resultaten/{uuid}", url_name="resultaat-read")
def resultaat_read(request: HttpRequest, uuid: str) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    return etag_response(request, render_resultaat(request, _get(request, uuid, access.READ)))


@api.api_operation(["HEAD"], "/resultaten/{uuid}", url_name="resultaat-head")
def resultaat_head(request: HttpRequest, uuid: str) -> HttpResponse:
    response = resultaat_read(request, uuid)
    response.content = b""
    return response


def _result_type(request: HttpRequest, url: str) -> ResultType:
    return access.catalog_row(
        request, url, "resultaattypen", ResultType.objects.all(), "resultaattype"
    )


@api.post("/resultaten", url_name="resultaat-create")
def resultaat_create(request: HttpRequest, payload: ResultaatIn) -> HttpResponse:
    caller = access.require_any_scope(request, access.WRITE)
    case = access.case_from_url(request, payload.zaak)
    access.ensure_case_allowed(request, case, access.WRITE)
    result_type = _result_type(request, payload.resultaattype)
    if Result.objects.filter(case=case).exists():
        # One result per zaak: a create is refused before anything else (zrc-007e).
        raise InvalidInput([InvalidParam("zaak", "unique", "Deze zaak heeft al een resultaat.")])
    force = access.force_for(request, case)
    code = "zaaktype-mismatch" if result_type.case_type_id != case.case_type_id else "invalid"
    try:
        with access.answered(FIELDS, case_error_code=code):
            result = set_result(
                actor=caller, case=case, result_type=result_type,
                explanation=payload.toelichting, force=force, create_only=True,
            )  # fmt: skip
    except InvalidInput as error:
        if isinstance(error.__cause__, ResultExists):
            raise InvalidInput([InvalidParam("zaak", "unique", str(error.__cause__))]) from error
        raise
    return json_response(render_resultaat(request, _rows().get(pk=result.pk)), status=201)


def _update(request: HttpRequest, row: Result, zaak: str | None, type_url: str | None,
            explanation: str) -> HttpResponse:  # fmt: skip
    caller = request.auth
    if zaak is not None and access.case_from_url(request, zaak).pk != row.case_id:
        raise InvalidInput([InvalidParam("zaak", "wijzigen-niet-toegelaten", "De zaak ligt vast.")])
    if type_url is not None and _result_type(request, type_url).pk != row.result_type_id:
        raise InvalidInput(
            [
                InvalidParam(
                    "resultaattype", "wijzigen-niet-toegelaten", "Het resultaattype ligt vast."
                )
            ]
        )
    force = access.force_for(request, row.case)
    with access.answered(FIELDS):
        set_result(
            actor=caller, case=row.case, result_type=row.result_type,
            explanation=explanation, force=force,
        )  # fmt: skip
    return json_response(render_resultaat(request, _rows().get(pk=row.pk)))


@api.put("/resultaten/{uuid}", url_name="resultaat-update")
def resultaat_update(request: HttpRequest, uuid: str, payload: ResultaatIn) -> HttpResponse:
    access.require_any_scope(request, access.WRITE)
    row = _get(request, uuid, access.WRITE)
    return _update(request, row, payload.zaak, payload.resultaattype, payload.toelichting)


@api.patch("/resultaten/{uuid}", url_name="resultaat-partial-update")
def resultaat_partial_update(
    request: HttpRequest, uuid: str, payload: ResultaatPatch
) -> HttpResponse:
    access.require_any_scope(request, access.WRITE)
    row = _get(request, uuid, access.WRITE)
    explanation = row.explanation if payload.toelichting is None else payload.toelichting
    return _update(request, row, payload.zaak, payload.resultaattype, explanation)


@api.delete("/resultaten/{uuid}", url_name="resultaat-delete")
def resultaat_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    caller = access.require_any_scope(request, access.WRITE)
    row = _get(request, uuid, access.WRITE)
    force = access.force_for(request, row.case)
    with access.answered(FIELDS):
        remove_result(actor=caller, result=row, force=force)
    return HttpResponse(status=204)
