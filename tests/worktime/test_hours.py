"""Service norms in working hours: only time inside opening hours counts."""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

import pytest

from achterkant.tenancy.context import NoTenantActive
from achterkant.worktime.calendar import (
    AMSTERDAM,
    WorkCalendar,
    add_working_hours,
    add_working_hours_for_organisation,
)
from achterkant.worktime.models import OpeningHours

PURE = WorkCalendar(decree_days=())


@dataclass
class Hours:
    weekday: int
    opens: time
    closes: time


OFFICE = [Hours(day, time(8, 30), time(17, 0)) for day in range(5)]  # Mon–Fri 08:30–17:00


def at(*args) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)


def add(start, hours, opening_hours=OFFICE):
    return add_working_hours(start, hours, opening_hours=opening_hours, calendar=PURE)


@pytest.mark.parametrize(
    ("start", "expected", "why"),
    [
        (at(2026, 6, 1, 9, 0), at(2026, 6, 1, 13, 0), "Monday morning, same day"),
        (at(2026, 6, 1, 13, 0), at(2026, 6, 1, 17, 0), "runs out exactly at closing time"),
        (at(2026, 6, 1, 14, 0), at(2026, 6, 2, 9, 30), "3 hours today, 1 tomorrow"),
        (at(2026, 6, 2, 20, 0), at(2026, 6, 3, 12, 30), "evening call: from opening"),
        (at(2026, 6, 3, 7, 0), at(2026, 6, 3, 12, 30), "before opening"),
        (at(2026, 6, 5, 15, 0), at(2026, 6, 8, 10, 30), "Friday afternoon -> Monday"),
        (at(2026, 6, 6, 11, 0), at(2026, 6, 8, 12, 30), "Saturday -> Monday"),
        (at(2026, 4, 2, 16, 0), at(2026, 4, 7, 11, 30), "Thursday before Easter -> Tuesday"),
        (at(2026, 4, 24, 16, 30), at(2026, 4, 28, 12, 0), "Friday, then Koningsdag Monday"),
        (at(2026, 12, 24, 16, 0), at(2026, 12, 28, 11, 30), "Christmas Eve -> Monday 28th"),
    ],
)
def test_callback_within_four_working_hours(start, expected, why):
    result = add(start, 4)
    assert result == expected, why
    assert result.tzinfo == AMSTERDAM


def test_across_the_daylight_saving_switch():
    # Summer time starts Sunday 29 March 2026.
    result = add(at(2026, 3, 27, 15, 0), 4)
    assert result == at(2026, 3, 30, 10, 30)
    assert result.utcoffset() == timedelta(hours=2)


def test_timedelta_and_long_norms():
    # Two full days of 8.5 hours from Monday opening: Tuesday closing.
    assert add(at(2026, 6, 1, 8, 30), timedelta(hours=17)) == at(2026, 6, 2, 17, 0)
    # 24 working hours from Friday 12:00: 5 + 8.5 + 8.5 = 22 by Tuesday 17:00, then 2 more.
    assert add(at(2026, 6, 5, 12, 0), 24) == at(2026, 6, 10, 10, 30)
    assert add(at(2026, 6, 1, 9, 0), 0.5) == at(2026, 6, 1, 9, 30)


def test_start_in_another_timezone_and_zero_hours():
    start = datetime(2026, 6, 1, 7, 0, tzinfo=UTC)  # 09:00 in Amsterdam
    assert add(start, 4) == at(2026, 6, 1, 13, 0)
    assert add(start, 0) == at(2026, 6, 1, 9, 0)


def test_split_opening_hours_and_saturday_morning():
    hours = [Hours(0, time(13, 0), time(17, 0)), Hours(0, time(8, 30), time(12, 0)),
             Hours(5, time(10, 0), time(13, 0))]  # fmt: skip
    assert add(at(2026, 6, 1, 11, 0), 2, hours) == at(2026, 6, 1, 14, 0)
    assert add(at(2026, 6, 1, 16, 0), 2, hours) == at(2026, 6, 6, 11, 0)


def test_bad_input():
    with pytest.raises(ValueError):
        add(datetime(2026, 6, 1, 9, 0), 4)  # naive
    with pytest.raises(ValueError):
        add(at(2026, 6, 1, 9, 0), -1)
    with pytest.raises(ValueError):
        add(at(2026, 6, 1, 9, 0), 4, [])


def test_a_decree_day_is_closed():
    calendar = WorkCalendar(decree_days=[datetime(2026, 5, 15).date()])
    result = add_working_hours(at(2026, 5, 13, 16, 0), 4, opening_hours=OFFICE, calendar=calendar)
    assert result == at(2026, 5, 18, 11, 30)  # Thu Hemelvaart, Fri decree day


def test_uses_the_active_organisations_opening_hours(tenant_a, tenant_b):
    with tenant_a.active():
        for day in range(5):
            OpeningHours.objects.create(weekday=day, opens=time(8, 30), closes=time(17, 0))
        assert add_working_hours_for_organisation(at(2026, 6, 5, 15, 0), 4) == at(
            2026, 6, 8, 10, 30
        )
    with tenant_b.active():
        OpeningHours.objects.create(weekday=0, opens=time(9, 0), closes=time(12, 0))
        assert OpeningHours.objects.count() == 1
        assert add_working_hours_for_organisation(at(2026, 6, 5, 15, 0), 4) == at(
            2026, 6, 15, 10, 0
        )


@pytest.mark.django_db
def test_the_convenience_needs_an_organisation():
    with pytest.raises(NoTenantActive):
        add_working_hours_for_organisation(at(2026, 6, 1, 9, 0), 4)
