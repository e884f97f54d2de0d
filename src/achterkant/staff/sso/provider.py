"""The provider's discovery document: fetched once, then cached.

We store the issuer only and read the endpoints (authorization, token, userinfo, JWKS)
from ``<issuer>/.well-known/openid-configuration``. Entra ID and Keycloak both publish
it, it keeps the admin form short, and key or endpoint changes at the provider need no
change here. The document is cached for ``DISCOVERY_CACHE_SECONDS``.
"""

import logging

import requests
from django.core.cache import cache

log = logging.getLogger(__name__)

DISCOVERY_CACHE_SECONDS = 60 * 60
TIMEOUT_SECONDS = 10
REQUIRED = ("issuer", "authorization_endpoint", "token_endpoint")


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be fetched or is not usable."""


def _cache_key(issuer: str) -> str:
    return "achterkant.sso.discovery:" + issuer


def provider_metadata(configuration) -> dict:
    issuer = configuration.issuer.rstrip("/")
    key = _cache_key(issuer)
    metadata = cache.get(key)
    if metadata is not None:
        return metadata
    try:
        response = requests.get(configuration.discovery_url, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        metadata = response.json()
    except (requests.RequestException, ValueError) as error:
        log.warning("OIDC discovery of %s failed: %s", issuer, error)
        raise ProviderUnavailable(str(error)) from error
    if not isinstance(metadata, dict) or not all(
        isinstance(metadata.get(name), str) for name in REQUIRED
    ):
        raise ProviderUnavailable("discovery document lacks required endpoints")
    # The document must be about the issuer we trust (OpenID Connect Discovery 1.0, 4.3).
    if metadata["issuer"].rstrip("/") != issuer:
        log.warning("OIDC discovery of %s names issuer %s", issuer, metadata["issuer"])
        raise ProviderUnavailable("issuer in discovery document differs")
    if configuration.signing_algorithm.startswith("RS") and not metadata.get("jwks_uri"):
        raise ProviderUnavailable("discovery document has no jwks_uri")
    cache.set(key, metadata, DISCOVERY_CACHE_SECONDS)
    return metadata


def forget_provider_metadata(issuer: str) -> None:
    cache.delete(_cache_key(issuer.rstrip("/")))
