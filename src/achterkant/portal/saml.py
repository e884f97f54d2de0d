"""Production log-in for Mijn gemeente: DigiD and eHerkenning over SAML 2.0 (artifact binding).

The library (django-digid-eherkenning) does the SAML: it signs the AuthnRequest, resolves the
artifact over a mutually authenticated SOAP call to the IdP, and checks signature, audience,
times and InResponseTo. Its own ACS views log in a Django user with a ``bsn`` field, and our
citizens never become users; so these thin views take who it is from the checked assertion
and start a portal session (``portal.session``) instead.

The library builds its SAML settings, and our SP metadata under ``/saml/metadata/``, by
reversing its own URL names (``digid:acs``, ``digid:slo-redirect``, ``digid:slo-soap``,
``eherkenning:acs``). ``saml_urls`` gives those names to the views here, so the addresses
registered with Logius are the ones that answer.
"""

import base64
import hashlib
import logging
import secrets
from importlib import import_module

from digid_eherkenning.choices import DigiDAssuranceLevels, SectorType
from digid_eherkenning.exceptions import CertificateProblem
from digid_eherkenning.forms import SAML2Form
from digid_eherkenning.models import EherkenningConfiguration
from digid_eherkenning.saml2.base import BaseSaml2Client
from digid_eherkenning.saml2.digid import DigiDClient
from digid_eherkenning.saml2.eherkenning import eHerkenningClient
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from furl import furl
from onelogin.saml2.errors import OneLogin_Saml2_ValidationError
from onelogin.saml2.response import OneLogin_Saml2_Response
from onelogin.saml2.soap_logout_request import Soap_Logout_Request
from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

from achterkant.identity.assurance import AssuranceLevel, is_sufficient, level_from_saml
from achterkant.identity.validators import (
    clean_kvk_number,
    is_valid_bsn,
    normalise_nine_digits,
)
from achterkant.portal.session import current_party, login_citizen, logout_citizen, next_path

logger = logging.getLogger(__name__)

NEXT_KEY = "portal_saml_next"
AUTHN_REQUEST_KEY = "portal_saml_authn_request"
# The higher level a DigiD log-in asked for (?niveau=), which its answer must then have.
STEP_UP_KEY = "portal_saml_step_up"
# The library keeps the id of the LogoutRequest it sent under this session key.
LOGOUT_REQUEST_KEY = "logout_request_id"
SLO_INDEX_PREFIX = "portal_saml_slo:"

DIGID_OFF = "Inloggen met DigiD is nog niet ingesteld. Neem contact op met de gemeente."
DIGID_FAILED = (
    "Inloggen met DigiD is niet gelukt. Probeer het later opnieuw. Lukt het dan nog niet? "
    "Kijk op www.digid.nl of er een storing is."
)
DIGID_CANCELLED = "U heeft het inloggen met DigiD afgebroken."
EH_OFF = "Inloggen met eHerkenning is nog niet ingesteld. Neem contact op met de gemeente."
EH_FAILED = "Inloggen met eHerkenning is niet gelukt. Probeer het later opnieuw."
EH_CANCELLED = "U heeft het inloggen met eHerkenning afgebroken."
EH_NO_KVK = (
    "Inloggen met eHerkenning is niet gelukt. Wij hebben geen KvK-nummer van uw organisatie "
    "gekregen. Vraag uw leverancier van eHerkenning om hulp."
)
LOGGED_OUT = "U bent uitgelogd."
LOGGED_OUT_HERE_ONLY = (
    "U bent uitgelogd bij Mijn gemeente. Misschien bent u nog ingelogd bij DigiD. "
    "Sluit uw browser om zeker te zijn."
)

