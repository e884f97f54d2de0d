"""The Awb clock of a case: decision term, suspension, extension, lex silencio, dwangsom.

Pure functions over dates. Counting (see docs/deadlines.md for worked examples):

* The term starts the day after receipt; a term of weeks ends on the same weekday, so
  the last day is ``received_on + term`` (8 weeks from Monday 9 February 2026 is Monday
  6 April 2026).
* No statutory term: 8 weeks (Awb 4:13(2)).
* An extension (Awb 4:14) adds its term to the end of the original term.
* Suspensions (Awb 4:15) add their length in calendar days, last, so that each suspended
  day moves the end by exactly one day.
* Only then does the Atw move the final day (art. 2, then art. 1(1)).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings

from achterkant.worktime.calendar import (
    add_working_days,
    atw_extend,
    atw_term_end,
    working_days_between,
)
from achterkant.worktime.holiday_calendar import WorkCalendar

DEFAULT_TERM = relativedelta(weeks=8)  # Awb 4:13(2)
PENALTY_GRACE = timedelta(weeks=2)  # Awb 4:17(3)
PENALTY_MAX_DAYS = 42  # Awb 4:17(1)
PENALTY_BRACKET_DAYS = 14  # Awb 4:17(2): days 1–14, 15–28, 29–42
LEX_SILENCIO_EFFECT_DAYS = 3  # Awb 4:20b(3)
PUBLICATION_TERM = timedelta(weeks=2)  # Awb 4:20c(1)


@dataclass(frozen=True)
class Suspension:
    """An opschorting (Awb 4:15).

    ``start`` is the day of the request (e.g. to complete the application, 4:5); the
    suspension runs from the day after it. ``end`` is the day the application was
    completed or the set term lapsed; ``None`` while it still runs. Its length is
    ``end - start`` in calendar days: a request on 1 March answered on 15 March
    suspends 14 days.
    """

    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError("A suspension cannot end before it starts.")

    def last_day(self, today: date) -> date:
        """The last suspended day: ``end``, or ``today`` while the suspension runs."""
        return self.end if self.end is not None else max(today, self.start)


def suspended_days(suspensions: Sequence[Suspension], today: date) -> int:
    """Calendar days covered by the suspensions; overlapping ones count once (Awb 4:15)."""
    spans = sorted((s.start, s.last_day(today)) for s in suspensions)
    total = 0
    current: tuple[date, date] | None = None
    for start, end in spans:
        if current is not None and start < current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current is not None:
            total += (current[1] - current[0]).days
        current = (start, end)
    if current is not None:
        total += (current[1] - current[0]).days
    return total


@dataclass(frozen=True)
class AwbDeadline:
    """Where a case's Awb clock stands on ``today``."""

    received_on: date
    term: relativedelta
    term_end: date  # received_on + term + extension + suspended days, before the Atw
    decision_due: date  # term_end after Atw art. 2 and art. 1(1)
    suspended_days: int
    suspension_running: bool  # an open suspension: term_end still moves day by day
    extended_by: relativedelta | None
    days_left: int  # decision_due - today; negative when overdue
    lex_silencio_given_on: date | None = None  # Awb 4:20b(1): the day after the term
    lex_silencio_effective: date | None = None  # Awb 4:20b(3): 3rd day after the term
    publication_due: date | None = None  # Awb 4:20c(1): 2 weeks after it was given

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def awb_deadline(
    *,
    received_on: date,
    term: relativedelta | None,
    suspensions: Sequence[Suspension],
    extension: relativedelta | None,
    lex_silencio: bool,
    today: date,
    calendar: WorkCalendar | None = None,
    atw: bool = True,
) -> AwbDeadline:
    """The decision term of an application (Awb 4:13–4:15, 4:20b–4:20c; Atw art. 1–2, 4).

    ``term`` is the statutory term (``None``: 8 weeks, Awb 4:13(2)); ``extension`` the one
    extension the applicant was told of (Awb 4:14); ``suspensions`` each add their
    calendar days (Awb 4:15), an open one up to ``today``. Lex silencio (only where a
    specific law declares §4.1.3.3 applicable): the decision is given by operation of law
    the day after the term (4:20b(1)), takes effect on the third day after it (4:20b(3)),
    and must be published within two weeks after it was given (4:20c(1); that term is a
    statutory term, so the Atw moves its end as well).

    ``atw``: whether the Atw applies to the term that ends last (Atw art. 4: not to terms
    in hours, of more than 90 days, 12 weeks or 3 months, or of a year or more; see
    ``durations.atw_applies``). Without it the last day is the last day, also on a
    Sunday or a holiday.
    """
    cal = WorkCalendar() if calendar is None else calendar
    effective_term = DEFAULT_TERM if term is None else term
    end = received_on + effective_term
    if extension is not None:
        end = end + extension
    days = suspended_days(suspensions, today)
    term_end = end + timedelta(days=days)
    decision_due = atw_term_end(received_on, term_end, calendar=cal) if atw else term_end
    given_on = effective = publication_due = None
    if lex_silencio:
        given_on = decision_due + timedelta(days=1)
        effective = decision_due + timedelta(days=LEX_SILENCIO_EFFECT_DAYS)
        publication_due = atw_extend(given_on + PUBLICATION_TERM, calendar=cal)
    return AwbDeadline(
        received_on=received_on,
        term=effective_term,
        term_end=term_end,
        decision_due=decision_due,
        suspended_days=days,
        suspension_running=any(s.end is None for s in suspensions),
        extended_by=extension,
        days_left=(decision_due - today).days,
        lex_silencio_given_on=given_on,
        lex_silencio_effective=effective,
        publication_due=publication_due,
    )


