"""Compute the daily aggregate rows of one organisation for a range of days, from the
domain apps' insight selectors. Pure counting: what each count means is in
docs/insights.md, and the dates come from the case promise the cases carry."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from achterkant.cases import insight_selectors as cases
from achterkant.contacts import insight_selectors as contacts
from achterkant.insights.models import BACKLOG_BUCKETS
from achterkant.worktime.calendar import working_days_between
from achterkant.worktime.holiday_calendar import WorkCalendar

COUNTERS = (
    "contacts", "contacts_fcr_eligible", "contacts_first_contact_resolved",
    "cases_in", "cases_closed", "cases_closed_with_norm", "cases_closed_within_norm",
    "cases_decided_with_legal_term", "cases_decided_within_legal_term",
    "cases_with_digid_activity", "norm_breaches", "suspensions", "extensions",
    "lex_silencio", "penalty_cases", "requests_closed", "requests_closed_in_time",
    "ratings", "ratings_satisfied", "ratings_sum", "messages", "messages_read",
)  # fmt: skip


@dataclass
class Bucket:
    counts: Counter = field(default_factory=Counter)
    lead_time_days: Counter = field(default_factory=Counter)
    backlog: list[int] = field(default_factory=lambda: [0] * len(BACKLOG_BUCKETS))
    penalty_euros: Decimal = Decimal("0")


Key = tuple[date, str, int | None, int | None]  # day, channel, product id, team id


def backlog_bucket(age_in_working_days: int) -> int:
    for index, (upper, _) in enumerate(BACKLOG_BUCKETS):
        if upper is None or age_in_working_days <= upper:
            return index
    raise AssertionError("the last bucket has no upper bound")


def lead_time(start_date: date, end_date: date, *, calendar: WorkCalendar | None = None) -> int:
    """Working days after the start date up to and including the end date (0: the same
    day, or a start on a weekend and an end before the next working day)."""
    return max(0, working_days_between(start_date, end_date, calendar=calendar))


def compute(
    first: date, last: date, *, today: date, now: datetime | None = None
) -> dict[Key, Bucket]:
    """Every bucket with something in it for the days ``first``..``last`` of the active
    organisation, as things stand at ``now`` (default: the end of ``today``). A day after
    ``today`` has no backlog yet, and a norm target after ``now`` is no breach yet."""
    if now is None:
        now = cases.day_bounds(today, today)[1] - timedelta(microseconds=1)
    buckets: dict[Key, Bucket] = defaultdict(Bucket)
    calendar = WorkCalendar()

    def add(day, dimensions, name, amount=1):
        buckets[(day, *dimensions)].counts[name] += amount

    for row in contacts.contacts_started(first, last):
        add(row.day, row.dimensions, "contacts")
        if row.fcr_eligible:
            add(row.day, row.dimensions, "contacts_fcr_eligible")
        if row.first_contact_resolved:
            add(row.day, row.dimensions, "contacts_first_contact_resolved")

    for day, dimensions in cases.cases_registered(first, last):
        add(day, dimensions, "cases_in")

    for case in cases.cases_closed(first, last):
        bucket = buckets[(case.day, *case.dimensions)]
        bucket.counts["cases_closed"] += 1
        bucket.lead_time_days[lead_time(case.start_date, case.day, calendar=calendar)] += 1
        if case.norm_due_on is not None:
            bucket.counts["cases_closed_with_norm"] += 1
            bucket.counts["cases_closed_within_norm"] += case.day <= case.norm_due_on
        if case.legal_due_on is not None:
            bucket.counts["cases_decided_with_legal_term"] += 1
            bucket.counts["cases_decided_within_legal_term"] += case.decided_on <= case.legal_due_on
        bucket.counts["cases_with_digid_activity"] += case.digid_activity

    for day, dimensions in cases.norm_breaches(first, last, now=now):
        add(day, dimensions, "norm_breaches")
    for day, dimensions in cases.suspensions_started(first, last):
        add(day, dimensions, "suspensions")
    for day, dimensions in cases.extensions_made(first, last):
        add(day, dimensions, "extensions")
    for day, dimensions in cases.lex_silencio_given(first, last, today=today):
        add(day, dimensions, "lex_silencio")
    for day, dimensions, amount in cases.penalties(first, last, today=today):
        bucket = buckets[(day, *dimensions)]
        bucket.counts["penalty_cases"] += 1
        bucket.penalty_euros += amount

    for day, dimensions, in_time in contacts.contact_requests_closed(first, last):
        add(day, dimensions, "requests_closed")
        add(day, dimensions, "requests_closed_in_time", int(in_time))
    for day, dimensions, score in contacts.ratings_given(first, last):
        add(day, dimensions, "ratings")
        add(day, dimensions, "ratings_satisfied", int(score >= 4))
        add(day, dimensions, "ratings_sum", score)
    for source in (cases.case_messages, contacts.contact_messages):
        for day, dimensions, read in source(first, last):
            add(day, dimensions, "messages")
            add(day, dimensions, "messages_read", int(read))

    _add_backlog(buckets, first, min(last, today), calendar)
    return buckets


def _add_backlog(buckets: dict, first: date, last: date, calendar: WorkCalendar) -> None:
    """The cases open at the end of each day of ``first``..``last``, by age in working days
    since their start date. One query; the age grows by one on every working day."""
    if last < first:
        return
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    working = {day: calendar.is_working_day(day) for day in days}
    for spell in cases.cases_open_between(first, last):
        day = max(first, spell.start_date)
        until = last if spell.end_date is None else min(last, spell.end_date - timedelta(days=1))
        age = lead_time(spell.start_date, day, calendar=calendar)
        while day <= until:
            buckets[(day, *spell.dimensions)].backlog[backlog_bucket(age)] += spell.count
            day += timedelta(days=1)
            age += day <= until and working[day]
