"""Notificaties API 1.0 at /notificaties/api/v1/: a thin adapter over the services.

Scopes (component ``nrc``): reading kanalen and abonnementen takes
``notificaties.consumeren`` or ``notificaties.publiceren``; making a kanaal and
publishing take ``notificaties.publiceren``; making, changing and deleting an abonnement
take ``notificaties.consumeren``. ``heeftAlleAutorisaties`` passes them all.
"""

from django.http import HttpRequest, HttpResponse

from achterkant.api.auth import require_scope
from achterkant.api.framework import json_response, zgw_api
from achterkant.api.notificaties import publish, selectors, services
from achterkant.api.notificaties.schemas import (
    AbonnementIn,
    AbonnementPatch,
    KanaalIn,
    MessageIn,
    abonnement_out,
    kanaal_out,
)
from achterkant.api.problems import PermissionDenied

COMPONENT = "nrc"
CONSUME = "notificaties.consumeren"
PUBLISH = "notificaties.publiceren"

api = zgw_api(title="Notificaties API", version="1.0.0", namespace="notificaties-api")


def _caller(request: HttpRequest, *scopes: str):
    caller = request.auth
    if len(scopes) > 1:
        if not any(caller.has_scope(COMPONENT, scope) for scope in scopes):
            raise PermissionDenied(f"Deze koppeling mist de scope {' of '.join(scopes)}.")
        return caller
    require_scope(caller, COMPONENT, scopes[0])
    return caller


@api.get("/kanaal", url_name="kanaal-list")
def kanaal_list(request: HttpRequest) -> HttpResponse:
    _caller(request, PUBLISH, CONSUME)
    rows = selectors.kanalen(naam=request.GET.get("naam"))
    return json_response([kanaal_out(request, row) for row in rows])


@api.post("/kanaal", url_name="kanaal-create")
def kanaal_create(request: HttpRequest, payload: KanaalIn) -> HttpResponse:
    caller = _caller(request, PUBLISH)
    kanaal = services.kanaal_create(actor=caller, data=payload.data())
    return json_response(kanaal_out(request, kanaal), status=201)


@api.get("/kanaal/{uuid}", url_name="kanaal-read")
def kanaal_read(request: HttpRequest, uuid: str) -> HttpResponse:
    _caller(request, PUBLISH, CONSUME)
    return json_response(kanaal_out(request, selectors.kanaal_get(uuid)))


@api.get("/abonnement", url_name="abonnement-list")
def abonnement_list(request: HttpRequest) -> HttpResponse:
    _caller(request, CONSUME, PUBLISH)
    return json_response([abonnement_out(request, row) for row in selectors.abonnementen()])


@api.post("/abonnement", url_name="abonnement-create")
def abonnement_create(request: HttpRequest, payload: AbonnementIn) -> HttpResponse:
    caller = _caller(request, CONSUME)
    abonnement = services.abonnement_create(actor=caller, data=payload.data())
    body = abonnement_out(request, selectors.abonnement_get(abonnement.uuid))
    return json_response(body, status=201)


@api.get("/abonnement/{uuid}", url_name="abonnement-read")
def abonnement_read(request: HttpRequest, uuid: str) -> HttpResponse:
    _caller(request, CONSUME, PUBLISH)
    return json_response(abonnement_out(request, selectors.abonnement_get(uuid)))


@api.put("/abonnement/{uuid}", url_name="abonnement-update")
def abonnement_update(request: HttpRequest, uuid: str, payload: AbonnementIn) -> HttpResponse:
    caller = _caller(request, CONSUME)
    abonnement = selectors.abonnement_get(uuid)
    services.abonnement_update(actor=caller, abonnement=abonnement, data=payload.data())
    return json_response(abonnement_out(request, selectors.abonnement_get(uuid)))


@api.patch("/abonnement/{uuid}", url_name="abonnement-partial-update")
def abonnement_partial_update(
    request: HttpRequest, uuid: str, payload: AbonnementPatch
) -> HttpResponse:
    caller = _caller(request, CONSUME)
    abonnement = selectors.abonnement_get(uuid)
    data = payload.merged(services.abonnement_data_of(abonnement))
    services.abonnement_update(actor=caller, abonnement=abonnement, data=data)
    return json_response(abonnement_out(request, selectors.abonnement_get(uuid)))


@api.delete("/abonnement/{uuid}", url_name="abonnement-delete")
def abonnement_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    caller = _caller(request, CONSUME)
    services.abonnement_delete(actor=caller, abonnement=selectors.abonnement_get(uuid))
    return HttpResponse(status=204)


@api.post("/notificaties", url_name="notificaties-create")
def notificaties_create(request: HttpRequest, payload: MessageIn) -> HttpResponse:
    caller = _caller(request, PUBLISH)
    message = publish.notification_publish(actor=caller, data=payload.model_dump())
    return json_response(message, status=200)
