"""*Zo snel helpen wij u*: the public service page (portal/public_views.py).

No log-in; opt-in per organisation; figures from the insight aggregates of the previous
calendar quarter, none based on fewer than 10 cases, and no personal data.
"""

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from achterkant.demo.seed_insights import seed_service_history
from achterkant.insights.models import DailyAggregate, InsightsSettings
from achterkant.portal.public_views import previous_quarter

URL = "/zo-snel-helpen-wij-u/"


def _publish(tenant, on: bool = True) -> None:
    with tenant.active():
        InsightsSettings.objects.update_or_create(
            organisation=tenant.organisation, defaults={"public_page": on}
        )


def _closed(tenant, day: date, channel: str, cases: int, in_time: int) -> None:
    """Aggregate rows only: the page must read nothing else."""
    with tenant.active():
        DailyAggregate.objects.create(
            organisation=tenant.organisation, day=day, channel=channel, product=tenant.product,
            cases_closed=cases, cases_decided_with_legal_term=cases,
            cases_decided_within_legal_term=in_time, lead_time_days={"3": cases},
        )  # fmt: skip


def _page(tenant) -> str:
    response = Client(HTTP_HOST=tenant.host).get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_previous_quarter():
    assert previous_quarter(date(2026, 11, 29)) == (date(2026, 7, 1), date(2026, 9, 30))
    assert previous_quarter(date(2026, 1, 1)) == (date(2025, 10, 1), date(2025, 12, 31))
    assert previous_quarter(date(2026, 4, 1)) == (date(2026, 1, 1), date(2026, 3, 31))


def test_a_404_until_the_organisation_publishes_it(tenant_a):
    assert Client(HTTP_HOST=tenant_a.host).get(URL).status_code == 404
    _publish(tenant_a, on=False)
    assert Client(HTTP_HOST=tenant_a.host).get(URL).status_code == 404
    _publish(tenant_a)
    assert Client(HTTP_HOST=tenant_a.host).get(URL).status_code == 200


def test_the_norm_and_how_often_it_was_met_last_quarter(tenant_a):
    _publish(tenant_a)
    first, last = previous_quarter(timezone.localdate())
    _closed(tenant_a, first, "web", cases=30, in_time=27)
    _closed(tenant_a, last, "web", cases=10, in_time=10)
    _closed(tenant_a, last, "letter", cases=12, in_time=6)
    _closed(tenant_a, last, "phone", cases=4, in_time=4)
    # Outside the quarter: not counted.
    _closed(tenant_a, last.replace(day=1) - (last - first), "web", cases=50, in_time=0)
    _closed(tenant_a, timezone.localdate(), "web", cases=50, in_time=0)
    page = _page(tenant_a)
    assert "Zo snel helpen wij u" in page
    assert "Melding" in page
    assert "8 weken" in page  # the case type's term, as the citizen reads it
    assert "binnen 2 werkdagen antwoord" in page  # the product's promise on e-mail
    # 47 of 56 in time: 84%; the web 37 of 40 (92%), the letter 6 of 12 (50%).
    assert ">84%<" in page and "van 56 zaken" in page
    assert "92% <span" in page and "50% <span" in page
    # The phone had 4 cases: no figure, only that there were too few.
    assert "Via telefoon: te weinig zaken om iets te zeggen." in page
    assert 'scope="row">Telefoon<' not in page and "van 4<" not in page


def test_no_figure_below_ten_cases(tenant_a):
    _publish(tenant_a)
    first, _ = previous_quarter(timezone.localdate())
    _closed(tenant_a, first, "web", cases=9, in_time=9)
    page = _page(tenant_a)
    assert "Te weinig zaken om iets te zeggen" in page
    assert "100%" not in page and "van 9" not in page


def test_each_host_shows_its_own_organisation(tenant_a, tenant_b):
    _publish(tenant_a)
    first, _ = previous_quarter(timezone.localdate())
    _closed(tenant_b, first, "web", cases=40, in_time=10)  # B: 25%, and B does not publish
    _closed(tenant_a, first, "web", cases=40, in_time=36)  # A: 90%
    page = _page(tenant_a)
    assert ">90%<" in page and "25%" not in page
    assert "Gemeente A" in page and "Gemeente B" not in page
    assert Client(HTTP_HOST=tenant_b.host).get(URL).status_code == 404
    _publish(tenant_b)
    page_b = _page(tenant_b)
    assert ">25%<" in page_b and "90%" not in page_b


@pytest.mark.parametrize("months", [4])
def test_no_personal_data_from_a_real_history(tenant_a, months):
    """From real cases of a real person, through the aggregates, to the page: no BSN,
    no name, no case number."""
    _publish(tenant_a)
    with tenant_a.active():
        assert seed_service_history(months=months, volume=0.3) > 0
    page = _page(tenant_a)
    assert "op tijd klaar" in page
    person = tenant_a.person
    for secret in (person.bsn, person.surname, person.given_names, person.email, "ZAAK-"):
        assert secret not in page
