"""A person's or company's cases, newest first, one page at a time.

For the desk: the 360° view shows the newest few, *Alle zaken* pages through the rest.
Paging is by keyset on ``(created_at, id)``: the page after a case starts just below it,
so the database reads one index range and never counts or skips a person's history.
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from django.db import connections, router
from django.db.models import Q
from django.utils import timezone

from achterkant.cases.keyset import before_row
from achterkant.cases.models import Case
from achterkant.cases.promise import (
    CasePromise,
    PromiseContext,
    has_running_suspension,
    running_suspensions,
    stored_case_promise,
)
from achterkant.cases.selectors import company_role
from achterkant.tenancy.compiled import compiled_rows

# What a row in the desk's case lists shows (and the promise of a list needs): the rest of
# the case is not read.
ROW_COLUMNS = (
    "pk",
    "number",
    "channel",
    "start_date",
    "end_date",
    "latest_end_date",
    "sla_due_at",
    "queue_due_at",
    "case_type__description",
    "case_type__service_norm",
    "current_status__status_type__name",
    "clock_may_stand",
)


@dataclass(slots=True)
class CaseTypeRow:
    description: str
    service_norm: str


@dataclass(slots=True)
class PartyCaseRow:
    """One case of a person's or company's list, read with ``values_list``: building a
    ``Case`` with its joined case type and status cost more than the query.

    It carries the attributes :func:`cases.promise.stored_case_promise` reads from a case,
    so the row's promise comes from the same selector as on every other page.
    """

    pk: int
    number: str
    channel: str  # the label, as ``get_channel_display()``: "telefoon"
    start_date: date
    end_date: date | None
    latest_end_date: date | None
    sla_due_at: datetime | None
    queue_due_at: datetime | None
    case_type: CaseTypeRow
    status: str  # the current status's name, "" without one
    clock_may_stand: bool  # a suspension may be running: ask cases.promise which one
    promise: CasePromise | None = None
    url: str = ""  # its page, filled in by the desk ("": no link)


@cache
def _channel_labels() -> dict:
    return dict(Case._meta.get_field("channel").flatchoices)


def _party(bsn: str, kvk_number: str) -> Q:
    if bsn:
        return Q(initiator_bsn=bsn)
    if kvk_number:
        return Q(pk__in=Case.objects.filter(company_role(kvk_number)).values("pk"))
    return Q(pk__in=[])


def _rows_query(bsn: str, kvk_number: str, before: int | None, limit: int, today: date):
    """The page's ids come from the party's index in a ``LIMIT`` subquery and only those
    rows are joined (one query, as ``cases_for_bsn``). Whether a case has a running
    suspension comes with it (``EXISTS``), so they are read only for the cases that have
    one: most have none, and the list then takes one query instead of two."""
    party = Case.objects.filter(_party(bsn, kvk_number))
    newest = party
    if before is not None:
        newest = newest.filter(before_row(party, "created_at", before))
    newest = newest.order_by("-created_at", "-pk").values("pk")[:limit]
    return (
        Case.objects.filter(pk__in=newest)
        .annotate(clock_may_stand=has_running_suspension(today))
        .order_by("-created_at", "-pk")
        .values_list(*ROW_COLUMNS)
    )


# The first page's SQL is the same for every party of one organisation: it is compiled
# once per process (per kind of party and size, ``tenancy.compiled``) with stand-ins for
# the party's number and today, which take their places in the parameters. Building and
# compiling it was more than half of the list's cost.
_STAND_INS = (("\x00party\x00", date(1, 1, 1)), ("\x00other\x00", date(1, 1, 2)))


def _rows(bsn: str, kvk_number: str, before: int | None, limit: int, today: date) -> list:
    if before is not None or not (bsn or kvk_number):
        return list(_rows_query(bsn, kvk_number, before, limit, today))

    def build(number: str, day: date):
        return _rows_query(*((number, "") if bsn else ("", number)), None, limit, day)

    connection = connections[router.db_for_read(Case)]
    values = (bsn or kvk_number, connection.ops.adapt_datefield_value(today))
    return compiled_rows(
        "party_cases.first_page", Case, build, values, stand_ins=_STAND_INS, key=(bool(bsn), limit)
    )


def _row(row: tuple) -> PartyCaseRow:
    (pk, number, channel, start_date, end_date, latest_end_date, sla_due_at, queue_due_at,
     description, service_norm, status, clock_may_stand) = row  # fmt: skip
    return PartyCaseRow(
        pk=pk, number=number, channel=_channel_labels().get(channel, channel),
        start_date=start_date, end_date=end_date, latest_end_date=latest_end_date,
        sla_due_at=sla_due_at, queue_due_at=queue_due_at,
        case_type=CaseTypeRow(description=description, service_norm=service_norm),
        status=status or "", clock_may_stand=bool(clock_may_stand),
    )  # fmt: skip


def cases_of_party(
    *, bsn: str = "", kvk_number: str = "", before: int | None = None, limit: int = 25
) -> list[PartyCaseRow]:
    """A person's cases (or those in which a company has a role), newest first, with
    ``case.promise``; ``before``: the id of the last case of the previous page.

    The promise is ``with_promises``'s; the running suspensions are read only for the
    cases that have one.
    """
    now = timezone.now()
    today = timezone.localdate(now)
    cases = [_row(row) for row in _rows(bsn, kvk_number, before, limit, today)]
    suspensions = running_suspensions(
        [case.pk for case in cases if case.clock_may_stand and case.end_date is None], today
    )
    context = PromiseContext()
    for case in cases:
        case.promise = stored_case_promise(
            case, now=now, context=context, running=suspensions.get(case.pk)
        )
    return cases
