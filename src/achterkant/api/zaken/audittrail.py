"""The audit trail of a zaak (``/zaken/{uuid}/audittrail``), from its domain events.

Every change of a case, on any channel, records a domain event (``notify.DomainEvent``,
the Notificaties kanaal ``zaken``) with who did it; the trail shows those. An event has
no uuid of its own: the trail's uuid is derived from the event (uuid5), stable across
calls. The standard's ``wijzigingen`` (old and new body) are not kept: the trail says what
happened to which resource, by whom, and when.
"""

import uuid as uuid_module

from django.http import HttpRequest, HttpResponse

from achterkant.api.framework import json_response
from achterkant.api.problems import NotFound
from achterkant.api.resources import ZAKEN, resource_url
from achterkant.api.zaken.api import api
from achterkant.api.zaken.parts.access import READ, ensure_case_allowed, require_any_scope
from achterkant.api.zaken.zaak_selectors import zaak_get
from achterkant.notify.models import DomainEvent

_NAMESPACE = uuid_module.UUID("6f1d3c1e-5a4b-4c2e-9a57-0c8c2b7f4e10")
_ACTIONS = {
    "create": "Object aangemaakt",
    "list": "Lijst van objecten opgehaald",
    "retrieve": "Object opgehaald",
    "destroy": "Object verwijderd",
    "update": "Object bijgewerkt",
    "partial_update": "Object deels bijgewerkt",
}
_STATUS = {"create": 201, "destroy": 204}


def _trail(request: HttpRequest, case) -> list[dict]:
    zaak_url = resource_url(request, ZAKEN, "zaken", case.uuid)
    events = DomainEvent.objects.filter(channel="zaken", main_reference=case.number).order_by(
        "created_at", "pk"
    )
    trail = []
    for event in events:
        label = event.actor_label
        application, _, user = label.partition(", namens ")
        trail.append({
            "uuid": str(uuid_module.uuid5(_NAMESPACE, f"{event.organisation_id}:{event.pk}")),
            "bron": "zrc",
            "applicatieId": "",
            "applicatieWeergave": application[:200],
            "gebruikersId": "",
            "gebruikersWeergave": user[:255],
            "actie": event.action,
            "actieWeergave": _ACTIONS.get(event.action, event.action),
            "resultaat": _STATUS.get(event.action, 200),
            "hoofdObject": zaak_url,
            "resource": event.resource,
            "resourceUrl": zaak_url,
            "toelichting": "",
            "resourceWeergave": f"{event.resource} {event.resource_reference}",
            "aanmaakdatum": event.created_at.isoformat(),
            # Not kept; ``oud`` and ``nieuw`` are objects, not nullable, in the OAS.
            "wijzigingen": {},
        })  # fmt: skip
    return trail


@api.get("/zaken/{zaak_uuid}/audittrail", url_name="audittrail-list")
def audittrail_list(request: HttpRequest, zaak_uuid: str) -> HttpResponse:
    require_any_scope(request, READ)
    case = zaak_get(request, zaak_uuid)
    ensure_case_allowed(request, case, READ)
    return json_response(_trail(request, case))


@api.get("/zaken/{zaak_uuid}/audittrail/{uuid}", url_name="audittrail-read")
def audittrail_read(request: HttpRequest, zaak_uuid: str, uuid: str) -> HttpResponse:
    require_any_scope(request, READ)
    case = zaak_get(request, zaak_uuid)
    ensure_case_allowed(request, case, READ)
    for item in _trail(request, case):
        if item["uuid"] == uuid:
            return json_response(item)
    raise NotFound("Deze auditregel bestaat niet.")
