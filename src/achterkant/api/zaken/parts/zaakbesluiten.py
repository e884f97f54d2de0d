"""/zaken/{zaak_uuid}/besluiten: a zaak's decisions as links to their besluiten.

A zaak's decisions are the desk's rows (``Decision``), made through its services.
"""

from django.http import HttpRequest, HttpResponse

from achterkant.api.framework import json_response
from achterkant.api.zaken.api import api
from achterkant.api.zaken.parts import access
from achterkant.api.zaken.parts.render import RELATED, render_zaakbesluit
from achterkant.cases.models import Decision


def _decisions(request: HttpRequest, zaak_uuid: str):
    case = access.case_by_uuid(zaak_uuid)
    access.ensure_case_allowed(request, case, access.READ)
    return Decision.objects.select_related(*RELATED["zaakbesluit"]).filter(case=case)


@api.get("/zaken/{zaak_uuid}/besluiten", url_name="zaakbesluit-list")
def zaakbesluit_list(request: HttpRequest, zaak_uuid: str) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    rows = _decisions(request, zaak_uuid).order_by("pk")
    return json_response([render_zaakbesluit(request, row) for row in rows])


@api.get("/zaken/{zaak_uuid}/besluiten/{uuid}", url_name="zaakbesluit-read")
def zaakbesluit_read(request: HttpRequest, zaak_uuid: str, uuid: str) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    row = access.get_or_404(_decisions(request, zaak_uuid), uuid)
    return json_response(render_zaakbesluit(request, row))
