"""Production DigiD log-in and single log-out: real SAML, real XML signatures.

The IdP is played at the HTTP edge only (``tests/portal/saml_idp.py``).
"""

import base64
import secrets
import zlib
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from digid_eherkenning.models import DigidConfiguration
from lxml import etree
from onelogin.saml2.utils import OneLogin_Saml2_Utils
from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

from achterkant.portal.saml import single_logout_url
from achterkant.portal.session import login_citizen
from tests.portal.saml_idp import (
    ACS,
    BASE,
    BASIS,
    IDP,
    MIDDEN,
    NS,
    SLO_URL,
    SP,
    SSO_URL,
    SUCCESS,
    FakeIdP,
    flash,
    login_via_saml,
    party,
    request_with_session,
    saml_time,
    start_login,
)

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


def test_no_single_logout_for_a_mock_session(idp, tenant_a):
    request = request_with_session(tenant_a.client())
    login_citizen(request, bsn=tenant_a.person.bsn, via="digid-mock", assurance="midden")
    assert single_logout_url(request) is None


def test_no_single_logout_when_switched_off(idp, tenant_a):
    client = tenant_a.client()
    login_via_saml(client, idp)
    config = DigidConfiguration.get_solo()
    config.slo = False
    config.save()
    assert single_logout_url(request_with_session(client)) is None


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
    request = request_with_session(client)
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
