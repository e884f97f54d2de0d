"""Inzicht, the manager's dashboard: who may open it, what the filters do, what it shows.

The figures come from real domain rows (cases, contacts) and the real aggregate rebuild
(``insights.services.aggregates_rebuild``), never from aggregate rows written by hand.
The history lies in March 2026, so nothing depends on the day the test runs.
"""

from datetime import date, datetime, time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from achterkant.cases.models import Case
from achterkant.catalog.models import Product
from achterkant.contacts.models import Contact
from achterkant.desk.insight_tables import dashboard
from achterkant.insights import selectors
from achterkant.insights.models import AggregateState
from achterkant.insights.selectors import Filters
from achterkant.insights.services import (
    aggregates_rebuild,
    aggregates_update,
    aggregates_update_all,
)
from achterkant.routing.models import Team
from achterkant.staff import roles
from achterkant.staff.roles import MANAGER, role_permissions
from achterkant.staff.services import staff_member_ensure
from achterkant.worktime.holiday_calendar import AMSTERDAM
from tests.conftest import PASSWORD, log_in_with_second_factor

URL = reverse("desk:insights")
FIRST, LAST = date(2026, 3, 2), date(2026, 3, 31)
MARCH = {"van": "2026-03-02", "tot": "2026-03-31", "stap": "week"}


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=AMSTERDAM)


class History:
    """Cases and contacts of one organisation, made with the real models."""

    def __init__(self, tenant, offset: int) -> None:
        self.tenant = tenant
        self.number = offset

    def case(self, channel: str, product: Product, *, start: date, end: date | None,
             due: date, team: Team | None = None) -> Case:  # fmt: skip
        self.number += 1
        return Case.objects.create(
            number=f"ZAAK-2026-{self.number:07d}",
            case_type=self.tenant.case_type,
            product=product,
            team=team,
            responsible_organisation_rsin=self.tenant.organisation.rsin,
            registered_on=start,
            start_date=start,
            end_date=end,
            channel=channel,
            confidentiality="zaakvertrouwelijk",
            sla_due_at=at(due, 17),
        )

    def contact(self, channel: str, day: date, product: Product, bsn: str) -> Contact:
        return Contact.objects.create(
            channel=channel, bsn=bsn, product=product, question="Vraag", outcome="answered",
            started_at=at(day), ended_at=at(day),
        )  # fmt: skip


def seed(tenant, *, offset: int, web: int = 6, letter_late: int = 4) -> dict:
    """Melding: web always on time, letter mostly late; Paspoort: counter on time."""
    with tenant.active():
        history = History(tenant, offset)
        passport = Product.objects.create(
            code="paspoort", name="Paspoort", case_type_identification="ZT-MELDING"
        )
        team = Team.objects.create(identification="burgerzaken", name="Burgerzaken")
        melding = tenant.product
        for n in range(web):
            history.case("web", melding, start=date(2026, 3, 2), end=date(2026, 3, 4 + n % 2),
                         due=date(2026, 3, 6))  # fmt: skip
        for _ in range(2):
            history.case("letter", melding, start=date(2026, 3, 2), end=date(2026, 3, 5),
                         due=date(2026, 3, 6))  # fmt: skip
        for _ in range(letter_late):
            history.case("letter", melding, start=date(2026, 3, 2), end=date(2026, 3, 13),
                         due=date(2026, 3, 6))  # fmt: skip
        for _ in range(5):
            history.case("counter", passport, start=date(2026, 3, 9), end=date(2026, 3, 10),
                         due=date(2026, 3, 13), team=team)  # fmt: skip
        # Still open at the end of March: the backlog.
        history.case("phone", melding, start=date(2026, 3, 2), end=None, due=date(2026, 3, 6))
        for day in (3, 10, 17, 24):
            history.contact("phone", date(2026, 3, day), melding, tenant.person.bsn)
        history.contact("counter", date(2026, 3, 11), passport, tenant.person.bsn)
        aggregates_rebuild(FIRST, LAST)
    return {"passport": passport, "team": team, "melding": melding}


def manager_client(tenant):
    with tenant.active():
        user = staff_member_ensure(
            organisation=tenant.organisation, username=f"manager-{tenant.organisation.slug}",
            password=PASSWORD, first_name="Mia", last_name="Manager", role=roles.MANAGER,
        )  # fmt: skip
    return log_in_with_second_factor(Client(HTTP_HOST=tenant.host), user)


@pytest.fixture
def history(tenant_a):
    return seed(tenant_a, offset=0)


