"""Autorisaties API 1.0 at /autorisaties/api/v1/: a thin adapter over the services.

Each endpoint checks the scope (``autorisaties.lezen`` / ``autorisaties.bijwerken``;
``heeftAlleAutorisaties`` passes them all), calls a selector or a service, and renders.
"""

from django.http import HttpRequest, HttpResponse

from achterkant.api.auth import require_scope
from achterkant.api.autorisaties import selectors, services
from achterkant.api.autorisaties.schemas import (
    ApplicatieIn,
    ApplicatiePatch,
    application_out,
)
from achterkant.api.framework import json_response, zgw_api
from achterkant.api.pagination import paginate

COMPONENT = "ac"
READ = "autorisaties.lezen"
WRITE = "autorisaties.bijwerken"

api = zgw_api(title="Autorisaties API", version="1.0.0", namespace="autorisaties-api")


def _caller(request: HttpRequest, scope: str):
    caller = request.auth
    require_scope(caller, COMPONENT, scope)
    return caller


@api.get("/applicaties", url_name="applicatie-list")
def applicatie_list(request: HttpRequest) -> HttpResponse:
    _caller(request, READ)
    raw = request.GET.get("clientIds", "")
    client_ids = [value.strip() for value in raw.split(",") if value.strip()]
    rows = selectors.applications(client_ids=client_ids or None)
    return json_response(paginate(request, rows, lambda row: application_out(request, row)))


@api.post("/applicaties", url_name="applicatie-create")
def applicatie_create(request: HttpRequest, payload: ApplicatieIn) -> HttpResponse:
    caller = _caller(request, WRITE)
    application = services.application_create(actor=caller, data=payload.data())
    application = selectors.application_get(application.uuid)
    return json_response(application_out(request, application), status=201)


@api.get("/applicaties/consumer", url_name="applicatie-consumer")
def applicatie_consumer(request: HttpRequest) -> HttpResponse:
    caller = _caller(request, READ)
    # The standard asks by ?clientId=; without it, the calling client's own application.
    client_id = request.GET.get("clientId") or caller.client_id
    application = selectors.application_by_client_id(client_id)
    return json_response(application_out(request, application))


@api.get("/applicaties/{uuid}", url_name="applicatie-read")
def applicatie_read(request: HttpRequest, uuid: str) -> HttpResponse:
    _caller(request, READ)
    return json_response(application_out(request, selectors.application_get(uuid)))


@api.put("/applicaties/{uuid}", url_name="applicatie-update")
def applicatie_update(request: HttpRequest, uuid: str, payload: ApplicatieIn) -> HttpResponse:
    caller = _caller(request, WRITE)
    application = selectors.application_get(uuid)
    services.application_update(actor=caller, application=application, data=payload.data())
    return json_response(application_out(request, selectors.application_get(uuid)))


@api.patch("/applicaties/{uuid}", url_name="applicatie-partial-update")
def applicatie_partial_update(
    request: HttpRequest, uuid: str, payload: ApplicatiePatch
) -> HttpResponse:
    caller = _caller(request, WRITE)
    application = selectors.application_get(uuid)
    data = payload.merged(services.application_data_of(application))
    services.application_update(actor=caller, application=application, data=data)
    return json_response(application_out(request, selectors.application_get(uuid)))


@api.delete("/applicaties/{uuid}", url_name="applicatie-delete")
def applicatie_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    caller = _caller(request, WRITE)
    services.application_delete(actor=caller, application=selectors.application_get(uuid))
    return HttpResponse(status=204)
