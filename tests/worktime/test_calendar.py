"""Working days and the Algemene termijnenwet, checked against real dates 2025–2027.

Every expected date below was checked by hand against a calendar and the ``holidays``
data: 2025: Goede Vrijdag 18 Apr, 2e paasdag 21 Apr, Koningsdag Sat 26 Apr, 5 May Mon,
Hemelvaart Thu 29 May, 2e pinksterdag 9 Jun, Christmas Thu 25 / Fri 26 Dec.
2026: Goede Vrijdag 3 Apr, 2e paasdag 6 Apr, Koningsdag Mon 27 Apr, 5 May Tue,
Hemelvaart Thu 14 May, 2e pinksterdag 25 May, Christmas Fri 25 / Sat 26 Dec.
2027: Nieuwjaar Fri 1 Jan, Goede Vrijdag 26 Mar, 2e paasdag 29 Mar, Koningsdag Tue 27 Apr,
5 May Wed, Hemelvaart Thu 6 May, 2e pinksterdag 17 May, Christmas Sat 25 / Sun 26 Dec.
"""

from datetime import date

import pytest

from achterkant.worktime.awb import awb_deadline
from achterkant.worktime.calendar import (
    WorkCalendar,
    add_working_days,
    atw_extend,
    atw_minimum_two_working_days,
    atw_term_end,
    holidays_between,
    is_working_day,
    working_days_between,
)
from achterkant.worktime.durations import parse_iso_duration
from achterkant.worktime.models import DecreeHoliday

PURE = WorkCalendar(decree_days=())

# (receipt, ISO term, last day of the term, decision due after the Atw, what happens)
AWB_TABLE = [
    # DOMAIN.md: 8 weeks end on 2e paasdag; the Atw moves it to Tuesday.
    (date(2026, 2, 9), "P8W", date(2026, 4, 6), date(2026, 4, 7), "2e paasdag 2026"),
    (date(2026, 2, 6), "P8W", date(2026, 4, 3), date(2026, 4, 7), "Goede Vrijdag 2026"),
    (date(2026, 2, 21), "P6W", date(2026, 4, 4), date(2026, 4, 7), "Saturday in Easter 2026"),
    (date(2026, 3, 2), "P8W", date(2026, 4, 27), date(2026, 4, 28), "Koningsdag Mon 2026"),
    (date(2026, 3, 10), "P8W", date(2026, 5, 5), date(2026, 5, 6), "5 mei Tue 2026"),
    (date(2026, 3, 19), "P8W", date(2026, 5, 14), date(2026, 5, 15), "Hemelvaart 2026"),
    (date(2026, 3, 30), "P8W", date(2026, 5, 25), date(2026, 5, 26), "2e pinksterdag 2026"),
    (date(2026, 10, 30), "P8W", date(2026, 12, 25), date(2026, 12, 28), "Christmas Fri 2026"),
    (date(2026, 11, 6), "P8W", date(2027, 1, 1), date(2027, 1, 4), "Nieuwjaar Fri 2027"),
    (date(2026, 3, 4), "P8W", date(2026, 4, 29), date(2026, 4, 29), "plain Wednesday"),
    (date(2025, 3, 1), "P8W", date(2025, 4, 26), date(2025, 4, 28), "Koningsdag Sat 2025"),
    (date(2025, 2, 21), "P8W", date(2025, 4, 18), date(2025, 4, 22), "Goede Vrijdag 2025"),
    (date(2025, 3, 10), "P8W", date(2025, 5, 5), date(2025, 5, 6), "5 mei Mon 2025"),
    (date(2025, 4, 3), "P8W", date(2025, 5, 29), date(2025, 5, 30), "Hemelvaart 2025"),
    (date(2025, 4, 14), "P8W", date(2025, 6, 9), date(2025, 6, 10), "2e pinksterdag 2025"),
    (date(2025, 10, 30), "P8W", date(2025, 12, 25), date(2025, 12, 29), "Christmas Thu 2025"),
    (date(2027, 2, 1), "P8W", date(2027, 3, 29), date(2027, 3, 30), "2e paasdag 2027"),
    (date(2027, 1, 29), "P8W", date(2027, 3, 26), date(2027, 3, 30), "Goede Vrijdag 2027"),
    (date(2027, 3, 2), "P8W", date(2027, 4, 27), date(2027, 4, 28), "Koningsdag Tue 2027"),
    (date(2027, 3, 10), "P8W", date(2027, 5, 5), date(2027, 5, 7), "5 mei + Hemelvaart 2027"),
    (date(2027, 3, 22), "P8W", date(2027, 5, 17), date(2027, 5, 18), "2e pinksterdag 2027"),
    (date(2027, 10, 30), "P8W", date(2027, 12, 25), date(2027, 12, 27), "Christmas Sat 2027"),
]


