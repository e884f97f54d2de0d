"""ZGW JWT: who calls the API, checked the way the standard and its clients expect.

A client signs its token itself, with HS256 and the secret it shares with us per client
id. The payload names the client (``client_id``; older clients only set ``iss``), when the
token was made (``iat``) and optionally until when it holds (``exp``), and the end user
(``user_id``, ``user_representation``) for the audit trail and the processing log.

* Both times are checked with a leeway of ``ZGW_JWT_LEEWAY_SECONDS`` (at least 5 minutes):
  the clients' clocks drift. A token older than ``ZGW_JWT_MAX_AGE_SECONDS`` (by ``iat``)
  is refused, with or without ``exp``.
* Only HS256 is accepted; ``alg: none`` and every other algorithm are refused.
* The client must belong to the organisation of the request's host name. A client of
  another organisation gets the same answer as an unknown one: nothing tells another
  tenant exists.

This module knows no web framework: ``authenticate`` takes the Authorization header
and the organisation and returns an :class:`ApiApplication` actor or raises an
:class:`~achterkant.api.problems.ApiProblem`.
"""

import time
from dataclasses import dataclass, field

import jwt
from django.conf import settings

from achterkant.api.problems import NotAuthenticated, PermissionDenied
from achterkant.identity.actors import Application
from achterkant.tenancy.settings_cache import organisation_setting

ALGORITHM = "HS256"
# Longer values are cut, as the audit trail's columns are (Open Zaak: 255).
USER_FIELD_MAX = 255
# The API's scopes map to the permissions the services ask for (identity.actors).
SCOPE_PERMISSIONS = {
    ("ac", "autorisaties.lezen"): "autorisaties.view_application",
    ("ac", "autorisaties.bijwerken"): "autorisaties.change_application",
    ("ztc", "catalogi.lezen"): "catalog.view_casetype",
    ("ztc", "catalogi.schrijven"): "catalog.change_casetype",
    ("zrc", "zaken.lezen"): "cases.view_case",
    ("zrc", "zaken.aanmaken"): "cases.add_case",
    ("zrc", "zaken.bijwerken"): "cases.change_case",
    ("zrc", "zaken.statussen.toevoegen"): "cases.change_case",
    ("zrc", "zaken.heropenen"): "cases.reopen_case",
    ("zrc", "zaken.geforceerd-bijwerken"): "cases.force_update_case",
    ("zrc", "zaken.verwijderen"): "cases.delete_case",
    ("drc", "documenten.lezen"): "cases.view_document",
    ("drc", "documenten.aanmaken"): "cases.add_document",
    ("drc", "documenten.bijwerken"): "cases.change_document",
    ("drc", "documenten.verwijderen"): "cases.delete_document",
    ("drc", "documenten.lock"): "cases.lock_document",
    ("drc", "documenten.geforceerd-unlock"): "cases.force_unlock_document",
    ("drc", "documenten.geforceerd-bijwerken"): "cases.force_update_document",
    ("brc", "besluiten.lezen"): "cases.view_decision",
    ("brc", "besluiten.aanmaken"): "cases.add_decision",
    ("brc", "besluiten.bijwerken"): "cases.change_decision",
    ("brc", "besluiten.verwijderen"): "cases.delete_decision",
    ("nrc", "notificaties.consumeren"): "notificaties.add_abonnement",
    ("nrc", "notificaties.publiceren"): "notificaties.add_notification",
}
INVALID_TOKEN = "Het token is ongeldig of hoort niet bij deze organisatie."  # noqa: S105 - a message


@dataclass(frozen=True)
class Grant:
    """One autorisatie of the calling application, as the API checks need it."""

    component: str
    scopes: frozenset[str]
    zaaktype: str = ""
    informatieobjecttype: str = ""
    besluittype: str = ""
    max_vertrouwelijkheidaanduiding: str = ""


@dataclass(frozen=True)
class Client:
    """A client id as this process keeps it, per settings version (never mutated)."""

    client_id: str
    secret: str
    application_pk: int
    application_uuid: str
    label: str
    all_authorisations: bool
    grants: tuple[Grant, ...]


@dataclass(frozen=True)
class ApiApplication(Application):
    """The :class:`~achterkant.identity.actors.Application` actor of one API request.

    Adds what the audit trail and the processing log show: the application's name, and
    the end user the client says it acts for (the client's word, as the standard has it).
    """

    label: str = ""
    user_id: str = ""
    user_representation: str = ""
    application_pk: int = 0
    all_authorisations: bool = False
    grants: tuple[Grant, ...] = field(default_factory=tuple)

    @property
    def log_label(self) -> str:
        label = f"koppeling {self.label} ({self.client_id})"
        user = self.user_representation or self.user_id
        return f"{label}, namens {user}" if user else label

    def has_perm(self, permission: str) -> bool:
        # heeftAlleAutorisaties: every scope of every component, so every permission.
        return self.all_authorisations or permission in self.permissions

    def has_scope(self, component: str, scope: str) -> bool:
        if self.all_authorisations:
            return True
        return any(g.component == component and scope in g.scopes for g in self.grants)

    def grants_for(self, component: str, scope: str) -> tuple[Grant, ...]:
        """The autorisaties that give ``scope`` on ``component``: what a list filters by
        (zaaktype and maximum confidentiality). Check ``all_authorisations`` first: with it,
        nothing is filtered and this is empty."""
        return tuple(g for g in self.grants if g.component == component and scope in g.scopes)


