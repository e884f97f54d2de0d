"""Counting service norms in working hours: time inside opening hours only.

"Terugbellen binnen 4 werkuren" counts the hours the organisation is open. The Atw does
not apply to terms in hours (Atw art. 4); this is a service norm, not a statutory term.

Our choices:

* A day counts when the organisation has opening hours for its weekday and it is not a
  recognised holiday (Atw art. 3, including decree days). With the usual Monday–Friday
  opening hours these are exactly the working days. An organisation that enters
  Saturday hours has them counted.
* Times are wall-clock times in Europe/Amsterdam. Opening hours never straddle the
  02:00–03:00 daylight-saving switch, so wall-clock arithmetic is exact inside them.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol

from achterkant.worktime.holiday_calendar import AMSTERDAM, WorkCalendar

# More than ten years without a single open hour means the data is wrong, not the norm.
_MAX_DAYS = 3660


class OpeningHoursLike(Protocol):
    """What :func:`add_working_hours` needs of an opening-hours row (0 = Monday)."""

    weekday: int
    opens: time
    closes: time


@dataclass(frozen=True)
class Hours:
    weekday: int
    opens: time
    closes: time


# For an organisation that entered no opening hours: Monday to Friday 08:30–17:00.
FALLBACK_OPENING_HOURS = tuple(Hours(day, time(8, 30), time(17, 0)) for day in range(5))


def end_of_working_day(day: date, *, opening_hours: Iterable[OpeningHoursLike]) -> datetime:
    """When the working day ``day`` ends: closing time on that weekday (Europe/Amsterdam).

    One rule for every norm counted in working days, cases and contacts alike. A day the
    organisation is closed (a weekend day, say) ends at its latest closing time on any
    day; without any opening hours the fallback (17:00) applies.
    """
    by_weekday = _intervals(opening_hours) or _intervals(FALLBACK_OPENING_HOURS)
    same_day = by_weekday.get(day.weekday())
    closes = (
        max(end for _, end in same_day)
        if same_day
        else max(end for intervals in by_weekday.values() for _, end in intervals)
    )
    return datetime.combine(day, closes, tzinfo=AMSTERDAM)


def _intervals(opening_hours: Iterable[OpeningHoursLike]) -> dict[int, list[tuple[time, time]]]:
    by_weekday: dict[int, list[tuple[time, time]]] = {}
    for row in opening_hours:
        if row.closes > row.opens:
            by_weekday.setdefault(int(row.weekday), []).append((row.opens, row.closes))
    for intervals in by_weekday.values():
        intervals.sort()
    return by_weekday


def add_working_hours(
    start: datetime,
    hours: float | timedelta,
    *,
    opening_hours: Iterable[OpeningHoursLike],
    calendar: WorkCalendar | None = None,
) -> datetime:
    """The moment ``hours`` of opening time after ``start``, in Europe/Amsterdam.

    Time outside ``opening_hours`` and on recognised holidays is skipped, so 4 working
    hours from Friday 15:00 with Monday–Friday 08:30–17:00 ends on Monday 10:30. A norm
    that runs out exactly at closing time ends at closing time, not the next morning.
    ``start`` must be timezone-aware. Raises ``ValueError`` for negative hours or when
    there are no opening hours at all.
    """
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError("start must be a timezone-aware datetime")
    remaining = hours if isinstance(hours, timedelta) else timedelta(hours=hours)
    if remaining < timedelta(0):
        raise ValueError("hours must not be negative")
    cursor = start.astimezone(AMSTERDAM)
    if not remaining:
        return cursor
    by_weekday = _intervals(opening_hours)
    if not by_weekday:
        raise ValueError("No opening hours: working hours cannot be counted.")
    cal = WorkCalendar() if calendar is None else calendar
    day = cursor.date()
    cal.load(day.year, day.year + 1)
    for _ in range(_MAX_DAYS):
        if not cal.is_holiday(day):
            for opens, closes in by_weekday.get(day.weekday(), []):
                begin = max(datetime.combine(day, opens, tzinfo=AMSTERDAM), cursor)
                finish = datetime.combine(day, closes, tzinfo=AMSTERDAM)
                if finish <= begin:
                    continue
                if remaining <= finish - begin:
                    return begin + remaining
                remaining -= finish - begin
        day += timedelta(days=1)
        cursor = datetime.combine(day, time(0), tzinfo=AMSTERDAM)
    raise ValueError("Working hours did not run out within ten years.")


def add_working_hours_for_organisation(
    start: datetime,
    hours: float | timedelta,
    *,
    calendar: WorkCalendar | None = None,
) -> datetime:
    """:func:`add_working_hours` with the opening hours of the active organisation.

    Needs an active organisation (``tenancy.context``); raises ``NoTenantActive``
    otherwise, and ``ValueError`` when the organisation has entered no opening hours.
    """
    from achterkant.worktime.selectors import opening_hours_of_active_organisation

    return add_working_hours(
        start, hours, opening_hours=opening_hours_of_active_organisation(), calendar=calendar
    )


def end_of_working_day_for_organisation(day: date) -> datetime:
    """:func:`end_of_working_day` with the active organisation's opening hours."""
    from achterkant.worktime.selectors import opening_hours_of_active_organisation

    return end_of_working_day(day, opening_hours=opening_hours_of_active_organisation())
