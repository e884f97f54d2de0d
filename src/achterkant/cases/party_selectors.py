"""A person's or company's cases, newest first, one page at a time.

For the desk: the 360° view shows the newest few, *Alle zaken* pages through the rest.
Paging is by keyset on ``(created_at, id)``: the page after a case starts just below it,
so the database reads one index range and never counts or skips a person's history.
"""

from django.db.models import Q
from django.utils import timezone

from achterkant.cases.keyset import before_row
from achterkant.cases.models import Case
from achterkant.cases.promise import (
    PromiseContext,
    has_running_suspension,
    running_suspensions,
    stored_case_promise,
)
from achterkant.cases.selectors import company_role

# What a row in the desk's case lists shows (and the promise of a list needs): the rest of
# the case is not read.
CASE_ROW_FIELDS = (
    "id",
    "number",
    "channel",
    "created_at",
    "start_date",
    "end_date",
    "latest_end_date",
    "sla_due_at",
    "queue_due_at",
    "case_type",
    "case_type__description",
    "case_type__service_norm",
    "current_status",
    "current_status__status_type",
    "current_status__status_type__name",
)


def _party(bsn: str, kvk_number: str) -> Q:
    if bsn:
        return Q(initiator_bsn=bsn)
    if kvk_number:
        return Q(pk__in=Case.objects.filter(company_role(kvk_number)).values("pk"))
    return Q(pk__in=[])


def cases_of_party(
    *, bsn: str = "", kvk_number: str = "", before: int | None = None, limit: int = 25
) -> list[Case]:
    """A person's cases (or those in which a company has a role), newest first, with
    ``case.promise``; ``before``: the id of the last case of the previous page.

    The page's ids come from the person's index in a ``LIMIT`` subquery and only those
    rows are joined (one query, as ``cases_for_bsn``). Only what a list row shows is read.

    The promise is ``with_promises``'s, but the running suspensions are read only for the
    cases that have one (an ``EXISTS`` flag in the same query): most have none, and the
    list then takes one query instead of two.
    """
    now = timezone.now()
    today = timezone.localdate(now)
    party = Case.objects.filter(_party(bsn, kvk_number))
    newest = party
    if before is not None:
        newest = newest.filter(before_row(party, "created_at", before))
    newest = newest.order_by("-created_at", "-pk").values("pk")[:limit]
    cases = list(
        Case.objects.filter(pk__in=newest)
        .select_related("case_type", "current_status__status_type")
        .only(*CASE_ROW_FIELDS)
        .annotate(has_running_suspension=has_running_suspension(today))
        .order_by("-created_at", "-pk")
    )
    suspensions = running_suspensions(
        [case.pk for case in cases if case.has_running_suspension and case.end_date is None], today
    )
    context = PromiseContext()
    for case in cases:
        case.promise = stored_case_promise(
            case, now=now, context=context, running=suspensions.get(case.pk)
        )
    return cases