_DIGID_CLASS_REF = {
    AssuranceLevel.BASIS: DigiDAssuranceLevels.base,
    AssuranceLevel.MIDDEN: DigiDAssuranceLevels.middle,
    AssuranceLevel.SUBSTANTIEEL: DigiDAssuranceLevels.substantial,
    AssuranceLevel.HOOG: DigiDAssuranceLevels.high,
}
_EH_NAME = {
    AssuranceLevel.BASIS: "EH2",
    AssuranceLevel.MIDDEN: "EH2+",
    AssuranceLevel.SUBSTANTIEEL: "EH3",
    AssuranceLevel.HOOG: "EH4",
}


class _Refused(Exception):
    """The log-in cannot go on; the message is for the citizen."""


# -- configuration -------------------------------------------------------------------------


def _ready(client: BaseSaml2Client) -> BaseSaml2Client | None:
    """The client, if its SAML settings can be built; otherwise None ("not configured").

    Building them needs everything a log-in needs: a valid certificate with its key, the
    IdP metadata with the configured IdP entity id in it, our entity id and the base URL.
    """
    try:
        client.saml2_settings  # noqa: B018 (reads the certificate, key and metadata)
    except CertificateProblem:
        logger.info("%s: no usable certificate configured", type(client).__name__)
        return None
    except Exception:
        # Whatever is wrong (missing metadata, bad entity id, unreadable file), the admin
        # finds it in the log; the citizen gets "not configured", not a 500.
        logger.warning(
            "%s is not usable: check its configuration", type(client).__name__, exc_info=True
        )
        return None
    return client


def _requested_digid_level(step_up: str = "") -> AssuranceLevel:
    """The level we ask DigiD for: the configured minimum, or ``step_up`` when that is
    higher (a page refused the level of the current log-in, ``views.login_again``)."""
    configured = AssuranceLevel(
        getattr(settings, "DIGID_REQUESTED_ASSURANCE", AssuranceLevel.MIDDEN)
    )
    if step_up in AssuranceLevel.values and not is_sufficient(actual=configured, required=step_up):
        return AssuranceLevel(step_up)
    return configured


def _digid_client(level: AssuranceLevel | None = None) -> DigiDClient | None:
    level = level or _requested_digid_level()
    return _ready(DigiDClient(loa=_DIGID_CLASS_REF[level]))


def _eherkenning_client() -> eHerkenningClient | None:
    return _ready(eHerkenningClient())


def digid_enabled() -> bool:
    """For the log-in page: show the DigiD button only when a log-in can work."""
    return _digid_client() is not None


def eherkenning_enabled() -> bool:
    return _eherkenning_client() is not None


# -- shared steps --------------------------------------------------------------------------


def _is_safe(request: HttpRequest, target: str) -> bool:
    return bool(target) and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    )


def _start(request: HttpRequest, client: BaseSaml2Client, *, failed: str) -> HttpResponse:
    """Send the browser to the IdP with a signed AuthnRequest (HTTP-POST binding)."""
    # One configuration, one host: the IdP returns to the base URL, and the session cookie
    # must be the one on that host. Start there.
    base = furl(client.conf["base_url"])
    if request.get_host() != base.netloc:
        return redirect(f"{base.scheme}://{base.netloc}{request.get_full_path()}")
    target = request.GET.get("next", "")
    # Kept in our session, not in RelayState: the IdP never sees or echoes it.
    request.session[NEXT_KEY] = target if _is_safe(request, target) else ""
    try:
        url, parameters = client.create_authn_request(request)
    except Exception:
        logger.exception("Could not create the SAML AuthnRequest")
        messages.error(request, failed)
        return redirect("portal:login")
    # The answer must come back to this browser: the ACS checks InResponseTo against this,
    # so an artifact from someone else's log-in cannot log this browser in as them.
    request.session[AUTHN_REQUEST_KEY] = _request_id(parameters["SAMLRequest"])
    form = SAML2Form(initial={"SAMLRequest": parameters["SAMLRequest"], "RelayState": ""})
    return render(request, "digid_eherkenning/post_binding.html", {"url": url, "form": form})


