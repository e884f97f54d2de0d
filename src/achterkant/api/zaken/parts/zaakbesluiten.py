"""/zaken/{zaak_uuid}/besluiten: a zaak's decisions as links to their besluiten.

A zaakbesluit is no row of its own: it is the decision (``Decision``) whose ``case`` is
this zaak, so it exists exactly while the besluit names the zaak, whether the desk or the
Besluiten API made it, and its uuid is the besluit's. The Besluiten API keeps the link
(``zaak`` of the besluit); the POST and DELETE here, meant for a Besluiten API that
synchronises, answer as the reference implementation does for a besluit of its own:

* POST with a besluit of this host that names this zaak: the existing zaakbesluit, 201;
  one that does not name it: 400 ``inconsistent-relation``;
* DELETE while the besluit still names the zaak: 400 ``inconsistent-relation`` (change
  the besluit's ``zaak`` in the Besluiten API instead).

A besluit of another Besluiten API cannot be linked (``bad-url``): its decisions are not
kept here.
"""

from django.http import HttpRequest, HttpResponse
from ninja import Schema
from pydantic import ConfigDict, Field

from achterkant.api.framework import json_response
from achterkant.api.problems import InvalidInput, InvalidParam
from achterkant.api.resources import local_uuid
from achterkant.api.zaken.api import api
from achterkant.api.zaken.parts import access
from achterkant.api.zaken.parts.render import BESLUITEN, RELATED, render_zaakbesluit
from achterkant.cases.models import Decision

INCONSISTENT = "inconsistent-relation"


class ZaakBesluitIn(Schema):
    model_config = ConfigDict(extra="ignore")

    besluit: str = Field(min_length=1, max_length=1000)


def _decisions(request: HttpRequest, zaak_uuid: str, scopes=access.READ):
    case = access.case_by_uuid(zaak_uuid)
    access.ensure_case_allowed(request, case, scopes)
    return case, Decision.objects.select_related(*RELATED["zaakbesluit"]).filter(case=case)


@api.get("/zaken/{zaak_uuid}/besluiten", url_name="zaakbesluit-list")
def zaakbesluit_list(request: HttpRequest, zaak_uuid: str) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    _case, rows = _decisions(request, zaak_uuid)
    return json_response([render_zaakbesluit(request, row) for row in rows.order_by("pk")])


@api.get("/zaken/{zaak_uuid}/besluiten/{uuid}", url_name="zaakbesluit-read")
def zaakbesluit_read(request: HttpRequest, zaak_uuid: str, uuid: str) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    _case, rows = _decisions(request, zaak_uuid)
    return json_response(render_zaakbesluit(request, access.get_or_404(rows, uuid)))


def _inconsistent(message: str) -> InvalidInput:
    return InvalidInput([InvalidParam("nonFieldErrors", INCONSISTENT, message)])


@api.post("/zaken/{zaak_uuid}/besluiten", url_name="zaakbesluit-create")
def zaakbesluit_create(
    request: HttpRequest, zaak_uuid: str, payload: ZaakBesluitIn
) -> HttpResponse:
    access.require_any_scope(request, access.WRITE)
    case, rows = _decisions(request, zaak_uuid, access.WRITE)
    access.force_for(request, case)
    uuid = local_uuid(request, payload.besluit, BESLUITEN, "besluiten")
    if uuid is None or not Decision.objects.filter(uuid=uuid).exists():
        raise access.bad_url(
            "besluit", "De URL verwijst niet naar een besluit van deze organisatie."
        )
    row = rows.filter(uuid=uuid).first()
    if row is None:
        raise _inconsistent(
            "Dit besluit hoort niet bij deze zaak; leg de zaak vast bij het besluit "
            "(Besluiten API)."
        )
    response = json_response(render_zaakbesluit(request, row), status=201)
    response["Location"] = render_zaakbesluit(request, row)["url"]
    return response


@api.delete("/zaken/{zaak_uuid}/besluiten/{uuid}", url_name="zaakbesluit-delete")
def zaakbesluit_delete(request: HttpRequest, zaak_uuid: str, uuid: str) -> HttpResponse:
    access.require_any_scope(request, access.WRITE)
    case, rows = _decisions(request, zaak_uuid, access.WRITE)
    access.force_for(request, case)
    access.get_or_404(rows, uuid)
    # The zaakbesluit is the besluit's zaak: it exists exactly while the besluit names
    # this zaak, so there is never a relation to delete here.
    raise _inconsistent(
        "Het besluit verwijst nog naar deze zaak. Verbreek die relatie eerst in de Besluiten API."
    )