# -- Access ------------------------------------------------------------------------------


def test_only_team_leads_and_managers_may_open_inzicht(tenant_a, history):
    assert tenant_a.client("agent").get(URL).status_code == 403
    assert tenant_a.client("worker").get(URL).status_code == 403
    assert tenant_a.client("lead").get(URL).status_code == 200
    assert manager_client(tenant_a).get(URL).status_code == 200
    anonymous = tenant_a.client().get(URL)
    assert anonymous.status_code == 302 and "inloggen" in anonymous["Location"]


def test_the_manager_role_reads_inzicht_and_can_change_nothing(tenant_a, history):
    assert role_permissions()[MANAGER] == frozenset({"insights.view_insights"})
    client = manager_client(tenant_a)
    page = client.get(URL).content.decode()
    assert f'href="{URL}"' in page  # the menu item
    assert reverse("desk:cases") not in page  # no case work in the menu
    assert client.get(reverse("desk:cases")).status_code == 403
    assert client.get(reverse("desk:team_lead")).status_code == 403


def test_a_manager_lands_on_inzicht_and_a_team_lead_on_their_overview(tenant_a, history):
    landing = manager_client(tenant_a).get(reverse("desk:home"))
    assert landing.status_code == 302 and landing["Location"] == URL
    lead = tenant_a.client("lead").get(reverse("desk:home"))  # issue 17: desk.landing
    assert lead.status_code == 302 and lead["Location"] == reverse("desk:team_lead")


def test_the_menu_shows_inzicht_only_with_the_permission(tenant_a, history):
    lead_page = tenant_a.client("lead").get(reverse("desk:team_lead")).content.decode()
    assert f'href="{URL}"' in lead_page
    agent_home = tenant_a.client("agent").get(reverse("desk:home")).content.decode()
    assert f'href="{URL}"' not in agent_home


def test_exports_need_the_permission_too(tenant_a, history):
    url = reverse("desk:insights_export", args=["per-kanaal", "csv"])
    assert tenant_a.client("agent").get(url, MARCH).status_code == 403
    assert tenant_a.client("lead").get(url, MARCH).status_code == 200


# -- Figures and filters -------------------------------------------------------------------


def test_the_filters_change_the_figures(tenant_a, history):
    client = tenant_a.client("lead")
    everything = client.get(URL, MARCH).context["board"].total
    assert everything.cases_in == 18  # 6 web, 6 letter, 5 counter, 1 phone (open)
    assert everything.norm_compliance == pytest.approx(13 / 17)  # 6 + 2 + 5 of 17 closed
    assert everything.contacts == 5

    web = client.get(URL, {**MARCH, "kanaal": "web"}).context["board"].total
    assert (web.cases_in, web.norm_compliance) == (6, 1.0)
    letter = client.get(URL, {**MARCH, "kanaal": "letter"}).context["board"].total
    assert letter.norm_compliance == pytest.approx(2 / 6)

    passport = history["passport"].pk
    by_product = client.get(URL, {**MARCH, "product": passport}).context["board"].total
    assert (by_product.cases_in, by_product.contacts) == (5, 1)
    by_team = client.get(URL, {**MARCH, "team": history["team"].pk}).context["board"].total
    assert by_team.cases_in == 5

    # The first week only: the letters closed late on 13 March fall outside it.
    week = client.get(URL, {"van": "2026-03-02", "tot": "2026-03-08"}).context["board"].total
    assert (week.cases_closed, week.norm_compliance) == (8, 1.0)


def test_the_page_shows_tiles_charts_and_each_chart_s_table(tenant_a, history):
    page = tenant_a.client("lead").get(URL, MARCH).content.decode()
    assert "2 maart 2026 tot en met 31 maart 2026" in page
    assert "76%" in page  # 13 of 17 within the norm, rounded
    for chart in ("chart-norm-trend", "chart-channel-bars", "chart-volume-trend", "chart-backlog"):
        assert f'data-testid="{chart}"' in page
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in page
    for table in ("kerncijfers", "normhaling-per-periode", "per-kanaal", "contacten-per-periode",
                  "per-product", "consistentie", "werkvoorraad", "termijnen"):  # fmt: skip
        assert f'data-testid="table-{table}"' in page
        assert reverse("desk:insights_export", args=[table, "csv"]) in page
        assert reverse("desk:insights_export", args=[table, "xlsx"]) in page
    assert "week 10 (vanaf 2 maart 2026)" in page  # a period as people say it


