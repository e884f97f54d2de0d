"""The Triage API (issue 18): POST /triage/api/v1/suggesties with the ZGW JWT.

Real models, trained per test for two organisations with different catalogues, so a test
can tell whose model answered. Responses are checked against our own OAS
(``api/data/triage-1.0.0.yaml``) the way the ZGW components are checked against theirs.
"""

import json
import time

import pytest
import yaml

from achterkant.api.autorisaties.services import AuthorisationData
from achterkant.api.triage.endpoints import MAX_TEXT_CHARS
from achterkant.audit.models import ProcessingLogEntry
from achterkant.catalog.models import Product
from achterkant.contacts.models import Contact
from achterkant.contacts.triage import train_organisation
from achterkant.contacts.triage.models import ExampleSource, TriageExample, TriageSettings
from tests.api.helpers import ZAAKTYPE, api_client, register, token
from tests.api.oas_check import violations
from tests.conftest import HOST_A, HOST_B

BASE = "/triage/api/v1"
URL = f"{BASE}/suggesties"
OAS_FILE = "triage-1.0.0.yaml"

# Each organisation's own products, with examples that only its model learns.
CATALOGUE_A = {
    "afval": (
        "Afvalcontainer",
        [
            "Mijn container is niet geleegd",
            "De vuilnisbak is vandaag niet opgehaald",
            "Kliko vergeten door de vuilniswagen",
            "Mijn groene container is kapot",
            "Ik wil een nieuwe afvalcontainer",
            "De grijze bak is niet geleegd deze week",
            "Wanneer wordt het afval opgehaald",
            "Container gestolen, graag een nieuwe kliko",
            "Het deksel van mijn vuilcontainer is afgebroken",
            "De papiercontainer is niet geleegd",
        ],
    ),
    "paspoort": (
        "Paspoort aanvragen",
        [
            "Ik wil een nieuw paspoort aanvragen",
            "Mijn paspoort is verlopen, wat moet ik doen",
            "Hoe vraag ik een reisdocument aan",
            "Paspoort kwijt, ik ga volgende week op vakantie",
            "Afspraak maken voor een paspoort",
            "Wat kost een paspoort voor mijn kind",
            "Ik moet mijn paspoort vernieuwen",
            "Hoe lang duurt het voordat mijn paspoort klaar is",
            "Paspoort ophalen bij het gemeentehuis",
            "Mijn paspoort is gestolen",
        ],
    ),
}
CATALOGUE_B = {
    "parkeren": (
        "Parkeervergunning",
        [
            "Ik wil een parkeervergunning aanvragen",
            "Hoe krijg ik een bewonersvergunning voor parkeren",
            "Mijn parkeervergunning verloopt binnenkort",
            "Parkeren voor de deur, heb ik een vergunning nodig",
            "Bezoekersvergunning parkeren aanvragen",
            "Kenteken wijzigen op mijn parkeervergunning",
            "Wat kost een parkeervergunning",
            "Ik heb een nieuwe auto, parkeervergunning aanpassen",
            "Parkeerplaats voor bewoners aanvragen",
            "Mijn parkeervergunning is niet verlengd",
        ],
    ),
    "hond": (
        "Hondenbelasting",
        [
            "Ik heb een hond gekocht, moet ik hondenbelasting betalen",
            "Mijn hond is overleden, stopzetten hondenbelasting",
            "Hondenbelasting aanmelden",
            "Hoeveel hondenbelasting betaal ik voor twee honden",
            "Aanslag hondenbelasting klopt niet",
            "Ik heb geen hond meer",
            "Hondenbelasting afmelden",
            "Puppy aangeschaft, hoe meld ik die aan",
            "Waarom betaal ik belasting voor mijn hond",
            "Hond verhuisd naar familie, belasting stoppen",
        ],
    ),
}
CONTAINER_TEXT = "Goedemiddag, mijn kliko is weer niet geleegd, al twee weken niet"
PARKING_TEXT = "Ik wil graag een parkeervergunning voor mijn nieuwe auto"


