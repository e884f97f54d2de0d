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
The decree days live in the database; a :class:`WorkCalendar` reads them once (one
query, on its first need, for the indexed years 1990–2100 together with whatever years
were asked) and keeps them only for its own lifetime (one calculation, one request).
There is no process-wide cache of database rows, so an added decree day counts at once,
on every worker, and a rolled-back test leaves nothing behind.

Counting (issue 13): a process-wide :class:`WorkingDayIndex` holds the cumulative number
of working days for every day from 1990 to 2100, so counting the working days between
two dates is one subtraction and "the n-th working day after" one bisection, instead of
a walk over every day. The index is cached by its *content*: the set of decree days the
calendar just read. A calendar whose decree days differ (a day added on another worker,
a rolled-back test, ``WorkCalendar(decree_days=...)``) gets another index, so the cache
can never be stale and needs no invalidation or version column. Dates outside the indexed
years are counted day by day, as before.
"""

from array import array
from bisect import bisect_left
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays as holidays_lib

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_CATEGORIES = (holidays_lib.PUBLIC, holidays_lib.OPTIONAL)

# The years the precomputed working-day index covers (:class:`WorkingDayIndex`).
INDEX_FIRST_YEAR = 1990
INDEX_LAST_YEAR = 2100


@lru_cache(maxsize=512)
def national_holidays(year: int) -> MappingProxyType:
    """Atw art. 3(1) and 3(2) days of ``year`` with their Dutch names (read-only mapping)."""
    days = holidays_lib.country_holidays("NL", years=year, categories=_CATEGORIES, language="nl")
    return MappingProxyType(dict(days))


def _decree_holidays(first_year: int, last_year: int) -> dict[date, str]:
    """DecreeHoliday rows in the given years: one query, or none when an organisation is
    active and this process holds the indexed years for its settings version."""
    from achterkant.tenancy.context import current_organisation
    from achterkant.tenancy.settings_cache import organisation_setting

    indexed = first_year >= INDEX_FIRST_YEAR and last_year <= INDEX_LAST_YEAR
    if not indexed or current_organisation() is None:
        return _read_decree_holidays(first_year, last_year)
    every = organisation_setting(
        "worktime.decree_holidays",
        lambda: MappingProxyType(_read_decree_holidays(INDEX_FIRST_YEAR, INDEX_LAST_YEAR)),
    )
    return {day: name for day, name in every.items() if first_year <= day.year <= last_year}


def _read_decree_holidays(first_year: int, last_year: int) -> dict[date, str]:
    from achterkant.worktime.models import DecreeHoliday

    rows = DecreeHoliday.objects.filter(
        date__gte=date(first_year, 1, 1), date__lte=date(last_year, 12, 31)
    ).values_list("date", "name")
    return dict(rows)


class WorkingDayIndex:
    """Cumulative working-day counts for every day of the indexed years.

    ``cumulative[i]`` is the number of working days after ``INDEX_FIRST_YEAR``-01-01 up
    to and including the ``i``-th day after it. It rises by exactly one on each working
    day, so a difference of two entries is a count and a bisection finds the day on
    which a count is reached. Every method returns None when the answer needs a day
    outside the indexed years; the caller then counts day by day.
    """

    __slots__ = ("_base", "_cumulative")

    def __init__(self, non_working_weekdays: frozenset[date]) -> None:
        first = date(INDEX_FIRST_YEAR, 1, 1).toordinal()
        last = date(INDEX_LAST_YEAR, 12, 31).toordinal()
        off = {day.toordinal() for day in non_working_weekdays}
        cumulative = array("l", bytes(array("l").itemsize * (last - first + 1)))
        count = 0
        for ordinal in range(first + 1, last + 1):
            # date.fromordinal(o).weekday() == (o + 6) % 7: no date objects in the loop.
            if (ordinal + 6) % 7 < 5 and ordinal not in off:
                count += 1
            cumulative[ordinal - first] = count
        self._base = first
        self._cumulative = cumulative

    def _position(self, day: date) -> int | None:
        position = day.toordinal() - self._base
        return position if 0 <= position < len(self._cumulative) else None

    def count(self, start: date, end: date) -> int | None:
        """Working days after ``start`` up to and including ``end`` (``start <= end``)."""
        first, last = self._position(start), self._position(end)
        if first is None or last is None:
            return None
        return self._cumulative[last] - self._cumulative[first]

    def after(self, start: date, n: int) -> date | None:
        """The ``n``-th working day after ``start`` (``n >= 1``)."""
        position = self._position(start)
        if position is None:
            return None
        cumulative = self._cumulative
        found = bisect_left(cumulative, cumulative[position] + n, lo=position)
        if found >= len(cumulative):
            return None
        return date.fromordinal(self._base + found)

    def before(self, day: date, n: int) -> date | None:
        """The working day from which ``n`` working days run up to the day before ``day``:
        ``n`` working days back from ``day`` (``n >= 1``)."""
        position = self._position(day)
        if position is None or position == 0:
            return None
        cumulative = self._cumulative
        target = cumulative[position - 1] - n + 1
        if target < 1:  # the day lies at or before the start of the index
            return None
        found = bisect_left(cumulative, target, hi=position)
        return date.fromordinal(self._base + found)


def _indexed_national_holidays() -> frozenset[date]:
    return frozenset(
        day
        for year in range(INDEX_FIRST_YEAR, INDEX_LAST_YEAR + 1)
        for day in national_holidays(year)
    )


@lru_cache(maxsize=16)
def working_day_index(decree_weekdays: frozenset[date]) -> WorkingDayIndex:
    """The index for the national holidays plus these decree days (weekdays only matter).

    Cached per process by content: the same decree days give the same index, others
    another. Building one takes a few tens of milliseconds.
    """
    off = frozenset(day for day in _indexed_national_holidays() if day.weekday() < 5)
    return WorkingDayIndex(off | decree_weekdays)


class WorkCalendar:
    """The Atw calendar for one calculation: holidays held in memory, loaded per year.

    ``WorkCalendar()`` reads decree days from the database, lazily: the first need reads
    the indexed years (and any others asked for) in one query, a later need outside them
    one more. ``WorkCalendar(decree_days=[...])`` uses the given days instead and never
    touches the database (pure: for tests, previews and property tests).
    """

    def __init__(self, decree_days: Iterable[date] | dict[date, str] | None = None) -> None:
        if decree_days is None:
            self._fixed: dict[date, str] | None = None
        elif isinstance(decree_days, dict):
            self._fixed = dict(decree_days)
        else:
            self._fixed = {day: "bij besluit aangewezen dag" for day in decree_days}
        self._years: dict[int, dict[date, str]] = {}
        self._decree_read: set[int] = set()  # years whose decree days are known
        self._decree: dict[int, dict[date, str]] = {}  # decree days by year
        self._index: WorkingDayIndex | None = None

    def load(self, first_year: int, last_year: int) -> None:
        """Make sure the years ``first_year``..``last_year`` are in memory."""
        missing = [y for y in range(first_year, last_year + 1) if y not in self._decree_read]
        if not missing:
            return
        low, high = missing[0], missing[-1]
        if not self._decree_read:
            # The first read takes the indexed years along, in the same one query, so the
            # counts that follow need no query and can use the index.
            low, high = min(low, INDEX_FIRST_YEAR), max(high, INDEX_LAST_YEAR)
        fixed = self._fixed
        decree = _decree_holidays(low, high) if fixed is None else fixed
        for day, name in decree.items():
            if low <= day.year <= high and day.year not in self._decree_read:
                self._decree.setdefault(day.year, {})[day] = name
        self._decree_read.update(range(low, high + 1))

    def holidays_in_year(self, year: int) -> dict[date, str]:
        days = self._years.get(year)
        if days is None:
            self.load(year, year)
            days = dict(national_holidays(year))
            days.update(self._decree.get(year, {}))
            self._years[year] = days
        return days

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
            for day, name in self.holidays_in_year(year).items()
            if start <= day <= end
        }

    def index(self) -> WorkingDayIndex:
        """The precomputed counts for this calendar's holidays (shared per process)."""
        if self._index is None:
            self.load(INDEX_FIRST_YEAR, INDEX_LAST_YEAR)
            decree = frozenset(
                day
                for year in range(INDEX_FIRST_YEAR, INDEX_LAST_YEAR + 1)
                for day in self._decree.get(year, ())
                if day.weekday() < 5
            )
            self._index = working_day_index(decree)
        return self._index

    def count_working_days(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; 0 when ``end <=
        start``. O(1) inside the indexed years, day by day outside them."""
        if end <= start:
            return 0
        counted = self.index().count(start, end)
        if counted is not None:
            return counted
        self.load(start.year, end.year)
        count = 0
        day = start + timedelta(days=1)
        while day <= end:
            if self.is_working_day(day):
                count += 1
            day += timedelta(days=1)
        return count

    def working_day_after(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself not counted);
        ``start`` for ``n <= 0``."""
        if n <= 0:
            return start
        found = self.index().after(start, n)
        if found is not None:
            return found
        # Preload generously (about 1.4 calendar days per working day): one query at most.
        self.load(start.year, (start + timedelta(days=2 * n + 14)).year)
        day = start
        while n:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def working_day_before(self, day: date, n: int) -> date:
        """The working day ``n`` working days before ``day``; ``day`` for ``n <= 0``."""
        if n <= 0:
            return day
        found = self.index().before(day, n)
        if found is not None:
            return found
        self.load((day - timedelta(days=2 * n + 14)).year, day.year)
        while n:
            day -= timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def next_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, else the first working day after it."""
        if self.is_working_day(day):
            return day
        return self.working_day_after(day, 1)