def test_the_heat_map_puts_the_least_consistent_product_on_top_in_red(tenant_a, history):
    response = tenant_a.client("lead").get(URL, MARCH)
    heat = response.context["heat"]
    assert [row["name"] for row in heat["rows"]] == ["Melding", "Paspoort"]
    melding = heat["rows"][0]
    assert melding["alert"] and melding["points"] == 67  # web 100%, letter 33%
    # Every channel on which some product had cases closed, in the one channel order.
    assert heat["channels"] == ["balie", "website", "brief"]  # phone: nothing closed
    letter = next(c for c in melding["cells"] if c and c["channel"] == "brief")
    assert (letter["status"], letter["words"], letter["value"]) == ("bad", "te laag", "33%")
    page = response.content.decode()
    assert "achterkant-heatmap__row--alert" in page and "grote verschillen" in page
    assert 'data-testid="consistency-index"' in page


# -- Tenancy ---------------------------------------------------------------------------------


def test_an_organisation_sees_only_its_own_figures(tenant_a, tenant_b, history):
    seed(tenant_b, offset=500, web=2, letter_late=0)
    b_total = tenant_b.client("lead").get(URL, MARCH).context["board"].total
    assert b_total.cases_in == 10  # 2 web, 2 letter, 5 counter, 1 phone: none of A's 18
    a_total = tenant_a.client("lead").get(URL, MARCH).context["board"].total
    assert a_total.cases_in == 18
    # A's product id, asked for on B's host, is not one of B's products.
    response = tenant_b.client("lead").get(URL, {**MARCH, "product": history["passport"].pk})
    assert response.status_code == 400
    export = tenant_b.client("lead").get(
        reverse("desk:insights_export", args=["per-kanaal", "csv"]), MARCH
    )
    total = export.content.decode("utf-8-sig").splitlines()[-1].split(";")
    assert total[:3] == ["Alle kanalen", "5", "10"]  # B's contacts and cases in, not A's


# -- Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"van": "2026-13-45", "tot": "2026-03-31"}, "Vul een datum in als 25-01-2027"),
        ({"van": "2026-03-31", "tot": "2026-03-01"}, "'Van' ligt na 'Tot en met'"),
        ({"van": "2026-03-01"}, "Vul zowel 'Van' als 'Tot en met' in."),
        ({"van": "2020-01-01", "tot": "2026-03-01"}, "hoogstens 3 jaar"),
        ({"van": "2026-01-01", "tot": "2026-12-31", "stap": "dag"}, "Per dag kan voor hoogstens"),
        ({"periode": "5j"}, "Kies een periode uit de lijst."),
        ({"stap": "uur"}, "Kies een stap uit de lijst."),
        ({"kanaal": "duif"}, "Kies een kanaal uit de lijst."),
        ({"product": "abc"}, "Kies een product uit de lijst."),
        ({"product": "9" * 30}, "Kies een product uit de lijst."),
        ({"team": "-1"}, "Kies een team uit de lijst."),
    ],
)
def test_bad_filters_get_a_clear_message_not_a_500(tenant_a, history, query, message):
    response = tenant_a.client("lead").get(URL, query)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="filter-error"' in page
    assert message.replace("'", "&#x27;") in page
    assert 'data-testid="tiles"' not in page


def test_without_aggregates_the_page_explains_the_rebuild(tenant_a):
    response = tenant_a.client("lead").get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="insights-empty"' in page
    assert "achterkant insights rebuild --from " in page


def test_a_selection_without_figures_says_so(tenant_a, history):
    page = tenant_a.client("lead").get(URL, {"van": "2026-05-01", "tot": "2026-05-31"})
    assert page.status_code == 200
    assert 'data-testid="insights-no-figures"' in page.content.decode()


# -- Cost ----------------------------------------------------------------------------------


def _aggregate_reads(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "insights_dailyaggregate" in q["sql"]]