def _train(tenant, catalogue: dict) -> set[str]:
    """``catalogue``'s products and examples for ``tenant``, and its model trained."""
    with tenant.active():
        for code, (name, examples) in catalogue.items():
            product = Product.objects.create(code=code, name=name)
            TriageExample.objects.bulk_create(
                TriageExample(
                    organisation=tenant.organisation,
                    text=text,
                    product=product,
                    source=ExampleSource.ADMIN,
                )
                for text in examples
            )
        train_organisation(tenant.organisation)
        return set(Product.objects.values_list("code", flat=True))


@pytest.fixture
def model_dir(settings, tmp_path):
    # Keep model files out of var/ (contacts.triage's fixture recipe).
    settings.TRIAGE_MODEL_DIR = str(tmp_path)
    return tmp_path


@pytest.fixture
def clients(tenant_a, tenant_b, model_dir):
    """A client with the triage scope in each organisation (no model trained yet)."""
    register(tenant_a.organisation, "intake-a", component="zrc", scopes=("triage.lezen",))
    register(tenant_b.organisation, "intake-b", component="zrc", scopes=("triage.lezen",))
    return tenant_a, tenant_b


@pytest.fixture
def trained(clients):
    tenant_a, tenant_b = clients
    codes_a = _train(tenant_a, CATALOGUE_A)
    codes_b = _train(tenant_b, CATALOGUE_B)
    return codes_a, codes_b


def _post(host: str, bearer: str | None, body, *, raw: bool = False, **extra):
    data = body if raw else json.dumps(body)
    content_type = extra.pop("content_type", "application/json")
    return api_client(host, bearer).post(URL, data=data, content_type=content_type, **extra)


def _suggest(host: str, client_id: str, text: str, **fields):
    response = _post(host, token(client_id), {"tekst": text, **fields})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    assert violations(OAS_FILE, BASE, "POST", URL, response) == []
    return response.json()


def _codes(body: dict) -> list[str]:
    return [p["code"] for p in body["producten"]]


# -- The answer, per organisation ---------------------------------------------------------


def test_an_authorised_call_returns_the_top_3_of_the_clients_organisation(trained):
    codes_a, _codes_b = trained
    body = _suggest(HOST_A, "intake-a", CONTAINER_TEXT)
    assert _codes(body)[0] == "afval"
    assert 1 <= len(body["producten"]) <= 3
    assert set(_codes(body)) <= codes_a
    confidences = [p["zekerheid"] for p in body["producten"]]
    assert confidences == sorted(confidences, reverse=True)
    assert all(0 <= c <= 1 for c in confidences)
    assert body["producten"][0]["naam"] == "Afvalcontainer"
    assert body["reden"] == ""


def test_another_organisations_model_is_never_used(trained):
    codes_a, codes_b = trained
    # B's own text on B's host: B's model, B's products.
    on_b = _suggest(HOST_B, "intake-b", PARKING_TEXT)
    assert _codes(on_b)[0] == "parkeren"
    assert set(_codes(on_b)) <= codes_b
    # The same text on A's host: only A's catalogue can answer, whatever fits B better.
    on_a = _suggest(HOST_A, "intake-a", PARKING_TEXT)
    assert set(_codes(on_a)) <= codes_a
    assert "parkeren" not in _codes(on_a)
    # And A's text on B's host never yields A's products.
    assert set(_codes(_suggest(HOST_B, "intake-b", CONTAINER_TEXT))) <= codes_b


def test_an_organisation_without_a_model_gets_no_suggestion_not_anothers(clients):
    tenant_a, _tenant_b = clients
    _train(tenant_a, CATALOGUE_A)  # only A has a model
    body = _suggest(HOST_B, "intake-b", CONTAINER_TEXT)
    assert body["producten"] == []
    assert body["reden"]
    assert body["automatischRouteerbaar"] is False


def _set_threshold(tenant, value: float) -> None:
    # save(), not update(): a saved row tells every process its settings changed.
    with tenant.active():
        row = TriageSettings.objects.get()
        row.threshold = value
        row.save()


