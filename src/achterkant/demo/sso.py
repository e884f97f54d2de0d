"""Single sign-on in the demo: the test OpenID Connect provider, when it is installed.

Only with the dev dependencies (django-oidc-provider); otherwise the demo runs without
it, with passwords only. The provider runs on 127.0.0.1:``DEMO_IDP_PORT`` (default
8001) with its own SQLite file under ``var/demo-idp/``, and every demo organisation gets
a configuration that uses it (passwords stay on).
"""

import importlib.util
import logging
import os

from django.conf import settings

from achterkant.staff.models import OidcConfiguration
from achterkant.staff.roles import AGENT, CASE_WORKER, FUNCTIONAL_ADMIN, TEAM_LEAD
from achterkant.tenancy.models import Organisation

log = logging.getLogger(__name__)

CLIENT_ID = "achterkant-demo"
CLIENT_SECRET = "achterkant-demo-geheim"  # noqa: S105 - demo only, on loopback
# (user name at the provider, group at the provider)
USERS = [("sso-kcc", "kcc"), ("sso-behandelaar", "behandelaars"), ("sso-beheer", "beheer")]
ROLE_MAPPING = {
    "kcc": [AGENT],
    "behandelaars": [CASE_WORKER],
    "beheer": [FUNCTIONAL_ADMIN, TEAM_LEAD],
}


def available() -> bool:
    return importlib.util.find_spec("oidc_provider") is not None


def start_demo_provider(*, app_port: str, password: str):
    """Start the provider and point every demo organisation at it; None if not installed."""
    if not available():
        return None
    from achterkant.demo.oidc_idp.server import IdentityProvider

    workdir = settings.VAR_DIR / "demo-idp"
    workdir.mkdir(parents=True, exist_ok=True)
    port = int(os.environ.get("DEMO_IDP_PORT", "8001"))
    try:
        provider = IdentityProvider(workdir, port=port).start()
    except Exception as error:  # the demo goes on without single sign-on
        log.warning("The demo OpenID Connect provider did not start: %s", error)
        return None
    organisations = list(Organisation.objects.prefetch_related("hostnames"))
    redirect_uris = [
        f"http://{name.hostname}:{app_port}/medewerker/sso/callback/"
        for organisation in organisations
        for name in organisation.hostnames.all()
    ]
    provider.add_client(CLIENT_ID, CLIENT_SECRET, redirect_uris, name="Achterkant (demo)")
    for username, group in USERS:
        provider.add_user(
            username,
            password,
            groups=[group],
            first_name="Demo",
            last_name=username.removeprefix("sso-").title(),
            email=f"{username}@demo.example",
        )
    for organisation in organisations:
        OidcConfiguration.all_tenants.update_or_create(
            organisation=organisation,
            defaults={
                "enabled": True,
                "display_name": "de test-inlogdienst",
                "issuer": provider.issuer,
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "scopes": "openid email profile groups",
                "role_mapping": ROLE_MAPPING,
            },
        )
    return provider
