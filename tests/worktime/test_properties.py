"""Properties of the deadline arithmetic, for any date (hypothesis).

All pure: a calendar without decree days, so no database is touched.
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from achterkant.worktime.awb import Suspension, awb_deadline, working_day_norm_due
from achterkant.worktime.calendar import (
    WorkCalendar,
    add_working_days,
    atw_term_end,
    is_working_day,
    working_days_between,
)
from achterkant.worktime.durations import format_iso_duration, parse_iso_duration

PURE = WorkCalendar(decree_days=())
property_settings = settings(
    deadline=None,  # no timing assertions
    max_examples=200,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
terms = st.one_of(
    st.none(),
    st.builds(lambda w: relativedelta(weeks=w), st.integers(0, 26)),
    st.builds(lambda d: relativedelta(days=d), st.integers(0, 200)),
    st.builds(lambda m: relativedelta(months=m), st.integers(0, 12)),
)
extensions = st.one_of(st.none(), st.builds(lambda w: relativedelta(weeks=w), st.integers(1, 12)))


def due(received_on, term=None, suspensions=(), extension=None, today=None):
    return awb_deadline(
        received_on=received_on,
        term=term,
        suspensions=list(suspensions),
        extension=extension,
        lex_silencio=True,
        today=today or received_on,
        calendar=PURE,
    )


@property_settings
@given(dates, terms, extensions)
def test_decision_due_is_monotonic_in_the_receipt_date(received, term, extension):
    today = received
    earlier = due(received, term, extension=extension, today=today)
    later = due(received + timedelta(days=1), term, extension=extension, today=today)
    assert earlier.decision_due <= later.decision_due


@property_settings
@given(dates, terms, extensions, st.integers(0, 120), st.integers(0, 60))
def test_a_suspension_of_k_days_moves_term_end_by_k(received, term, extension, k, offset):
    start = received + timedelta(days=offset)
    without = due(received, term, extension=extension)
    with_suspension = due(received, term, [Suspension(start, start + timedelta(days=k))], extension)
    assert with_suspension.suspended_days == k
    assert with_suspension.term_end - without.term_end == timedelta(days=k)
    assert with_suspension.decision_due >= without.decision_due


@property_settings
@given(dates, terms, extensions, st.lists(st.tuples(st.integers(0, 90), st.integers(0, 30))))
def test_the_decision_due_is_never_a_non_working_day(received, term, extension, spans):
    suspensions = [
        Suspension(received + timedelta(days=a), received + timedelta(days=a + b)) for a, b in spans
    ]
    result = due(received, term, suspensions, extension)
    assert is_working_day(result.decision_due, calendar=PURE)
    assert result.decision_due >= result.term_end
    assert is_working_day(result.publication_due, calendar=PURE)
    assert result.lex_silencio_effective == result.decision_due + timedelta(days=3)


@property_settings
@given(dates, st.integers(1, 400))
def test_add_working_days_gives_a_working_day(start, n):
    result = add_working_days(start, n, calendar=PURE)
    assert is_working_day(result, calendar=PURE)
    assert result > start
    assert working_days_between(start, result, calendar=PURE) == n


@property_settings
@given(dates, st.integers(0, 30))
def test_atw_term_end_is_a_working_day_not_before_the_end(start, length):
    end = start + timedelta(days=length)
    result = atw_term_end(start, end, calendar=PURE)
    assert result >= end
    assert is_working_day(result, calendar=PURE)
    if length >= 3:
        assert working_days_between(start, result, calendar=PURE) >= 2


@property_settings
@given(dates, st.integers(1, 40), st.integers(0, 40), st.integers(0, 20))
def test_a_pause_of_k_working_days_moves_the_norm_by_k(start, n, offset, k):
    pause_start = add_working_days(start, offset, calendar=PURE)
    pause_end = add_working_days(pause_start, k, calendar=PURE)
    without = working_day_norm_due(start, n, [], calendar=PURE)
    paused = working_day_norm_due(start, n, [(pause_start, pause_end)], calendar=PURE)
    assert working_days_between(without, paused, calendar=PURE) == k
    assert is_working_day(paused, calendar=PURE)


durations = st.builds(
    relativedelta,
    years=st.integers(0, 50),
    months=st.integers(0, 11),
    days=st.integers(0, 400),
    hours=st.integers(0, 23),
    minutes=st.integers(0, 59),
    seconds=st.integers(0, 59),
)


@property_settings
@given(durations)
def test_iso_durations_round_trip(rd):
    text = format_iso_duration(rd)
    assert parse_iso_duration(text) == rd
    assert format_iso_duration(parse_iso_duration(text)) == text


@property_settings
@given(
    st.from_regex(r"\AP(\d{1,3}Y)?(\d{1,3}M)?(\d{1,3}W)?(\d{1,3}D)?(T(\d{1,3}H)?(\d{1,3}M)?)?\Z")
)
def test_parse_format_parse_is_stable(text):
    try:
        rd = parse_iso_duration(text)
    except ValidationError:  # "P" and "PT" are refused; that is tested elsewhere
        return
    assert parse_iso_duration(format_iso_duration(rd)) == rd
