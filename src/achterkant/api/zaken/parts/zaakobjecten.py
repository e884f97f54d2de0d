"""/zaakobjecten: what a zaak is about (a building, an address, a decision...)."""

from django.http import HttpRequest, HttpResponse
from ninja import Schema
from pydantic import ConfigDict

from achterkant.api.framework import json_response
from achterkant.api.pagination import paginate
from achterkant.api.problems import InvalidInput, InvalidParam
from achterkant.api.resources import ZAKEN
from achterkant.api.zaken.api import api
from achterkant.api.zaken.etag import etag_response
from achterkant.api.zaken.parts import access
from achterkant.api.zaken.parts.lists import text_filter, url_filter
from achterkant.api.zaken.parts.render import RELATED, render_zaakobject
from achterkant.cases.models.parts import CaseObject
from achterkant.cases.services.parts import (
    add_case_object,
    change_case_object,
    remove_case_object,
)

FIELDS = {
    "object_type": "objectType", "object_url": "object", "object": "object",
    "object_type_other": "objectTypeOverige",
    "object_type_other_definition": "objectTypeOverigeDefinitie",
    "relation_description": "relatieomschrijving", "object_identification": "objectIdentificatie",
    "object_type_url": "zaakobjecttype",
}  # fmt: skip


class ZaakObjectIn(Schema):
    model_config = ConfigDict(extra="ignore")

    zaak: str
    objectType: str
    object: str | None = ""
    zaakobjecttype: str | None = ""
    objectTypeOverige: str | None = ""
    objectTypeOverigeDefinitie: dict | None = None
    relatieomschrijving: str | None = ""
    objectIdentificatie: dict | None = None


class ZaakObjectPatch(Schema):
    model_config = ConfigDict(extra="ignore")

    zaak: str | None = None
    objectType: str | None = None
    object: str | None = None
    relatieomschrijving: str | None = None
    objectIdentificatie: dict | None = None


def _rows():
    return CaseObject.objects.select_related(*RELATED["zaakobject"], "case__case_type")


@api.get("/zaakobjecten", url_name="zaakobject-list")
def zaakobject_list(request: HttpRequest) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    rows = _rows().filter(
        access.visible_cases(request, prefix="case__"),
        url_filter(request, "zaak", ZAKEN, "zaken", "case__uuid"),
        text_filter(request, "object", "object_url"),
        text_filter(request, "objectType", "object_type"),
    )
    rows = rows.order_by("pk")
    return json_response(paginate(request, rows, lambda row: render_zaakobject(request, row)))


def _get(request: HttpRequest, uuid: str, scopes) -> CaseObject:
    row = access.get_or_404(_rows(), uuid)
    access.ensure_case_allowed(request, row.case, scopes)
    return row


@api.get("/zaakobjecten/{uuid}", url_name="zaakobject-read")
def zaakobject_read(request: HttpRequest, uuid: str) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    return etag_response(request, render_zaakobject(request, _get(request, uuid, access.READ)))


@api.api_operation(["HEAD"], "/zaakobjecten/{uuid}", url_name="zaakobject-head")
def zaakobject_head(request: HttpRequest, uuid: str) -> HttpResponse:
    response = zaakobject_read(request, uuid)
    response.content = b""
    return response


@api.post("/zaakobjecten", url_name="zaakobject-create")
def zaakobject_create(request: HttpRequest, payload: ZaakObjectIn) -> HttpResponse:
    caller = access.require_any_scope(request, access.WRITE_OR_CREATE)
    case = access.case_from_url(request, payload.zaak)
    access.ensure_case_allowed(request, case, access.WRITE_OR_CREATE)
    force = access.force_for(request, case)
    with access.answered(FIELDS):
        row = add_case_object(
            actor=caller, case=case, object_type=payload.objectType,
            object_url=payload.object or "", identification=payload.objectIdentificatie,
            object_type_other=payload.objectTypeOverige or "",
            object_type_other_definition=payload.objectTypeOverigeDefinitie,
            relation_description=payload.relatieomschrijving or "",
            object_type_url=payload.zaakobjecttype or "", force=force,
        )  # fmt: skip
    return json_response(render_zaakobject(request, _rows().get(pk=row.pk)), status=201)


def _fixed(name: str, label: str) -> InvalidInput:
    return InvalidInput([InvalidParam(name, "wijzigen-niet-toegelaten", f"{label} ligt vast.")])


def _update(request: HttpRequest, uuid: str, payload, partial: bool) -> HttpResponse:
    caller = access.require_any_scope(request, access.WRITE)
    row = _get(request, uuid, access.WRITE)
    # The zaak, the object and its type are what the link is; only its details change.
    if payload.zaak is not None and access.case_from_url(request, payload.zaak).pk != row.case_id:
        raise _fixed("zaak", "De zaak")
    if payload.objectType is not None and payload.objectType != row.object_type:
        raise _fixed("objectType", "Het objecttype")
    if payload.object is not None and (payload.object or "") != row.object_url:
        raise _fixed("object", "Het object")
    given = payload.model_fields_set
    identification = payload.objectIdentificatie
    if partial and "objectIdentificatie" not in given:
        identification = row.object_identification
    description = payload.relatieomschrijving
    if description is None:
        description = row.relation_description if partial else ""
    force = access.force_for(request, row.case)
    with access.answered(FIELDS):
        change_case_object(
            actor=caller, case_object=row, identification=identification,
            relation_description=description, force=force,
        )  # fmt: skip
    return json_response(render_zaakobject(request, _rows().get(pk=row.pk)))


@api.put("/zaakobjecten/{uuid}", url_name="zaakobject-update")
def zaakobject_update(request: HttpRequest, uuid: str, payload: ZaakObjectIn) -> HttpResponse:
    return _update(request, uuid, payload, partial=False)


@api.patch("/zaakobjecten/{uuid}", url_name="zaakobject-partial-update")
def zaakobject_partial_update(
    request: HttpRequest, uuid: str, payload: ZaakObjectPatch
) -> HttpResponse:
    return _update(request, uuid, payload, partial=True)


@api.delete("/zaakobjecten/{uuid}", url_name="zaakobject-delete")
def zaakobject_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    caller = access.require_any_scope(request, access.WRITE)
    row = _get(request, uuid, access.WRITE)
    force = access.force_for(request, row.case)
    with access.answered(FIELDS):
        remove_case_object(actor=caller, case_object=row, force=force)
    return HttpResponse(status=204)
