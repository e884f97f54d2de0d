"""Authentication backends: the organisation's provider, and passwords where allowed."""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from achterkant.staff.permission_cache import CachedPermissionsMixin
from achterkant.staff.sessions import SessionUserMixin
from achterkant.staff.sso.provider import TIMEOUT_SECONDS, provider_metadata
from achterkant.staff.sso.selectors import active_configuration, password_login_allowed
from achterkant.staff.sso.services import SsoRefused, staff_member_from_sso

log = logging.getLogger(__name__)

CALLBACK_URL_NAME = "staff:sso:callback"
PROVIDER_ERROR_MESSAGE = (
    "De inlogdienst gaf een antwoord dat niet klopt. Probeer het opnieuw of vraag uw beheerder."
)


def fixed_settings(configuration) -> dict:
    """What mozilla-django-oidc would read from the settings, for this organisation.

    The security checks are fixed here, whatever the global settings say: state, nonce
    and PKCE on, signatures always checked, TLS always verified.
    """
    return {
        "OIDC_RP_SCOPES": configuration.scopes,
        "OIDC_AUTHENTICATION_CALLBACK_URL": CALLBACK_URL_NAME,
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        "OIDC_ALLOW_UNSECURED_JWT": False,
        "OIDC_VERIFY_SSL": True,
        "OIDC_VERIFY_KID": True,
        "OIDC_TIMEOUT": TIMEOUT_SECONDS,
        "OIDC_TOKEN_USE_BASIC_AUTH": False,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_STORE_ID_TOKEN": False,
        "OIDC_CREATE_USER": True,
        "OIDC_AUTH_REQUEST_EXTRA_PARAMS": {},
    }


class OrganisationOidcBackend(SessionUserMixin, CachedPermissionsMixin, OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, with the configuration of the request's organisation.

    Only answers the callback of the code flow (``authenticate(request, nonce=...,
    code_verifier=...)``) on a host name whose organisation has single sign-on on.
    Refusals with a reason for the staff member raise ``SsoRefused``; the callback view
    shows them.
    """

    def __init__(self, *args, **kwargs) -> None:
        # Not the library's __init__: it reads one global configuration from the settings.
        self.UserModel = get_user_model()
        self.configuration = None

    def get_settings(self, attr, *args):
        if self.configuration is not None:
            fixed = fixed_settings(self.configuration)
            if attr in fixed:
                return fixed[attr]
        return import_from_settings(attr, *args)

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs or "password" in kwargs:
            return None
        configuration = active_configuration(getattr(request, "organisation", None))
        if configuration is None:
            return None
        metadata = provider_metadata(configuration)
        self.configuration = configuration
        self.issuer = metadata["issuer"]
        self.OIDC_OP_TOKEN_ENDPOINT = metadata["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = metadata.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = metadata.get("jwks_uri")
        self.OIDC_RP_CLIENT_ID = configuration.client_id
        self.OIDC_RP_CLIENT_SECRET = configuration.client_secret
        self.OIDC_RP_SIGN_ALGO = configuration.signing_algorithm
        self.OIDC_RP_IDP_SIGN_KEY = None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:
            # The ID token: the library checks signature, expiry and nonce, not for whom
            # and by whom it was issued (OpenID Connect Core 1.0, 3.1.3.7).
            audience = payload.get("aud")
            audiences = audience if isinstance(audience, list) else [audience]
            if payload.get("iss", "").rstrip("/") != self.issuer.rstrip("/"):
                raise SuspiciousOperation("ID token from another issuer")
            if self.OIDC_RP_CLIENT_ID not in audiences:
                raise SuspiciousOperation("ID token for another client")
            if not payload.get("sub"):
                raise SuspiciousOperation("ID token without sub")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        if not self.OIDC_OP_USER_ENDPOINT:
            return {}
        return super().get_userinfo(access_token, id_token, payload)

    def get_or_create_user(self, access_token, id_token, payload):
        configuration = self.configuration
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub", payload["sub"]) != payload["sub"]:
            raise SuspiciousOperation("userinfo is about someone else")
        # Entra ID puts the groups in the ID token, Keycloak in both, others in userinfo.
        claims = {**payload, **userinfo}
        groups = claims.get(configuration.groups_claim) or []
        if isinstance(groups, str):
            groups = [groups]
        username = claims.get(configuration.username_claim)
        return staff_member_from_sso(
            organisation=configuration.organisation,
            issuer=self.issuer,
            subject=str(payload["sub"]),
            username=str(username) if username else "",
            roles=configuration.roles_for(groups),
            first_name=str(claims.get("given_name") or ""),
            last_name=str(claims.get("family_name") or ""),
            email=str(claims.get("email") or ""),
        )


class PasswordBackend(SessionUserMixin, CachedPermissionsMixin, ModelBackend):
    """Django's password log-in, refused for staff whose organisation switched passwords off.

    Every password log-in passes here (the staff log-in page, the admin's, the shell), so
    hiding the form is not what keeps them out. The permissions of the session's own user
    come from the session while still valid (``staff.permission_cache``).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and not password_login_allowed(user):
            log.info("Password log-in of %r refused: single sign-on only.", username)
            return None
        return user


__all__ = ["OrganisationOidcBackend", "PasswordBackend", "SsoRefused"]
