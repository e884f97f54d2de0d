"""/enkelvoudiginformatieobjecten: thin adapters over ``cases.services.informationobjects``.

A document is the desk's ``Document``: what a client creates here, the desk shows once it
is linked to a case, and every file added on the desk is an informatieobject here.
"""

from datetime import timedelta

from django.db import connection
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from achterkant.api.documenten import access
from achterkant.api.documenten.api import api
from achterkant.api.documenten.expand import expand
from achterkant.api.documenten.render import render_eio
from achterkant.api.documenten.schemas import (
    EIO_NAMES,
    EIO_REQUIRED,
    eio_input,
    invalid,
    json_body,
)
from achterkant.api.framework import json_response
from achterkant.api.pagination import paginate
from achterkant.api.problems import NotFound
from achterkant.api.zaken.etag import etag_response
from achterkant.api.zaken.parts.access import answered
from achterkant.cases.models import Document, DocumentVersion
from achterkant.cases.services import informationobjects as service


def _filters(params) -> Q:
    query = Q()
    if params.get("identificatie"):
        query &= Q(identification=params["identificatie"])
    if params.get("bronorganisatie"):
        query &= Q(source_organisation=params["bronorganisatie"])
    words = params.get("trefwoorden")
    if words:
        words = words if isinstance(words, list) else str(words).split(",")
        for word in filter(None, (w.strip() for w in words)):
            query &= _has_keyword(word)
    return query


def _has_keyword(word: str) -> Q:
    """Documents with ``word`` among their trefwoorden. PostgreSQL looks in the JSON list;
    SQLite (tests, the demo) knows no JSON containment, so the list is read there."""
    if connection.vendor == "postgresql":
        return Q(keywords__contains=[word])
    rows = Document.objects.exclude(keywords=[]).values_list("pk", "keywords")
    return Q(pk__in=[pk for pk, words in rows if isinstance(words, list) and word in words])


def _list(request: HttpRequest, query: Q, raw_expand=None) -> HttpResponse:
    rows = (
        access.documents()
        .filter(access.visible_documents(request), query)
        .prefetch_related("parts")
        .order_by("uploaded_at", "pk")
    )
    page = paginate(
        request, rows, lambda row: render_eio(request, row, parts=list(row.parts.all()))
    )
    expand(request, page["results"], raw_expand)
    return json_response(page)


@api.get("/enkelvoudiginformatieobjecten", url_name="eio-list")
def eio_list(request: HttpRequest) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    words = request.GET.getlist("trefwoorden")
    params = {**request.GET.dict(), "trefwoorden": ",".join(words)}
    return _list(request, _filters(params), request.GET.get("expand"))


@api.post("/enkelvoudiginformatieobjecten/_zoek", url_name="eio-zoek")
def eio_search(request: HttpRequest) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    body = json_body(request)
    uuids = body.get("uuid__in", body.get("uuid_In"))
    if not isinstance(uuids, list):
        raise invalid("uuid__in", "required", "Geef een lijst van uuid's.")
    valid = []
    for value in uuids:
        try:
            from uuid import UUID

            valid.append(UUID(str(value)))
        except ValueError as error:
            raise invalid("uuid__in", "invalid", f"{value} is geen uuid.") from error
    return _list(request, Q(uuid__in=valid), body.get("expand"))


@api.post("/enkelvoudiginformatieobjecten", url_name="eio-create")
def eio_create(request: HttpRequest) -> HttpResponse:
    caller = access.require_any_scope(request, access.CREATE)
    body = json_body(request)
    if body.get("lock"):
        raise invalid("lock", "invalid", "Een nieuw document heeft nog geen lock.")
    changes, upload, size, _lock = eio_input(request, body, required=EIO_REQUIRED)
    probe = Document(
        document_type=changes["document_type"],
        confidentiality=changes.get("confidentiality") or changes["document_type"].confidentiality,
    )
    access.ensure_document_allowed(request, probe, access.CREATE)
    with answered(EIO_NAMES):
        document = service.document_create(actor=caller, data=changes, upload=upload, size=size)
    body = render_eio(request, document)
    if document.lock:
        # Created for an upload in parts: the client needs the lock id to send them.
        body["lock"] = document.lock
    response = json_response(body, status=201)
    response["Location"] = body["url"]
    return response


def _get(request: HttpRequest, uuid: str, scopes) -> Document:
    document = access.get_or_404(access.documents(), uuid)
    access.ensure_document_allowed(request, document, scopes)
    return document


