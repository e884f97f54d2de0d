"""Log-in through the organisation's OpenID Connect provider: start and callback."""

import logging
from urllib.parse import parse_qs, urlsplit

import jwt
import requests
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import render
from django.views import View
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from achterkant.staff.sso.backends import PROVIDER_ERROR_MESSAGE, fixed_settings
from achterkant.staff.sso.provider import ProviderUnavailable, provider_metadata
from achterkant.staff.sso.selectors import active_configuration
from achterkant.staff.sso.services import SsoRefused

log = logging.getLogger(__name__)

# Contract with the second-factor middleware (staff.twofactor): set after a log-in
# through a provider that itself demands a second factor.
MFA_BY_IDP_SESSION_KEY = "achterkant_mfa_by_idp"
# Which organisation each log-in that is under way was started for (state -> organisation).
STATES_SESSION_KEY = "achterkant_sso_states"
MAX_STATES = 50

NOT_ENABLED_MESSAGE = "Inloggen via een inlogdienst staat voor deze organisatie niet aan."
UNAVAILABLE_MESSAGE = (
    "De inlogdienst van uw organisatie is nu niet bereikbaar. Probeer het later opnieuw."
)
REFUSED_MESSAGE = (
    "De inlogdienst heeft het inloggen niet toegestaan. Probeer het opnieuw of vraag uw beheerder."
)
STATE_MESSAGE = (
    "Dit inloggen is verlopen of niet op deze site begonnen. Begin opnieuw op de inlogpagina."
)
FAILED_MESSAGE = "Inloggen via de inlogdienst is niet gelukt. Probeer het opnieuw."
CONFIGURATION_MESSAGE = (
    "De inlogdienst accepteerde Achterkant niet. Vraag uw beheerder om de instellingen "
    "(client-ID en client secret) na te kijken."
)


def sso_error(request, message: str, status: int):
    return render(request, "staff/sso_error.html", {"message": message}, status=status)


class _OrganisationSettings:
    """Reads the library's settings from the organisation's configuration."""

    configuration = None

    def get_settings(self, attr, *args):
        if self.configuration is not None:
            fixed = fixed_settings(self.configuration)
            if attr in fixed:
                return fixed[attr]
        return import_from_settings(attr, *args)


class SsoStartView(_OrganisationSettings, OIDCAuthenticationRequestView):
    """Sends the staff member to their organisation's provider (the code flow, with PKCE)."""

    def __init__(self, **kwargs) -> None:
        # Not the library's __init__: it reads the endpoint from the global settings.
        View.__init__(self, **kwargs)

    def get(self, request):
        organisation = getattr(request, "organisation", None)
        configuration = active_configuration(organisation)
        if configuration is None:
            return sso_error(request, NOT_ENABLED_MESSAGE, status=404)
        try:
            metadata = provider_metadata(configuration)
        except ProviderUnavailable:
            return sso_error(request, UNAVAILABLE_MESSAGE, status=503)
        self.configuration = configuration
        self.OIDC_OP_AUTH_ENDPOINT = metadata["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = configuration.client_id
        response = super().get(request)
        state = parse_qs(urlsplit(response.url).query)["state"][0]
        states = request.session.get(STATES_SESSION_KEY)
        if not isinstance(states, dict):
            states = {}
        # Bounded like the library's own list: the oldest log-ins under way drop out.
        states = dict(list(states.items())[-(MAX_STATES - 1) :])
        states[state] = organisation.pk
        request.session[STATES_SESSION_KEY] = states
        return response


class SsoCallbackView(_OrganisationSettings, OIDCAuthenticationCallbackView):
    """The provider sends the staff member back here with a code (or an error)."""

    def get(self, request):
        organisation = getattr(request, "organisation", None)
        configuration = active_configuration(organisation)
        if configuration is None:
            return sso_error(request, NOT_ENABLED_MESSAGE, status=404)
        self.configuration = configuration
        state = request.GET.get("state", "")
        states = request.session.get(STATES_SESSION_KEY)
        started_for = states.pop(state, None) if isinstance(states, dict) else None
        if started_for is not None:
            request.session.modified = True
        if request.GET.get("error"):
            # The library forgets the state and logs out whoever was logged in.
            super().get(request)
            log.info("Provider refused the log-in: %s", request.GET.get("error"))
            return sso_error(request, REFUSED_MESSAGE, status=403)
        oidc_states = request.session.get("oidc_states")
        if (
            started_for != organisation.pk
            or not isinstance(oidc_states, dict)
            or state not in oidc_states
        ):
            # Unknown state, or one started on another organisation's site: refused before
            # the code is ever sent to a provider.
            return sso_error(request, STATE_MESSAGE, status=400)
        try:
            return super().get(request)
        except SsoRefused as refused:
            return sso_error(request, refused.message, status=403)
        except requests.HTTPError as error:
            # The provider answered, but refused our token request: our configuration.
            log.warning("OIDC token or userinfo request refused: %s", error)
            return sso_error(request, CONFIGURATION_MESSAGE, status=502)
        except (ProviderUnavailable, requests.RequestException) as error:
            log.warning("OIDC log-in failed, provider unreachable: %s", error)
            return sso_error(request, UNAVAILABLE_MESSAGE, status=503)
        except (SuspiciousOperation, jwt.PyJWTError, KeyError, TypeError, ValueError) as error:
            log.warning("OIDC log-in refused: %r", error)
            return sso_error(request, PROVIDER_ERROR_MESSAGE, status=400)

    def login_failure(self):
        return sso_error(self.request, FAILED_MESSAGE, status=403)

    def login_success(self):
        response = super().login_success()  # django's login() cycles the session
        if self.configuration.idp_enforces_mfa:
            self.request.session[MFA_BY_IDP_SESSION_KEY] = True
        else:
            self.request.session.pop(MFA_BY_IDP_SESSION_KEY, None)
        return response
