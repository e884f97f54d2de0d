"""/zaakinformatieobjecten: a zaak's documents as links to their informatieobjecten.

A zaak's documents are the desk's rows (``Document``), made through its services.
"""

from django.http import HttpRequest, HttpResponse

from achterkant.api.framework import json_response
from achterkant.api.resources import ZAKEN
from achterkant.api.zaken.api import api
from achterkant.api.zaken.etag import etag_response
from achterkant.api.zaken.parts import access
from achterkant.api.zaken.parts.lists import url_filter
from achterkant.api.zaken.parts.render import DOCUMENTEN, RELATED, render_zaakinformatieobject
from achterkant.cases.models import Document


def _documents():
    return Document.objects.select_related(*RELATED["zaakinformatieobject"], "case__case_type")


@api.get("/zaakinformatieobjecten", url_name="zaakinformatieobject-list")
def zaakinformatieobject_list(request: HttpRequest) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    rows = _documents().filter(
        access.visible_cases(request, prefix="case__"),
        url_filter(request, "zaak", ZAKEN, "zaken", "case__uuid"),
        url_filter(
            request, "informatieobject", DOCUMENTEN, "enkelvoudiginformatieobjecten", "uuid"
        ),
    )
    # The standard gives this list without pagination.
    rows = rows.order_by("uploaded_at", "pk")
    return json_response([render_zaakinformatieobject(request, row) for row in rows])


@api.get("/zaakinformatieobjecten/{uuid}", url_name="zaakinformatieobject-read")
def zaakinformatieobject_read(request: HttpRequest, uuid: str) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    row = access.get_or_404(_documents(), uuid)
    access.ensure_case_allowed(request, row.case, access.READ)
    return etag_response(request, render_zaakinformatieobject(request, row))


@api.api_operation(["HEAD"], "/zaakinformatieobjecten/{uuid}", url_name="zaakinformatieobject-head")
def zaakinformatieobject_head(request: HttpRequest, uuid: str) -> HttpResponse:
    response = zaakinformatieobject_read(request, uuid)
    response.content = b""
    return response
