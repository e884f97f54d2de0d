"""The precomputed working-day index (issue 13) gives exactly the day-by-day answers.

The reference functions below are the day-by-day loops the calendar used before the
index; the properties compare them with the public functions for random dates (inside,
across and outside the indexed years 1990–2100), random decree days (holidays by
decree, on any weekday) and negative spans. All pure: no database.
"""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from achterkant.routing.sla import lex_silencio_alert_on
from achterkant.worktime.calendar import (
    WorkCalendar,
    add_working_days,
    atw_extend,
    working_days_between,
)
from achterkant.worktime.holiday_calendar import (
    INDEX_FIRST_YEAR,
    INDEX_LAST_YEAR,
    working_day_index,
)

property_settings = settings(
    deadline=None,  # no timing assertions
    max_examples=300,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# Mostly inside the index, some examples across and beyond its edges.
dates = st.one_of(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    st.dates(min_value=date(1985, 1, 1), max_value=date(1991, 3, 1)),
    st.dates(min_value=date(2099, 10, 1), max_value=date(2105, 12, 31)),
)
decree_sets = st.lists(
    st.dates(min_value=date(1988, 1, 1), max_value=date(2103, 12, 31)), max_size=40
)


def reference_is_working_day(day: date, decree: set[date]) -> bool:
    return WorkCalendar(decree_days=decree).is_working_day(day)


def reference_between(start: date, end: date, cal: WorkCalendar) -> int:
    if end < start:
        return -reference_between(end, start, cal)
    count, day = 0, start + timedelta(days=1)
    while day <= end:
        count += cal.is_working_day(day)
        day += timedelta(days=1)
    return count


def reference_add(start: date, n: int, cal: WorkCalendar) -> date:
    day = start
    while n:
        day += timedelta(days=1)
        if cal.is_working_day(day):
            n -= 1
    return day


def reference_back(day: date, n: int, cal: WorkCalendar) -> date:
    while n:
        day -= timedelta(days=1)
        if cal.is_working_day(day):
            n -= 1
    return day


def reference_next(day: date, cal: WorkCalendar) -> date:
    while not cal.is_working_day(day):
        day += timedelta(days=1)
    return day


@property_settings
@given(dates, st.integers(-900, 900), decree_sets)
def test_working_days_between_equals_counting_day_by_day(start, span, decree):
    end = start + timedelta(days=span)  # negative spans too
    reference = reference_between(start, end, WorkCalendar(decree_days=decree))
    assert working_days_between(start, end, calendar=WorkCalendar(decree_days=decree)) == (
        reference
    )


@property_settings
@given(dates, st.integers(0, 700), decree_sets)
def test_add_working_days_equals_stepping_day_by_day(start, n, decree):
    reference = reference_add(start, n, WorkCalendar(decree_days=decree))
    assert add_working_days(start, n, calendar=WorkCalendar(decree_days=decree)) == reference


@property_settings
@given(dates, st.integers(0, 120), decree_sets)
def test_counting_back_equals_stepping_back_day_by_day(day, n, decree):
    reference = reference_back(day, n, WorkCalendar(decree_days=decree))
    assert lex_silencio_alert_on(day, n, calendar=WorkCalendar(decree_days=decree)) == reference


@property_settings
@given(dates, decree_sets)
def test_next_working_day_equals_stepping_day_by_day(day, decree):
    reference = reference_next(day, WorkCalendar(decree_days=decree))
    assert atw_extend(day, calendar=WorkCalendar(decree_days=decree)) == reference


def test_every_day_of_the_index_agrees_with_is_working_day():
    """Exhaustive over the indexed years, with decree days on a weekday and a weekend."""
    decree = {date(2026, 5, 15), date(2031, 5, 31), date(1990, 1, 2), date(2100, 12, 31)}
    cal = WorkCalendar(decree_days=decree)
    day, last = date(INDEX_FIRST_YEAR, 1, 1), date(INDEX_LAST_YEAR, 12, 31)
    first = day
    count = 0
    while day < last:
        day += timedelta(days=1)
        count += cal.is_working_day(day)
        assert working_days_between(first, day, calendar=cal) == count, day


def test_the_index_is_shared_by_content_and_differs_for_other_decree_days():
    a = WorkCalendar(decree_days=[date(2026, 5, 15)]).index()
    b = WorkCalendar(decree_days={date(2026, 5, 15): "vrijdag na Hemelvaart"}).index()
    c = WorkCalendar(decree_days=[]).index()
    assert a is b
    assert a is not c
    # A decree day on a Saturday changes nothing, so it shares the plain index.
    assert WorkCalendar(decree_days=[date(2026, 5, 16)]).index() is c
    assert working_day_index.cache_info().currsize >= 2


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 5, 13), date(2026, 5, 18), 1),  # Hemelvaart, decree Friday, weekend
        (date(2026, 5, 18), date(2026, 5, 13), -1),
        (date(1989, 12, 29), date(1990, 1, 3), 2),  # across the start of the index
        (date(2100, 12, 30), date(2101, 1, 4), 3),  # across its end (a weekend, New Year)
    ],
)
def test_spans_at_the_edges(start, end, expected):
    cal = WorkCalendar(decree_days=[date(2026, 5, 15)])
    assert working_days_between(start, end, calendar=cal) == expected
    assert working_days_between(start, end, calendar=cal) == reference_between(start, end, cal)


@pytest.mark.django_db
def test_a_decree_day_added_in_the_database_counts_at_once():
    """No stale cache: the next calendar reads the new row and gets another index."""
    from achterkant.worktime.models import DecreeHoliday

    day = date(2095, 6, 7)  # a Tuesday no migration designates
    before = working_days_between(date(2095, 6, 6), date(2095, 6, 8))
    DecreeHoliday.objects.create(date=day, name="test", decree_reference="Stb. test")
    assert working_days_between(date(2095, 6, 6), date(2095, 6, 8)) == before - 1
    assert not WorkCalendar().is_working_day(day)
