"""Production DigiD and eHerkenning log-in: real SAML, real XML signatures.

Nothing in our code or the library is faked. The IdP is played at the HTTP edge only: the
SOAP artifact-resolution call (``requests`` through the library's client-certificate
adapter) is answered by ``FakeIdP``, which checks our signed ArtifactResolve and returns
an ArtifactResponse signed with its own throwaway key. Our side validates that signature
against the IdP certificate in the configured metadata, as in production.
"""

import base64
import hashlib
import secrets
import zlib
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, quote, urlsplit

import lxml.html
import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from digid_eherkenning.choices import ConfigTypes
from digid_eherkenning.models import ConfigCertificate, DigidConfiguration, EherkenningConfiguration
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.test import RequestFactory
from lxml import etree
from onelogin.saml2.ssl_adapter import SSLAdapter
from onelogin.saml2.utils import OneLogin_Saml2_Utils
from onelogin.saml2.xml_utils import OneLogin_Saml2_XML
from simple_certmanager.constants import CertificateTypes
from simple_certmanager.models import Certificate

from achterkant.portal.saml import single_logout_url
from achterkant.portal.session import SESSION_KEY, login_citizen

IDP = "https://idp.test/saml/idp/metadata"
SP = "https://a.localhost/saml/sp"
BASE = "http://a.localhost"
ACS = f"{BASE}/mijn/saml/digid/acs/"
EH_ACS = f"{BASE}/mijn/saml/eherkenning/acs/"
SSO_URL = "https://idp.test/saml/idp/request_authentication"
SLO_URL = "https://idp.test/saml/idp/request_logout"
RESOLVE_URL = "https://idp.test/saml/idp/resolve_artifact"
MIDDEN = "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"
BASIS = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
EH3 = "urn:etoegang:core:assurance-class:loa3"
SUCCESS = '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
NS = {
    "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
}


def make_keypair(name: str) -> tuple[str, str]:
    """A throwaway self-signed certificate and key (PEM), valid for a day."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode(), key_pem.decode()


@pytest.fixture(scope="module")
def keys() -> dict:
    return {"sp": make_keypair("sp.a.localhost"), "idp": make_keypair("idp.test")}


def saml_time(delta: timedelta = timedelta()) -> str:
    return (datetime.now(UTC) + delta).strftime("%Y-%m-%dT%H:%M:%SZ")


def idp_metadata(idp_cert: str) -> str:
    der = "".join(idp_cert.strip().splitlines()[1:-1])
    return f"""<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{IDP}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"
      WantAuthnRequestsSigned="true">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data>
      <ds:X509Certificate>{der}</ds:X509Certificate>
    </ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:ArtifactResolutionService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP"
        Location="{RESOLVE_URL}" index="0"/>
    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="{SLO_URL}"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="{SSO_URL}"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
        Location="{SSO_URL}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"""


def _strip_declaration(xml: bytes | str) -> str:
    text = xml.decode() if isinstance(xml, bytes) else xml
    return text.split("?>", 1)[1] if text.startswith("<?xml") else text