def test_the_page_makes_a_fixed_number_of_queries(tenant_a, history, django_assert_num_queries):
    client = tenant_a.client("lead")
    client.get(URL, MARCH)  # warms the per-process caches and keeps the breakdown
    # Session with its user (staff.sessions), the aggregate state, the organisation's
    # settings version (the cached products and teams), and the page's figures from the
    # shared cache. 5 -> 4: the device that verified the session is kept in it.
    with django_assert_num_queries(4) as queries:
        assert client.get(URL, MARCH).status_code == 200
    assert _aggregate_reads(queries) == []
    with tenant_a.active():  # more history does not mean more queries
        seed_more = History(tenant_a, 900)
        for _ in range(20):
            seed_more.case("email", tenant_a.product, start=date(2026, 3, 16),
                           end=date(2026, 3, 18), due=date(2026, 3, 20))  # fmt: skip
        aggregates_rebuild(FIRST, LAST)
    client.get(URL, MARCH)  # the new version: read once more, and kept
    with django_assert_num_queries(4) as queries:
        assert client.get(URL, MARCH).status_code == 200
    assert _aggregate_reads(queries) == []
    client.get(URL, {**MARCH, "kanaal": "web"})
    with django_assert_num_queries(4):  # with a channel filter its channel mix is kept too
        assert client.get(URL, {**MARCH, "kanaal": "web"}).status_code == 200


def test_without_kept_figures_the_page_reads_the_aggregates_twice(
    tenant_a, history, django_assert_max_num_queries
):
    client = tenant_a.client("lead")
    client.get(URL, MARCH)
    cache.clear()
    with django_assert_max_num_queries(14) as queries:  # + the cache's own reads and write
        assert client.get(URL, MARCH).status_code == 200
    assert len(_aggregate_reads(queries)) == 2


def test_the_worker_keeps_the_preset_views_and_the_score_after_its_update(
    tenant_a, history, django_assert_num_queries
):
    """After the worker's update the default view, every preset and the score are kept
    already: their first view reads no aggregate row."""
    client = tenant_a.client("lead")
    client.get(reverse("desk:insights_league"))  # warms the session and per-process caches
    aggregates_update_all()
    for query in ({}, {"periode": "4w"}, {"periode": "12m"}):
        with django_assert_num_queries(4) as queries:
            assert client.get(URL, query).status_code == 200
        assert _aggregate_reads(queries) == []
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("desk:insights_score")).status_code == 200
    assert _aggregate_reads(queries) == []


def _key_figures(page: str) -> str:
    start = page.index('data-testid="table-kerncijfers"')
    return page[start : page.index("</table>", start)]


def test_an_update_shows_at_once_although_the_page_was_kept(tenant_a, history):
    """The kept breakdown is keyed by the state's version, which every update renews in
    its own transaction: the next view after an update shows the new rows, exactly as a
    page computed without the cache."""
    client = tenant_a.client("lead")
    letter = {**MARCH, "kanaal": "letter"}
    before = _key_figures(client.get(URL, letter).content.decode())
    with tenant_a.active():
        version = AggregateState.objects.get().version
        more = History(tenant_a, 950)
        for _ in range(7):
            more.case("letter", tenant_a.product, start=date(2026, 3, 16),
                      end=date(2026, 3, 18), due=date(2026, 3, 20))  # fmt: skip
    assert _key_figures(client.get(URL, letter).content.decode()) == before  # not yet updated
    with tenant_a.active():
        aggregates_update(FIRST, LAST)
        assert AggregateState.objects.get().version != version
    after = _key_figures(client.get(URL, letter).content.decode())
    assert after != before
    cache.clear()
    assert _key_figures(client.get(URL, letter).content.decode()) == after


@pytest.mark.parametrize("query", [{}, {"kanaal": "letter"}, {"product": "passport"}])
def test_what_the_page_composes_equals_what_the_selectors_say(tenant_a, history, query):
    """The page reads each grouping once and adds up the rest itself (insight_tables.
    dashboard); those sums must be exactly the selectors' own figures."""
    if query.get("product"):
        query = {"product": history["passport"].pk}
    filters = Filters(first=FIRST, last=LAST, period="week", channel=query.get("kanaal"),
                      product_id=query.get("product"))  # fmt: skip
    with tenant_a.active():
        board = dashboard(filters, "week")
        total = selectors.figures(filters)[None]
        assert board.total.counts == total.counts
        assert board.total.lead_time_days == total.lead_time_days
        assert board.total.backlog == total.backlog
        assert board.total.backlog_total == (0 if query else 1)  # the open phone case
        assert board.total.penalty_euros == total.penalty_euros
        by_period = selectors.channel_mix(filters, by="period")
        assert {k: m.counts for k, m in board.mix_by_period.items()} == {
            k: m.counts for k, m in by_period.items()
        }
        by_product = selectors.channel_mix(filters, by="product")
        assert {k: m.counts for k, m in board.mix_by_product.items()} == {
            k: m.counts for k, m in by_product.items() if k is not None
        }
