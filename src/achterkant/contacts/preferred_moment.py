"""When someone prefers to be called back: a day, a time window, or both.

Checked in ``contact_request_create``, the one gate for every channel. The window must
fall inside the organisation's opening hours (``worktime``; without any entered, the
fallback Monday–Friday 08:30–17:00), on a day it is open: nobody is there to call
outside them. A window without a day means "any working day, between these times".
"""

from datetime import date, datetime, time, timedelta

from achterkant.worktime.holiday_calendar import WorkCalendar
from achterkant.worktime.hours import FALLBACK_OPENING_HOURS
from achterkant.worktime.selectors import opening_hours_of_active_organisation

# A callback is due within days; a preference further out than this is a typing error.
MAX_DAYS_AHEAD = 90

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def _open_between(day: date | None) -> tuple[time, time] | None:
    """The first opening and last closing time on ``day``'s weekday (any day: None)."""
    hours = opening_hours_of_active_organisation() or FALLBACK_OPENING_HOURS
    rows = [row for row in hours if row.closes > row.opens]
    if day is not None:
        rows = [row for row in rows if int(row.weekday) == day.weekday()]
    if not rows:
        return None
    return min(row.opens for row in rows), max(row.closes for row in rows)


def preferred_moment_errors(
    *,
    preferred_date: date | None,
    preferred_from: time | None,
    preferred_until: time | None,
    now: datetime,
) -> dict[str, str]:
    """What is wrong with a preferred moment, by field; empty when it is fine.

    ``now`` is local (Europe/Amsterdam) wall-clock time: a window on today must not be
    over already.
    """
    errors: dict[str, str] = {}
    if (preferred_from is None) != (preferred_until is None):
        missing = "preferred_until" if preferred_until is None else "preferred_from"
        errors[missing] = "Vul beide tijden in: vanaf hoe laat en tot hoe laat."
    elif preferred_from is not None and preferred_from >= preferred_until:
        errors["preferred_until"] = "De eindtijd moet later zijn dan de begintijd."
    today = now.date()
    if preferred_date is not None:
        if preferred_date < today:
            errors["preferred_date"] = "Deze dag is al voorbij. Kies vandaag of een latere dag."
            return errors
        if preferred_date > today + timedelta(days=MAX_DAYS_AHEAD):
            errors["preferred_date"] = "Kies een dag binnen drie maanden."
            return errors
    open_between = _open_between(preferred_date)
    if preferred_date is not None and (
        open_between is None or WorkCalendar().is_holiday(preferred_date)
    ):
        weekday = WEEKDAYS[preferred_date.weekday()]
        errors["preferred_date"] = f"Op deze dag ({weekday}) zijn we gesloten. Kies een werkdag."
        return errors
    if errors or open_between is None:
        return errors
    opens, closes = open_between
    if preferred_from is not None and (preferred_from < opens or preferred_until > closes):
        errors["preferred_from"] = (
            f"Kies tijden binnen de openingstijden: {opens:%H:%M} tot {closes:%H:%M}."
        )
    elif preferred_date == today and (preferred_until or closes) <= now.time():
        field = "preferred_date" if preferred_until is None else "preferred_until"
        errors[field] = "Dit moment is vandaag al voorbij. Kies een later moment."
    return errors
