"""The Awb clock: suspension, extension, lex silencio, dwangsom, working-day norms."""

from datetime import date
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta

from achterkant.worktime.awb import (
    Suspension,
    awb_deadline,
    penalty,
    penalty_exposure,
    suspended_days,
    working_day_norm_due,
)
from achterkant.worktime.calendar import WorkCalendar

PURE = WorkCalendar(decree_days=())
EIGHT_WEEKS = relativedelta(weeks=8)


def deadline(**kwargs):
    defaults = {"received_on": date(2026, 2, 9), "term": EIGHT_WEEKS, "suspensions": [],
                "extension": None, "lex_silencio": False, "today": date(2026, 2, 9),
                "calendar": PURE}  # fmt: skip
    return awb_deadline(**{**defaults, **kwargs})


def test_domain_example():
    result = deadline()
    assert result.term_end == date(2026, 4, 6)  # Monday, 2e paasdag
    assert result.decision_due == date(2026, 4, 7)  # Atw art. 1
    assert result.suspended_days == 0
    assert result.days_left == 57
    assert not result.overdue
    assert result.lex_silencio_effective is None
    assert result.publication_due is None


def test_no_term_means_eight_weeks():
    result = deadline(term=None)
    assert result.term == relativedelta(weeks=8)
    assert result.decision_due == date(2026, 4, 7)


def test_a_suspension_adds_its_calendar_days():
    # Request to complete the application on Mon 2 Mar 2026, completed on Mon 16 Mar:
    # 14 days. 6 Apr + 14 = Mon 20 Apr, a working day.
    result = deadline(suspensions=[Suspension(date(2026, 3, 2), date(2026, 3, 16))])
    assert result.suspended_days == 14
    assert result.term_end == date(2026, 4, 20)
    assert result.decision_due == date(2026, 4, 20)
    assert not result.suspension_running


def test_an_open_suspension_counts_up_to_today():
    running = Suspension(date(2026, 3, 2))
    result = deadline(suspensions=[running], today=date(2026, 3, 12))
    assert result.suspended_days == 10
    assert result.suspension_running
    assert result.term_end == date(2026, 4, 16)


def test_overlapping_suspensions_count_once():
    spans = [Suspension(date(2026, 3, 2), date(2026, 3, 16)),
             Suspension(date(2026, 3, 10), date(2026, 3, 20)),
             Suspension(date(2026, 3, 20), date(2026, 3, 22))]  # fmt: skip
    assert suspended_days(spans, today=date(2026, 4, 1)) == 20


def test_a_suspension_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        Suspension(date(2026, 3, 2), date(2026, 3, 1))


def test_an_extension_adds_its_term():
    # 8 weeks + 4 weeks from 9 Feb 2026: Mon 4 May 2026; 5 May is the next day, no effect.
    result = deadline(extension=relativedelta(weeks=4))
    assert result.term_end == date(2026, 5, 4)
    assert result.decision_due == date(2026, 5, 4)
    assert result.extended_by == relativedelta(weeks=4)


def test_extension_and_suspension_then_atw_on_the_final_day_only():
    # 6 Apr (holiday) + 6 weeks = Mon 18 May; + 7 suspended days = Mon 25 May (2e
    # pinksterdag) -> Tue 26 May. The holiday at the end of the first term is irrelevant.
    result = deadline(
        extension=relativedelta(weeks=6),
        suspensions=[Suspension(date(2026, 3, 2), date(2026, 3, 9))],
    )
    assert result.term_end == date(2026, 5, 25)
    assert result.decision_due == date(2026, 5, 26)


def test_lex_silencio():
    result = deadline(lex_silencio=True)
    assert result.decision_due == date(2026, 4, 7)
    assert result.lex_silencio_given_on == date(2026, 4, 8)  # 4:20b(1)
    assert result.lex_silencio_effective == date(2026, 4, 10)  # 4:20b(3): 3rd day after
    assert result.publication_due == date(2026, 4, 22)  # 4:20c: 2 weeks after given


def test_lex_silencio_publication_due_gets_the_atw():
    # Receipt Thu 5 Mar 2026: due Thu 30 Apr; given Fri 1 May; 2 weeks -> Fri 15 May, an
    # ordinary Friday in a calendar without decree days. (The shipped decree of 2026
    # designates it, Atw art. 3(3): then it moves to Monday, as below.)
    result = deadline(received_on=date(2026, 3, 5), lex_silencio=True)
    assert result.decision_due == date(2026, 4, 30)
    assert result.publication_due == date(2026, 5, 15)
    designated = WorkCalendar(decree_days=[date(2026, 5, 15)])
    result = deadline(received_on=date(2026, 3, 5), lex_silencio=True, calendar=designated)
    assert result.publication_due == date(2026, 5, 18)