def _request_id(saml_request: str) -> str:
    """The ID attribute of our (base64, POST binding) AuthnRequest."""
    return OneLogin_Saml2_XML.to_etree(base64.b64decode(saml_request)).get("ID", "")


def _resolve(
    request: HttpRequest, client: BaseSaml2Client, *, cancelled: str, failed: str
) -> OneLogin_Saml2_Response:
    """Ask the IdP for the assertion behind the artifact; the library checks it."""
    saml_art = request.GET.get("SAMLart", "")
    if not saml_art:
        raise _Refused(failed)
    try:
        response = client.artifact_resolve(request, saml_art)
    except OneLogin_Saml2_ValidationError as error:
        if error.code == OneLogin_Saml2_ValidationError.STATUS_CODE_AUTHNFAILED:
            logger.info("SAML log-in cancelled or failed at the IdP")
            raise _Refused(cancelled) from error
        logger.warning("SAML artifact response refused: %s", error)
        raise _Refused(failed) from error
    except Exception as error:
        # The IdP is another system: a network failure or a broken answer is not our 500.
        logger.exception("SAML artifact resolution failed")
        raise _Refused(failed) from error
    # One AuthnRequest, one log-in: the library checks InResponseTo against the cache but
    # leaves the entry there, so a replayed response would pass that check again.
    in_response_to = response.get_in_response_to()
    cache.delete(client.authn_storage.get_cache_key(in_response_to))
    # And only in the browser that started it (the library's cache check is not per browser).
    expected = request.session.pop(AUTHN_REQUEST_KEY, "")
    if not expected or not secrets.compare_digest(expected, in_response_to or ""):
        logger.warning("SAML answer for a log-in this browser did not start: refused")
        raise _Refused(failed)
    return response


def _level(response: OneLogin_Saml2_Response, *, required: AssuranceLevel, refusal: str) -> str:
    class_refs = response.get_authn_contexts()
    level = level_from_saml(class_refs[0]) if len(class_refs) == 1 else None
    if level is None or not is_sufficient(actual=level, required=required):
        logger.info("SAML log-in refused: level %s, at least %s needed", class_refs, required)
        raise _Refused(refusal)
    return level.value


def _finish(request: HttpRequest, **login) -> HttpResponse:
    target = request.session.pop(NEXT_KEY, "")
    # A log-out we started earlier must not end this new session when its answer comes in.
    request.session.pop(LOGOUT_REQUEST_KEY, None)
    login_citizen(request, **login)
    if _is_safe(request, target):
        return redirect(target)
    # A page that asked for a log-in (e.g. a form whose session ran out) comes first.
    return redirect(next_path(request, reverse("portal:home")))


def _refuse(request: HttpRequest, refused: _Refused) -> HttpResponse:
    request.session.pop(NEXT_KEY, None)
    messages.error(request, str(refused))
    return redirect("portal:login")


# -- DigiD ---------------------------------------------------------------------------------


@never_cache
def digid_login(request: HttpRequest) -> HttpResponse:
    level = _requested_digid_level(request.GET.get("niveau", ""))
    client = _digid_client(level)
    if client is None:
        raise Http404(DIGID_OFF)
    request.session[STEP_UP_KEY] = level.value
    return _start(request, client, failed=DIGID_FAILED)


