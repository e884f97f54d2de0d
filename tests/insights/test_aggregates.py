"""The update of the daily aggregates: idempotent, safe to run twice at once, run by the
worker for every organisation, and read by pages in a fixed number of queries."""

import threading
import time as clock
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from achterkant.insights import services
from achterkant.insights.models import AggregateState, DailyAggregate
from achterkant.insights.selectors import Filters, channel_mix, consistency, figures, trend
from achterkant.insights.services import aggregates_update, aggregates_update_all
from achterkant.tenancy.context import require_organisation, use_organisation
from achterkant.worker.periodic import registered_jobs
from tests.insights.test_kpis import FIRST, LAST, NOW, History, X, at, d, history  # noqa: F401


def snapshot() -> list[tuple]:
    """Every aggregate row of the active organisation, without its id."""
    fields = [f.attname for f in DailyAggregate._meta.concrete_fields if f.attname != "id"]
    rows = DailyAggregate.objects.order_by("day", "channel", "product_id", "team_id")
    return [tuple(str(value) for value in row) for row in rows.values_list(*fields)]


def test_running_the_update_twice_gives_identical_rows(tenant_a, history):  # noqa: F811
    with tenant_a.active():
        first = snapshot()
        assert len(first) > 20  # the history fills many days, channels and products
        aggregates_update(FIRST, LAST, now=NOW)
        assert snapshot() == first
        state = AggregateState.objects.get()
        assert (state.complete_from, state.complete_until) == (FIRST, LAST)


def test_an_update_of_part_of_the_range_leaves_the_rest(tenant_a, history):  # noqa: F811
    with tenant_a.active():
        before = snapshot()
        aggregates_update(d(3, 5), d(3, 6), now=NOW)
        assert snapshot() == before


def test_a_late_event_changes_its_own_day_on_the_next_update(tenant_a, history):  # noqa: F811
    """A repeat contact on 9 March makes c2 (2 March, web) no longer resolved: the update
    that reaches back 8 days rewrites 2 March."""
    with tenant_a.active():
        History(tenant_a.organisation, history["p1"], tenant_a.case_type).contact(
            "phone", at(d(3, 9)), bsn=history["c2"].bsn, product=history["p1"]
        )
        web = Filters(FIRST, LAST, channel="web")
        assert figures(web)[None].contacts_first_contact_resolved == 1
        aggregates_update(LAST - timedelta(days=services.RECENT_DAYS) - timedelta(days=3), LAST,
                          now=NOW)  # fmt: skip
        assert figures(web)[None].contacts_first_contact_resolved == 0
        assert figures(Filters(FIRST, LAST))[None].contacts == 10


def test_the_worker_job_is_registered_and_updates_every_organisation(tenant_a, tenant_b):
    job = next(job for job in registered_jobs() if job.name == "insights.update")
    assert job.run is aggregates_update_all and job.every_seconds == 900
    yesterday = timezone.localtime() - timedelta(days=1)
    for tenant, n in ((tenant_a, 1), (tenant_b, 2)):
        with tenant.active():
            h = History(tenant.organisation, tenant.product, tenant.case_type)
            for _ in range(n):
                h.contact("phone", yesterday, bsn=X, product=tenant.product)
    assert aggregates_update_all() == 2
    for tenant, n in ((tenant_a, 1), (tenant_b, 2)):
        with tenant.active():
            assert DailyAggregate.objects.get().contacts == n
            state = AggregateState.objects.get()
            # The first run of the day reaches back 35 days.
            assert state.complete_from == timezone.localdate() - timedelta(days=35)


def test_one_organisation_failing_does_not_stop_the_others(tenant_a, tenant_b, monkeypatch):
    real = services.compute

    def compute(first, last, **kwargs):
        if require_organisation() == tenant_a.organisation:
            raise RuntimeError("kapot")
        return real(first, last, **kwargs)

    monkeypatch.setattr(services, "compute", compute)
    yesterday = timezone.localtime() - timedelta(days=1)
    with tenant_b.active():
        History(tenant_b.organisation, tenant_b.product, tenant_b.case_type).contact(
            "phone", yesterday, bsn=X
        )
    assert aggregates_update_all() == 1
    with tenant_b.active():
        assert DailyAggregate.objects.get().contacts == 1
    with tenant_a.active():
        assert not AggregateState.objects.exists()