class FakeIdP:
    """DigiD / an eHerkenning broker, as far as the HTTP edge: artifact resolution (SOAP)."""

    def __init__(self, cert: str, key: str, sp_cert: str) -> None:
        self.cert, self.key, self.sp_cert = cert, key, sp_cert
        self.pending: dict[str, str] = {}  # artifact -> samlp:Response XML
        self.resolved: list[str] = []
        self.down = False

    def sign(self, xml: str) -> str:
        return _strip_declaration(OneLogin_Saml2_Utils.add_sign(xml, self.key, self.cert))

    def artifact_for(self, response_xml: str) -> str:
        handle = secrets.token_bytes(20)
        raw = b"\x00\x04\x00\x00" + hashlib.sha1(IDP.encode()).digest() + handle  # noqa: S324
        artifact = base64.b64encode(raw).decode()
        self.pending[artifact] = response_xml
        return artifact

    def response(
        self,
        in_response_to: str,
        *,
        name_id: str = "s00000000:999993653",
        class_ref: str = MIDDEN,
        acs: str = ACS,
        audience: str = SP,
        attributes: str = "",
        status: str = SUCCESS,
        tamper=None,
    ) -> str:
        """A samlp:Response with a signed assertion, as DigiD sends it."""
        assertion = f"""<saml:Assertion xmlns:saml="{NS["saml"]}" ID="_a{secrets.token_hex(8)}"
    Version="2.0" IssueInstant="{saml_time()}">
  <saml:Issuer>{IDP}</saml:Issuer>
  <saml:Subject>
    <saml:NameID>{name_id}</saml:NameID>
    <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
      <saml:SubjectConfirmationData InResponseTo="{in_response_to}"
          NotOnOrAfter="{saml_time(timedelta(minutes=2))}" Recipient="{acs}"/>
    </saml:SubjectConfirmation>
  </saml:Subject>
  <saml:Conditions NotBefore="{saml_time(-timedelta(minutes=1))}"
      NotOnOrAfter="{saml_time(timedelta(minutes=2))}">
    <saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction>
  </saml:Conditions>
  <saml:AuthnStatement AuthnInstant="{saml_time()}" SessionIndex="sessie-42">
    <saml:AuthnContext><saml:AuthnContextClassRef>{class_ref}</saml:AuthnContextClassRef></saml:AuthnContext>
  </saml:AuthnStatement>{attributes}
</saml:Assertion>"""
        signed = self.sign(assertion)
        if tamper:
            signed = tamper(signed)
        return f"""<samlp:Response xmlns:samlp="{NS["samlp"]}" xmlns:saml="{NS["saml"]}"
    ID="_r{secrets.token_hex(8)}" Version="2.0" IssueInstant="{saml_time()}"
    Destination="{acs}" InResponseTo="{in_response_to}">
  <saml:Issuer>{IDP}</saml:Issuer>
  <samlp:Status>{status}</samlp:Status>
  {signed if "Success" in status else ""}
</samlp:Response>"""

    def send(self, request: requests.PreparedRequest) -> requests.Response:
        """Stands in for ``SSLAdapter.send``: the HTTP POST to the resolution service."""
        if self.down:
            raise requests.ConnectionError("idp.test is down")
        assert request.url == RESOLVE_URL
        envelope = etree.fromstring(request.body)
        resolve = envelope.find(".//samlp:ArtifactResolve", NS)
        # Logius refuses an unsigned ArtifactResolve; so do we.
        assert OneLogin_Saml2_Utils.validate_sign(
            etree.tostring(resolve), self.sp_cert, xpath="/samlp:ArtifactResolve/ds:Signature"
        )
        artifact = resolve.findtext("samlp:Artifact", namespaces=NS)
        self.resolved.append(artifact)
        inner = self.pending.get(artifact, "")
        artifact_response = self.sign(
            f"""<samlp:ArtifactResponse xmlns:samlp="{NS["samlp"]}" xmlns:saml="{NS["saml"]}"
    ID="_ar{secrets.token_hex(8)}" Version="2.0" IssueInstant="{saml_time()}"
    InResponseTo="{resolve.get("ID")}">
  <saml:Issuer>{IDP}</saml:Issuer>
  <samlp:Status>{SUCCESS}</samlp:Status>
  {inner}
</samlp:ArtifactResponse>"""
        )
        answer = requests.Response()
        answer.status_code = 200
        answer._content = OneLogin_Saml2_XML.add_soap_envelope(artifact_response).encode()
        answer.url = request.url
        return answer


def _configure(config, keys: dict, config_type: str, **fields) -> None:
    sp_cert, sp_key = keys["sp"]
    certificate = Certificate.objects.create(
        label=f"SP {config_type}",
        type=CertificateTypes.key_pair,
        public_certificate=ContentFile(sp_cert.encode(), name="sp.crt"),
        private_key=ContentFile(sp_key.encode(), name="sp.key"),
    )
    ConfigCertificate.objects.create(config_type=config_type, certificate=certificate)
    config.entity_id = SP
    config.base_url = BASE
    config.service_name = "Mijn gemeente"
    config.service_description = "Uw zaken bij de gemeente"
    config.idp_service_entity_id = IDP
    config.idp_metadata_file.save(
        "idp.xml", ContentFile(idp_metadata(keys["idp"][0]).encode()), save=False
    )
    for name, value in fields.items():
        setattr(config, name, value)
    config.save()


