"""Working days and term ends under the Algemene termijnenwet (Atw).

A *working day* here is a day that is not a Saturday, a Sunday or a recognised holiday
(Atw art. 1 and 3). Every function takes an optional ``calendar``: pass one
:class:`WorkCalendar` to several calls to share its holiday lookups, or
``WorkCalendar(decree_days=[])`` to stay off the database. Without one, each call makes
its own and reads the decree days it needs (normally one query).

What the Atw does *not* cover, and these functions therefore do not do:

* Terms counted backwards ("uiterlijk zes weken vóór ...") are not extended (Atw art.
  1(2)). Such an end must be moved *earlier* by the caller if the special law asks for
  that; there is deliberately no helper that shifts a term end backwards here.
* Terms in hours are outside the Atw (Atw art. 4, and DOMAIN.md): count them with
  :func:`add_working_hours` or plain ``timedelta`` arithmetic, never with
  :func:`atw_extend`.
* The Atw applies to terms set by law. Service norms ("binnen 2 werkdagen") are not, but
  count in the same working days for consistency.
"""

from datetime import date

from achterkant.worktime.holiday_calendar import AMSTERDAM, WorkCalendar, national_holidays
from achterkant.worktime.hours import (
    OpeningHoursLike,
    add_working_hours,
    add_working_hours_for_organisation,
)

__all__ = [
    "AMSTERDAM",
    "OpeningHoursLike",
    "WorkCalendar",
    "add_working_days",
    "add_working_hours",
    "add_working_hours_for_organisation",
    "atw_extend",
    "atw_minimum_two_working_days",
    "atw_term_end",
    "holidays_between",
    "is_working_day",
    "national_holidays",
    "working_days_between",
]


def _calendar(calendar: WorkCalendar | None) -> WorkCalendar:
    return WorkCalendar() if calendar is None else calendar


def holidays_between(start: date, end: date, *, calendar: WorkCalendar | None = None) -> set[date]:
    """Recognised holidays (Atw art. 3(1)–(3)) from ``start`` to ``end``, both inclusive.

    Includes Easter Sunday and Whit Sunday as the ``holidays`` package lists them; they
    are Sundays, so they never change a count.
    """
    return set(_calendar(calendar).holidays_between(start, end))


def is_working_day(day: date, *, calendar: WorkCalendar | None = None) -> bool:
    """True unless ``day`` is a Saturday, Sunday or recognised holiday (Atw art. 1(1), 3)."""
    return _calendar(calendar).is_working_day(day)


def atw_extend(day: date, *, calendar: WorkCalendar | None = None) -> date:
    """The last day of a statutory term after Atw art. 1(1).

    "Een in een wet gestelde termijn die op een zaterdag, zondag of algemeen erkende
    feestdag eindigt, wordt verlengd tot en met de eerstvolgende dag die niet een
    zaterdag, zondag of algemeen erkende feestdag is."

    Returns ``day`` unchanged when it is a working day. Not for terms counted backwards
    (art. 1(2)) nor for terms in hours (art. 4): for those, do not call this.
    """
    return _calendar(calendar).next_working_day(day)


def atw_minimum_two_working_days(
    start: date, end: date, *, calendar: WorkCalendar | None = None
) -> date:
    """The last day of a term after Atw art. 2.

    "Een in een wet gestelde termijn van ten minste drie dagen wordt, zo nodig, zoveel
    verlengd dat daarin ten minste twee dagen voorkomen die niet een zaterdag, zondag of
    algemeen erkende feestdag zijn."

    Our reading: the term runs from the day after ``start`` (the event that starts it,
    e.g. receipt) up to and including ``end``. If it spans at least three days and holds
    fewer than two working days, it ends on the second working day after ``start``.
    Otherwise ``end`` is returned unchanged. The result may still fall on a weekend when
    ``end`` did; :func:`atw_term_end` applies art. 1 as well.
    """
    if (end - start).days < 3:
        return end
    cal = _calendar(calendar)
    if working_days_between(start, end, calendar=cal) >= 2:
        return end
    return add_working_days(start, 2, calendar=cal)


def atw_term_end(start: date, end: date, *, calendar: WorkCalendar | None = None) -> date:
    """Atw art. 2 and then art. 1(1) applied to a forward term from ``start`` to ``end``.

    Art. 2 can only move the end to a working day, so applying art. 1 afterwards gives
    the same as the other order would; both together are what "the Atw shift" means here.
    """
    cal = _calendar(calendar)
    return atw_extend(atw_minimum_two_working_days(start, end, calendar=cal), calendar=cal)


def add_working_days(start: date, n: int, *, calendar: WorkCalendar | None = None) -> date:
    """The ``n``-th working day after ``start`` (``start`` itself does not count).

    ``n == 0`` returns ``start``. For ``n >= 1`` the result is always a working day:
    a norm of "2 werkdagen" from Friday is Tuesday, from Thursday before Easter it is the
    Wednesday after. Negative ``n`` raises ``ValueError``.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    # O(1) with the precomputed index (a bisection); day by day outside the indexed years.
    return _calendar(calendar).working_day_after(start, n)


def working_days_between(start: date, end: date, *, calendar: WorkCalendar | None = None) -> int:
    """How many working days lie after ``start`` up to and including ``end``.

    The inverse of :func:`add_working_days`: ``working_days_between(d,
    add_working_days(d, n)) == n``. Negative when ``end`` is before ``start``.
    """
    if end < start:
        return -working_days_between(end, start, calendar=calendar)
    # O(1) with the precomputed index (a subtraction); day by day outside the indexed years.
    return _calendar(calendar).count_working_days(start, end)
