"""The score page, the league table and the benchmark card in the desk."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from achterkant.catalog.models import Product, ServiceNorm
from achterkant.identity.actors import system
from achterkant.insights import benchmark, maturity_facts
from achterkant.insights.maturity import maturity
from achterkant.insights.models import BenchmarkCard, InsightsSettings
from achterkant.tenancy.context import use_organisation
from tests.insights import maturity_fixture

SCORE = "/desk/inzicht/score/"
LEAGUE = "/desk/inzicht/ranglijst/"
CARD = "/desk/inzicht/ranglijst/kaart.json"


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path, monkeypatch):
    monkeypatch.setattr(maturity_facts, "_connection_counters", {})  # the fallback counts
    settings.INSIGHTS_SIGNING_KEY_FILE = str(tmp_path / "here.pem")
    settings.PERSON_LOOKUP = "local"
    settings.NOTIFICATIES_FORWARD_URL = ""


def _may_import(tenant):
    user = tenant.staff["lead"]
    user.user_permissions.add(
        Permission.objects.get(codename="add_benchmarkcard", content_type__app_label="insights")
    )
    return tenant.client("lead")


def _foreign_card(settings, tmp_path) -> bytes:
    """A card of 'Gemeente Maat' made on another installation (its own key)."""
    mine = settings.INSIGHTS_SIGNING_KEY_FILE
    settings.INSIGHTS_SIGNING_KEY_FILE = str(tmp_path / "elsewhere.pem")
    organisation = maturity_fixture.build()
    with use_organisation(organisation):
        result = maturity(today=maturity_fixture.TODAY)
        card = benchmark.card_export(actor=benchmark_reader(), result=result)
    settings.INSIGHTS_SIGNING_KEY_FILE = mine
    return json.dumps(card).encode()


def benchmark_reader():
    return system("test", {"insights.view_insights"})


def test_a_team_lead_sees_the_score_breakdown_and_advice(tenant_a):
    response = tenant_a.client("lead").get(SCORE)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="score-overall"' in page
    for part in ("service", "customer_service", "citizen_voice"):
        assert f'data-testid="part-{part}"' in page
    assert 'data-testid="indicator-csat_coverage"' in page
    assert "Wat kunt u doen?" in page
    assert "Vraag op elk kanaal om een cijfer" in page  # the advice of an indicator
    # The reference lines: an SVG with the countries, and the same as a table.
    assert "<svg" in page and "Singapore" in page and "Nederland" in page
    assert 'data-testid="table-reference"' in page


@pytest.mark.parametrize("url", [SCORE, LEAGUE, CARD])
def test_an_agent_may_not_open_them(tenant_a, url):
    assert tenant_a.client("agent").get(url).status_code == 403


@pytest.mark.parametrize("url", [SCORE, LEAGUE, CARD])
def test_anonymous_is_sent_to_log_in(tenant_a, url):
    response = tenant_a.client().get(url)
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_the_league_shows_own_and_opted_in_organisations_only(tenant_a, tenant_b):
    for tenant, opt_in in ((tenant_a, True), (tenant_b, False)):
        tenant.client("lead").get(SCORE)  # each computes its own score in its own context
        with tenant.active():
            InsightsSettings.objects.create(in_league_table=opt_in)
    page_b = tenant_b.client("lead").get(LEAGUE).content.decode()
    assert "Gemeente A" in page_b and "Gemeente B (u)" in page_b
    page_a = tenant_a.client("lead").get(LEAGUE).content.decode()
    assert "Gemeente A (u)" in page_a and "Gemeente B" not in page_a
    assert 'data-testid="league-not-opted-in"' in page_b
    assert 'data-testid="league-not-opted-in"' not in page_a


def test_the_card_download_is_a_signed_card_that_verifies_elsewhere(tenant_a, settings, tmp_path):
    response = tenant_a.client("lead").get(CARD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert 'filename="benchmarkkaart-a-' in response["Content-Disposition"]
    settings.INSIGHTS_SIGNING_KEY_FILE = str(tmp_path / "other.pem")
    card = benchmark.card_verify(response.content)
    assert card["organisation"] == {"name": "Gemeente A", "rsin": "001000007"}


def test_uploading_a_card_shows_it_as_imported(tenant_b, settings, tmp_path):
    raw = _foreign_card(settings, tmp_path)
    client = _may_import(tenant_b)
    response = client.post(LEAGUE, {"card": SimpleUploadedFile("kaart.json", raw)})
    assert response.status_code == 302
    page = client.get(LEAGUE).content.decode()
    assert "De kaart van Gemeente Maat is ingelezen." in page
    assert 'data-testid="league-row-imported"' in page
    assert "ingelezen kaart (andere installatie)" in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "geen geldige JSON"),
        (b'{"format": 1}', "geen benchmarkkaart van Achterkant"),
        (b"x" * (benchmark.CARD_MAX_BYTES + 10), "te groot"),
        (b"", "Het bestand is leeg."),
    ],
)
def test_a_malformed_upload_gets_a_dutch_error_not_a_500(tenant_b, content, message):
    client = _may_import(tenant_b)
    response = client.post(LEAGUE, {"card": SimpleUploadedFile("kaart.json", content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    with tenant_b.active():
        assert not BenchmarkCard.objects.exists()


def test_a_tampered_upload_is_rejected(tenant_b, settings, tmp_path):
    card = json.loads(_foreign_card(settings, tmp_path))
    card["scores"]["parts"]["service"] = 100.0
    client = _may_import(tenant_b)
    response = client.post(
        LEAGUE, {"card": SimpleUploadedFile("kaart.json", json.dumps(card).encode())}
    )
    assert response.status_code == 400
    assert "De handtekening klopt niet" in response.content.decode()


def test_no_file_is_a_form_error(tenant_b):
    response = _may_import(tenant_b).post(LEAGUE, {})
    assert response.status_code == 400
    assert "Kies een bestand met een benchmarkkaart." in response.content.decode()


def test_uploading_needs_the_import_permission(tenant_b, settings, tmp_path):
    raw = _foreign_card(settings, tmp_path)
    client = tenant_b.client("lead")
    assert 'data-testid="card-upload"' not in client.get(LEAGUE).content.decode()
    response = client.post(LEAGUE, {"card": SimpleUploadedFile("kaart.json", raw)})
    assert response.status_code == 403
    with tenant_b.active():
        assert not BenchmarkCard.objects.exists()


def test_the_score_page_costs_the_same_with_more_products(tenant_a, django_assert_max_num_queries):
    client = tenant_a.client("lead")
    client.get(SCORE)  # warm: the snapshot row exists
    with CaptureQueriesContext(connection) as few:
        assert client.get(SCORE).status_code == 200
    with tenant_a.active():
        for number in range(20):
            product = Product.objects.create(code=f"p{number}", name=f"Product {number}")
            ServiceNorm.objects.create(
                product=product, channel="web", amount=1, unit="working_days", promise="snel"
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(SCORE).status_code == 200
    assert len(few.captured_queries) <= 30
