"""/besluiten and /besluitinformatieobjecten: thin adapters over ``cases.services.decisions``.

A besluit made here is the desk's ``Decision``: with a zaak it shows on the case in the
desk and as a zaakbesluit in the Zaken API, and a decision recorded in the desk is a
besluit here. The services check the rules, log and emit the events.
"""

from datetime import date
from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Schema
from pydantic import ConfigDict, Field

from achterkant.api.besluiten import access
from achterkant.api.besluiten.access import BESLUITEN, DOCUMENTEN
from achterkant.api.besluiten.api import api
from achterkant.api.besluiten.render import (
    LINK_RELATED,
    RELATED,
    render_besluit,
    render_besluitinformatieobject,
)
from achterkant.api.framework import json_response
from achterkant.api.pagination import paginate
from achterkant.api.resources import CATALOGI, ZAKEN
from achterkant.api.zaken.etag import etag_response
from achterkant.api.zaken.parts.lists import text_filter, url_filter
from achterkant.cases.models import Decision, DecisionDocument
from achterkant.cases.services.decisions import (
    DecisionData,
    decision_create,
    decision_delete,
    decision_document_add,
    decision_document_remove,
    decision_update,
    log_decision_read,
)

ExpiryReason = Literal["", "tijdelijk", "ingetrokken_overheid", "ingetrokken_belanghebbende"]
# API name -> model field, for the plain values (the URLs are resolved one by one).
_PLAIN = {
    "identificatie": "identification",
    "verantwoordelijkeOrganisatie": "responsible_organisation_rsin",
    "datum": "decided_on",
    "ingangsdatum": "effective_from",
    "vervaldatum": "expires_on",
    "vervalreden": "expiry_reason",
    "toelichting": "explanation",
    "bestuursorgaan": "governing_body",
    "publicatiedatum": "publication_date",
    "verzenddatum": "sent_on",
    "uiterlijkeReactiedatum": "response_deadline",
}
_TEXT = {"identification", "expiry_reason", "explanation", "governing_body"}


class BesluitIn(Schema):
    model_config = ConfigDict(extra="ignore")

    verantwoordelijkeOrganisatie: str = Field(min_length=1, max_length=9)
    besluittype: str = Field(min_length=1, max_length=200)
    datum: date
    ingangsdatum: date
    identificatie: str | None = Field(None, max_length=50)
    zaak: str | None = Field(None, max_length=200)
    toelichting: str | None = None
    bestuursorgaan: str | None = Field(None, max_length=50)
    vervaldatum: date | None = None
    vervalreden: ExpiryReason | None = None
    publicatiedatum: date | None = None
    verzenddatum: date | None = None
    uiterlijkeReactiedatum: date | None = None


class BesluitPatch(Schema):
    model_config = ConfigDict(extra="ignore")

    verantwoordelijkeOrganisatie: str | None = Field(None, min_length=1, max_length=9)
    besluittype: str | None = Field(None, min_length=1, max_length=200)
    datum: date | None = None
    ingangsdatum: date | None = None
    identificatie: str | None = Field(None, max_length=50)
    zaak: str | None = Field(None, max_length=200)
    toelichting: str | None = None
    bestuursorgaan: str | None = Field(None, max_length=50)
    vervaldatum: date | None = None
    vervalreden: ExpiryReason | None = None
    publicatiedatum: date | None = None
    verzenddatum: date | None = None
    uiterlijkeReactiedatum: date | None = None


class BesluitInformatieObjectIn(Schema):
    model_config = ConfigDict(extra="ignore")

    besluit: str = Field(min_length=1, max_length=1000)
    informatieobject: str = Field(min_length=1, max_length=1000)


def _changes(request: HttpRequest, payload: Schema) -> dict:
    """The model values of what ``payload`` sent, the URLs resolved."""
    sent = payload.model_fields_set
    changes = {}
    for api_name, field in _PLAIN.items():
        if api_name in sent:
            value = getattr(payload, api_name)
            changes[field] = "" if value is None and field in _TEXT else value
    for required in ("responsible_organisation_rsin", "decided_on", "effective_from"):
        if required in changes and changes[required] is None:
            name = access.API_NAMES[required]
            raise access.invalid(name, "null", "Dit veld mag niet leeg zijn.")
    if "besluittype" in sent:
        if not payload.besluittype:
            raise access.invalid("besluittype", "null", "Dit veld mag niet leeg zijn.")
        changes["decision_type"] = access.decision_type_from_url(request, payload.besluittype)
    if "zaak" in sent:
        changes["case"] = access.case_from_url(request, payload.zaak) if payload.zaak else None
    return changes


def _rows():
    return Decision.objects.select_related(*RELATED)


def _get(request: HttpRequest, uuid: str, scopes) -> Decision:
    decision = access.get_or_404(_rows(), uuid)
    access.ensure_allowed(request, decision.decision_type, scopes)
    return decision


@api.get("/besluiten", url_name="besluit-list")
def besluit_list(request: HttpRequest) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    rows = _rows().filter(
        access.visible_decisions(request),
        text_filter(request, "identificatie", "identification"),
        text_filter(request, "verantwoordelijkeOrganisatie", "responsible_organisation_rsin"),
        url_filter(request, "besluittype", CATALOGI, "besluittypen", "decision_type__uuid"),
        url_filter(request, "zaak", ZAKEN, "zaken", "case__uuid"),
    )
    rows = rows.order_by("-pk")
    return json_response(paginate(request, rows, lambda row: render_besluit(request, row)))