@pytest.mark.parametrize("rows", [1, 60])
def test_pages_read_the_aggregates_in_a_fixed_number_of_queries(
    tenant_a, django_assert_num_queries, rows
):
    """Three queries per figure (the summed counters, the backlog day, the lead times and
    backlogs), whether there is 1 row or 60 (and so at any size); a channel mix sums one
    counter: one query."""
    with tenant_a.active():
        for n in range(rows):
            DailyAggregate.objects.create(
                day=FIRST + timedelta(days=n % 12), channel=("phone", "web", "letter")[n % 3],
                product=tenant_a.product, cases_closed=5, cases_closed_with_norm=5,
                cases_closed_within_norm=n % 6, lead_time_days={str(n % 9): 5},
                backlog=[n, 0, 0, 0, 1], contacts=n,
            )  # fmt: skip
        filters = Filters(FIRST, LAST, period="week")
        with django_assert_num_queries(2):
            total = figures(filters)[None]
        assert total.contacts == sum(range(rows))
        for by in ("period", "channel", "product", "team"):
            with django_assert_num_queries(2):
                figures(filters, by=by)
        with django_assert_num_queries(2):
            trend(filters, by="channel")
        with django_assert_num_queries(2):
            result = consistency(filters)
        assert len(result.products) == 1
        with django_assert_num_queries(1):
            channel_mix(filters, by="period", measure="contacts")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (SELECT … FOR UPDATE) need PostgreSQL; SQLite allows one writer anyway",
)
@pytest.mark.django_db(transaction=True)
def test_two_updates_at_once_end_with_the_rows_of_one(tenant_a, monkeypatch):
    """Two threads update the same organisation at the same moment (PostgreSQL: SQLite has
    no row locks and allows one writer anyway). They queue on the organisation's state
    row, so the second recomputes after the first committed: no duplicate rows, and the
    rows one update writes."""
    with tenant_a.active():
        h = History(tenant_a.organisation, tenant_a.product, tenant_a.case_type)
        for hour in range(8, 18):
            h.contact("phone", at(d(3, 3), hour), bsn=X, product=tenant_a.product)
        h.case("web", d(3, 2), end=d(3, 5), product=tenant_a.product)
        h.case("phone", d(2, 2), product=tenant_a.product)
    assert not AggregateState.all_tenants.exists()  # both race to create it, too

    events = []
    real = services.compute

    def compute(first, last, **kwargs):
        events.append("in")
        clock.sleep(0.3)  # keep the lock a while, so the other thread surely waits for it
        try:
            return real(first, last, **kwargs)
        finally:
            events.append("out")

    monkeypatch.setattr(services, "compute", compute)
    start = threading.Barrier(2)
    errors = []

    def run():
        try:
            with use_organisation(tenant_a.organisation):
                start.wait()
                aggregates_update(FIRST, LAST, now=NOW)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert events == ["in", "out", "in", "out"]  # one after the other, never interleaved
    with tenant_a.active():
        both = snapshot()
        keys = [row[:4] for row in both]
        assert len(keys) == len(set(keys))
        assert AggregateState.objects.count() == 1
        aggregates_update(FIRST, LAST, now=NOW)
        assert snapshot() == both
        assert figures(Filters(FIRST, LAST))[None].contacts == 10


def test_a_running_dwangsom_counts_on_today_and_a_capped_one_on_its_last_day(tenant_a):
    """Notice on 2 February after a legal date of 26 January: penalty days from
    16 February. Measured on 20 February it runs (5 days, €115, on the 20th); on 1 May it
    has reached its 42nd day, 29 March (€1,442, on the 29th)."""
    from achterkant.cases.models import CaseDefaultNotice

    with tenant_a.active():
        h = History(tenant_a.organisation, tenant_a.product, tenant_a.case_type)
        case = h.case("phone", date(2025, 12, 1), latest_end_date=date(2026, 1, 26))
        CaseDefaultNotice.objects.create(case=case, received_on=date(2026, 2, 2), channel="email")
        aggregates_update(d(2, 1), d(5, 1), now=at(d(2, 20), 12))
        running = figures(Filters(d(2, 1), d(5, 1), period="day"), by="period")
        assert [(day, f.penalty_euros) for day, f in running.items() if f.penalty_cases] == [
            (d(2, 20), 115)
        ]
        aggregates_update(d(2, 1), d(5, 1), now=at(d(5, 1), 12))
        capped = figures(Filters(d(2, 1), d(5, 1), period="day"), by="period")
        assert [(day, f.penalty_euros) for day, f in capped.items() if f.penalty_cases] == [
            (d(3, 29), 1442)
        ]


PERSON_COLUMNS = {"bsn", "kvk_number", "initiator_bsn"}


def test_the_update_never_receives_a_bsn_or_kvk_number(tenant_a, history):  # noqa: F811
    """First-contact resolution compares people, but inside the database: no result column
    of any query the update runs is a BSN or KvK number (docs/insights.md, "Privacy")."""
    columns = []

    def record(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        description = context["cursor"].description
        columns.extend(column[0] for column in description or ())
        return result

    with tenant_a.active(), connection.execute_wrapper(record):
        aggregates_update(FIRST, LAST, now=NOW)
    assert "started_at" in columns and "repeated" in columns  # the contacts were read
    assert not PERSON_COLUMNS & set(columns)
    with tenant_a.active():  # and the figure is still the hand-counted one
        assert figures(Filters(FIRST, LAST))[None].contacts_first_contact_resolved == 3
