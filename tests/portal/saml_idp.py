"""A fake SAML IdP for the DigiD and eHerkenning tests, played at the HTTP edge only.

Nothing in our code or the library is faked. The IdP is played at the HTTP edge only: the
SOAP artifact-resolution call (``requests`` through the library's client-certificate
adapter) is answered by ``FakeIdP``, which checks our signed ArtifactResolve and returns
an ArtifactResponse signed with its own throwaway key. Our side validates that signature
against the IdP certificate in the configured metadata, as in production.
"""

import base64
import hashlib
import secrets
from datetime import UTC, datetime, timedelta

import lxml.html
import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
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

from achterkant.portal.session import SESSION_KEY

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


def request_with_session(client):
    """A request carrying the test client's session, to call ``single_logout_url``."""
    request = RequestFactory().post("/mijn/uitloggen/", HTTP_HOST="a.localhost")
    request.session = client.session
    return request
