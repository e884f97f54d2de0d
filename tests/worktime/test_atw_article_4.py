"""Atw art. 4(1): the Algemene termijnenwet does not apply to terms "omschreven in uren, in
meer dan negentig dagen, in meer dan twaalf weken, in meer dan drie maanden, of in een of
meer jaren". Such a term ends on its last day, also on a Saturday, Sunday or holiday.

Every date below is computed by hand from the statute and a calendar.
"""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from achterkant.cases.deadlines import atw_applies_to
from achterkant.worktime.awb import awb_deadline
from achterkant.worktime.durations import atw_applies, parse_iso_duration
from achterkant.worktime.holiday_calendar import WorkCalendar

pytestmark = pytest.mark.django_db  # the calendar reads the decree days


def _due(received: date, term: str, *, extension: str = "", lex_silencio: bool = False):
    return awb_deadline(
        received_on=received,
        term=parse_iso_duration(term),
        suspensions=[],
        extension=parse_iso_duration(extension) if extension else None,
        lex_silencio=lex_silencio,
        today=received,
        calendar=WorkCalendar(),
        atw=atw_applies_to(term, extension),
    )


@pytest.mark.parametrize(
    ("term", "applies"),
    [
        ("P8W", True), ("P12W", True), ("P13W", False), ("P12W1D", False),
        ("P90D", True), ("P91D", False), ("P3M", True), ("P3M1D", False), ("P4M", False),
        ("P6M", False), ("P1Y", False), ("P2M10D", True), ("PT4H", False), ("PT48H", False),
    ],
)  # fmt: skip
def test_atw_art_4_is_decided_from_the_term_as_written(term, applies):
    assert atw_applies(term) is applies


def test_atw_art_4_a_term_of_13_weeks_ends_on_its_saturday():
    """Received Sat 7 Feb 2026 + 13 weeks = Sat 9 May 2026; the Atw would give Mon 11 May."""
    assert _due(date(2026, 2, 7), "P13W").decision_due == date(2026, 5, 9)


def test_atw_art_4_the_six_months_of_awb_3_18_end_on_their_saturday():
    """Received Sun 4 Jan 2026 + 6 months = Sat 4 Jul 2026 (not Mon 6 Jul)."""
    assert _due(date(2026, 1, 4), "P6M").decision_due == date(2026, 7, 4)


def test_atw_art_4_a_term_of_a_year_ends_on_its_saturday():
    """Received Fri 25 Dec 2026 + 1 year = Sat 25 Dec 2027 (not Mon 27 Dec)."""
    assert _due(date(2026, 12, 25), "P1Y").decision_due == date(2027, 12, 25)


def test_atw_art_1_still_moves_a_term_of_twelve_weeks_or_ninety_days():
    """Received Sat 7 Feb 2026 + 12 weeks = Sat 2 May 2026 → Mon 4 May (Atw art. 1);
    received Sun 1 Feb 2026 + 90 days = Sat 2 May 2026 → Mon 4 May; + 91 days = Sun 3 May
    2026, which stays (art. 4)."""
    assert _due(date(2026, 2, 7), "P12W").decision_due == date(2026, 5, 4)
    assert _due(date(2026, 2, 1), "P90D").decision_due == date(2026, 5, 4)
    assert _due(date(2026, 2, 1), "P91D").decision_due == date(2026, 5, 3)


def test_atw_art_4_the_extension_as_written_decides_the_extended_term():
    """Received Sat 7 Feb 2026, 8 weeks: Sat 4 Apr 2026, moved past Easter Monday 6 April
    to Tue 7 Apr (Atw art. 1). Extended by 13 weeks (Awb 4:14): Sat 4 Jul 2026, not moved
    (art. 4, the extension's term is more than twelve weeks). Extended by 6 weeks instead:
    Sat 16 May 2026 → Mon 18 May (art. 1)."""
    received = date(2026, 2, 7)
    assert _due(received, "P8W").decision_due == date(2026, 4, 7)
    assert _due(received, "P8W", extension="P13W").decision_due == date(2026, 7, 4)
    assert _due(received, "P8W", extension="P6W").decision_due == date(2026, 5, 18)


def test_atw_art_4_lex_silencio_runs_from_the_unmoved_last_day():
    """13 weeks from Sat 7 Feb 2026 end Sat 9 May 2026 (art. 4). Given by operation of law
    the next day, Sun 10 May (Awb 4:20b(1)); in effect on the 3rd day, Tue 12 May
    (4:20b(3)); to be published within two weeks of being given, Sun 24 May, which the Atw
    moves past Whit Monday 25 May to Tue 26 May 2026 (4:20c(1), a term of two weeks)."""
    deadline = _due(date(2026, 2, 7), "P13W", lex_silencio=True)
    assert deadline.lex_silencio_given_on == date(2026, 5, 10)
    assert deadline.lex_silencio_effective == date(2026, 5, 12)
    assert deadline.publication_due == date(2026, 5, 26)


def test_atw_art_4_an_open_case_of_a_six_month_term_is_overdue_on_the_sunday(tenant_a, today):
    """A case type with the 6 months of Awb 3:18: received Sun 4 Jan 2026, the legal date
    is Sat 4 Jul 2026 and on Sun 5 Jul the case is past it, on every screen."""
    from achterkant.cases.models import Case
    from achterkant.cases.promise import case_promise
    from achterkant.catalog.models import CaseType

    with tenant_a.active():
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(lead_time="P6M")
    today(date(2026, 7, 5))
    case = tenant_a.open_case(start_date=date(2026, 1, 4))
    with tenant_a.active():
        promise = case_promise(Case.objects.get(pk=case.pk))
        assert Case.objects.get(pk=case.pk).latest_end_date == date(2026, 7, 4)
    assert promise.decision_due == date(2026, 7, 4)
    assert promise.legal_overdue(date(2026, 7, 5))


LONG_TERMS = st.one_of(
    st.integers(13, 200).map(lambda n: f"P{n}W"),
    st.integers(91, 1000).map(lambda n: f"P{n}D"),
    st.integers(4, 36).map(lambda n: f"P{n}M"),
    st.integers(1, 5).map(lambda n: f"P{n}Y"),
)


@settings(max_examples=200, deadline=None)
@given(received=st.dates(date(2025, 1, 1), date(2028, 12, 31)), term=LONG_TERMS)
def test_atw_art_4_a_long_term_is_never_moved(received, term):
    """Property: a term of more than 12 weeks, 90 days or 3 months, or of years, ends
    exactly on received + term, whatever weekday or holiday that is."""
    deadline = _due(received, term)
    assert deadline.decision_due == received + parse_iso_duration(term)


SHORT_TERMS = st.one_of(
    st.integers(1, 12).map(lambda n: f"P{n}W"), st.integers(3, 90).map(lambda n: f"P{n}D")
)


@settings(max_examples=200, deadline=None)
@given(received=st.dates(date(2025, 1, 1), date(2028, 12, 31)), term=SHORT_TERMS)
def test_atw_art_1_a_short_term_always_ends_on_a_working_day(received, term):
    """Property (contrast): a term the Atw covers always ends on a working day, at most a
    few days after received + term."""
    calendar = WorkCalendar()
    deadline = _due(received, term)
    end = received + parse_iso_duration(term)
    assert calendar.is_working_day(deadline.decision_due)
    assert end <= deadline.decision_due <= end + timedelta(days=6)