@pytest.fixture
def idp(tenant_a, keys, settings, tmp_path, monkeypatch) -> FakeIdP:
    """DigiD configured in the admin the way production is, with a fake IdP behind HTTP."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    _configure(DigidConfiguration.get_solo(), keys, ConfigTypes.digid, slo=True)
    fake = FakeIdP(*keys["idp"], sp_cert=keys["sp"][0])
    monkeypatch.setattr(SSLAdapter, "send", lambda adapter, request, **kw: fake.send(request))
    return fake


@pytest.fixture
def eh_idp(idp, keys) -> FakeIdP:
    _configure(
        EherkenningConfiguration.get_solo(),
        keys,
        ConfigTypes.eherkenning,
        oin="00000001234567890000",
        makelaar_id="00000009876543210000",
        privacy_policy="https://a.localhost/privacy",
        eh_loa=EH3,
        no_eidas=True,
    )
    return idp


def start_login(client, path: str = "/mijn/saml/digid/inloggen/?next=/mijn/"):
    """Our log-in page: an auto-submitting form to the IdP. Returns (action, AuthnRequest)."""
    page = client.get(path)
    assert page.status_code == 200
    form = lxml.html.fromstring(page.content).forms[0]
    return form.action, etree.fromstring(base64.b64decode(form.fields["SAMLRequest"]))


def login_via_saml(client, idp: FakeIdP, path: str = "/mijn/saml/digid/acs/", start=None, **kw):
    _, authn = start_login(client, start) if start else start_login(client)
    artifact = idp.artifact_for(idp.response(authn.get("ID"), **kw))
    return client.get(path, {"SAMLart": artifact, "RelayState": ""}), artifact


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def party(client) -> dict | None:
    return client.session.get(SESSION_KEY)


# -- log-in start --------------------------------------------------------------------------


def test_login_posts_a_signed_authn_request_to_the_configured_idp(idp, keys, tenant_a):
    action, authn = start_login(tenant_a.client())
    assert action == SSO_URL
    assert authn.tag == f"{{{NS['samlp']}}}AuthnRequest"
    assert authn.get("Destination") == SSO_URL
    assert authn.get("AssertionConsumerServiceURL") == ACS
    assert authn.get("ProtocolBinding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"
    assert authn.findtext("saml:Issuer", namespaces=NS) == SP
    requested = authn.find("samlp:RequestedAuthnContext", NS)
    assert requested.get("Comparison") == "minimum"
    assert requested.findtext("saml:AuthnContextClassRef", namespaces=NS) == MIDDEN
    signed = etree.tostring(authn)
    assert OneLogin_Saml2_Utils.validate_sign(
        signed, keys["sp"][0], xpath="/samlp:AuthnRequest/ds:Signature", raise_exceptions=True
    )


def test_the_requested_level_follows_the_setting(idp, tenant_a, settings):
    settings.DIGID_REQUESTED_ASSURANCE = "substantieel"
    _, authn = start_login(tenant_a.client())
    assert authn.findtext(".//saml:AuthnContextClassRef", namespaces=NS) == (
        "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard"
    )


def test_login_starts_on_the_configured_host(idp, tenant_a):
    config = DigidConfiguration.get_solo()
    config.base_url = "https://login.gemeente.test"
    config.save()
    response = tenant_a.client().get("/mijn/saml/digid/inloggen/?next=/mijn/")
    assert response.status_code == 302
    assert (
        response["Location"] == "https://login.gemeente.test/mijn/saml/digid/inloggen/?next=/mijn/"
    )


def test_without_configuration_digid_and_eherkenning_are_not_found(tenant_a):
    client = tenant_a.client()
    for path in [
        "/mijn/saml/digid/inloggen/",
        "/mijn/saml/digid/acs/?SAMLart=x",
        "/mijn/saml/eherkenning/inloggen/",
        "/mijn/saml/eherkenning/acs/?SAMLart=x",
    ]:
        assert client.get(path).status_code == 404, path


def test_our_sp_metadata_names_our_own_acs_and_logout_addresses(idp, tenant_a):
    metadata = tenant_a.client().get("/saml/metadata/digid")
    assert metadata.status_code == 200
    root = etree.fromstring(metadata.content)
    md = {"md": "urn:oasis:names:tc:SAML:2.0:metadata"}
    acs = root.find(".//md:AssertionConsumerService", md)
    assert acs.get("Location") == ACS
    assert acs.get("Binding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"
    slo = {
        e.get("Binding"): e.get("Location") for e in root.iterfind(".//md:SingleLogoutService", md)
    }
    assert slo == {
        "urn:oasis:names:tc:SAML:2.0:bindings:SOAP": f"{BASE}/mijn/saml/digid/uitloggen/soap/",
        "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect": f"{BASE}/mijn/saml/digid/uitloggen/",
    }


# -- DigiD assertion consumer --------------------------------------------------------------


def test_a_signed_assertion_logs_the_citizen_in_with_bsn_and_level(idp, tenant_a):
    client = tenant_a.client()
    response, artifact = login_via_saml(client, idp)
    assert response.status_code == 302 and response["Location"] == "/mijn/"
    assert idp.resolved == [artifact]
    citizen = party(client)
    assert citizen["bsn"] == tenant_a.person.bsn == "999993653"
    assert citizen["via"] == "digid"
    assert citizen["assurance"] == "midden"
    assert citizen["saml"] == {"name_id": "s00000000:999993653", "session_index": "sessie-42"}
    assert client.get("/mijn/").status_code == 200


def test_the_same_response_cannot_be_used_twice(idp, tenant_a):
    client = tenant_a.client()
    _, authn = start_login(client)
    xml = idp.response(authn.get("ID"))
    assert (
        client.get("/mijn/saml/digid/acs/", {"SAMLart": idp.artifact_for(xml)}).status_code == 302
    )
    other = tenant_a.client()
    replay = other.get("/mijn/saml/digid/acs/", {"SAMLart": idp.artifact_for(xml)})
    assert replay["Location"] == "/mijn/inloggen/"
    assert party(other) is None


def test_an_answer_to_a_login_started_in_another_browser_is_refused(idp, tenant_a):
    # Login CSRF: an attacker starts a log-in and sends the victim the link with its artifact.
    attacker, victim = tenant_a.client(), tenant_a.client()
    _, authn = start_login(attacker)
    artifact = idp.artifact_for(idp.response(authn.get("ID")))
    response = victim.get("/mijn/saml/digid/acs/", {"SAMLart": artifact})
    assert response["Location"] == "/mijn/inloggen/"
    assert party(victim) is None


def test_a_cancelled_login_says_so_and_starts_no_session(idp, tenant_a):
    client = tenant_a.client()
    cancelled = (
        '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder">'
        '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"/>'
        "</samlp:StatusCode>"
    )
    response, _ = login_via_saml(client, idp, status=cancelled)
    assert response.status_code == 302 and response["Location"] == "/mijn/inloggen/"
    assert flash(response) == ["U heeft het inloggen met DigiD afgebroken."]
    assert party(client) is None


def test_an_assertion_changed_after_signing_is_refused(idp, tenant_a):
    client = tenant_a.client()
    forged = "s00000000:999990019"  # another valid BSN
    response, _ = login_via_saml(
        client, idp, tamper=lambda xml: xml.replace("s00000000:999993653", forged)
    )
    assert response["Location"] == "/mijn/inloggen/"
    assert flash(response)[0].startswith("Inloggen met DigiD is niet gelukt.")
    assert party(client) is None


def test_an_assertion_for_another_service_is_refused(idp, tenant_a):
    client = tenant_a.client()
    response, _ = login_via_saml(client, idp, audience="https://other.example/sp")
    assert response["Location"] == "/mijn/inloggen/"
    assert party(client) is None


@pytest.mark.parametrize("class_ref", [BASIS, "urn:example:unknown-level"])
def test_a_level_below_the_requested_one_or_unknown_is_refused(idp, tenant_a, class_ref):
    client = tenant_a.client()
    response, _ = login_via_saml(client, idp, class_ref=class_ref)
    assert response["Location"] == "/mijn/inloggen/"
    assert flash(response) == [
        "Voor Mijn gemeente moet u inloggen met DigiD op niveau Midden of hoger. "
        "Log opnieuw in, bijvoorbeeld met de DigiD app."
    ]
    assert party(client) is None


@pytest.mark.parametrize("name_id", ["s00000000:123456789", "s00000001:999993653", "999993653"])
def test_no_session_without_a_valid_bsn(idp, tenant_a, name_id):
    client = tenant_a.client()
    response, _ = login_via_saml(client, idp, name_id=name_id)
    assert response["Location"] == "/mijn/inloggen/"
    assert party(client) is None


def test_an_unreachable_idp_gives_a_message_not_an_error_page(idp, tenant_a):
    idp.down = True
    client = tenant_a.client()
    response, _ = login_via_saml(client, idp)
    assert response.status_code == 302 and response["Location"] == "/mijn/inloggen/"
    assert flash(response)[0].startswith("Inloggen met DigiD is niet gelukt.")


@pytest.mark.parametrize("artifact", ["", "bm9wZQ==", "%%%"])
def test_a_missing_or_broken_artifact_gives_a_message(idp, tenant_a, artifact):
    response = tenant_a.client().get("/mijn/saml/digid/acs/", {"SAMLart": artifact})
    assert response.status_code == 302 and response["Location"] == "/mijn/inloggen/"


def test_an_unsafe_next_target_is_ignored(idp, tenant_a):
    client = tenant_a.client()
    response, _ = login_via_saml(
        client, idp, start="/mijn/saml/digid/inloggen/?next=https://evil.example/"
    )
    assert response["Location"] == "/mijn/"


# -- single log-out ------------------------------------------------------------------------


def _request_with_session(client):
    """A request carrying the test client's session, to call ``single_logout_url``."""
    request = RequestFactory().post("/mijn/uitloggen/", HTTP_HOST="a.localhost")
    request.session = client.session
    return request


