"""Reads for worktime: opening hours and designated holidays."""

from datetime import date

from achterkant.tenancy.settings_cache import organisation_setting
from achterkant.worktime.models import DecreeHoliday, OpeningHours


def opening_hours_of_active_organisation() -> tuple[OpeningHours, ...]:
    """The active organisation's opening hours, Monday first (no query once this process
    holds them for the organisation's settings version: tenancy.settings_cache)."""
    return organisation_setting(
        "worktime.opening_hours",
        lambda: tuple(OpeningHours.objects.order_by("weekday", "opens")),
    )


def decree_holidays_between(start: date, end: date) -> list[DecreeHoliday]:
    """Days designated by decree (Atw art. 3(3)) from ``start`` to ``end`` inclusive."""
    return list(DecreeHoliday.objects.filter(date__gte=start, date__lte=end))
