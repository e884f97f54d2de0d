"""Reads for worktime: opening hours and designated holidays."""

from datetime import date

from achterkant.tenancy.context import require_organisation
from achterkant.worktime.models import DecreeHoliday, OpeningHours


def opening_hours_of_active_organisation() -> list[OpeningHours]:
    """The active organisation's opening hours, Monday first (one query)."""
    require_organisation()
    return list(OpeningHours.objects.order_by("weekday", "opens"))


def decree_holidays_between(start: date, end: date) -> list[DecreeHoliday]:
    """Days designated by decree (Atw art. 3(3)) from ``start`` to ``end`` inclusive."""
    return list(DecreeHoliday.objects.filter(date__gte=start, date__lte=end))