def test_no_single_logout_for_a_mock_session(idp, tenant_a):
    request = _request_with_session(tenant_a.client())
    login_citizen(request, bsn=tenant_a.person.bsn, via="digid-mock", assurance="midden")
    assert single_logout_url(request) is None


def test_no_single_logout_when_switched_off(idp, tenant_a):
    client = tenant_a.client()
    login_via_saml(client, idp)
    config = DigidConfiguration.get_solo()
    config.slo = False
    config.save()
    assert single_logout_url(_request_with_session(client)) is None


def _sign_redirect(key_pem: str, saml_response: str) -> dict:
    """HTTP-Redirect binding signature (SAMLBind 3.4.4.1), as DigiD signs its answer."""
    sig_alg = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    signed_query = f"SAMLResponse={quote(saml_response, safe='')}&SigAlg={quote(sig_alg, safe='')}"
    key = serialization.load_pem_private_key(key_pem.encode(), password=None)
    signature = key.sign(signed_query.encode(), padding.PKCS1v15(), hashes.SHA256())
    return {
        "SAMLResponse": saml_response,
        "SigAlg": sig_alg,
        "Signature": base64.b64encode(signature).decode(),
    }


@pytest.mark.parametrize(
    ("signer", "message"),
    [
        ("idp", "U bent uitgelogd."),
        # Not signed by DigiD: we still end our own session, and say DigiD may not have.
        (
            "sp",
            "U bent uitgelogd bij Mijn gemeente. Misschien bent u nog ingelogd bij DigiD. "
            "Sluit uw browser om zeker te zijn.",
        ),
    ],
)
def test_single_logout_round_trip_with_digid(idp, keys, tenant_a, signer, message):
    client = tenant_a.client()
    login_via_saml(client, idp)

    # What the portal's log-out view does: ask for the IdP URL, then end our session.
    request = _request_with_session(client)
    url = single_logout_url(request)
    request.session.save()
    assert url.startswith(SLO_URL + "?")
    query = parse_qs(urlsplit(url).query)
    assert {"SAMLRequest", "SigAlg", "Signature", "RelayState"} <= set(query)
    logout_request = etree.fromstring(
        zlib.decompress(base64.b64decode(query["SAMLRequest"][0]), -15)
    )
    assert logout_request.findtext("saml:NameID", namespaces=NS) == "s00000000:999993653"
    assert logout_request.findtext("saml:Issuer", namespaces=NS) == SP

    # DigiD answers with a signed LogoutResponse through the browser.
    answer = f"""<samlp:LogoutResponse xmlns:samlp="{NS["samlp"]}" xmlns:saml="{NS["saml"]}"
    ID="_lr{secrets.token_hex(8)}" Version="2.0" IssueInstant="{saml_time()}"
    Destination="{BASE}/mijn/saml/digid/uitloggen/" InResponseTo="{logout_request.get("ID")}">
  <saml:Issuer>{IDP}</saml:Issuer>
  <samlp:Status>{SUCCESS}</samlp:Status>
</samlp:LogoutResponse>"""
    params = _sign_redirect(keys[signer][1], OneLogin_Saml2_Utils.deflate_and_base64_encode(answer))
    back = client.get("/mijn/saml/digid/uitloggen/", params)
    assert back.status_code == 302 and back["Location"] == "/mijn/inloggen/"
    assert flash(back) == [message]
    assert party(client) is None