@never_cache
def digid_acs(request: HttpRequest) -> HttpResponse:
    """DigiD sends the browser back with an artifact; the BSN is in the NameID."""
    client = _digid_client()
    if client is None:
        raise Http404(DIGID_OFF)
    required = _requested_digid_level(request.session.pop(STEP_UP_KEY, ""))
    too_low = (
        f"Voor Mijn gemeente moet u inloggen met DigiD op niveau {required.label} of hoger. "
        "Log opnieuw in, bijvoorbeeld met de DigiD app."
    )
    try:
        response = _resolve(request, client, cancelled=DIGID_CANCELLED, failed=DIGID_FAILED)
        try:
            name_id = response.get_nameid() or ""
        except OneLogin_Saml2_ValidationError as error:
            raise _Refused(DIGID_FAILED) from error
        sector, _, number = name_id.partition(":")
        bsn = normalise_nine_digits(number)
        if sector != SectorType.bsn or not is_valid_bsn(bsn):
            logger.warning("DigiD assertion without a valid BSN (sector code %r)", sector)
            raise _Refused(DIGID_FAILED)
        level = _level(response, required=required, refusal=too_low)
    except _Refused as refused:
        return _refuse(request, refused)
    saml_session = {"name_id": name_id, "session_index": response.get_session_index() or ""}
    result = _finish(request, bsn=bsn, via="digid", assurance=level, saml_session=saml_session)
    # So a log-out DigiD sends over the back channel can find this session.
    if request.session.session_key:
        cache.set(_slo_index_key(name_id), request.session.session_key, settings.SESSION_COOKIE_AGE)
    return result


class _WithoutBody:
    """The request, minus its body, for the library's log-out request.

    The library copies ``request.body`` into its SAML request data. On our log-out POST the
    form may already have been read (a multipart form, say), and then that raises. A
    LogoutRequest needs no body; the session and everything else pass through.
    """

    body = b""

    def __init__(self, request: HttpRequest) -> None:
        self._request = request

    def __getattr__(self, name: str):
        return getattr(self._request, name)


def single_logout_url(request: HttpRequest) -> str | None:
    """The DigiD address to send the browser to for single log-out, or None.

    Call it before ``logout_citizen``: it needs the session's NameID. None for mock
    log-ins, and for eHerkenning: the library has no single log-out for it (no setting,
    nothing in our metadata). Any failure here only means a local log-out.
    """
    party = current_party(request)
    name_id = ((party or {}).get("saml") or {}).get("name_id")
    if not party or party["via"] != "digid" or not name_id:
        return None
    client = _digid_client()
    if client is None or not client.conf["slo"]:
        return None
    if not client.saml2_settings.get_idp_data().get("singleLogoutService", {}).get("url"):
        return None
    try:
        return client.create_logout_request(_WithoutBody(request), name_id=name_id)
    except Exception:
        logger.warning("Could not create the DigiD LogoutRequest", exc_info=True)
        return None


@never_cache
def digid_slo(request: HttpRequest) -> HttpResponse:
    """DigiD's answer to our LogoutRequest (HTTP-Redirect binding)."""
    client = _digid_client()
    # Only an answer to a log-out we started counts; anything else changes nothing, so a
    # forged link cannot log anyone out.
    if client is None or LOGOUT_REQUEST_KEY not in request.session:
        return redirect("portal:login")
    try:
        # Checks the IdP's signature and that it answers our LogoutRequest.
        client.handle_logout_response(request, keep_local_session=True)
    except Exception:
        logger.warning("DigiD LogoutResponse refused", exc_info=True)
        message = LOGGED_OUT_HERE_ONLY
    else:
        message = LOGGED_OUT
    request.session.pop(LOGOUT_REQUEST_KEY, None)
    logout_citizen(request)
    messages.info(request, message)
    return redirect("portal:login")


@csrf_exempt  # a server-to-server SOAP call from DigiD, authenticated by its XML signature
@require_POST
def digid_slo_soap(request: HttpRequest) -> HttpResponse:
    """DigiD ends the citizen's session here because they logged out elsewhere (SOAP)."""
    client = _digid_client()
    if client is None:
        raise Http404(DIGID_OFF)
    # The library accepts an unsigned LogoutRequest when messages need not be signed; then
    # anyone who knows a BSN could end that person's session. DigiD signs; demand it.
    try:
        document = Soap_Logout_Request(settings={}, request=request.body).document
        signed = bool(OneLogin_Saml2_XML.query(document, "//ds:Signature"))
    except Exception:
        signed = False
    if not signed:
        logger.warning("Unsigned or unreadable DigiD LogoutRequest refused")
        fault = OneLogin_Saml2_XML.generate_soap_fault_message("LogoutRequest is not signed")
        return HttpResponse(fault, status=500, content_type="text/xml")
    answer = client.handle_logout_request(
        request, delete_session_cb=lambda: _end_indexed_session(request.body)
    )
    status = 500 if "faultcode" in answer else 200  # SAML bindings 3.2.3.3
    return HttpResponse(answer, status=status, content_type="text/xml")


