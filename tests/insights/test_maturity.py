"""The maturity score on a small fixture computed by hand (tests/insights/maturity_fixture.py).

Every expected number below is worked out in the comment above it, from the fixture's
table and aggregate rows; none is copied from the code's output.
"""

import pytest

from achterkant.insights import maturity_facts
from achterkant.insights.maturity import COUNTRY_SCORES, SCORING_VERSION, maturity
from achterkant.insights.models import DailyAggregate
from achterkant.tenancy.context import use_organisation
from tests.insights import maturity_fixture


@pytest.fixture(autouse=True)
def _no_registered_connections(monkeypatch):
    """The expected numbers assume no API app reports its connections (the fallback)."""
    monkeypatch.setattr(maturity_facts, "_connection_counters", {})


@pytest.fixture
def score(db, settings):
    settings.PERSON_LOOKUP = "local"
    settings.NOTIFICATIES_FORWARD_URL = ""
    organisation = maturity_fixture.build()
    with use_organisation(organisation):
        return maturity(today=maturity_fixture.TODAY)


def _indicator(result, key):
    return next(i for i in result.indicators() if i.key == key)


def test_the_period_is_the_last_90_days(score):
    assert score.first.isoformat() == "2026-08-23"
    assert score.last.isoformat() == "2026-11-20"
    assert score.scoring_version == SCORING_VERSION == "2026.1"


def test_service_maturity_is_breadth_times_depth(score):
    # Online: paspoort and melding, 2 of 4 products.
    assert _indicator(score, "breadth").score == 50
    assert _indicator(score, "breadth").value_text == "2 van 4 producten"
    # Public article: paspoort, afval (melding's is internal) -> 2/4.
    assert _indicator(score, "publish").score == 50
    # Web form or web norm: paspoort, melding (forms), afval (web norm) -> 3/4.
    assert _indicator(score, "interact").score == 75
    # Status text + published decision type: only paspoort -> 1/4.
    assert _indicator(score, "transact").score == 25
    # A prefilled form field: only paspoort -> 1/4.
    assert _indicator(score, "proactive_service").score == 25
    assert "Melding" in _indicator(score, "transact").detail
    service = score.parts[0]
    # depth = (50 + 75 + 25 + 25) / 4 = 43.75; service = 50 × 43.75 / 100 = 21.875.
    assert service.pillars[1].score == pytest.approx(43.75)
    assert service.score == pytest.approx(21.875)
    assert service.weight == 0.10


def test_customer_service_maturity_has_four_equal_pillars(score):
    # In the period: ratings 16 + 4 = 20, satisfied 12 + 2 = 14 -> CSAT 70%.
    assert _indicator(score, "csat").score == pytest.approx(70)
    # DigiD 30 of 64 closed = 0.46875; read 60 of 80 messages = 0.75; mean 0.609375.
    assert _indicator(score, "portal_adoption").score == pytest.approx(60.9375)
    # Paspoort: web 36/40 = 90%, phone 14/20 = 70%: spread 20 pp; the same median lead
    # time (2 working days) on both -> index 100 - 20 = 80.
    assert _indicator(score, "consistency").score == pytest.approx(80)
    # Channels 4, 2, 1, 3 -> capped at 4: (1 + 0.5 + 0.25 + 0.75) / 4 = 0.625.
    assert _indicator(score, "channels_per_product").score == pytest.approx(62.5)
    assert _indicator(score, "channels_per_product").value == pytest.approx(2.5)
    # Local register: no BRP; API traffic 2 cases: active; no forward, no counter: 0.
    assert _indicator(score, "brp").score == 0
    assert _indicator(score, "zgw_applications").score == 100
    assert _indicator(score, "notification_subscribers").score == 0
    # 80 messages / 64 closed cases = 1.25 per case; target 2 -> 62.5.
    assert _indicator(score, "proactive_messages").score == pytest.approx(62.5)
    # Of the 2 online forms, 1 prefills -> 50.
    assert _indicator(score, "prefill_share").score == pytest.approx(50)
    pillars = {pillar.key: pillar.score for pillar in score.parts[1].pillars}
    assert pillars == {
        "citizen_centred": pytest.approx((70 + 60.9375) / 2),
        "multichannel": pytest.approx((80 + 62.5) / 2),
        "cross_government": pytest.approx(100 / 3),
        "proactive": pytest.approx((62.5 + 50) / 2),
    }
    # (65.46875 + 71.25 + 33.3333 + 56.25) / 4 = 56.5755...
    assert score.parts[1].score == pytest.approx(56.57552083)


def test_citizen_voice(score):
    # 20 ratings / (96 contacts + 64 closed cases) = 12.5%; target 25% -> 50.
    assert _indicator(score, "csat_coverage").score == pytest.approx(50)
    # 1 complaint / (41 - 1) other cases in = 2.5%; 100 × (1 - 2.5/5) = 50.
    assert _indicator(score, "complaint_rate").value == pytest.approx(0.025)
    assert _indicator(score, "complaint_rate").score == pytest.approx(50)
    # Complaints decided within the legal term: 3 of 4 -> 75 (the legal term wins over
    # the service norm, which 2 of 4 met).
    assert _indicator(score, "feedback_answered").score == pytest.approx(75)
    assert score.parts[2].score == pytest.approx(175 / 3)


