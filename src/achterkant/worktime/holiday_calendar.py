"""Which days are Saturdays, Sundays or recognised holidays under the Algemene termijnenwet.

Atw art. 3:

1. Algemeen erkende feestdagen: Nieuwjaarsdag, tweede Paas- en Pinksterdag, beide
   Kerstdagen, Hemelvaartsdag, de dag waarop de verjaardag van de Koning wordt gevierd
   (Koningsdag, moved to Saturday 26 April when 27 April is a Sunday) and 5 mei.
2. Goede Vrijdag is equal to them.
3. Other days can be made equal by decree (typically the Friday after Ascension Day).

Days 1 and 2 come from the ``holidays`` package (NL, categories PUBLIC + OPTIONAL: that
gives Goede Vrijdag and 5 May every year, not just every fifth). It also lists Easter
Sunday and Whit Sunday; they are Sundays, so they change nothing. Days of 3 are rows of
:class:`~achterkant.worktime.models.DecreeHoliday`.

Caching: the ``holidays`` part is pure and cached per year for the life of the process.
The decree days live in the database; a :class:`WorkCalendar` reads them once per year
it needs and keeps them only for its own lifetime (one calculation, one request). There
is no process-wide cache of database rows, so an added decree day counts at once, on
every worker, and a rolled-back test leaves nothing behind.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays as holidays_lib

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_CATEGORIES = (holidays_lib.PUBLIC, holidays_lib.OPTIONAL)


@lru_cache(maxsize=512)
def national_holidays(year: int) -> MappingProxyType:
    """Atw art. 3(1) and 3(2) days of ``year`` with their Dutch names (read-only mapping)."""
    days = holidays_lib.country_holidays("NL", years=year, categories=_CATEGORIES, language="nl")
    return MappingProxyType(dict(days))


def _decree_holidays(first_year: int, last_year: int) -> dict[date, str]:
    """DecreeHoliday rows in the given years: one query."""
    from achterkant.worktime.models import DecreeHoliday

    rows = DecreeHoliday.objects.filter(
        date__gte=date(first_year, 1, 1), date__lte=date(last_year, 12, 31)
    ).values_list("date", "name")
    return dict(rows)


class WorkCalendar:
    """The Atw calendar for one calculation: holidays held in memory, loaded per year.

    ``WorkCalendar()`` reads decree days from the database, lazily, one query per range
    of missing years. ``WorkCalendar(decree_days=[...])`` uses the given days instead and
    never touches the database (pure: for tests, previews and property tests).
    """

    def __init__(self, decree_days: Iterable[date] | dict[date, str] | None = None) -> None:
        if decree_days is None:
            self._fixed: dict[date, str] | None = None
        elif isinstance(decree_days, dict):
            self._fixed = dict(decree_days)
        else:
            self._fixed = {day: "bij besluit aangewezen dag" for day in decree_days}
        self._years: dict[int, dict[date, str]] = {}

    def load(self, first_year: int, last_year: int) -> None:
        """Make sure the years ``first_year``..``last_year`` are in memory."""
        missing = [y for y in range(first_year, last_year + 1) if y not in self._years]
        if not missing:
            return
        fixed = self._fixed
        decree = _decree_holidays(missing[0], missing[-1]) if fixed is None else fixed
        for year in missing:
            days = dict(national_holidays(year))
            days.update({d: name for d, name in decree.items() if d.year == year})
            self._years[year] = days

    def holidays_in_year(self, year: int) -> dict[date, str]:
        self.load(year, year)
        return self._years[year]

    def is_holiday(self, day: date) -> bool:
        """A recognised holiday (Atw art. 3), whatever the weekday."""
        return day in self.holidays_in_year(day.year)

    def is_working_day(self, day: date) -> bool:
        """Not a Saturday, a Sunday or a recognised holiday (Atw art. 1(1))."""
        return day.weekday() < 5 and not self.is_holiday(day)

    def holidays_between(self, start: date, end: date) -> dict[date, str]:
        """Holidays from ``start`` to ``end``, both inclusive, with their names."""
        if end < start:
            return {}
        self.load(start.year, end.year)
        return {
            day: name
            for year in range(start.year, end.year + 1)
            for day, name in self._years[year].items()
            if start <= day <= end
        }

    def next_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, else the first working day after it."""
        self.load(day.year, (day + timedelta(days=14)).year)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day