def _slo_index_key(name_id: str) -> str:
    # Hashed: no BSN in cache keys.
    return SLO_INDEX_PREFIX + hashlib.sha256(name_id.encode()).hexdigest()


def _end_indexed_session(body: bytes) -> None:
    name_id = Soap_Logout_Request(settings={}, request=body).get_name_id()
    session_key = cache.get(_slo_index_key(name_id))
    if session_key:
        import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key).delete()
        cache.delete(_slo_index_key(name_id))
        logger.info("Portal session ended by DigiD single log-out")


# -- eHerkenning ---------------------------------------------------------------------------


@never_cache
def eherkenning_login(request: HttpRequest) -> HttpResponse:
    client = _eherkenning_client()
    if client is None:
        raise Http404(EH_OFF)
    return _start(request, client, failed=EH_FAILED)


def _kvk_number(attributes: dict) -> str:
    """The KvK number of the represented company (what the library's backend reads too)."""
    for value in attributes.get("urn:etoegang:core:LegalSubjectID", []):
        name_id = value.get("NameID") if isinstance(value, dict) else None
        if name_id and name_id.get("NameQualifier") == "urn:etoegang:1.9:EntityConcernedID:KvKnr":
            return name_id.get("value") or ""
    # Older brokers (afsprakenstelsel 1.11) send it as a plain attribute.
    older = attributes.get("urn:etoegang:1.11:attribute-represented:KvKnr", [])
    return older[0] if len(older) == 1 and isinstance(older[0], str) else ""


@never_cache
def eherkenning_acs(request: HttpRequest) -> HttpResponse:
    """The KvK number and, for a branch-restricted log-in, the vestigingsnummer."""
    client = _eherkenning_client()
    if client is None:
        raise Http404(EH_OFF)
    configured = EherkenningConfiguration.get_solo().eh_loa
    required = level_from_saml(configured) or AssuranceLevel.BASIS
    too_low = (
        f"Voor Mijn gemeente heeft u eHerkenning nodig op niveau {_EH_NAME[required]} of hoger. "
        "Vraag uw leverancier van eHerkenning hoe u dat krijgt."
    )
    try:
        response = _resolve(request, client, cancelled=EH_CANCELLED, failed=EH_FAILED)
        try:
            attributes = response.get_attributes()
            name_id = response.get_nameid() or ""
        except OneLogin_Saml2_ValidationError as error:
            raise _Refused(EH_FAILED) from error
        try:
            kvk_number = clean_kvk_number(_kvk_number(attributes))
        except ValidationError as error:
            logger.warning("eHerkenning assertion without a valid KvK number")
            raise _Refused(EH_NO_KVK) from error
        level = _level(response, required=required, refusal=too_low)
    except _Refused as refused:
        return _refuse(request, refused)
    branches = attributes.get("urn:etoegang:1.9:ServiceRestriction:Vestigingsnr", [])
    branch = branches[0] if len(branches) == 1 and isinstance(branches[0], str) else ""
    if branches and not (len(branch) == 12 and branch.isascii() and branch.isdigit()):
        # A restriction we cannot read must not become access to the whole company.
        logger.warning("eHerkenning assertion with an unreadable vestigingsnummer")
        return _refuse(request, _Refused(EH_FAILED))
    saml_session = {"name_id": name_id, "session_index": response.get_session_index() or ""}
    return _finish(
        request,
        kvk_number=kvk_number,
        branch_number=branch,
        via="eherkenning",
        assurance=level,
        saml_session=saml_session,
    )
