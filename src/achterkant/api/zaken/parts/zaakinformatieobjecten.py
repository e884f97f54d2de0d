"""/zaakinformatieobjecten: a zaak's documents as links to their informatieobjecten.

A link is a ``CaseDocument``, made and changed through ``cases.services.informationobjects``
(the desk's uploads make one too, with the document's uuid). The informatieobject must be
one of this host's Documenten API; its informatieobjecttype must be one the zaaktype uses
(``missing-zaaktype-informatieobjecttype-relation``), as the standard asks.
"""

from django.http import HttpRequest, HttpResponse

from achterkant.api.framework import json_response
from achterkant.api.problems import InvalidInput, InvalidParam
from achterkant.api.resources import ZAKEN, local_uuid
from achterkant.api.zaken.api import api
from achterkant.api.zaken.etag import etag_response
from achterkant.api.zaken.parts import access
from achterkant.api.zaken.parts.lists import url_filter
from achterkant.api.zaken.parts.render import DOCUMENTEN, RELATED, render_zaakinformatieobject
from achterkant.cases.models import CaseDocument, Document
from achterkant.cases.services import case_documents

# The API names of the link's fields, for a service's refusal.
_NAMES = {"title": "titel", "description": "beschrijving", "destruction_date": "vernietigingsdatum"}


def _links():
    return CaseDocument.objects.select_related(*RELATED["zaakinformatieobject"], "case__case_type")


def _invalid(name: str, code: str, reason: str) -> InvalidInput:
    return InvalidInput([InvalidParam(name, code, reason)])


@api.get("/zaakinformatieobjecten", url_name="zaakinformatieobject-list")
def zaakinformatieobject_list(request: HttpRequest) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    rows = _links().filter(
        access.visible_cases(request, prefix="case__"),
        url_filter(request, "zaak", ZAKEN, "zaken", "case__uuid"),
        url_filter(
            request, "informatieobject", DOCUMENTEN, "enkelvoudiginformatieobjecten",
            "document__uuid",
        ),
    )  # fmt: skip
    # The standard gives this list without pagination.
    rows = rows.order_by("registered_at", "pk")
    return json_response([render_zaakinformatieobject(request, row) for row in rows])


@api.get("/zaakinformatieobjecten/{uuid}", url_name="zaakinformatieobject-read")
def zaakinformatieobject_read(request: HttpRequest, uuid: str) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    row = access.get_or_404(_links(), uuid)
    access.ensure_case_allowed(request, row.case, access.READ)
    return etag_response(request, render_zaakinformatieobject(request, row))


@api.api_operation(["HEAD"], "/zaakinformatieobjecten/{uuid}", url_name="zaakinformatieobject-head")
def zaakinformatieobject_head(request: HttpRequest, uuid: str) -> HttpResponse:
    response = zaakinformatieobject_read(request, uuid)
    response.content = b""
    return response


def _body(request: HttpRequest) -> dict:
    from achterkant.api.documenten.schemas import json_body

    return json_body(request)


def _document(request: HttpRequest, url) -> Document:
    uuid = (
        local_uuid(request, url, DOCUMENTEN, "enkelvoudiginformatieobjecten")
        if isinstance(url, str)
        else None
    )
    document = (
        Document.objects.select_related("document_type").filter(uuid=uuid).first() if uuid else None
    )
    if document is None:
        raise access.bad_url("informatieobject")
    return document


def _changes(body: dict) -> dict:
    from achterkant.api.documenten.schemas import dated

    changes = {}
    for name, field, limit in (("titel", "title", 200), ("beschrijving", "description", 1000)):
        if name in body:
            value = body[name] or ""
            if not isinstance(value, str):
                raise _invalid(name, "invalid", "Geef een tekst.")
            if len(value) > limit:
                raise _invalid(name, "max_length", f"Hooguit {limit} tekens.")
            changes[field] = value
    if "vernietigingsdatum" in body:
        raw = body["vernietigingsdatum"]
        changes["destruction_date"] = dated("vernietigingsdatum", raw, "datetime") if raw else None
    if "status" in body:
        changes["status_url"] = body["status"] or ""
    return changes