def test_a_logout_response_we_did_not_ask_for_changes_nothing(idp, tenant_a):
    client = tenant_a.client()
    login_via_saml(client, idp)
    response = client.get("/mijn/saml/digid/uitloggen/", {"SAMLResponse": "eA=="})
    assert response["Location"] == "/mijn/inloggen/"
    assert party(client)["bsn"] == tenant_a.person.bsn


def _soap_logout_request(idp: FakeIdP, name_id: str, *, signed: bool = True) -> bytes:
    xml = f"""<samlp:LogoutRequest xmlns:samlp="{NS["samlp"]}" xmlns:saml="{NS["saml"]}"
    ID="_lq{secrets.token_hex(8)}" Version="2.0" IssueInstant="{saml_time()}"
    Destination="{BASE}/mijn/saml/digid/uitloggen/soap/">
  <saml:Issuer>{IDP}</saml:Issuer>
  <saml:NameID>{name_id}</saml:NameID>
</samlp:LogoutRequest>"""
    body = idp.sign(xml) if signed else xml
    return OneLogin_Saml2_XML.add_soap_envelope(body).encode()


def test_digid_ends_our_session_over_the_back_channel(idp, tenant_a):
    client = tenant_a.client()
    login_via_saml(client, idp)
    unsigned = tenant_a.client().post(
        "/mijn/saml/digid/uitloggen/soap/",
        _soap_logout_request(idp, "s00000000:999993653", signed=False),
        content_type="text/xml",
    )
    assert unsigned.status_code == 500 and b"faultcode" in unsigned.content
    assert party(client) is not None

    answer = tenant_a.client().post(
        "/mijn/saml/digid/uitloggen/soap/",
        _soap_logout_request(idp, "s00000000:999993653"),
        content_type="text/xml",
    )
    assert answer.status_code == 200
    assert b"urn:oasis:names:tc:SAML:2.0:status:Success" in answer.content
    assert party(client) is None
    assert client.get("/mijn/")["Location"] == "/mijn/inloggen/"