@dataclass(frozen=True)
class Penalty:
    """The dwangsom bij niet tijdig beslissen (Awb 4:17) forfeited so far."""

    days: int  # penalty days counted, 0–42
    amount: Decimal  # euro
    first_day: date  # the first day the penalty is due (4:17(3))
    last_possible_day: date  # first_day + 41: the 42-day cap (4:17(1))
    premature: bool = False  # notice received before the term expired: no penalty


def penalty(
    *,
    notice_of_default_on: date,
    today: date,
    decided_on: date | None = None,
    daily_amounts: Sequence[int | Decimal] | None = None,
    decision_due: date | None = None,
) -> Penalty:
    """The dwangsom for a late decision on an application (Awb 4:17).

    * The first penalty day is the day on which two weeks have passed after the day the
      written notice of default (ingebrekestelling) was received (4:17(3)): notice on
      1 June, first penalty day 15 June. The decision term must have expired by then;
      pass ``decision_due`` to treat a notice received on or before it as premature
      (no penalty; the applicant must send a new one).
    * Daily amounts for days 1–14, 15–28 and 29–42 (4:17(2)) come from
      ``settings.AWB_PENALTY_DAILY_AMOUNTS`` unless given; at most 42 days (4:17(1)).
      The Atw does not apply to the 42-day term (4:17(1)); we do not apply it to the
      two weeks either.
    * Days count up to and including ``today``. A decision stops it: the day of the
      decision is not a penalty day.
    """
    amounts = list(settings.AWB_PENALTY_DAILY_AMOUNTS if daily_amounts is None else daily_amounts)
    brackets = PENALTY_MAX_DAYS // PENALTY_BRACKET_DAYS
    if len(amounts) < brackets:
        raise ValueError(f"Need {brackets} daily amounts (days 1–14, 15–28, 29–42).")
    first_day = notice_of_default_on + PENALTY_GRACE
    last_possible = first_day + timedelta(days=PENALTY_MAX_DAYS - 1)
    premature = decision_due is not None and notice_of_default_on <= decision_due
    last_day = min(today, last_possible)
    if decided_on is not None:
        last_day = min(last_day, decided_on - timedelta(days=1))
    days = 0 if premature else max(0, (last_day - first_day).days + 1)
    amount = sum(
        (
            Decimal(str(amounts[day // PENALTY_BRACKET_DAYS]))
            for day in range(days)  # day 0 is penalty day 1
        ),
        Decimal(0),
    )
    return Penalty(
        days=days,
        amount=amount,
        first_day=first_day,
        last_possible_day=last_possible,
        premature=premature,
    )


def penalty_exposure(
    *,
    notice_of_default_on: date,
    today: date,
    decided_on: date | None = None,
    daily_amounts: Sequence[int | Decimal] | None = None,
    decision_due: date | None = None,
) -> Decimal:
    """The dwangsom amount forfeited by ``today`` (Awb 4:17); see :func:`penalty`."""
    return penalty(
        notice_of_default_on=notice_of_default_on,
        today=today,
        decided_on=decided_on,
        daily_amounts=daily_amounts,
        decision_due=decision_due,
    ).amount


def working_day_norm_due(
    start: date,
    working_days: int,
    pauses: Sequence[tuple[date, date]],
    *,
    calendar: WorkCalendar | None = None,
) -> date:
    """Due date of a service norm in working days ("binnen 2 werkdagen"), with pauses.

    Not a statutory term, so no Atw; the result is a working day whenever
    ``working_days >= 1``. A pause ``(first, last)`` is read like a suspension: it runs
    from the day after ``first`` up to and including ``last``, and adds the working days
    in it (after ``start``). Overlapping pauses count once.
    """
    cal = WorkCalendar() if calendar is None else calendar
    extra = 0
    covered_until = start
    for first, last in sorted(pauses):
        first = max(first, covered_until)
        if last <= first:
            continue
        extra += working_days_between(first, last, calendar=cal)
        covered_until = last
    return add_working_days(start, working_days + extra, calendar=cal)
