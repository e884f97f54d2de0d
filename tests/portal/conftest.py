"""Fixtures of the SAML tests: throwaway keys and a configured fake IdP."""

from tests.portal.saml_idp import eh_idp, idp, keys  # noqa: F401