def test_overall_and_the_rounded_scores(score):
    # 0.1 × 21.875 + 0.5 × 56.5755208 + 0.4 × 58.3333333 = 53.8085937...
    assert score.overall == pytest.approx(53.80859375)
    scores = score.scores()
    assert scores["overall"] == 53.8
    assert scores["parts"] == {"service": 21.9, "customer_service": 56.6, "citizen_voice": 58.3}
    assert len(scores["indicators"]) == 17
    # Every indicator has advice in Dutch and a weight; pillar weights make up each part.
    for indicator in score.indicators():
        assert indicator.advice and 0 < indicator.weight <= 1
    assert sum(p.weight for p in score.parts[1].pillars) == pytest.approx(1)


def test_a_brp_and_registered_connections_raise_cross_government(db, settings):
    settings.PERSON_LOOKUP = "brp"
    settings.BRP_API_URL = "https://brp.example-gemeente.nl/haalcentraal/api/brp"
    settings.NOTIFICATIES_FORWARD_URL = ""
    organisation = maturity_fixture.build()
    maturity_facts.register_connection_counter("zgw_applications", lambda: 0)
    maturity_facts.register_connection_counter("notification_subscribers", lambda: 3)
    with use_organisation(organisation):
        result = maturity(today=maturity_fixture.TODAY)
    assert _indicator(result, "brp").score == 100
    # A registered count wins over the API traffic the aggregates show.
    assert _indicator(result, "zgw_applications").score == 0
    assert _indicator(result, "notification_subscribers").value_text == "3 abonnementen"
    assert _indicator(result, "notification_subscribers").score == 100
    assert result.notes == []


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8001/haalcentraal/api/brp", "http://brp.invalid/x", "https://mock-brp.nl/"],
)
def test_a_local_stand_in_is_not_a_real_brp(settings, url):
    settings.PERSON_LOOKUP = "brp"
    settings.BRP_API_URL = url
    assert maturity_facts.brp_connection()[0] is False


def test_an_empty_organisation_scores_zero_without_errors(tenant_a, settings):
    settings.PERSON_LOOKUP = "local"
    settings.NOTIFICATIES_FORWARD_URL = ""
    with tenant_a.active():
        result = maturity(today=maturity_fixture.TODAY)
    # One product, not online, no figures. Only its one channel with a norm (e-mail)
    # counts: 1/4 = 25; multichannel (0 + 25) / 2 = 12.5; customer service 12.5 / 4 =
    # 3.125; overall 0.5 × 3.125 = 1.5625.
    assert result.overall == pytest.approx(1.5625)
    assert _indicator(result, "csat").value_text.startswith("geen gegevens")
    assert "klachtproduct" in _indicator(result, "complaint_rate").detail


def test_the_reference_lines_are_the_published_country_scores():
    assert COUNTRY_SCORES[0] == ("Singapore", 89)
    assert dict(COUNTRY_SCORES)["Nederland"] == 45
    assert [s for _, s in COUNTRY_SCORES] == sorted((s for _, s in COUNTRY_SCORES), reverse=True)


def test_the_score_reads_only_its_own_organisation(db, tenant_b, settings):
    settings.PERSON_LOOKUP = "local"
    settings.NOTIFICATIES_FORWARD_URL = ""
    maturity_fixture.build()  # another organisation with a full catalogue and figures
    with tenant_b.active():
        result = maturity(today=maturity_fixture.TODAY)
    assert _indicator(result, "breadth").value_text == "0 van 1 producten"
    assert result.overall == pytest.approx(1.5625)  # as the empty organisation above


def test_complaints_without_a_legal_term_fall_back_to_the_service_norm(db, settings):
    settings.PERSON_LOOKUP = "local"
    settings.NOTIFICATIES_FORWARD_URL = ""
    organisation = maturity_fixture.build()
    with use_organisation(organisation):
        DailyAggregate.objects.filter(product__code="klacht").update(
            cases_decided_with_legal_term=0, cases_decided_within_legal_term=0
        )
        result = maturity(today=maturity_fixture.TODAY)
    # Within the service norm: 2 of 4 -> 50.
    assert _indicator(result, "feedback_answered").score == pytest.approx(50)


def test_the_aggregate_part_is_kept_until_the_aggregates_change(db, settings):
    """Under an ``AggregateState`` the score's aggregate reads are kept per version: a
    second score reads no aggregate row; a new version (what every update sets) reads the
    rows again, so a change shows at once."""
    import uuid

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from achterkant.insights.models import AggregateState

    settings.PERSON_LOOKUP = "local"
    settings.NOTIFICATIES_FORWARD_URL = ""
    organisation = maturity_fixture.build()
    with use_organisation(organisation):
        state = AggregateState.objects.create()
        first = maturity(today=maturity_fixture.TODAY)
        with CaptureQueriesContext(connection) as queries:
            again = maturity(today=maturity_fixture.TODAY)
        assert not [q for q in queries if "insights_dailyaggregate" in q["sql"]]
        assert again.overall == first.overall
        DailyAggregate.objects.update(ratings=0, ratings_satisfied=0, ratings_sum=0)
        assert maturity(today=maturity_fixture.TODAY).overall == first.overall  # still kept
        state.version = uuid.uuid4()
        state.save()
        assert maturity(today=maturity_fixture.TODAY).overall != first.overall