def test_auto_routable_follows_the_organisations_threshold(trained, tenant_a):
    _set_threshold(tenant_a, 0.0)
    low = _suggest(HOST_A, "intake-a", CONTAINER_TEXT)
    assert low["drempel"] == 0.0
    assert low["automatischRouteerbaar"] is True
    _set_threshold(tenant_a, 1.0)
    high = _suggest(HOST_A, "intake-a", CONTAINER_TEXT)
    assert high["drempel"] == 1.0
    assert high["producten"][0]["zekerheid"] < 1.0
    assert high["automatischRouteerbaar"] is False


def test_an_email_loses_its_quoted_history_and_signature(trained):
    email = (
        "Mijn kliko is niet geleegd.\n\n"
        "Met vriendelijke groet,\nJan Jansen\nPaspoortstraat 1\n\n"
        "Op ma 3 nov. 2025 om 10:12 schreef Gemeente A <info@example.nl>:\n"
        "> Uw paspoort ligt klaar. Paspoort ophalen kan op afspraak.\n"
        "> Paspoort paspoort reisdocument aanvragen.\n"
    )
    assert _codes(_suggest(HOST_A, "intake-a", email, bron="email"))[0] == "afval"


def test_nothing_is_stored_and_no_processing_is_logged(trained):
    counts = (TriageExample.all_tenants.count(), Contact.all_tenants.count())
    logged = ProcessingLogEntry.all_tenants.count()
    _suggest(HOST_A, "intake-a", CONTAINER_TEXT + " mijn BSN is 123456782")
    assert (TriageExample.all_tenants.count(), Contact.all_tenants.count()) == counts
    assert ProcessingLogEntry.all_tenants.count() == logged


# -- Who may call -------------------------------------------------------------------------


def test_no_token_is_401(clients):
    response = _post(HOST_A, None, {"tekst": CONTAINER_TEXT})
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_authenticated"
    assert violations(OAS_FILE, BASE, "POST", URL, response) == []


def test_wrong_scope_is_403(clients):
    tenant_a, _ = clients
    register(
        tenant_a.organisation,
        "zaken-only",
        authorisations=[
            AuthorisationData(
                "zrc", ["zaken.lezen", "zaken.aanmaken"], zaaktype=ZAAKTYPE,
                max_vertrouwelijkheidaanduiding="geheim",
            )
        ],
    )  # fmt: skip
    response = _post(HOST_A, token("zaken-only"), {"tekst": CONTAINER_TEXT})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "triage.lezen" in response.json()["detail"]
    assert violations(OAS_FILE, BASE, "POST", URL, response) == []


def test_the_scope_on_another_component_is_not_enough(clients):
    tenant_a, _ = clients
    register(tenant_a.organisation, "ztc-triage", component="ztc", scopes=("triage.lezen",))
    assert _post(HOST_A, token("ztc-triage"), {"tekst": "x"}).status_code == 403


def test_all_authorisations_may_call(clients):
    tenant_a, _ = clients
    register(tenant_a.organisation, "alles", all_authorisations=True)
    assert _post(HOST_A, token("alles"), {"tekst": CONTAINER_TEXT}).status_code == 200


def test_an_expired_token_is_403(clients):
    now = int(time.time())
    response = _post(HOST_A, token("intake-a", iat=now - 3600, exp=now - 400), {"tekst": "x"})
    assert response.status_code == 403
    assert response.json()["code"] == "jwt-expired"


def test_another_organisations_client_is_refused(clients):
    # B's client on A's host name: as unknown as a client that does not exist.
    response = _post(HOST_A, token("intake-b"), {"tekst": CONTAINER_TEXT})
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_no_scope_and_bad_input_is_still_403(clients):
    tenant_a, _ = clients
    register(tenant_a.organisation, "ac-only", scopes=("autorisaties.lezen",))
    response = _post(HOST_A, token("ac-only"), "{niet json", raw=True)
    assert response.status_code == 403


# -- Bad input ----------------------------------------------------------------------------


