"""A citizen's or company's cases for Mijn gemeente: the summary and the full list.

*Mijn overzicht* shows a summary: the newest open cases and the few most recently
closed, read in one query. *Al mijn zaken* pages through all of them by keyset on
``(created_at, id)``: the next page starts just below the last case shown, so the
database reads one index range and never counts or skips a person's history.

Who may see which case is :func:`achterkant.cases.selectors.party_cases` (a person: the
cases they started; a company: those in which it has a role, a branch log-in only that
branch's), the same rule as the case page. The dates are each case's stored promise
(:func:`achterkant.cases.promise.with_promises`), as on every other case list.
"""

from dataclasses import dataclass

from django.db.models import Q

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.keyset import before_row
from achterkant.cases.models import Case
from achterkant.cases.promise import with_promises
from achterkant.cases.selectors import party_cases

OPEN_ON_OVERVIEW = 10
CLOSED_ON_OVERVIEW = 5
PAGE_SIZE = 25

# What a row shows (and its promise needs); the rest of the case is not read.
ROW_FIELDS = (
    "id",
    "number",
    "channel",
    "initiator_bsn",
    "created_at",
    "start_date",
    "end_date",
    "latest_end_date",
    "sla_due_at",
    "queue_due_at",
    "case_type__description",
    "case_type__service_norm",
    "product__name",
    "current_status__status_type__name",
    "current_status__status_type__citizen_text",
)


@dataclass(frozen=True)
class CaseSummary:
    open: list[Case]  # newest first, at most OPEN_ON_OVERVIEW
    more_open: bool  # there are more open cases than shown
    closed: list[Case]  # most recently closed first, with ``case.result``


def _rows(queryset):
    return queryset.select_related("case_type", "product", "current_status__status_type").only(
        *ROW_FIELDS
    )


def case_summary(
    *, actor, open_limit: int = OPEN_ON_OVERVIEW, closed_limit: int = CLOSED_ON_OVERVIEW
) -> CaseSummary:
    """The newest open cases and the most recently closed ones of a citizen or company.

    One query for both lists (each list's ids in a ``LIMIT`` subquery, only those rows
    joined) and one for the running suspensions of the open ones (``case.promise``).
    A closed case comes with its result (the outcome).
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
    cases = with_promises(
        _rows(party.filter(Q(pk__in=open_ids) | Q(pk__in=closed_ids)))
        .select_related("result__result_type")
        .only(*ROW_FIELDS, "result__explanation", "result__result_type__description")
        .order_by("-created_at", "-pk")
    )
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
    """One page of all a citizen's or company's cases, newest first, with ``case.promise``.

    ``before``: the id of the last case of the previous page. An id that is not one of
    this party's cases gives an empty page. Returns the page and the id to continue
    from (``None`` on the last page). The read is logged, like the case page's.
    """
    party = Case.objects.filter(party_cases(actor))
    newest = party
    if before is not None:
        newest = newest.filter(before_row(party, "created_at", before))
    ids = newest.order_by("-created_at", "-pk").values("pk")[: limit + 1]
    cases = with_promises(_rows(Case.objects.filter(pk__in=ids)).order_by("-created_at", "-pk"))
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