def _load_clients() -> dict[str, Client]:
    """Every client id of the active organisation, with its application and autorisaties."""
    from achterkant.api.autorisaties.models import Authorisation, ClientCredential

    grants: dict[int, list[Grant]] = {}
    for row in Authorisation.objects.order_by("position", "pk"):
        grants.setdefault(row.application_id, []).append(
            Grant(
                component=row.component,
                scopes=frozenset(row.scopes),
                zaaktype=row.zaaktype,
                informatieobjecttype=row.informatieobjecttype,
                besluittype=row.besluittype,
                max_vertrouwelijkheidaanduiding=row.max_vertrouwelijkheidaanduiding,
            )
        )
    clients = {}
    for row in ClientCredential.objects.select_related("application"):
        application = row.application
        clients[row.client_id] = Client(
            client_id=row.client_id,
            secret=row.secret,
            application_pk=application.pk,
            application_uuid=str(application.uuid),
            label=application.label,
            all_authorisations=application.all_authorisations,
            grants=tuple(grants.get(application.pk, ())),
        )
    return clients


def organisation_clients() -> dict[str, Client]:
    """The active organisation's clients. Exact on every process: the cache is keyed by the
    organisation's settings version, which every change of an application replaces."""
    return organisation_setting("zgw_api_clients", _load_clients)


def bearer_token(authorization: str) -> str:
    """The token of an ``Authorization: Bearer …`` header; 401 when there is none."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated()
    return token.strip()


def _claimed_client_id(token: str) -> str:
    try:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as error:
        raise PermissionDenied(INVALID_TOKEN) from error
    if header.get("alg") != ALGORITHM:
        raise PermissionDenied(INVALID_TOKEN)
    client_id = claims.get("client_id") or claims.get("iss")
    if not isinstance(client_id, str) or not client_id:
        raise PermissionDenied("Het token noemt geen client_id.")
    return client_id


def _text_claim(claims: dict, name: str) -> str:
    value = claims.get(name, "")
    return value[:USER_FIELD_MAX] if isinstance(value, str) else ""


def authenticate(authorization: str) -> ApiApplication:
    """The calling application of the active organisation, from its Authorization header."""
    token = bearer_token(authorization)
    client_id = _claimed_client_id(token)
    client = organisation_clients().get(client_id)
    # No secret: nothing can be verified (an empty HS256 key would let anyone sign).
    if client is None or not client.secret:
        raise PermissionDenied(INVALID_TOKEN)
    try:
        claims = jwt.decode(
            token,
            client.secret,
            algorithms=[ALGORITHM],
            leeway=settings.ZGW_JWT_LEEWAY_SECONDS,
            options={"require": ["iat"], "verify_aud": False},
        )
    except jwt.ExpiredSignatureError as error:
        raise PermissionDenied("Het token is verlopen.", code="jwt-expired") from error
    except jwt.ImmatureSignatureError as error:
        raise PermissionDenied(
            "Het token is gemaakt in de toekomst (iat); controleer de klok.", code="jwt-iat"
        ) from error
    except jwt.PyJWTError as error:
        raise PermissionDenied(INVALID_TOKEN) from error
    # A token without exp would otherwise hold for as long as its secret: like Open Zaak's
    # JWT_EXPIRY, a token is refused once it is older than ZGW_JWT_MAX_AGE_SECONDS.
    age = time.time() - claims["iat"]
    if age > settings.ZGW_JWT_MAX_AGE_SECONDS + settings.ZGW_JWT_LEEWAY_SECONDS:
        raise PermissionDenied("Het token is te oud (iat); maak een nieuw.", code="jwt-expired")
    permissions = frozenset(
        permission
        for (component, scope), permission in SCOPE_PERMISSIONS.items()
        if any(g.component == component and scope in g.scopes for g in client.grants)
    )
    return ApiApplication(
        client_id=client.client_id,
        permissions=permissions,
        label=client.label,
        user_id=_text_claim(claims, "user_id"),
        user_representation=_text_claim(claims, "user_representation"),
        application_pk=client.application_pk,
        all_authorisations=client.all_authorisations,
        grants=client.grants,
    )


def require_scope(caller: ApiApplication, component: str, scope: str) -> None:
    """403 unless the caller holds ``scope`` on ``component``."""
    if not caller.has_scope(component, scope):
        raise PermissionDenied(f"Deze koppeling mist de scope {scope}.")