@pytest.mark.parametrize(("received", "term", "term_end", "due", "why"), AWB_TABLE)
def test_awb_decision_due_on_real_dates(received, term, term_end, due, why):
    deadline = awb_deadline(
        received_on=received,
        term=parse_iso_duration(term),
        suspensions=[],
        extension=None,
        lex_silencio=False,
        today=received,
        calendar=PURE,
    )
    assert deadline.term_end == term_end, why
    assert deadline.decision_due == due, why


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 4, 26), False),  # Koningsdag on a Saturday
        (date(2025, 4, 28), True),  # the Monday after is an ordinary day
        (date(2025, 5, 5), False),  # 5 May counts every year, not only every fifth
        (date(2026, 4, 3), False),  # Goede Vrijdag (Atw art. 3(2))
        (date(2026, 5, 15), True),  # Friday after Ascension: a holiday only by decree
        (date(2026, 12, 24), True),  # Christmas Eve is no holiday
        (date(2026, 12, 31), True),
        (date(2027, 1, 1), False),
        (date(2027, 5, 5), False),
        (date(2027, 5, 6), False),
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day, calendar=PURE) is working


def test_holidays_between_2026():
    days = holidays_between(date(2026, 1, 1), date(2026, 12, 31), calendar=PURE)
    weekday_holidays = {d for d in days if d.weekday() < 5}
    assert weekday_holidays == {
        date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 4, 27),
        date(2026, 5, 5), date(2026, 5, 14), date(2026, 5, 25), date(2026, 12, 25),
    }  # fmt: skip
    assert holidays_between(date(2026, 4, 7), date(2026, 4, 26), calendar=PURE) == set()
    assert holidays_between(date(2026, 5, 1), date(2026, 4, 1), calendar=PURE) == set()


def test_atw_extend_moves_only_non_working_days():
    assert atw_extend(date(2026, 4, 7), calendar=PURE) == date(2026, 4, 7)
    assert atw_extend(date(2026, 4, 3), calendar=PURE) == date(2026, 4, 7)
    assert atw_extend(date(2027, 12, 25), calendar=PURE) == date(2027, 12, 27)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # 3 days from Thursday 24 Dec 2026: Fri (Christmas), Sat, Sun. Art. 1 gives Monday,
        # which is only one working day; art. 2 asks for two, so Tuesday.
        (date(2026, 12, 24), date(2026, 12, 27), date(2026, 12, 29)),
        # From Wednesday 24 Dec 2025: Thu, Fri (Christmas), Sat -> Mon 29 is one -> Tue 30.
        (date(2025, 12, 24), date(2025, 12, 27), date(2025, 12, 30)),
        # From Tuesday 23 Dec 2025: Wed 24 is a working day, so art. 1 alone gives Mon 29.
        (date(2025, 12, 23), date(2025, 12, 26), date(2025, 12, 29)),
        # Easter 2026, 3 days from Thursday 2 Apr: Fri (Goede Vrijdag), Sat, Sun -> Tue 7, Wed 8.
        (date(2026, 4, 2), date(2026, 4, 5), date(2026, 4, 8)),
        # Two-day terms are outside art. 2: only art. 1.
        (date(2026, 12, 24), date(2026, 12, 26), date(2026, 12, 28)),
    ],
)
def test_atw_article_2_at_least_two_working_days(start, end, expected):
    assert atw_term_end(start, end, calendar=PURE) == expected


