"""Where a piece of work stands against its due moment: pure functions over worktime.

The same rules serve cases and contact requests, so one item is "bijna te laat" at the
same moment whichever channel it came in on. Nothing here touches work items; callers
pass the moments and store the answer.

The warning moment (:func:`warning_at`), our rule:

* ``start`` and ``due`` on the same day (Europe/Amsterdam): the plain moment at which
  ``fraction`` of the time between them has passed. Hours norms ("binnen 4 werkuren")
  mostly fall here.
* On different days: count the working days ``n`` after the start day up to and
  including the due day (:func:`~achterkant.worktime.calendar.working_days_between`).
  The warning comes at 08:30 on the ⌈fraction × n⌉-th of those working days. So it never
  lands on a weekend or holiday, and "0,75 of 5 werkdagen" from a Friday warns on the
  4th working day, Thursday morning.
* Never before ``start`` and never after ``due``: when ``due`` falls before 08:30 on
  the warning day, the warning moment is ``due`` itself and there is no warning period.
  ``fraction`` 1 means no warning period either. With no working day in between at all
  (start Saturday, due Sunday) the plain moment is used.

States change at the moment itself: at ``warning_at`` the item is "bijna te laat", at
``due`` it is "te laat". :func:`next_change_at` tells a sweep when to look again.
"""

import math
from datetime import UTC, date, datetime, time
from decimal import Decimal

from django.db import models

from achterkant.worktime.calendar import (
    AMSTERDAM,
    WorkCalendar,
    add_working_days,
    working_days_between,
)

WARNING_TIME = time(8, 30)  # start of the working day for a warning on a later day


class SlaState(models.TextChoices):
    """Where a case or contact request stands against its norm: the one vocabulary."""

    ON_TIME = "on_time", "op tijd"
    WARNING = "warning", "bijna te laat"
    BREACHED = "breached", "te laat"
    DONE = "done", "afgerond"


class Urgency(models.IntegerChoices):
    NORMAL = 0, "normaal"
    HIGH = 1, "hoog"
    URGENT = 2, "spoed"


def _aware(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")
    return moment.astimezone(AMSTERDAM)


def _fraction(fraction: float | Decimal) -> Decimal:
    # Decimal(str(...)) so 0.7 × 10 is 7, not 7.000000000000001 (which would round up).
    value = Decimal(str(fraction))
    if not 0 <= value <= 1:
        raise ValueError("fraction must be between 0 and 1")
    return value


def warning_at(
    start: datetime,
    due: datetime,
    fraction: float | Decimal,
    *,
    calendar: WorkCalendar | None = None,
) -> datetime:
    """The moment ``fraction`` of the time from ``start`` to ``due`` has passed (see above)."""
    start, due = _aware(start, "start"), _aware(due, "due")
    part = _fraction(fraction)
    if due <= start or part == 1:
        return due
    cal = WorkCalendar() if calendar is None else calendar
    working_days = 0
    if start.date() != due.date():
        working_days = working_days_between(start.date(), due.date(), calendar=cal)
    steps = math.ceil(part * working_days)
    if steps == 0:
        # Same day, or no working day in between: the plain moment (in UTC, so a
        # daylight-saving switch in between counts as the hour it really is).
        begin, end = start.astimezone(UTC), due.astimezone(UTC)
        return (begin + (end - begin) * float(part)).astimezone(AMSTERDAM)
    day = add_working_days(start.date(), steps, calendar=cal)
    moment = datetime.combine(day, WARNING_TIME, tzinfo=AMSTERDAM)
    return min(max(moment, start), due)


def sla_state(
    *,
    start: datetime,
    due: datetime,
    now: datetime,
    fraction: float | Decimal,
    done: bool = False,
    calendar: WorkCalendar | None = None,
) -> SlaState:
    """Op tijd, bijna te laat, te laat or afgerond at ``now``. Only ever moves forward."""
    if done:
        return SlaState.DONE
    now = _aware(now, "now")
    if now >= _aware(due, "due"):
        return SlaState.BREACHED
    if now >= warning_at(start, due, fraction, calendar=calendar):
        return SlaState.WARNING
    return SlaState.ON_TIME


def next_change_at(
    *,
    start: datetime,
    due: datetime,
    now: datetime,
    fraction: float | Decimal,
    done: bool = False,
    calendar: WorkCalendar | None = None,
) -> datetime | None:
    """When :func:`sla_state` will next give another answer; None when it never will."""
    if done:
        return None
    now = _aware(now, "now")
    warning = warning_at(start, due, fraction, calendar=calendar)
    if now < warning:
        return warning
    due = _aware(due, "due")
    return due if now < due else None


def remaining_working_days(today: date, due: date, *, calendar: WorkCalendar | None = None) -> int:
    """Working days left until ``due`` (0 on the day itself, negative when overdue)."""
    return working_days_between(today, due, calendar=calendar)


def lex_silencio_alert_on(
    decision_due: date, working_days: int, *, calendar: WorkCalendar | None = None
) -> date:
    """The working day ``working_days`` working days before ``decision_due``.

    Counted backwards, and the Atw does not move it (Atw art. 1(2): no shift for terms
    counted backwards). From Tuesday 7 April 2026, 5 working days back skips 2e paasdag
    and Goede Vrijdag: Friday 27 March 2026. ``0`` gives ``decision_due`` itself.
    """
    if working_days < 0:
        raise ValueError("working_days must not be negative")
    cal = WorkCalendar() if calendar is None else calendar
    return cal.working_day_before(decision_due, working_days)
