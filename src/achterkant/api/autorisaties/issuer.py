"""The token issuer of the VNG conformance suite (``token-issuer_url``): test and demo only.

POST ``{"clientIds": [...], "secret": ..., "label": ..., "heeftAlleAutorisaties": true,
"autorisaties": []}`` registers that application in the organisation of the host name,
with that secret (without one, a random one) for each client id, and answers
``{"authorization": "Bearer <jwt>"}``, as VNG's token-issuer tool did. Anyone who reaches it
can give themselves every autorisatie, so it answers 404 unless ``DEMO_MODE`` or
``ZGW_TOKEN_ISSUER_ENABLED`` is on, and ``achterkant check --deploy`` fails while it is
(``checks.py``).
"""

import json
import secrets
import time

import jwt
from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from pydantic import ValidationError

from achterkant.api.autorisaties import selectors, services
from achterkant.api.autorisaties.models import ClientCredential
from achterkant.api.autorisaties.schemas import ApplicatieIn
from achterkant.api.framework import invalid_input_from, json_response, problem_response
from achterkant.api.problems import ApiProblem, InvalidInput, InvalidParam, NotFound
from achterkant.identity.actors import system

ACTOR = system("token-issuer (test en demo)", [services.PERMISSION_CHANGE])


def token_issuer_enabled() -> bool:
    return bool(settings.DEMO_MODE or settings.ZGW_TOKEN_ISSUER_ENABLED)


class IssuerRequest(ApplicatieIn):
    # The suite registers its per-test applications without a secret and only uses the
    # token it gets back; as VNG's tool did, the issuer then makes one up.
    secret: str = ""


def _register(body: IssuerRequest) -> str:
    """Register the application; the secret it signs with (given, or made up)."""
    data = body.data()
    secret = body.secret or secrets.token_urlsafe(32)
    if not 1 <= len(secret) <= 255:
        raise InvalidInput([InvalidParam("secret", "invalid", "Een secret is 1 tot 255 tekens.")])
    existing = None
    if data.client_ids:
        try:
            existing = selectors.application_by_client_id(data.client_ids[0])
        except NotFound:
            existing = None
    with transaction.atomic():
        if existing is None:
            application = services.application_create(actor=ACTOR, data=data)
        else:
            application = services.application_update(actor=ACTOR, application=existing, data=data)
        for credential in ClientCredential.objects.filter(application=application):
            services.credential_set_secret(actor=ACTOR, credential=credential, secret=secret)
    return secret


@csrf_exempt
@require_POST
def token_issuer(request: HttpRequest) -> HttpResponse:
    if not token_issuer_enabled():
        raise Http404
    try:
        body = IssuerRequest.model_validate(json.loads(request.body or b"null"))
        if not body.clientIds:
            raise InvalidInput([InvalidParam("clientIds", "required", "Geef een client-id.")])
        secret = _register(body)
    except ValueError as error:  # json and pydantic errors both are ValueErrors
        if isinstance(error, ValidationError):
            problem = invalid_input_from(error.errors())
        else:
            problem = InvalidInput([InvalidParam("nonFieldErrors", "parse_error", str(error))])
        return problem_response(request, problem)
    except ApiProblem as problem:
        return problem_response(request, problem)
    client_id = body.clientIds[0]
    token = jwt.encode(
        {
            "iss": client_id,
            "client_id": client_id,
            "iat": int(time.time()),
            "user_id": "",
            "user_representation": "",
        },
        secret,
        algorithm="HS256",
    )
    return json_response({"authorization": f"Bearer {token}"})
