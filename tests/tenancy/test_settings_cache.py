"""Organisation settings held per process (tenancy.settings_cache).

The guarantee: a date is never computed from stale settings once the change is committed,
in this process or any other, and one organisation never reads another's settings.
"""

import uuid
from datetime import date, time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from achterkant.routing.models import SlaPolicy
from achterkant.routing.selectors import sla_policy
from achterkant.tenancy import settings_cache
from achterkant.worktime.holiday_calendar import WorkCalendar
from achterkant.worktime.models import DecreeHoliday, OpeningHours
from achterkant.worktime.selectors import opening_hours_of_active_organisation

pytestmark = pytest.mark.django_db


def _hours(tenant) -> list[tuple[int, time, time]]:
    with tenant.active():
        return [(h.weekday, h.opens, h.closes) for h in opening_hours_of_active_organisation()]


def test_a_warm_process_reads_only_the_version(tenant_a):
    with tenant_a.active():
        opening_hours_of_active_organisation(), sla_policy()
        WorkCalendar().is_working_day(date(2027, 5, 7))
    with tenant_a.active(), CaptureQueriesContext(connection) as queries:
        opening_hours_of_active_organisation(), sla_policy()
        WorkCalendar().is_working_day(date(2027, 5, 7))
    assert len(queries.captured_queries) == 1
    assert "settings_version" in queries.captured_queries[0]["sql"]


def test_a_change_saved_through_the_model_is_seen_in_the_same_activation(tenant_a):
    with tenant_a.active():
        assert opening_hours_of_active_organisation() == ()
        OpeningHours.objects.create(weekday=0, opens=time(9), closes=time(12))
        assert [h.closes for h in opening_hours_of_active_organisation()] == [time(12)]
        SlaPolicy.objects.create(lex_silencio_alert_working_days=15)
        assert sla_policy().lex_silencio_alert_working_days == 15


def test_a_change_committed_by_another_process_is_seen_at_the_next_request(tenant_a):
    assert _hours(tenant_a) == []  # cached in this process, empty
    # Another process changes the rows and the version (as its signal does), bypassing
    # this process's signals entirely.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO worktime_openinghours (organisation_id, weekday, opens, closes) "
            "VALUES (%s, 1, '08:30', '17:00')",
            [tenant_a.organisation.pk],
        )
        cursor.execute(
            "UPDATE tenancy_organisation SET settings_version = %s WHERE id = %s",
            [uuid.uuid4().hex if connection.vendor == "sqlite" else str(uuid.uuid4()),
             tenant_a.organisation.pk],
        )  # fmt: skip
    assert _hours(tenant_a) == [(1, time(8, 30), time(17))]


def test_without_a_new_version_the_process_keeps_what_it_read(tenant_a):
    """What makes the cache a cache: a bulk update sends no signal (documented)."""
    with tenant_a.active():
        OpeningHours.objects.create(weekday=0, opens=time(9), closes=time(12))
    assert _hours(tenant_a) == [(0, time(9), time(12))]
    with tenant_a.active():
        OpeningHours.objects.update(closes=time(13))
    assert _hours(tenant_a) == [(0, time(9), time(12))]
    with tenant_a.active():
        settings_cache.settings_changed(tenant_a.organisation.pk)
    assert _hours(tenant_a) == [(0, time(9), time(13))]


def test_a_rolled_back_change_leaves_nothing_behind(tenant_a):
    assert _hours(tenant_a) == []
    with pytest.raises(RuntimeError), transaction.atomic():
        with tenant_a.active():
            OpeningHours.objects.create(weekday=2, opens=time(9), closes=time(12))
            assert len(opening_hours_of_active_organisation()) == 1  # read inside
        raise RuntimeError("rolled back")
    assert _hours(tenant_a) == []
    # The next committed change must not meet what was read inside the rolled-back one
    # (a version counter would come back to the same number here).
    with tenant_a.active():
        OpeningHours.objects.create(weekday=4, opens=time(10), closes=time(11))
    assert _hours(tenant_a) == [(4, time(10), time(11))]


def test_organisations_never_share_settings(tenant_a, tenant_b):
    with tenant_a.active():
        OpeningHours.objects.create(weekday=0, opens=time(9), closes=time(12))
    assert _hours(tenant_a) == [(0, time(9), time(12))]
    assert _hours(tenant_b) == []
    with tenant_b.active():
        SlaPolicy.objects.create(lex_silencio_alert_working_days=3)
    with tenant_a.active():
        assert sla_policy().pk is None  # the defaults, not B's policy


def test_a_decree_day_changes_every_organisations_calendar(tenant_a, tenant_b):
    day = date(2031, 5, 30)  # a Friday
    for tenant in (tenant_a, tenant_b):
        with tenant.active():
            assert WorkCalendar().is_working_day(day)
    with tenant_a.active():
        DecreeHoliday.objects.create(date=day, name="Brugdag", decree_reference="Besluit x")
    for tenant in (tenant_a, tenant_b):
        with tenant.active():
            assert not WorkCalendar().is_working_day(day)