def test_atw_article_2_leaves_terms_with_two_working_days_alone():
    assert atw_minimum_two_working_days(date(2026, 2, 9), date(2026, 4, 6), calendar=PURE) == date(
        2026, 4, 6
    )


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # Thursday before Easter -> Tuesday after
        (date(2026, 4, 2), 2, date(2026, 4, 8)),
        (date(2026, 4, 24), 2, date(2026, 4, 29)),  # Fri; Mon 27 Apr is Koningsdag
        (date(2026, 5, 13), 2, date(2026, 5, 18)),  # Wed before Hemelvaart (no decree days)
        (date(2026, 5, 22), 1, date(2026, 5, 26)),  # Fri before Whit Monday
        (date(2025, 12, 24), 2, date(2025, 12, 30)),
        (date(2026, 6, 5), 0, date(2026, 6, 5)),
        (date(2026, 6, 5), 10, date(2026, 6, 19)),
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n, calendar=PURE) == expected
    assert working_days_between(start, expected, calendar=PURE) == n


def test_add_working_days_refuses_negative():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), -1, calendar=PURE)


def test_working_days_between_is_signed():
    assert working_days_between(date(2026, 4, 10), date(2026, 4, 2), calendar=PURE) == -4
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 2), calendar=PURE) == 0


# --- decree days (database) -------------------------------------------------------------
# The shipped decree days (worktime/0002_decree_days) end on 26 May 2028; these tests
# designate a later day, as an administrator would for the next decree. 2029: Hemelvaart
# Thu 10 May, 2e pinksterdag Mon 21 May, so Friday 11 May is an ordinary day until then.
# The shipped days themselves are tested in test_decree_days.py.

FRIDAY_AFTER_ASCENSION_2029 = date(2029, 5, 11)


def designate_friday_after_ascension_2029() -> DecreeHoliday:
    return DecreeHoliday.objects.create(
        date=FRIDAY_AFTER_ASCENSION_2029,
        name="Vrijdag na Hemelvaartsdag 2029 (gelijkgesteld)",
        decree_reference="Besluit in een test",
    )


@pytest.mark.django_db
def test_a_designated_friday_after_ascension_shifts_a_deadline():
    received = date(2029, 3, 16)  # Friday; 8 weeks later is Friday 11 May 2029
    kwargs = {"received_on": received, "term": None, "suspensions": [], "extension": None,
              "lex_silencio": False, "today": received}  # fmt: skip
    assert awb_deadline(**kwargs).decision_due == date(2029, 5, 11)
    designate_friday_after_ascension_2029()
    assert awb_deadline(**kwargs).decision_due == date(2029, 5, 14)
    assert not is_working_day(date(2029, 5, 11))
    assert date(2029, 5, 11) in holidays_between(date(2029, 5, 1), date(2029, 5, 31))
    # Hemelvaart + decree day: a 2-working-day norm from Wednesday now ends on Tuesday.
    assert add_working_days(date(2029, 5, 9), 2) == date(2029, 5, 15)


@pytest.mark.django_db
def test_decree_days_are_read_once_per_calculation(django_assert_num_queries):
    designate_friday_after_ascension_2029()
    with django_assert_num_queries(1):
        assert add_working_days(date(2029, 5, 9), 2) == date(2029, 5, 15)
    calendar = WorkCalendar()
    with django_assert_num_queries(1):
        for day in (date(2029, 1, 1), date(2029, 5, 11), date(2029, 12, 31)):
            calendar.is_working_day(day)
    with django_assert_num_queries(0):
        assert not calendar.is_working_day(date(2029, 5, 11))
    with django_assert_num_queries(1):
        awb_deadline(received_on=date(2029, 3, 16), term=None, suspensions=[], extension=None,
                     lex_silencio=True, today=date(2029, 3, 16))  # fmt: skip


@pytest.mark.django_db
def test_a_new_decree_day_counts_at_once_without_a_stale_cache():
    assert is_working_day(FRIDAY_AFTER_ASCENSION_2029)
    designate_friday_after_ascension_2029()
    assert not is_working_day(FRIDAY_AFTER_ASCENSION_2029)
    DecreeHoliday.objects.filter(date=FRIDAY_AFTER_ASCENSION_2029).delete()
    assert is_working_day(FRIDAY_AFTER_ASCENSION_2029)


def test_pure_calendar_with_given_decree_days_needs_no_database():
    calendar = WorkCalendar(decree_days=[date(2026, 5, 15)])
    assert not calendar.is_working_day(date(2026, 5, 15))
    assert calendar.holidays_between(date(2026, 5, 15), date(2026, 5, 15)) == {
        date(2026, 5, 15): "bij besluit aangewezen dag"
    }
