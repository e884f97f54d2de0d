"""The demo's ready-made API client: one application per organisation, demo only.

``achterkant demo`` prints a client id and secret with a curl example, so a visitor can call
the ZGW APIs at once. Each organisation gets an application with ``heeftAlleAutorisaties``
and client id ``demo-achterkant`` (the first organisation) or ``demo-achterkant.<slug>``.
The secret is generated once (256 bits) and kept: running the seed again neither
duplicates the application nor changes the secret, so a client configured yesterday still
works. Outside ``DEMO_MODE`` nothing is created (an all-powerful client with a printed
secret has no place in production).
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from achterkant.api.autorisaties import services
from achterkant.api.autorisaties.models import ClientCredential
from achterkant.api.autorisaties.services import ApplicationData
from achterkant.identity.actors import system
from achterkant.tenancy.context import use_organisation
from achterkant.tenancy.models import Organisation

ACTOR = system("demo-gegevens", [services.PERMISSION_CHANGE])
CLIENT_ID = "demo-achterkant"
LABEL = "Demo-koppeling (alleen demo)"


class NotInDemoMode(Exception):
    """Refused: the demo client exists only with DEMO_MODE on."""


@dataclass(frozen=True)
class DemoClient:
    organisation: str  # name
    hostname: str  # the first host name, "" when the organisation has none
    client_id: str
    secret: str
    created: bool


def client_id_for(organisation: Organisation, index: int) -> str:
    # Client ids are unique across the installation, so each organisation needs its own.
    return CLIENT_ID if index == 0 else f"{CLIENT_ID}.{organisation.slug}"[:50]


def _ensure(organisation: Organisation, client_id: str) -> tuple[str, bool]:
    existing = (
        ClientCredential.all_tenants.filter(client_id=client_id)
        .select_related("application")
        .first()
    )
    if existing is not None:
        if existing.organisation_id != organisation.pk:
            raise ValueError(f"Client-id {client_id} hoort bij een andere organisatie.")
        if existing.secret:
            return existing.secret, False
        credential, created = existing, False
    else:
        application = services.application_create(
            actor=ACTOR,
            data=ApplicationData(label=LABEL, client_ids=[client_id], all_authorisations=True),
        )
        credential, created = ClientCredential.objects.get(application=application), True
    secret = secrets.token_urlsafe(32)
    services.credential_set_secret(actor=ACTOR, credential=credential, secret=secret)
    return secret, created


def ensure_demo_clients() -> list[DemoClient]:
    """The demo client of every organisation, made when missing. Demo mode only."""
    if not settings.DEMO_MODE:
        raise NotInDemoMode("De demo-koppeling bestaat alleen met DEMO_MODE=1.")
    clients = []
    organisations = Organisation.objects.order_by("pk").prefetch_related("hostnames")
    for index, organisation in enumerate(organisations):
        client_id = client_id_for(organisation, index)
        with use_organisation(organisation), transaction.atomic():
            secret, created = _ensure(organisation, client_id)
        hostnames = sorted(h.hostname for h in organisation.hostnames.all())
        clients.append(
            DemoClient(organisation.name, hostnames[0] if hostnames else "", client_id,
                       secret, created)
        )  # fmt: skip
    return clients


def instructions(clients: list[DemoClient], *, port: str, python: str) -> list[str]:
    """The lines ``achterkant demo`` prints: credentials and a ready curl example."""
    if not clients:
        return []
    lines = ["ZGW API's: demo-koppeling met alle autorisaties (alleen voor de demo):"]
    for client in clients:
        lines.append(
            f"  {client.organisation:<20} client-id {client.client_id:<28} secret {client.secret}"
        )
    first = clients[0]
    base = f"http://{first.hostname or '127.0.0.1'}:{port}/autorisaties/api/v1"
    claims = f'{{"iss":"{first.client_id}","client_id":"{first.client_id}","iat":int(time.time())}}'
    lines += [
        "  Probeer (een token maken en de koppelingen opvragen):",
        f"    TOKEN=$({python} -c 'import jwt,time; "
        f'print(jwt.encode({claims},"{first.secret}",algorithm="HS256"))\')',
        f'    curl -H "Authorization: Bearer $TOKEN" {base}/applicaties',
        f"  Beschrijving van de API: {base}/",
        "",
    ]
    return lines
