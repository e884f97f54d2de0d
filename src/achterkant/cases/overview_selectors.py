"""A citizen's or company's cases for Mijn gemeente: the summary and the full list.

*Mijn overzicht* shows a summary: the newest open cases and the few most recently
closed, read in one query. *Al mijn zaken* pages through all of them by keyset on
``(created_at, id)``: the next page starts just below the last case shown, so the
database reads one index range and never counts or skips a person's history.

Who may see which case is :func:`achterkant.cases.selectors.party_cases` (a person: the
cases they started; a company: those in which it has a role, a branch log-in only that
branch's), the same rule as the case page. The dates are each case's stored promise
(:func:`achterkant.cases.promise.stored_case_promise`), as on every other case list.

A row is a :class:`CaseRow` built from ``values()``, not a model instance with four
related instances: the lists show a few columns, and building ~100 instances per page
cost more than the query did. Whether a case's clock may stand still is an ``EXISTS``
in the same query, so the running suspensions are read only for a list that has one.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from django.db.models import Exists, Q
from django.utils import timezone

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.keyset import before_row
from achterkant.cases.models import Case, Decision, Document
from achterkant.cases.promise import (
    PromiseContext,
    has_running_suspension,
    running_suspensions,
    stored_case_promise,
)
from achterkant.cases.selectors import party_cases, shared_with_initiator
from achterkant.catalog.models import Channel

OPEN_ON_OVERVIEW = 10
CLOSED_ON_OVERVIEW = 5
PAGE_SIZE = 25

# What a row shows, and what its stored promise reads; the rest of the case is not read.
ROW_FIELDS = (
    "pk",
    "number",
    "channel",
    "initiator_bsn",
    "start_date",
    "end_date",
    "latest_end_date",
    "sla_due_at",
    "queue_due_at",
    "case_type__service_norm",
    "case_type__description",
    "product__name",
    "current_status__status_type__name",
    "current_status__status_type__citizen_text",
)
RESULT_FIELDS = ("result__pk", "result__result_type__description")

CHANNEL_LABELS = {value: str(label) for value, label in Channel.choices}


class CaseTypeNorm(NamedTuple):
    """The one field of the case type that :func:`stored_case_promise` reads."""

    service_norm: str


class CaseRow:
    """One case in a citizen's list: what the row shows, and ``promise``.

    It has the attributes :func:`stored_case_promise` reads from a case (the stored
    dates, ``start_date`` and ``case_type.service_norm``), so the promise is the same
    one the desk's lists show.
    """

    __slots__ = (
        "pk",
        "number",
        "title",
        "status",
        "channel_label",
        "initiator_bsn",
        "start_date",
        "end_date",
        "latest_end_date",
        "sla_due_at",
        "queue_due_at",
        "case_type",
        "has_result",
        "outcome",
        "clock_may_stand",
        "extra",
        "promise",
    )

    def __init__(self, row: dict, extra: tuple[str, ...] = ()) -> None:
        self.pk = row["pk"]
        self.number = row["number"]
        # As the templates said before: the product's name, else the case type's.
        self.title = row["product__name"] or row["case_type__description"]
        self.status = (
            row["current_status__status_type__citizen_text"]
            or row["current_status__status_type__name"]
            or ""
        )
        self.channel_label = CHANNEL_LABELS.get(row["channel"], row["channel"])
        self.initiator_bsn = row["initiator_bsn"]
        self.start_date = row["start_date"]
        self.end_date = row["end_date"]
        self.latest_end_date = row["latest_end_date"]
        self.sla_due_at = row["sla_due_at"]
        self.queue_due_at = row["queue_due_at"]
        self.case_type = CaseTypeNorm(row["case_type__service_norm"])
        self.has_result = row.get("result__pk") is not None
        self.outcome = row.get("result__result_type__description") or ""
        self.clock_may_stand = row["clock_may_stand"]
        self.extra = {name: row[name] for name in extra}
        self.promise = None


@dataclass(frozen=True)
class CaseSummary:
    open: list[CaseRow]  # newest first, at most OPEN_ON_OVERVIEW
    more_open: bool  # there are more open cases than shown
    closed: list[CaseRow]  # most recently closed first, with ``outcome``


def _rows(queryset, *, fields=ROW_FIELDS) -> list[CaseRow]:
    now = timezone.now()
    today = timezone.localdate(now)
    rows = [CaseRow(row) for row in queryset.values(*fields, **_annotations(None, today))]
    _set_promises(rows, now=now, today=today)
    return rows


def _annotations(annotations: dict | None, today: date) -> dict:
    return {**(annotations or {}), "clock_may_stand": has_running_suspension(today)}


def _set_promises(rows: list[CaseRow], *, now, today) -> None:
    """``row.promise`` for each row, as :func:`achterkant.cases.promise.with_promises`
    sets it on cases; the running suspensions in one query, and none without any."""
    context = PromiseContext()
    may_stand = [row.pk for row in rows if row.end_date is None and row.clock_may_stand]
    running = running_suspensions(may_stand, today)
    for row in rows:
        row.promise = stored_case_promise(
            row, now=now, context=context, running=running.get(row.pk)
        )


def case_summary_query(
    *,
    actor,
    today: date,
    open_limit: int = OPEN_ON_OVERVIEW,
    closed_limit: int = CLOSED_ON_OVERVIEW,
    annotations: dict | None = None,
):
    """The newest open cases and the most recently closed ones of a citizen or company:
    one query for both lists (each list's ids in a ``LIMIT`` subquery, only those rows
    joined), as ``values()`` dicts for :func:`case_summary_of`, which needs the same
    ``today``. The caller runs it (the portal compiles it once, ``tenancy.compiled``).

    ``annotations``: more per-row expressions the caller needs (the portal: whether the
    person rated the case), in ``row.extra``.
    """
    party = Case.objects.filter(party_cases(actor))
    open_ids = (party.filter(end_date__isnull=True).order_by("-created_at", "-pk").values("pk"))[
        : open_limit + 1
    ]
    closed_ids = (party.filter(end_date__isnull=False).order_by("-end_date", "-pk").values("pk"))[
        :closed_limit
    ]
    # The party's own filter again outside: PostgreSQL then reads the party's index and
    # checks both id lists, instead of scanning every case for either list (1.6 s at 1M).
    return (
        party.filter(Q(pk__in=open_ids) | Q(pk__in=closed_ids))
        .order_by("-created_at", "-pk")
        .values(*ROW_FIELDS, *RESULT_FIELDS, **_annotations(annotations, today))
    )


def case_summary_of(
    rows: Iterable[dict],
    *,
    extra: tuple[str, ...] = (),
    open_limit: int = OPEN_ON_OVERVIEW,
    now: datetime,
) -> CaseSummary:
    """The summary from the rows of :func:`case_summary_query` (read on the day of
    ``now``); the running suspensions of the open cases only when one may run. A closed
    case comes with its result (``outcome``)."""
    cases = [CaseRow(row, extra) for row in rows]
    _set_promises(cases, now=now, today=timezone.localdate(now))
    open_cases = [case for case in cases if case.end_date is None]
    closed = sorted(
        (case for case in cases if case.end_date is not None),
        key=lambda case: (case.end_date, case.pk),
        reverse=True,
    )
    return CaseSummary(
        open=open_cases[:open_limit], more_open=len(open_cases) > open_limit, closed=closed
    )


def cases_page(*, actor, before: int | None = None, limit: int = PAGE_SIZE):
    """One page of all a citizen's or company's cases, newest first, with ``promise``.

    ``before``: the id of the last case of the previous page. An id that is not one of
    this party's cases gives an empty page. Returns the page and the id to continue
    from (``None`` on the last page). The read is logged, like the case page's.
    """
    party = Case.objects.filter(party_cases(actor))
    newest = party
    if before is not None:
        newest = newest.filter(before_row(party, "created_at", before))
    ids = newest.order_by("-created_at", "-pk").values("pk")[: limit + 1]
    cases = _rows(Case.objects.filter(pk__in=ids).order_by("-created_at", "-pk"))
    page, more = cases[:limit], len(cases) > limit
    if page:
        processing_log_record(
            actor=actor,
            action=Action.READ,
            bsns=[case.initiator_bsn for case in page],
            purpose=Purpose.SELF_SERVICE,
            object_type="zaken",
        )
    return page, (page[-1].pk if more else None)


def overview_has(*, actor) -> dict:
    """``EXISTS`` expressions for the lists *Mijn overzicht* reads only when they have
    rows: the party's decisions (:func:`~achterkant.cases.selectors.decisions_for`) and
    the documents shared with a person (``documents_for_bsn(shared_only=True)``), by
    the same rules. For one query that asks them all at once."""
    from achterkant.identity.actors import Citizen, as_actor

    actor = as_actor(actor)
    if not (isinstance(actor, Citizen) and actor.bsn):
        cases = Case.objects.filter(party_cases(actor)).values("pk")
        return {"has_decisions": Exists(Decision.objects.filter(case__in=cases))}
    # A person's: one join each, as decisions_for and documents_for_bsn read them.
    return {
        "has_decisions": Exists(Decision.objects.filter(case__initiator_bsn=actor.bsn)),
        "has_documents": Exists(
            Document.objects.filter(shared_with_initiator(), case__initiator_bsn=actor.bsn)
        ),
    }