def _problem(response, status: int, name: str, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert {"name": name, "code": code} == {
        k: body["invalidParams"][0][k] for k in ("name", "code")
    }, body
    assert violations(OAS_FILE, BASE, "POST", URL, response) == []
    return body


def test_invalid_json_is_400(clients):
    response = _post(HOST_A, token("intake-a"), '{"tekst": "mijn kliko', raw=True)
    _problem(response, 400, "nonFieldErrors", "parse_error")


def test_json_nested_too_deep_is_400_not_500(clients):
    response = _post(HOST_A, token("intake-a"), "[" * 200_000 + "]" * 200_000, raw=True)
    _problem(response, 400, "nonFieldErrors", "parse_error")


def test_a_body_that_is_not_an_object_is_400(clients):
    response = _post(HOST_A, token("intake-a"), ["mijn kliko"])
    _problem(response, 400, "nonFieldErrors", "invalid")


def test_missing_text_is_400_required(clients):
    response = _post(HOST_A, token("intake-a"), {"bron": "email"})
    body = _problem(response, 400, "tekst", "required")
    assert body["invalidParams"][0]["reason"] == "Dit veld is vereist."


@pytest.mark.parametrize("value", [None, 12, ["a"], {"a": 1}])
def test_text_that_is_not_a_string_is_400(clients, value):
    _problem(_post(HOST_A, token("intake-a"), {"tekst": value}), 400, "tekst", "invalid")


@pytest.mark.parametrize("value", ["fax", 1, ["email"]])
def test_an_unknown_source_is_400(clients, value):
    response = _post(HOST_A, token("intake-a"), {"tekst": "x", "bron": value})
    _problem(response, 400, "bron", "invalid_choice")


def test_text_over_the_cap_is_400(clients):
    response = _post(HOST_A, token("intake-a"), {"tekst": "a" * (MAX_TEXT_CHARS + 1)})
    body = _problem(response, 400, "tekst", "max_length")
    assert "100.000" in body["invalidParams"][0]["reason"]


def test_text_at_the_cap_gets_an_answer(trained):
    text = (CONTAINER_TEXT + " ") * (MAX_TEXT_CHARS // (len(CONTAINER_TEXT) + 1))
    text = text.ljust(MAX_TEXT_CHARS, "x")
    assert len(text) == MAX_TEXT_CHARS
    # Accepted, and classified on its first part (the classifier truncates).
    assert _codes(_suggest(HOST_A, "intake-a", text))[0] == "afval"


def test_a_body_over_the_upload_limit_is_413(clients, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    response = _post(HOST_A, token("intake-a"), {"tekst": "a" * 60_000})
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


def test_a_body_that_is_not_json_content_is_415(clients):
    response = _post(HOST_A, token("intake-a"), "tekst=kliko", raw=True, content_type="text/plain")
    assert response.status_code == 415


def test_a_nul_character_is_400(clients):
    response = _post(HOST_A, token("intake-a"), {"tekst": "kliko\u0000"})
    assert response.status_code == 400


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_text_is_200_with_the_reason(trained, text):
    body = _suggest(HOST_A, "intake-a", text)
    assert body["producten"] == []
    assert body["reden"]
    assert body["automatischRouteerbaar"] is False


def test_extra_fields_are_ignored(trained):
    body = _suggest(HOST_A, "intake-a", CONTAINER_TEXT, kanaal="web")
    assert _codes(body)[0] == "afval"


# -- Schema, docs page and the component's errors ------------------------------------------


def test_schema_is_served_with_the_hosts_server_url(clients):
    response = api_client(HOST_A).get(f"{BASE}/schema")
    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    assert document["servers"] == [{"url": f"http://{HOST_A}/triage/api/v1"}]
    assert list(document["paths"]) == ["/suggesties"]
    security = document["paths"]["/suggesties"]["post"]["security"]
    assert security == [{"JWT-Claims": ["triage.lezen"]}]


def test_docs_page_says_it_is_our_own_api(clients):
    html = api_client(HOST_A).get(f"{BASE}/").content.decode()
    assert "Triage API 1.0.0" in html
    assert "eigen API van Achterkant" in html
    assert "VNG, zoals" not in html
    assert "/suggesties" in html and "triage.lezen" in html


def test_get_is_405_and_an_unknown_path_404_as_problem(clients):
    response = api_client(HOST_A, token("intake-a")).get(URL)
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert "POST" in response["Allow"]
    response = api_client(HOST_A, token("intake-a")).get(f"{BASE}/onbekend")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
