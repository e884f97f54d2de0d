"""What the insights app reads of cases: plain rows per day, for its daily aggregates.

Every date here is one the case promise stored on the case (``sla_due_at``: the service
norm; ``latest_end_date``: the legal date) or one the case records (start, end, the first
decision), so an insight never computes a deadline of its own (docs/insights.md).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, F, Min, OuterRef, Q

from achterkant.cases.models import Case, CaseDefaultNotice, CaseExtension, CaseSuspension
from achterkant.cases.models.submission import WebSubmission
from achterkant.cases.penalty import case_penalty
from achterkant.notify.models import OutboxMessage
from achterkant.worktime.holiday_calendar import AMSTERDAM

Dimensions = tuple[str, int | None, int | None]  # channel, product id, team id


@dataclass(frozen=True)
class ClosedCase:
    day: date  # end date
    dimensions: Dimensions
    start_date: date
    norm_due_on: date | None  # the service-norm target's day, as the promise stored it
    legal_due_on: date | None  # the Awb decision date, as the promise stored it
    decided_on: date  # the first decision, else the end date
    digid_activity: bool


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The Amsterdam days ``first``..``last`` as a half-open interval of instants."""
    start = datetime.combine(first, time(0), tzinfo=AMSTERDAM)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=AMSTERDAM)
    return start, end


def local_day(moment: datetime) -> date:
    return moment.astimezone(AMSTERDAM).date()


def _dimensions(row: dict, prefix: str = "") -> Dimensions:
    return (row[f"{prefix}channel"], row[f"{prefix}product_id"], row[f"{prefix}team_id"])


_DIMENSIONS = ("channel", "product_id", "team_id")
_IN_SLICE = 500


def cases_registered(first: date, last: date) -> Iterator[tuple[date, Dimensions]]:
    rows = Case.objects.filter(registered_on__range=(first, last)).values(
        "registered_on", *_DIMENSIONS
    )
    for row in rows.iterator(chunk_size=5000):
        yield row["registered_on"], _dimensions(row)


def cases_closed(first: date, last: date) -> Iterator[ClosedCase]:
    """Cases whose end date lies in ``first``..``last``, with what their promise stored."""
    # DigiD activity: a request filed in the e-loket, or a berichtenbox message read.
    read_by_citizen = OutboxMessage.objects.filter(
        reference=OuterRef("number"), in_berichtenbox=True, read_at__isnull=False
    ).exclude(bsn="")
    rows = (
        Case.objects.filter(end_date__range=(first, last))
        .annotate(
            first_decision_on=Min("decisions__decided_on"),
            web_request=Exists(WebSubmission.objects.filter(case=OuterRef("pk"))),
            message_read=Exists(read_by_citizen),
        )
        .values(
            "end_date",
            "start_date",
            "sla_due_at",
            "latest_end_date",
            "first_decision_on",
            "web_request",
            "message_read",
            *_DIMENSIONS,
        )  # fmt: skip
    )
    for row in rows.iterator(chunk_size=5000):
        decided = row["first_decision_on"]
        yield ClosedCase(
            day=row["end_date"],
            dimensions=_dimensions(row),
            start_date=row["start_date"],
            norm_due_on=local_day(row["sla_due_at"]) if row["sla_due_at"] else None,
            legal_due_on=row["latest_end_date"],
            decided_on=min(decided, row["end_date"]) if decided else row["end_date"],
            digid_activity=row["web_request"] or row["message_read"],
        )


def norm_breaches(first: date, last: date, *, now: datetime) -> Iterator[tuple[date, Dimensions]]:
    """Cases whose service-norm target (``sla_due_at``, as stored) fell on a day in the
    range without the case being closed by then: one breach, on the target's day. A target
    still ahead of ``now`` is no breach yet (today's count fills in as the day goes)."""
    start, end = day_bounds(first, last)
    rows = Case.objects.filter(sla_due_at__gte=start, sla_due_at__lt=min(end, now)).values(
        "sla_due_at", "end_date", *_DIMENSIONS
    )
    for row in rows.iterator(chunk_size=5000):
        due_on = local_day(row["sla_due_at"])
        if row["end_date"] is None or row["end_date"] > due_on:
            yield due_on, _dimensions(row)


def suspensions_started(first: date, last: date) -> Iterator[tuple[date, Dimensions]]:
    rows = CaseSuspension.objects.filter(requested_on__range=(first, last)).values(
        "requested_on", *(f"case__{name}" for name in _DIMENSIONS)
    )
    for row in rows:
        yield row["requested_on"], _dimensions(row, "case__")