def _check_type(case, document: Document) -> None:
    """The zaaktype must use the informatieobjecttype (by omschrijving, any version)."""
    document_type = document.document_type
    if document_type is None:
        return
    if not case.case_type.document_type_links.filter(
        document_type__catalogue_id=document_type.catalogue_id,
        document_type__description=document_type.description,
    ).exists():
        raise _invalid(
            "nonFieldErrors",
            "missing-zaaktype-informatieobjecttype-relation",
            "Het informatieobjecttype hoort niet bij het zaaktype van de zaak.",
        )


@api.post("/zaakinformatieobjecten", url_name="zaakinformatieobject-create")
def zaakinformatieobject_create(request: HttpRequest) -> HttpResponse:
    caller = access.require_any_scope(request, access.WRITE_OR_CREATE)
    body = _body(request)
    missing = [n for n in ("zaak", "informatieobject") if body.get(n) in (None, "")]
    if missing:
        raise InvalidInput([InvalidParam(n, "required", "Dit veld is vereist.") for n in missing])
    case = access.case_from_url(request, body["zaak"])
    access.ensure_case_allowed(request, case, access.WRITE_OR_CREATE)
    force = access.force_for(request, case)
    document = _document(request, body["informatieobject"])
    _check_type(case, document)
    changes = _changes(body)
    with access.answered(_NAMES, case_error_code="invalid"):
        link = case_documents.case_document_create(
            actor=caller, case=case, document=document, data=changes, force=force
        )
    result = render_zaakinformatieobject(request, link)
    response = json_response(result, status=201)
    response["Location"] = result["url"]
    return response


def _update(request: HttpRequest, uuid: str, *, partial: bool) -> HttpResponse:
    caller = access.require_any_scope(request, access.WRITE)
    link = access.get_or_404(_links(), uuid)
    access.ensure_case_allowed(request, link.case, access.WRITE)
    force = access.force_for(request, link.case)
    body = _body(request)
    if not partial:
        missing = [n for n in ("zaak", "informatieobject") if body.get(n) in (None, "")]
        if missing:
            raise InvalidInput(
                [InvalidParam(n, "required", "Dit veld is vereist.") for n in missing]
            )
    current = render_zaakinformatieobject(request, link)
    for name in ("zaak", "informatieobject"):
        if name in body and body[name] != current[name]:
            raise _invalid(name, "wijzigen-niet-toegelaten", f"De {name} ligt vast.")
    with access.answered(_NAMES):
        link = case_documents.case_document_update(
            actor=caller, link=link, changes=_changes(body), partial=partial, force=force
        )
    return etag_response(request, render_zaakinformatieobject(request, link))


@api.put("/zaakinformatieobjecten/{uuid}", url_name="zaakinformatieobject-update")
def zaakinformatieobject_update(request: HttpRequest, uuid: str) -> HttpResponse:
    return _update(request, uuid, partial=False)


@api.patch("/zaakinformatieobjecten/{uuid}", url_name="zaakinformatieobject-partial-update")
def zaakinformatieobject_partial_update(request: HttpRequest, uuid: str) -> HttpResponse:
    return _update(request, uuid, partial=True)


@api.delete("/zaakinformatieobjecten/{uuid}", url_name="zaakinformatieobject-delete")
def zaakinformatieobject_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    caller = access.require_any_scope(request, access.WRITE)
    link = access.get_or_404(_links(), uuid)
    access.ensure_case_allowed(request, link.case, access.WRITE)
    force = access.force_for(request, link.case)
    with access.answered(_NAMES):
        case_documents.case_document_delete(actor=caller, link=link, force=force)
    return HttpResponse(status=204)