# -- eHerkenning ---------------------------------------------------------------------------


def eh_attributes(kvk: str = "12345678", branch: str | None = None, qualifier: str = "KvKnr"):
    branch_xml = (
        '<saml:Attribute Name="urn:etoegang:1.9:ServiceRestriction:Vestigingsnr">'
        f"<saml:AttributeValue>{branch}</saml:AttributeValue></saml:Attribute>"
        if branch
        else ""
    )
    return f"""
  <saml:AttributeStatement>
    <saml:Attribute Name="urn:etoegang:core:LegalSubjectID"><saml:AttributeValue>
      <saml:NameID NameQualifier="urn:etoegang:1.9:EntityConcernedID:{qualifier}"
        >{kvk}</saml:NameID>
    </saml:AttributeValue></saml:Attribute>{branch_xml}
  </saml:AttributeStatement>"""


def eh_login(client, idp, **kw):
    return login_via_saml(
        client,
        idp,
        path="/mijn/saml/eherkenning/acs/",
        start="/mijn/saml/eherkenning/inloggen/",
        acs=EH_ACS,
        name_id="acting-subject-pseudonym",
        **{"class_ref": EH3, **kw},
    )[0]


def test_a_business_logs_in_with_eherkenning_for_one_branch(eh_idp, tenant_a):
    client = tenant_a.client()
    response = eh_login(client, eh_idp, attributes=eh_attributes(branch="000012345678"))
    assert response["Location"] == "/mijn/"
    business = party(client)
    assert (business["kvk"], business["branch"], business["bsn"]) == (
        "12345678",
        "000012345678",
        "",
    )
    assert (business["via"], business["assurance"]) == ("eherkenning", "substantieel")
    assert single_logout_url(_request_with_session(client)) is None


def test_eherkenning_without_a_kvk_number_is_refused(eh_idp, tenant_a):
    client = tenant_a.client()
    response = eh_login(client, eh_idp, attributes=eh_attributes(kvk="001000007", qualifier="RSIN"))
    assert response["Location"] == "/mijn/inloggen/"
    assert "geen KvK-nummer" in flash(response)[0]
    assert party(client) is None


def test_eherkenning_below_the_configured_level_is_refused(eh_idp, tenant_a):
    client = tenant_a.client()
    response = eh_login(
        client,
        eh_idp,
        attributes=eh_attributes(),
        class_ref="urn:etoegang:core:assurance-class:loa2plus",
    )
    assert flash(response) == [
        "Voor Mijn gemeente heeft u eHerkenning nodig op niveau EH3 of hoger. "
        "Vraag uw leverancier van eHerkenning hoe u dat krijgt."
    ]
    assert party(client) is None


def test_an_unreadable_branch_restriction_is_not_whole_company_access(eh_idp, tenant_a):
    client = tenant_a.client()
    response = eh_login(client, eh_idp, attributes=eh_attributes(branch="vestiging-1"))
    assert response["Location"] == "/mijn/inloggen/"
    assert party(client) is None
