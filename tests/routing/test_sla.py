"""SLA arithmetic on real 2026 dates (holidays from the Atw calendar, see docs/deadlines.md)."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from achterkant.routing.sla import (
    SlaState,
    lex_silencio_alert_on,
    next_change_at,
    remaining_working_days,
    sla_state,
    warning_at,
)
from achterkant.worktime.calendar import AMSTERDAM, WorkCalendar, working_days_between

PURE = WorkCalendar(decree_days=())
MICROSECOND = timedelta(microseconds=1)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def test_state_labels_are_dutch():
    assert [label for _, label in SlaState.choices] == [
        "op tijd", "bijna te laat", "te laat", "afgerond",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("start", "due", "fraction", "expected"),
    [
        # Same day: the plain moment. 4 hours, 0.75 → 3 hours in.
        (at(2026, 6, 1, 9), at(2026, 6, 1, 13), 0.75, at(2026, 6, 1, 12)),
        # Five working days (Mon 1 – Fri 5 June): ⌈0.75 × 5⌉ = 4th, Thursday 08:30.
        (at(2026, 5, 29, 10), at(2026, 6, 5, 17), 0.75, at(2026, 6, 4, 8, 30)),
        # Half of Fri, Mon, Tue: ⌈1.5⌉ = 2nd working day, Monday, not Saturday night.
        (at(2026, 6, 4, 12), at(2026, 6, 9, 12), 0.5, at(2026, 6, 8, 8, 30)),
        # Easter: Goede Vrijdag 3 and 2e paasdag 6 April are skipped; Tue 7, Wed 8, Thu 9.
        (at(2026, 4, 2, 10), at(2026, 4, 9, 17), 0.25, at(2026, 4, 7, 8, 30)),
        (at(2026, 4, 2, 10), at(2026, 4, 9, 17), 0.5, at(2026, 4, 8, 8, 30)),
        # Koningsdag (Monday 27 April 2026): Tue 28, Wed 29 are the working days.
        (at(2026, 4, 24, 16), at(2026, 4, 29, 17), 0.5, at(2026, 4, 28, 8, 30)),
        # 10 working days; 0.7 × 10 is exactly 7 (a float would make it 8): Tuesday 23 June.
        (at(2026, 6, 12, 9), at(2026, 6, 26, 17), Decimal("0.70"), at(2026, 6, 23, 8, 30)),
        (at(2026, 6, 12, 9), at(2026, 6, 26, 17), 0.7, at(2026, 6, 23, 8, 30)),
        # Never after due: due Monday 08:00, the warning would be Monday 08:30.
        (at(2026, 6, 5, 10), at(2026, 6, 8, 8), 0.75, at(2026, 6, 8, 8)),
        # Edges of the fraction, and an item that starts late.
        (at(2026, 6, 1, 9), at(2026, 6, 5, 17), 0, at(2026, 6, 1, 9)),
        (at(2026, 6, 1, 9), at(2026, 6, 5, 17), 1, at(2026, 6, 5, 17)),
        (at(2026, 6, 5, 9), at(2026, 6, 1, 17), 0.5, at(2026, 6, 1, 17)),
        # No working day in between (Saturday to Sunday): the plain moment.
        (at(2026, 6, 6, 12), at(2026, 6, 7, 12), 0.5, at(2026, 6, 7, 0)),
    ],
)
def test_warning_at(start, due, fraction, expected):
    assert warning_at(start, due, fraction, calendar=PURE) == expected


def test_warning_at_skips_a_decree_day_from_the_database(db):
    # Fri 15 May 2026 ships as a decree day (worktime migration 0002, Atw art. 3(3)).
    # Thu 14 May is Hemelvaartsdag, Fri 15 May a decree day: Mon 18, Tue 19 remain.
    start, due = at(2026, 5, 13, 10), at(2026, 5, 19, 17)
    assert warning_at(start, due, 0.25) == at(2026, 5, 18, 8, 30)
    # Without the decree day Friday counts: ⌈0.25 × 3⌉ = 1st working day.
    assert warning_at(start, due, 0.25, calendar=PURE) == at(2026, 5, 15, 8, 30)


def test_warning_at_counts_real_hours_over_the_daylight_saving_switch():
    # Sunday 29 March 2026, 01:00–05:00 local is 3 real hours; half is 02:30 CET = 03:30 CEST.
    moment = warning_at(at(2026, 3, 29, 1), at(2026, 3, 29, 5), 0.5, calendar=PURE)
    assert moment == at(2026, 3, 29, 3, 30)


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"start": datetime(2026, 6, 1, 9)}, "start must be a timezone-aware datetime"),
        ({"fraction": 1.5}, "fraction must be between 0 and 1"),
        ({"fraction": -0.1}, "fraction must be between 0 and 1"),
    ],
)
def test_warning_at_refuses_bad_input(arguments, error):
    values = {"start": at(2026, 6, 1, 9), "due": at(2026, 6, 5, 17), "fraction": 0.75}
    with pytest.raises(ValueError, match=error):
        warning_at(**{**values, **arguments}, calendar=PURE)


START, DUE = at(2026, 5, 29, 10), at(2026, 6, 5, 17)
WARNING = at(2026, 6, 4, 8, 30)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (START - timedelta(days=1), SlaState.ON_TIME),
        (START, SlaState.ON_TIME),
        (WARNING - MICROSECOND, SlaState.ON_TIME),
        (WARNING, SlaState.WARNING),
        (DUE - MICROSECOND, SlaState.WARNING),
        (DUE, SlaState.BREACHED),
        (DUE + timedelta(days=30), SlaState.BREACHED),
    ],
)
def test_sla_state_at_the_boundaries(now, expected):
    state = sla_state(start=START, due=DUE, now=now, fraction=0.75, calendar=PURE)
    assert state == expected


def test_done_is_done_whatever_the_time():
    for now in (START, WARNING, DUE + timedelta(days=1)):
        arguments = {"start": START, "due": DUE, "now": now, "fraction": 0.75, "calendar": PURE}
        assert sla_state(**arguments, done=True) == SlaState.DONE
        assert next_change_at(**arguments, done=True) is None


def test_a_sweep_that_follows_next_change_at_sees_each_state_once():
    arguments = {"start": START, "due": DUE, "fraction": 0.75, "calendar": PURE}
    now, seen = START, []
    while now is not None:
        seen.append((now, sla_state(now=now, **arguments)))
        now = next_change_at(now=now, **arguments)
    assert seen == [
        (START, SlaState.ON_TIME),
        (WARNING, SlaState.WARNING),
        (DUE, SlaState.BREACHED),
    ]


def test_next_change_at_in_between():
    arguments = {"start": START, "due": DUE, "fraction": 0.75, "calendar": PURE}
    assert next_change_at(now=WARNING - timedelta(hours=1), **arguments) == WARNING
    assert next_change_at(now=WARNING + timedelta(hours=1), **arguments) == DUE
    assert next_change_at(now=DUE + timedelta(hours=1), **arguments) is None


@pytest.mark.parametrize(
    ("today", "due", "expected"),
    [
        (date(2026, 6, 1), date(2026, 6, 1), 0),
        (date(2026, 6, 1), date(2026, 6, 5), 4),
        (date(2026, 4, 2), date(2026, 4, 7), 1),  # Easter: only Tuesday 7 April counts
        (date(2026, 4, 7), date(2026, 4, 2), -1),  # overdue by one working day
        (date(2026, 4, 29), date(2026, 4, 24), -2),  # Koningsdag does not count
        (date(2026, 6, 8), date(2026, 6, 5), -1),  # due Friday, Monday is one day late
    ],
)
def test_remaining_working_days(today, due, expected):
    assert remaining_working_days(today, due, calendar=PURE) == expected


@pytest.mark.parametrize(
    ("decision_due", "working_days", "expected"),
    [
        # Tue 7 April 2026 (the DOMAIN.md case): back over 2e paasdag and Goede Vrijdag.
        (date(2026, 4, 7), 5, date(2026, 3, 27)),
        (date(2026, 4, 7), 1, date(2026, 4, 2)),
        # Back over Koningsdag, Monday 27 April 2026.
        (date(2026, 4, 29), 2, date(2026, 4, 24)),
        (date(2026, 4, 30), 5, date(2026, 4, 22)),
        # Tue 5 May 2026 (Bevrijdingsdag is the due day itself; nothing moves it).
        (date(2026, 5, 5), 5, date(2026, 4, 28)),
        (date(2026, 4, 7), 0, date(2026, 4, 7)),
    ],
)
def test_lex_silencio_alert_on(decision_due, working_days, expected):
    alert_on = lex_silencio_alert_on(decision_due, working_days, calendar=PURE)
    assert alert_on == expected
    if PURE.is_working_day(decision_due):  # an Atw-shifted due date always is
        assert working_days_between(alert_on, decision_due, calendar=PURE) == working_days


def test_lex_silencio_alert_refuses_a_negative_count():
    with pytest.raises(ValueError):
        lex_silencio_alert_on(date(2026, 4, 7), -1, calendar=PURE)