def _version_of(request: HttpRequest, document: Document) -> Document:
    """The document as ``?versie=`` or ``?registratieOp=`` asks; as it is without them."""
    number = request.GET.get("versie")
    moment = request.GET.get("registratieOp")
    versions = DocumentVersion.objects.filter(document=document)
    if number not in (None, ""):
        if not str(number).isdigit():
            raise invalid("versie", "invalid", "Geef een versienummer.")
        version = versions.filter(number=int(number)).first()
    elif moment not in (None, ""):
        when = parse_datetime(moment)
        if when is None:
            raise invalid("registratieOp", "invalid", "Geef een datum en tijd (ISO 8601).")
        if timezone.is_naive(when):
            when = timezone.make_aware(when)
        # Shown times are cut to milliseconds: the shown time of a version finds it.
        when += timedelta(milliseconds=1)
        version = versions.filter(registered_at__lt=when).order_by("-number").first()
    else:
        return document
    if version is None:
        raise NotFound("Deze versie bestaat niet.")
    if version.number == document.version:
        return document
    past = service.as_of_version(document, version)
    past.document_type = (
        document.document_type if past.document_type_id == document.document_type_id else None
    )
    if past.document_type is None and past.document_type_id:
        from achterkant.catalog.models import DocumentType

        past.document_type = DocumentType.objects.filter(pk=past.document_type_id).first()
    return past


@api.get("/enkelvoudiginformatieobjecten/{uuid}", url_name="eio-read")
def eio_read(request: HttpRequest, uuid: str) -> HttpResponse:
    caller = access.require_any_scope(request, access.READ)
    document = _get(request, uuid, access.READ)
    service.log_document_read(actor=caller, document=document)
    shown = _version_of(request, document)
    parts = list(document.parts.all()) if shown is document else []
    body = render_eio(request, shown, parts=parts)
    expand(request, [body], request.GET.get("expand"))
    return etag_response(request, body)


@api.api_operation(["HEAD"], "/enkelvoudiginformatieobjecten/{uuid}", url_name="eio-head")
def eio_head(request: HttpRequest, uuid: str) -> HttpResponse:
    response = eio_read(request, uuid)
    response.content = b""
    return response


def _update(request: HttpRequest, uuid: str, *, partial: bool) -> HttpResponse:
    caller = access.require_any_scope(request, access.WRITE)
    document = _get(request, uuid, access.WRITE)
    body = json_body(request)
    required = () if partial else (*EIO_REQUIRED, "lock")
    changes, upload, size, lock = eio_input(request, body, required=required)
    if "document_type" in changes or "confidentiality" in changes:
        probe = Document(
            document_type=changes.get("document_type", document.document_type),
            confidentiality=changes.get("confidentiality") or document.confidentiality,
        )
        access.ensure_document_allowed(request, probe, access.WRITE)
    with answered(EIO_NAMES):
        document = service.document_update(
            actor=caller,
            document=document,
            changes=changes,
            lock=lock,
            upload=upload,
            size=size,
            partial=partial,
        )
    return etag_response(request, render_eio(request, document))


@api.put("/enkelvoudiginformatieobjecten/{uuid}", url_name="eio-update")
def eio_update(request: HttpRequest, uuid: str) -> HttpResponse:
    return _update(request, uuid, partial=False)


@api.patch("/enkelvoudiginformatieobjecten/{uuid}", url_name="eio-partial-update")
def eio_partial_update(request: HttpRequest, uuid: str) -> HttpResponse:
    return _update(request, uuid, partial=True)


@api.delete("/enkelvoudiginformatieobjecten/{uuid}", url_name="eio-delete")
def eio_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    caller = access.require_any_scope(request, access.DELETE)
    document = _get(request, uuid, access.DELETE)
    with answered(EIO_NAMES):
        service.document_delete(actor=caller, document=document)
    return HttpResponse(status=204)


@api.get("/enkelvoudiginformatieobjecten/{uuid}/download", url_name="eio-download")
def eio_download(request: HttpRequest, uuid: str) -> HttpResponse:
    """The file, streamed from storage in chunks (never read whole into memory)."""
    caller = access.require_any_scope(request, access.READ)
    document = _get(request, uuid, access.READ)
    service.log_document_read(actor=caller, document=document)
    shown = _version_of(request, document)
    if not shown.file:
        raise NotFound("Dit informatieobject heeft (nog) geen inhoud.")
    response = FileResponse(
        shown.file.open("rb"),
        as_attachment=True,
        filename=shown.file_name or f"{document.identification}",
        content_type=shown.content_type or "application/octet-stream",
    )
    # As the desk's downloads: never rendered by a browser as a page of ours.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@api.post(
    "/enkelvoudiginformatieobjecten/{uuid}/lock", url_name="eio-lock", auth=access.BodylessJwt()
)
def eio_lock(request: HttpRequest, uuid: str) -> HttpResponse:
    caller = access.require_any_scope(request, access.LOCK)
    document = _get(request, uuid, access.LOCK)
    with answered(EIO_NAMES):
        lock = service.document_lock(actor=caller, document=document)
    return json_response({"lock": lock})


@api.post(
    "/enkelvoudiginformatieobjecten/{uuid}/unlock",
    url_name="eio-unlock",
    auth=access.BodylessJwt(),
)
def eio_unlock(request: HttpRequest, uuid: str) -> HttpResponse:
    caller = access.require_any_scope(request, (access.LOCK, access.FORCE_UNLOCK))
    document = _get(request, uuid, (access.LOCK, access.FORCE_UNLOCK))
    body = json_body(request) if request.body.strip() else {}
    with answered(EIO_NAMES):
        service.document_unlock(actor=caller, document=document, lock=body.get("lock"))
    return HttpResponse(status=204)
