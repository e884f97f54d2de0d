"""Organisations, registered applications and ZGW tokens for the API tests."""

import time

import jwt
from django.test import Client

from achterkant.api.autorisaties import services
from achterkant.api.autorisaties.models import ClientCredential
from achterkant.api.autorisaties.services import ApplicationData, AuthorisationData
from achterkant.identity.actors import system
from achterkant.tenancy.context import use_organisation
from tests.conftest import HOST_A, HOST_B, make_organisation

SETUP = system("test set-up", [services.PERMISSION_CHANGE])
AC_BASE = "/autorisaties/api/v1"
SECRET = "geheim-123"
ZAAKTYPE = "https://catalogi.example.nl/catalogi/api/v1/zaaktypen/1"


def organisations():
    a = make_organisation("Gemeente A", "a", "001000007", HOST_A)
    b = make_organisation("Gemeente B", "b", "002000003", HOST_B)
    return a, b


def register(
    organisation,
    client_id: str,
    secret: str = SECRET,
    *,
    label: str = "Koppeling",
    all_authorisations: bool = False,
    scopes: tuple[str, ...] = (),
    extra_client_ids: tuple[str, ...] = (),
    component: str = "ac",
    authorisations: list[AuthorisationData] | None = None,
):
    """An application of ``organisation`` with one ``component`` autorisatie holding
    ``scopes`` (or the given ``authorisations``, e.g. per zaaktype)."""
    if authorisations is None:
        authorisations = [] if all_authorisations else [AuthorisationData(component, list(scopes))]
    with use_organisation(organisation):
        application = services.application_create(
            actor=SETUP,
            data=ApplicationData(
                label=label,
                client_ids=[client_id, *extra_client_ids],
                all_authorisations=all_authorisations,
                authorisations=authorisations,
            ),
        )
        for credential in ClientCredential.objects.filter(application=application):
            services.credential_set_secret(actor=SETUP, credential=credential, secret=secret)
    return application


def token(client: str, secret: str = SECRET, **claims) -> str:
    """A token for ``client``; a claim given as None is left out."""
    payload = {"iss": client, "client_id": client, "iat": int(time.time()), **claims}
    payload = {k: v for k, v in payload.items() if v is not None}
    return jwt.encode(payload, secret, algorithm="HS256")


def api_client(host: str, bearer: str | None = None) -> Client:
    headers = {"HTTP_HOST": host}
    if bearer is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {bearer}"
    return Client(**headers)