def extensions_made(first: date, last: date) -> Iterator[tuple[date, Dimensions]]:
    start, end = day_bounds(first, last)
    rows = CaseExtension.objects.filter(created_at__gte=start, created_at__lt=end).values(
        "created_at", *(f"case__{name}" for name in _DIMENSIONS)
    )
    for row in rows:
        yield local_day(row["created_at"]), _dimensions(row, "case__")


def lex_silencio_given(
    first: date, last: date, *, today: date
) -> Iterator[tuple[date, Dimensions]]:
    """Decisions given by operation of law (Awb 4:20b): a lex-silencio case without a
    decision by its legal date (``latest_end_date``, as the promise stored it). Counted on
    the day after that date, the day it is given (4:20b(1), as ``worktime.awb`` sets
    ``lex_silencio_given_on``), once that day has come."""
    last = min(last, today)
    rows = (
        Case.objects.filter(
            case_type__lex_silencio=True,
            latest_end_date__range=(first - timedelta(days=1), last - timedelta(days=1)),
        )
        .annotate(first_decision_on=Min("decisions__decided_on"))
        .filter(
            Q(first_decision_on__isnull=True, end_date__isnull=True)
            | Q(first_decision_on__gt=F("latest_end_date"))
            | Q(first_decision_on__isnull=True, end_date__gt=F("latest_end_date"))
        )
        .values("latest_end_date", *_DIMENSIONS)
    )
    for row in rows:
        yield row["latest_end_date"] + timedelta(days=1), _dimensions(row)


def penalties(
    first: date, last: date, *, today: date
) -> Iterator[tuple[date, Dimensions, Decimal]]:
    """The dwangsom owed per case (Awb 4:17, ``cases.penalty``), on the day it stopped
    growing: the decision, else the 42nd penalty day once that has passed (the maximum),
    else, while it still runs, ``today`` (so it moves along with the update and is counted
    once). Only cases with a notice of default are read; there are few."""
    ids = CaseDefaultNotice.objects.values("case_id").distinct()
    # A case closed before the range stopped its dwangsom before the range, too.
    cases = (
        Case.objects.filter(pk__in=ids)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .select_related("case_type")
        .defer("initiator_bsn")  # statistics need no person (docs/insights.md, "Privacy")
        .order_by("pk")
    )
    for case in cases:
        owed = case_penalty(case, today=today)
        if owed is None or not owed.owed:
            continue
        day = owed.stopped_on
        if day is None:
            capped = owed.last_possible_day is not None and owed.last_possible_day < today
            day = owed.last_possible_day if capped else today
        if first <= day <= last:
            yield day, (case.channel, case.product_id, case.team_id), owed.amount


@dataclass(frozen=True)
class OpenSpell:
    """``count`` cases with these dimensions and dates, open at the end of every day from
    ``start_date`` up to the day before ``end_date`` (still open: ``end_date`` None)."""

    dimensions: Dimensions
    start_date: date
    end_date: date | None
    count: int


def cases_open_between(first: date, last: date) -> Iterator[OpenSpell]:
    """The cases open at the end of any day of ``first``..``last`` (for the backlog), in
    one query, grouped by dimensions and dates: the backlog of a week costs one read."""
    rows = (
        Case.objects.filter(start_date__lte=last)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=first))
        .values("start_date", "end_date", *_DIMENSIONS)
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in rows.iterator(chunk_size=5000):
        yield OpenSpell(_dimensions(row), row["start_date"], row["end_date"], row["count"])


def case_messages(first: date, last: date) -> Iterator[tuple[date, Dimensions, bool]]:
    """Berichtenbox messages about a case (the case number is their reference) sent in
    the range, and whether they were read. A berichtenbox message needs a BSN
    (``OutboxMessage.for_berichtenbox``)."""
    start, end = day_bounds(first, last)
    messages = list(
        OutboxMessage.objects.filter(
            in_berichtenbox=True, created_at__gte=start, created_at__lt=end
        )
        .exclude(reference="")
        .exclude(bsn="")
        .values_list("reference", "created_at", "read_at")
    )
    numbers = sorted({reference for reference, _, _ in messages})
    dimensions = {}
    # In slices: SQLite limits the parameters of one query.
    for index in range(0, len(numbers), _IN_SLICE):
        rows = Case.objects.filter(number__in=numbers[index : index + _IN_SLICE])
        for row in rows.values("number", *_DIMENSIONS):
            dimensions[row["number"]] = _dimensions(row)
    for reference, created_at, read_at in messages:
        if reference in dimensions:
            yield local_day(created_at), dimensions[reference], read_at is not None
