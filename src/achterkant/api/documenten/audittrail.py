"""The audit trail of an informatieobject (``/enkelvoudiginformatieobjecten/{uuid}/audittrail``),
from its domain events, as the Zaken API derives a zaak's (``api.zaken.audittrail``).

Every change of a document, its gebruiksrechten, verzendingen and links is a domain event
on the kanaal ``documenten`` with the document's uuid as main reference. A deleted
document has no trail to show (404): its events stay for the Notificaties worker only.
"""

import uuid as uuid_module

from django.http import HttpRequest, HttpResponse

from achterkant.api.documenten import access
from achterkant.api.documenten.api import api
from achterkant.api.documenten.render import DOCUMENTEN, eio_url
from achterkant.api.framework import json_response
from achterkant.api.problems import NotFound
from achterkant.api.resources import resource_url
from achterkant.cases.models import Document
from achterkant.notify.models import DomainEvent

_NAMESPACE = uuid_module.UUID("0b7e4f5a-3c1d-4e8f-9a2b-6d5c4b3a2f10")
_ACTIONS = {
    "create": "Object aangemaakt",
    "destroy": "Object verwijderd",
    "update": "Object bijgewerkt",
    "partial_update": "Object deels bijgewerkt",
}
_STATUS = {"create": 201, "destroy": 204}
_RESOURCES = {
    "enkelvoudiginformatieobject": "enkelvoudiginformatieobjecten",
    "gebruiksrechten": "gebruiksrechten",
    "verzending": "verzendingen",
    "objectinformatieobject": "objectinformatieobjecten",
}


def _trail(request: HttpRequest, document: Document) -> list[dict]:
    main = eio_url(request, document)
    events = DomainEvent.objects.filter(
        channel="documenten", main_reference=str(document.uuid)
    ).order_by("created_at", "pk")
    trail = []
    for event in events:
        application, _, user = event.actor_label.partition(", namens ")
        resource_path = _RESOURCES.get(event.resource, event.resource)
        trail.append({
            "uuid": str(uuid_module.uuid5(_NAMESPACE, f"{event.organisation_id}:{event.pk}")),
            "bron": "drc",
            "applicatieId": "",
            "applicatieWeergave": application[:200],
            "gebruikersId": "",
            "gebruikersWeergave": user[:255],
            "actie": event.action,
            "actieWeergave": _ACTIONS.get(event.action, event.action),
            "resultaat": _STATUS.get(event.action, 200),
            "hoofdObject": main,
            "resource": event.resource,
            "resourceUrl": resource_url(
                request, DOCUMENTEN, resource_path, event.resource_reference
            ),
            "toelichting": "",
            "resourceWeergave": f"{event.resource} {event.resource_reference}",
            "aanmaakdatum": event.created_at.isoformat(),
            "wijzigingen": {},
        })  # fmt: skip
    return trail


def _document(request: HttpRequest, uuid: str) -> Document:
    access.require_any_scope(request, access.READ)
    document = access.get_or_404(access.documents(), uuid)
    access.ensure_document_allowed(request, document, access.READ)
    return document


@api.get(
    "/enkelvoudiginformatieobjecten/{enkelvoudiginformatieobject_uuid}/audittrail",
    url_name="eio-audittrail-list",
)
def audittrail_list(request: HttpRequest, enkelvoudiginformatieobject_uuid: str) -> HttpResponse:
    document = _document(request, enkelvoudiginformatieobject_uuid)
    return json_response(_trail(request, document))


@api.get(
    "/enkelvoudiginformatieobjecten/{enkelvoudiginformatieobject_uuid}/audittrail/{uuid}",
    url_name="eio-audittrail-read",
)
def audittrail_read(
    request: HttpRequest, enkelvoudiginformatieobject_uuid: str, uuid: str
) -> HttpResponse:
    document = _document(request, enkelvoudiginformatieobject_uuid)
    for item in _trail(request, document):
        if item["uuid"] == uuid:
            return json_response(item)
    raise NotFound("Deze auditregel bestaat niet.")