@api.get("/besluiten/{uuid}", url_name="besluit-read")
def besluit_read(request: HttpRequest, uuid: str) -> HttpResponse:
    caller = access.require_any_scope(request, access.READ)
    decision = _get(request, uuid, access.READ)
    log_decision_read(actor=caller, decision=decision)
    return etag_response(request, render_besluit(request, decision))


@api.api_operation(["HEAD"], "/besluiten/{uuid}", url_name="besluit-head")
def besluit_head(request: HttpRequest, uuid: str) -> HttpResponse:
    response = besluit_read(request, uuid)
    response.content = b""
    return response


def _force(request: HttpRequest) -> bool:
    """A decision of a closed zaak changes only with the Zaken API's
    ``zaken.geforceerd-bijwerken``; the service checks the permission."""
    return access.caller_of(request).has_scope("zrc", "zaken.geforceerd-bijwerken")


@api.post("/besluiten", url_name="besluit-create")
def besluit_create(request: HttpRequest, payload: BesluitIn) -> HttpResponse:
    caller = access.require_any_scope(request, access.CREATE)
    changes = _changes(request, payload)
    decision_type = changes.pop("decision_type")
    access.ensure_allowed(request, decision_type, access.CREATE)
    with access.answered():
        decision = decision_create(
            actor=caller,
            data=DecisionData(decision_type=decision_type, **changes),
            force=_force(request),
        )
    body = render_besluit(request, _rows().get(pk=decision.pk))
    response = json_response(body, status=201)
    response["Location"] = body["url"]
    return response


def _update(request: HttpRequest, uuid: str, payload: Schema, action: str) -> HttpResponse:
    caller = access.require_any_scope(request, access.UPDATE)
    decision = _get(request, uuid, access.UPDATE)
    changes = _changes(request, payload)
    with access.answered():
        decision_update(
            actor=caller, decision=decision, changes=changes, action=action,
            force=_force(request),
        )  # fmt: skip
    return etag_response(request, render_besluit(request, _rows().get(pk=decision.pk)))


@api.put("/besluiten/{uuid}", url_name="besluit-update")
def besluit_update(request: HttpRequest, uuid: str, payload: BesluitIn) -> HttpResponse:
    return _update(request, uuid, payload, "update")


@api.patch("/besluiten/{uuid}", url_name="besluit-partial-update")
def besluit_partial_update(request: HttpRequest, uuid: str, payload: BesluitPatch) -> HttpResponse:
    return _update(request, uuid, payload, "partial_update")


@api.delete("/besluiten/{uuid}", url_name="besluit-delete")
def besluit_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    caller = access.require_any_scope(request, access.DELETE)
    decision = _get(request, uuid, access.DELETE)
    with access.answered():
        decision_delete(actor=caller, decision=decision, force=_force(request))
    return HttpResponse(status=204)


def _links():
    return DecisionDocument.objects.select_related(*LINK_RELATED, "decision__decision_type")


@api.get("/besluitinformatieobjecten", url_name="besluitinformatieobject-list")
def besluitinformatieobject_list(request: HttpRequest) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    rows = _links().filter(
        access.visible_decisions(request, prefix="decision__"),
        url_filter(request, "besluit", BESLUITEN, "besluiten", "decision__uuid"),
        url_filter(
            request, "informatieobject", DOCUMENTEN, "enkelvoudiginformatieobjecten",
            "document__uuid",
        ),
    )  # fmt: skip
    # The standard gives this list without pagination.
    rows = rows.order_by("registered_at", "pk")
    return json_response([render_besluitinformatieobject(request, row) for row in rows])


@api.get("/besluitinformatieobjecten/{uuid}", url_name="besluitinformatieobject-read")
def besluitinformatieobject_read(request: HttpRequest, uuid: str) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    link = access.get_or_404(_links(), uuid)
    access.ensure_allowed(request, link.decision.decision_type, access.READ)
    return etag_response(request, render_besluitinformatieobject(request, link))


@api.api_operation(
    ["HEAD"], "/besluitinformatieobjecten/{uuid}", url_name="besluitinformatieobject-head"
)
def besluitinformatieobject_head(request: HttpRequest, uuid: str) -> HttpResponse:
    response = besluitinformatieobject_read(request, uuid)
    response.content = b""
    return response


@api.post("/besluitinformatieobjecten", url_name="besluitinformatieobject-create")
def besluitinformatieobject_create(
    request: HttpRequest, payload: BesluitInformatieObjectIn
) -> HttpResponse:
    caller = access.require_any_scope(request, access.CREATE)
    decision = access.decision_from_url(request, payload.besluit)
    access.ensure_allowed(request, decision.decision_type, access.CREATE)
    document = access.document_from_url(request, payload.informatieobject)
    with access.answered():
        link = decision_document_add(actor=caller, decision=decision, document=document)
    body = render_besluitinformatieobject(request, _links().get(pk=link.pk))
    response = json_response(body, status=201)
    response["Location"] = body["url"]
    return response


@api.delete("/besluitinformatieobjecten/{uuid}", url_name="besluitinformatieobject-delete")
def besluitinformatieobject_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    caller = access.require_any_scope(request, access.DELETE)
    link = access.get_or_404(_links(), uuid)
    access.ensure_allowed(request, link.decision.decision_type, access.DELETE)
    with access.answered():
        decision_document_remove(actor=caller, link=link)
    return HttpResponse(status=204)
