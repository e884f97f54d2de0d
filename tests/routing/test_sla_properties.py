"""Properties of the SLA functions for any moments (hypothesis). Pure: no database."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from achterkant.routing.sla import SlaState, next_change_at, sla_state, warning_at
from achterkant.worktime.calendar import AMSTERDAM, WorkCalendar

PURE = WorkCalendar(decree_days=())
ORDER = [SlaState.ON_TIME, SlaState.WARNING, SlaState.BREACHED]
property_settings = settings(deadline=None, max_examples=300)

moments = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
spans = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=120))
offsets = st.timedeltas(min_value=-timedelta(days=5), max_value=timedelta(days=130))
fractions = st.decimals(min_value=Decimal("0"), max_value=Decimal("1"), places=2)


@property_settings
@given(start=moments, span=spans, fraction=fractions, a=offsets, b=offsets)
def test_sla_state_only_moves_forward(start, span, fraction, a, b):
    """on_time → warning → breached, never back, whatever the dates and the fraction."""
    due = start + span
    early, late = sorted([start + a, start + b])
    arguments = {"start": start, "due": due, "fraction": fraction, "calendar": PURE}
    before = sla_state(now=early, **arguments)
    after = sla_state(now=late, **arguments)
    assert ORDER.index(before) <= ORDER.index(after)


@property_settings
@given(start=moments, span=spans, fraction=fractions, offset=offsets)
def test_the_state_changes_exactly_at_next_change_at(start, span, fraction, offset):
    due, now = start + span, start + offset
    arguments = {"start": start, "due": due, "fraction": fraction, "calendar": PURE}
    state = sla_state(now=now, **arguments)
    change = next_change_at(now=now, **arguments)
    if change is None:
        assert state == SlaState.BREACHED
        return
    assert change > now
    assert sla_state(now=change - timedelta(microseconds=1), **arguments) == state
    after = sla_state(now=change, **arguments)
    assert ORDER.index(after) > ORDER.index(state)
    if ORDER.index(after) > ORDER.index(state) + 1:  # straight to "te laat": no warning period
        assert warning_at(start, due, fraction, calendar=PURE) == due


@property_settings
@given(start=moments, span=spans, fraction=fractions)
def test_the_warning_lies_between_start_and_due_on_a_working_day(start, span, fraction):
    due = start + span
    moment = warning_at(start, due, fraction, calendar=PURE)
    assert start <= moment <= due
    local_start, local_due = start.astimezone(AMSTERDAM), due.astimezone(AMSTERDAM)
    crosses_a_working_day = any(
        PURE.is_working_day(local_start.date() + timedelta(days=i))
        for i in range(1, (local_due.date() - local_start.date()).days + 1)
    )
    if crosses_a_working_day and 0 < fraction < 1:
        assert PURE.is_working_day(moment.astimezone(AMSTERDAM).date())
