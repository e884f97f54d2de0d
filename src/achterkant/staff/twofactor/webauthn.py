"""Passkeys (WebAuthn) through django-otp-webauthn, for the many host names of one installation.

Each organisation has its own host name, so the relying party is the request's host, and
the only origin accepted is the request's own (its host is checked by ALLOWED_HOSTS and
tenant resolution before any view runs), plus OTP_WEBAUTHN_ALLOWED_ORIGINS.
"""

from django.conf import settings
from django.http import HttpRequest
from django.http.request import split_domain_port
from django_otp_webauthn.helpers import WebAuthnHelper as LibraryHelper


def relying_party_id(request: HttpRequest) -> str:
    domain, _port = split_domain_port(request.get_host())
    return domain


def relying_party_name(request: HttpRequest) -> str:
    organisation = getattr(request, "organisation", None)
    return organisation.name if organisation is not None else "Achterkant"


def request_origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


class WebAuthnHelper(LibraryHelper):
    def get_allowed_origins(self) -> list[str]:
        return [request_origin(self.request), *settings.OTP_WEBAUTHN_ALLOWED_ORIGINS]
