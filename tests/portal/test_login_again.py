"""A refused log-in level offers a new log-in that asks DigiD for the level needed (issue 17)."""

from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest

from achterkant.catalog.models import CaseType, Product
from tests.portal.saml_idp import MIDDEN, NS, flash, login_via_saml, party, start_login
from tests.portal.test_portal import log_in
from tests.portal.test_requests import FORM

URL = "/mijn/aanvragen/melding/"
MOCK_START = "/mijn/inloggen/digid-test/?niveau=hoog"
SMARTCARD_PKI = "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI"


@pytest.fixture
def needs_hoog(tenant_a):
    """Tenant A's 'melding' on the web, for which a log-in at level Hoog is needed."""
    with tenant_a.active():
        CaseType.objects.filter(identification="ZT-MELDING").update(form_definition=FORM)
        Product.objects.filter(pk=tenant_a.product.pk).update(assurance_level="hoog")
    return tenant_a


def _login_again_form(page: bytes):
    forms = lxml.html.fromstring(page).xpath('//form[@data-testid="login-again"]')
    return forms[0] if forms else None


def test_the_refusal_offers_to_log_in_again_at_the_level_needed(needs_hoog):
    client = needs_hoog.client()
    log_in(client, needs_hoog.person.bsn)  # the mock logs in at Midden
    page = client.get(URL)
    assert page.status_code == 403
    form = _login_again_form(page.content)
    assert form.get("action") == "/mijn/inloggen/opnieuw/" and form.method == "POST"
    assert dict(form.form_values()) | {"csrfmiddlewaretoken": ""} == {
        "csrfmiddlewaretoken": "", "niveau": "hoog", "next": URL,
    }  # fmt: skip
    assert form.xpath("string(.//button)") == "Opnieuw inloggen met DigiD op niveau Hoog"


def test_a_refusal_for_another_reason_offers_no_new_log_in(needs_hoog):
    client = needs_hoog.client()
    client.post("/mijn/inloggen/eherkenning-test/", {"kvk_number": "69599084", "assurance": "hoog"})
    page = client.get(URL)
    assert page.status_code == 403 and "Als ondernemer" in page.content.decode()
    assert _login_again_form(page.content) is None


def test_logging_in_again_with_the_mock_brings_the_citizen_back_to_the_form(needs_hoog):
    client = needs_hoog.client()
    log_in(client, needs_hoog.person.bsn)
    response = client.post("/mijn/inloggen/opnieuw/", {"niveau": "hoog", "next": URL})
    assert response["Location"] == "/mijn/inloggen/digid-test/?niveau=hoog"
    idp = urlsplit(client.get(response["Location"])["Location"])
    acs = parse_qs(idp.query)["acs"][0]
    back = client.get(f"{acs}&bsn={needs_hoog.person.bsn}")
    assert back["Location"] == URL
    assert party(client)["assurance"] == "hoog"
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize(
    ("data", "location"),
    [
        ({"niveau": "heel-hoog", "next": URL}, "/mijn/inloggen/"),
        (
            {"niveau": "hoog", "next": "https://evil.example/"},
            "/mijn/inloggen/digid-test/?niveau=hoog",
        ),
    ],
)
def test_an_unknown_level_or_a_foreign_target_is_not_followed(needs_hoog, data, location):
    client = needs_hoog.client()
    log_in(client, needs_hoog.person.bsn)
    response = client.post("/mijn/inloggen/opnieuw/", data)
    assert response["Location"] == location
    if location == "/mijn/inloggen/":
        assert flash(response) == ["Dit betrouwbaarheidsniveau kennen wij niet. Log opnieuw in."]
    else:
        assert "portal_next" not in client.session
    assert client.get("/mijn/inloggen/opnieuw/").status_code == 405  # a POST only


def test_with_real_digid_the_saml_request_asks_for_the_level_needed(idp, needs_hoog):
    client = needs_hoog.client()
    log_in(client, needs_hoog.person.bsn)
    response = client.post("/mijn/inloggen/opnieuw/", {"niveau": "hoog", "next": URL})
    start = response["Location"]
    assert urlsplit(start).path == "/mijn/saml/digid/inloggen/"
    assert parse_qs(urlsplit(start).query) == {"niveau": ["hoog"], "next": [URL]}
    _, authn = start_login(client, start)
    requested = authn.find("samlp:RequestedAuthnContext", NS)
    assert requested.get("Comparison") == "minimum"
    assert requested.findtext("saml:AuthnContextClassRef", namespaces=NS) == SMARTCARD_PKI


def test_with_real_digid_an_answer_below_the_level_asked_is_refused(idp, needs_hoog):
    client = needs_hoog.client()
    start = "/mijn/saml/digid/inloggen/?niveau=hoog&next=/mijn/aanvragen/melding/"
    response, _ = login_via_saml(client, idp, start=start, class_ref=MIDDEN)
    assert response["Location"] == "/mijn/inloggen/"
    assert flash(response) == [
        "Voor Mijn gemeente moet u inloggen met DigiD op niveau Hoog of hoger. "
        "Log opnieuw in, bijvoorbeeld met de DigiD app."
    ]
    assert party(client) is None

    # A later ordinary log-in asks for the configured level again.
    response, _ = login_via_saml(client, idp, class_ref=MIDDEN)
    assert response["Location"] == "/mijn/" and party(client)["assurance"] == "midden"


def test_with_real_digid_the_stronger_log_in_goes_back_to_the_form(idp, needs_hoog):
    client = needs_hoog.client()
    start = "/mijn/saml/digid/inloggen/?niveau=hoog&next=/mijn/aanvragen/melding/"
    response, _ = login_via_saml(client, idp, start=start, class_ref=SMARTCARD_PKI)
    assert response["Location"] == URL
    assert party(client)["assurance"] == "hoog"
