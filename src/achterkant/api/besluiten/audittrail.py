"""The audit trail of a besluit (``/besluiten/{uuid}/audittrail``), from its domain events.

Every change of a decision and its besluitinformatieobjecten, on any channel (desk or
API), records a domain event on the kanaal ``besluiten`` with the decision's uuid as
hoofdobject and who did it; the trail shows those, as the Zaken API's does
(``api.zaken.audittrail``). The trail goes with the besluit: once it is deleted, the
trail answers 404. ``wijzigingen`` (old and new body) are not kept.
"""

import uuid as uuid_module

from django.http import HttpRequest, HttpResponse

from achterkant.api.besluiten import access
from achterkant.api.besluiten.api import api
from achterkant.api.besluiten.render import besluit_url
from achterkant.api.framework import json_response
from achterkant.api.problems import NotFound
from achterkant.api.resources import resource_url
from achterkant.cases.models import Decision
from achterkant.cases.services.decisions import CHANNEL
from achterkant.notify.models import DomainEvent

_NAMESPACE = uuid_module.UUID("0b7e4c52-3f0a-4f7e-8f4e-5f2d0c6b9a31")
_ACTIONS = {
    "create": "Object aangemaakt",
    "list": "Lijst van objecten opgehaald",
    "retrieve": "Object opgehaald",
    "destroy": "Object verwijderd",
    "update": "Object bijgewerkt",
    "partial_update": "Object deels bijgewerkt",
}
_STATUS = {"create": 201, "destroy": 204}
# The trail may be read with either scope: the OAS names audittrails.lezen, and a client
# that may read the besluit may read its history.
_SCOPES = (access.AUDIT, access.READ)


def _resource_url(request: HttpRequest, event: DomainEvent, main: str) -> str:
    if event.resource == "besluitinformatieobject" and event.resource_reference:
        return resource_url(
            request, access.BESLUITEN, "besluitinformatieobjecten", event.resource_reference
        )
    return main


def _trail(request: HttpRequest, decision: Decision) -> list[dict]:
    main = besluit_url(request, decision)
    events = DomainEvent.objects.filter(
        channel=CHANNEL, main_reference=str(decision.uuid)
    ).order_by("created_at", "pk")
    trail = []
    for event in events:
        application, _, user = event.actor_label.partition(", namens ")
        trail.append({
            "uuid": str(uuid_module.uuid5(_NAMESPACE, f"{event.organisation_id}:{event.pk}")),
            "bron": "brc",
            "applicatieId": "",
            "applicatieWeergave": application[:200],
            "gebruikersId": "",
            "gebruikersWeergave": user[:255],
            "actie": event.action,
            "actieWeergave": _ACTIONS.get(event.action, event.action),
            "resultaat": _STATUS.get(event.action, 200),
            "hoofdObject": main,
            "resource": event.resource,
            "resourceUrl": _resource_url(request, event, main),
            "toelichting": "",
            "resourceWeergave": f"{event.resource} {event.resource_reference}",
            "aanmaakdatum": event.created_at.isoformat(),
            "wijzigingen": {},
        })  # fmt: skip
    return trail


def _decision(request: HttpRequest, besluit_uuid: str) -> Decision:
    access.require_any_scope(request, _SCOPES)
    decision = access.get_or_404(Decision.objects.select_related("decision_type"), besluit_uuid)
    access.ensure_allowed(request, decision.decision_type, _SCOPES)
    return decision


@api.get("/besluiten/{besluit_uuid}/audittrail", url_name="audittrail-list")
def audittrail_list(request: HttpRequest, besluit_uuid: str) -> HttpResponse:
    decision = _decision(request, besluit_uuid)
    return json_response(_trail(request, decision))


@api.get("/besluiten/{besluit_uuid}/audittrail/{uuid}", url_name="audittrail-read")
def audittrail_read(request: HttpRequest, besluit_uuid: str, uuid: str) -> HttpResponse:
    decision = _decision(request, besluit_uuid)
    for item in _trail(request, decision):
        if item["uuid"] == uuid:
            return json_response(item)
    raise NotFound("Deze auditregel bestaat niet.")
