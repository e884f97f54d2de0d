"""/zaken/{zaak_uuid}/zaakeigenschappen: a zaak's property values, through ``set_property``."""

from django.http import HttpRequest, HttpResponse
from ninja import Schema
from pydantic import ConfigDict

from achterkant.api.framework import json_response
from achterkant.api.problems import InvalidInput, InvalidParam
from achterkant.api.zaken.api import api
from achterkant.api.zaken.etag import etag_response
from achterkant.api.zaken.parts import access
from achterkant.api.zaken.parts.render import RELATED, render_zaakeigenschap
from achterkant.cases.models import CaseProperty
from achterkant.cases.services import set_property
from achterkant.cases.services.parts import remove_property
from achterkant.catalog.models import CasePropertyType

FIELDS = {"property_type": "eigenschap", "value": "waarde"}
PATH = "/zaken/{zaak_uuid}/zaakeigenschappen"


class ZaakEigenschapIn(Schema):
    model_config = ConfigDict(extra="ignore")

    zaak: str | None = None
    eigenschap: str
    waarde: str


class ZaakEigenschapPatch(Schema):
    model_config = ConfigDict(extra="ignore")

    zaak: str | None = None
    eigenschap: str | None = None
    waarde: str | None = None


def _rows(case):
    return CaseProperty.objects.select_related(*RELATED["zaakeigenschap"]).filter(case=case)


def _case(request: HttpRequest, zaak_uuid: str, scopes):
    case = access.case_by_uuid(zaak_uuid)
    access.ensure_case_allowed(request, case, scopes)
    return case


@api.get(PATH, url_name="zaakeigenschap-list")
def zaakeigenschap_list(request: HttpRequest, zaak_uuid: str) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    case = _case(request, zaak_uuid, access.READ)
    rows = list(_rows(case).order_by("pk"))
    # The standard gives this list without pagination.
    return json_response([render_zaakeigenschap(request, row) for row in rows])


@api.get(PATH + "/{uuid}", url_name="zaakeigenschap-read")
def zaakeigenschap_read(request: HttpRequest, zaak_uuid: str, uuid: str) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    case = _case(request, zaak_uuid, access.READ)
    return etag_response(
        request, render_zaakeigenschap(request, access.get_or_404(_rows(case), uuid))
    )


@api.api_operation(["HEAD"], PATH + "/{uuid}", url_name="zaakeigenschap-head")
def zaakeigenschap_head(request: HttpRequest, zaak_uuid: str, uuid: str) -> HttpResponse:
    response = zaakeigenschap_read(request, zaak_uuid, uuid)
    response.content = b""
    return response


def _check_zaak(request: HttpRequest, case, url: str | None) -> None:
    if url and access.case_from_url(request, url).pk != case.pk:
        raise InvalidInput([InvalidParam("zaak", "invalid", "Dit is niet de zaak van de URL.")])


def _save(request: HttpRequest, case, property_type, value: str, status: int) -> HttpResponse:
    force = access.force_for(request, case)
    code = "zaaktype-mismatch" if property_type.case_type_id != case.case_type_id else "invalid"
    with access.answered(FIELDS, case_error_code=code):
        prop = set_property(
            actor=request.auth, case=case, property_type=property_type, value=value, force=force
        )
    return json_response(render_zaakeigenschap(request, _rows(case).get(pk=prop.pk)), status=status)


@api.post(PATH, url_name="zaakeigenschap-create")
def zaakeigenschap_create(
    request: HttpRequest, zaak_uuid: str, payload: ZaakEigenschapIn
) -> HttpResponse:
    access.require_any_scope(request, access.WRITE)
    case = _case(request, zaak_uuid, access.WRITE)
    _check_zaak(request, case, payload.zaak)
    property_type = access.catalog_row(
        request, payload.eigenschap, "eigenschappen", CasePropertyType.objects.all(), "eigenschap"
    )
    return _save(request, case, property_type, payload.waarde, 201)


def _update(request, zaak_uuid, uuid, zaak, eigenschap, waarde) -> HttpResponse:
    access.require_any_scope(request, access.WRITE)
    case = _case(request, zaak_uuid, access.WRITE)
    row = access.get_or_404(_rows(case), uuid)
    _check_zaak(request, case, zaak)
    if eigenschap is not None:
        given = access.catalog_row(
            request, eigenschap, "eigenschappen", CasePropertyType.objects.all(), "eigenschap"
        )
        if given.pk != row.property_type_id:
            raise InvalidInput([InvalidParam(
                "eigenschap", "wijzigen-niet-toegelaten", "Alleen de waarde mag wijzigen."
            )])  # fmt: skip
    value = row.value if waarde is None else waarde
    return _save(request, case, row.property_type, value, 200)


@api.put(PATH + "/{uuid}", url_name="zaakeigenschap-update")
def zaakeigenschap_update(
    request: HttpRequest, zaak_uuid: str, uuid: str, payload: ZaakEigenschapIn
) -> HttpResponse:
    return _update(request, zaak_uuid, uuid, payload.zaak, payload.eigenschap, payload.waarde)


@api.patch(PATH + "/{uuid}", url_name="zaakeigenschap-partial-update")
def zaakeigenschap_partial_update(
    request: HttpRequest, zaak_uuid: str, uuid: str, payload: ZaakEigenschapPatch
) -> HttpResponse:
    return _update(request, zaak_uuid, uuid, payload.zaak, payload.eigenschap, payload.waarde)


@api.delete(PATH + "/{uuid}", url_name="zaakeigenschap-delete")
def zaakeigenschap_delete(request: HttpRequest, zaak_uuid: str, uuid: str) -> HttpResponse:
    caller = access.require_any_scope(request, access.WRITE)
    case = _case(request, zaak_uuid, access.WRITE)
    row = access.get_or_404(_rows(case), uuid)
    force = access.force_for(request, case)
    with access.answered(FIELDS):
        remove_property(actor=caller, prop=row, force=force)
    return HttpResponse(status=204)