def test_overdue():
    result = deadline(today=date(2026, 4, 8))
    assert result.days_left == -1
    assert result.overdue


# --- dwangsom (Awb 4:17) ----------------------------------------------------------------

NOTICE = date(2026, 6, 1)  # ingebrekestelling received; first penalty day is 15 June


@pytest.mark.parametrize(
    ("today", "expected_days", "expected_amount"),
    [
        (date(2026, 6, 1), 0, Decimal(0)),
        (date(2026, 6, 14), 0, Decimal(0)),  # the two weeks have not yet passed
        (date(2026, 6, 15), 1, Decimal(23)),
        (date(2026, 6, 28), 14, Decimal(23 * 14)),
        (date(2026, 6, 29), 15, Decimal(23 * 14 + 35)),
        (date(2026, 7, 12), 28, Decimal(23 * 14 + 35 * 14)),
        (date(2026, 7, 26), 42, Decimal(23 * 14 + 35 * 14 + 45 * 14)),
        (date(2026, 12, 31), 42, Decimal(1442)),  # capped at 42 days
    ],
)
def test_penalty_exposure(today, expected_days, expected_amount):
    result = penalty(notice_of_default_on=NOTICE, today=today)
    assert result.days == expected_days
    assert result.amount == expected_amount
    assert result.first_day == date(2026, 6, 15)
    assert result.last_possible_day == date(2026, 7, 26)
    assert penalty_exposure(notice_of_default_on=NOTICE, today=today) == expected_amount


def test_penalty_stops_at_the_decision():
    # Decided on 20 June: penalty days 15–19 June.
    kwargs = {"notice_of_default_on": NOTICE, "today": date(2026, 8, 1)}
    assert penalty(decided_on=date(2026, 6, 20), **kwargs).days == 5
    assert penalty_exposure(decided_on=date(2026, 6, 20), **kwargs) == Decimal(23 * 5)
    assert penalty_exposure(decided_on=date(2026, 6, 10), **kwargs) == Decimal(0)
    assert penalty_exposure(decided_on=date(2026, 6, 15), **kwargs) == Decimal(0)


def test_penalty_amounts_come_from_settings(settings):
    settings.AWB_PENALTY_DAILY_AMOUNTS = [25, 38, 49]
    assert penalty_exposure(notice_of_default_on=NOTICE, today=date(2026, 12, 1)) == Decimal(
        25 * 14 + 38 * 14 + 49 * 14
    )
    assert penalty_exposure(
        notice_of_default_on=NOTICE, today=date(2026, 6, 29), daily_amounts=[10, 20, 30]
    ) == Decimal(10 * 14 + 20)


def test_penalty_needs_three_amounts():
    with pytest.raises(ValueError):
        penalty(notice_of_default_on=NOTICE, today=NOTICE, daily_amounts=[23, 35])


def test_a_premature_notice_forfeits_nothing():
    result = penalty(
        notice_of_default_on=NOTICE, today=date(2026, 8, 1), decision_due=date(2026, 6, 1)
    )
    assert result.premature
    assert result.amount == 0
    on_time = penalty(
        notice_of_default_on=NOTICE, today=date(2026, 8, 1), decision_due=date(2026, 5, 29)
    )
    assert not on_time.premature
    assert on_time.amount == Decimal(1442)


# --- service norms in working days -------------------------------------------------------


def test_working_day_norm_without_pauses():
    # "Binnen 5 werkdagen" from Thursday 2 April 2026: Tue 7, Wed 8, Thu 9, Fri 10, Mon 13.
    assert working_day_norm_due(date(2026, 4, 2), 5, [], calendar=PURE) == date(2026, 4, 13)


def test_a_pause_adds_the_working_days_it_covered():
    # Paused from Wed 8 Apr to Tue 14 Apr: covers Thu 9, Fri 10, Mon 13, Tue 14 = 4 days.
    due = working_day_norm_due(
        date(2026, 4, 2), 5, [(date(2026, 4, 8), date(2026, 4, 14))], calendar=PURE
    )
    assert due == date(2026, 4, 17)


def test_pause_days_before_the_start_and_overlaps_count_once():
    pauses = [
        (date(2026, 3, 30), date(2026, 4, 2)),  # before the start: nothing
        (date(2026, 4, 8), date(2026, 4, 10)),  # Thu 9, Fri 10
        (date(2026, 4, 9), date(2026, 4, 13)),
    ]  # adds only Mon 13
    due = working_day_norm_due(date(2026, 4, 2), 5, pauses, calendar=PURE)  # fmt: skip
    assert due == date(2026, 4, 16)
