"""/klantcontacten: contact moments recorded on a zaak (deprecated in the standard, kept
for clients that still send them). Read and create only, as the standard has it."""

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Schema
from pydantic import ConfigDict

from achterkant.api.framework import json_response
from achterkant.api.pagination import paginate
from achterkant.api.resources import ZAKEN
from achterkant.api.zaken.api import api
from achterkant.api.zaken.parts import access
from achterkant.api.zaken.parts.lists import url_filter
from achterkant.api.zaken.parts.render import RELATED, render_klantcontact
from achterkant.cases.models.parts import CaseContactMoment
from achterkant.cases.services.parts import add_contact_moment

FIELDS = {
    "identification": "identificatie", "occurred_at": "datumtijd", "channel": "kanaal",
    "subject": "onderwerp", "explanation": "toelichting",
}  # fmt: skip


class KlantContactIn(Schema):
    model_config = ConfigDict(extra="ignore")

    zaak: str
    datumtijd: datetime
    identificatie: str | None = ""
    kanaal: str | None = ""
    onderwerp: str | None = ""
    toelichting: str | None = ""


def _rows():
    return CaseContactMoment.objects.select_related(*RELATED["klantcontact"], "case__case_type")


@api.get("/klantcontacten", url_name="klantcontact-list")
def klantcontact_list(request: HttpRequest) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    rows = _rows().filter(
        access.visible_cases(request, prefix="case__"),
        url_filter(request, "zaak", ZAKEN, "zaken", "case__uuid"),
    )
    rows = rows.order_by("occurred_at", "pk")
    return json_response(paginate(request, rows, lambda row: render_klantcontact(request, row)))


@api.get("/klantcontacten/{uuid}", url_name="klantcontact-read")
def klantcontact_read(request: HttpRequest, uuid: str) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    row = access.get_or_404(_rows(), uuid)
    access.ensure_case_allowed(request, row.case, access.READ)
    return json_response(render_klantcontact(request, row))


@api.post("/klantcontacten", url_name="klantcontact-create")
def klantcontact_create(request: HttpRequest, payload: KlantContactIn) -> HttpResponse:
    caller = access.require_any_scope(request, access.WRITE)
    case = access.case_from_url(request, payload.zaak)
    access.ensure_case_allowed(request, case, access.WRITE)
    force = access.force_for(request, case)
    with access.answered(FIELDS):
        row = add_contact_moment(
            actor=caller, case=case, occurred_at=payload.datumtijd,
            identification=payload.identificatie or "", channel=payload.kanaal or "",
            subject=payload.onderwerp or "", explanation=payload.toelichting or "", force=force,
        )  # fmt: skip
    return json_response(render_klantcontact(request, _rows().get(pk=row.pk)), status=201)
