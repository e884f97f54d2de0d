"""Reads for the desk: queues, workload and what is at risk. Keyset-paginated, no COUNT(*)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.contrib.auth import get_user_model
from django.db import connections, router
from django.db.models import Count, Exists, Q
from django.utils import timezone

from achterkant.cases.keyset import RowAfter
from achterkant.cases.models import Case
from achterkant.cases.promise import (
    CasePromise,
    PromiseContext,
    has_running_suspension,
    running_suspensions,
    stored_case_promise,
    with_promises,
)
from achterkant.routing.models import TeamMembership
from achterkant.routing.selectors import sla_policy
from achterkant.routing.sla import SlaState, Urgency
from achterkant.staff.models import staff_name
from achterkant.tenancy.compiled import compiled_rows
from achterkant.worktime.calendar import add_working_days, working_days_between

# One screen of the most urgent cases; "Volgende zaken" pages on by keyset. 25 rows keep
# the page readable and its rendering cheap (docs/performance.md).
PAGE_SIZE = 25
QUEUE_FIELDS = ("case_type", "product", "current_status__status_type", "assignee", "team")


# What a queue row reads: the columns the row shows and the stored dates its promise is
# made from (``cases.promise.stored_case_promise``), nothing else.
ROW_FIELDS = (
    "pk", "number", "start_date", "end_date", "latest_end_date", "sla_due_at", "queue_due_at",
    "urgency", "case_type__service_norm", "case_type__description", "product__name",
    "current_status__status_type__name",
    "assignee__first_name", "assignee__last_name", "assignee__username", "clock_may_stand",
)  # fmt: skip
URGENCY_LABELS = dict(Urgency.choices)


@dataclass(frozen=True, slots=True)
class CaseTypeNorm:
    """The one case-type field the stored promise reads (``case.case_type.service_norm``)."""

    service_norm: str


@dataclass(slots=True)
class QueueRow:
    """One case in a queue, read with ``values_list``: a model instance with its five
    joined models cost more Python than the whole page's SQL (docs/performance.md).

    It carries the attributes :func:`cases.promise.stored_case_promise` reads from a case,
    so the row's promise comes from the same selector as on every other page, and
    ``working_days_left`` is counted as :func:`with_working_days_left` counts it.
    """

    pk: int
    number: str
    start_date: date
    end_date: date | None
    latest_end_date: date | None
    sla_due_at: datetime | None
    queue_due_at: datetime | None
    case_type: CaseTypeNorm
    subject: str  # the product's name, else the case type's description
    status: str  # the current status's name, "" without one
    urgency: str  # the label, "normaal"
    assignee: str  # the name as ``User.__str__`` gives it, "" when nobody has it
    clock_may_stand: bool  # a suspension may be running: ask cases.promise which one
    promise: CasePromise | None = None
    working_days_left: int | None = None


@dataclass(frozen=True)
class QueueFilter:
    product_id: int | None = None
    status_name: str = ""
    overdue: bool = False
    unassigned: bool = False


def case_queue(
    *,
    team_id: int | None = None,
    assignee_id: int | None = None,
    filters: QueueFilter = QueueFilter(),  # noqa: B008 - frozen dataclass, safe default
    after: tuple[datetime, int] | None = None,
    now: datetime | None = None,
) -> list[QueueRow]:
    """Open cases of a team or a person, soonest deadline first, as :class:`QueueRow`.

    Keyset pagination on (queue_due_at, id) walks the (organisation, team|assignee,
    end_date, queue_due_at, id) index, so a queue of any length renders one page of rows.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    if filters == QueueFilter() and (team_id is None) != (assignee_id is None):
        rows = _compiled_page(team_id, assignee_id, after, today)
        return _with_promises([_queue_row(row) for row in rows], now=now, today=today)
    cases = Case.objects.filter(end_date__isnull=True, queue_due_at__isnull=False)
    if team_id is not None:
        cases = cases.filter(team_id=team_id)
    if assignee_id is not None:
        cases = cases.filter(assignee_id=assignee_id)
    if filters.product_id:
        cases = cases.filter(product_id=filters.product_id)
    if filters.status_name:
        cases = cases.filter(current_status__status_type__name=filters.status_name)
    if filters.overdue:
        # "te laat" as every row, list and count says it: the state the sweep stores.
        cases = cases.filter(sla_state=SlaState.BREACHED)
    if filters.unassigned:
        cases = cases.filter(assignee__isnull=True)
    if after is not None:
        due, pk = after
        # One row comparison: an index range scan, where the OR form reads and sorts
        # every row after the cursor (see cases.keyset).
        cases = cases.filter(RowAfter({"queue_due_at": due, "id": pk}))
    return _with_promises([_queue_row(row) for row in _page(cases, today)], now=now, today=today)


def _page(cases, today: date):
    """One page of ``cases`` as ``ROW_FIELDS`` rows (a queryset)."""
    # The page's ids first, from the queue index alone, and only then the joins: with the
    # joins in the same query, a poor estimate of the rows after the cursor made PostgreSQL
    # join and sort every one of them (90-110 ms at municipal scale) instead of reading one
    # page of the index. Still one query: the LIMIT keeps the subquery apart.
    page_ids = cases.order_by("queue_due_at", "pk").values("pk")[:PAGE_SIZE]
    return (
        Case.objects.filter(pk__in=page_ids)
        # The running suspensions come with the rows, so a page without a stopped clock
        # (nearly every page) needs no query for them. The condition is the one
        # ``cases.promise.running_suspensions`` reads them with; which suspension, and
        # what it means for the promise, is still that selector's answer.
        .annotate(clock_may_stand=has_running_suspension(today))
        .order_by("queue_due_at", "pk")
        .values_list(*ROW_FIELDS)
    )


# Stand-ins for the owner's id and the cursor (due moment, id) of a compiled queue page.
_STAND_INS = (
    (32_001, datetime(2001, 1, 1, tzinfo=UTC), 32_002),
    (32_101, datetime(2002, 2, 2, tzinfo=UTC), 32_102),
)


def _compiled_page(
    team_id: int | None, assignee_id: int | None, after: tuple | None, today: date
) -> list[tuple]:
    """A page without filters (nearly every view: paging keeps the filters in the query
    string) from the query compiled once per process, organisation, owner kind, day and
    first-or-next page (``tenancy.compiled``): building it cost more than running it."""
    owner = "team_id" if team_id is not None else "assignee_id"

    def build(owner_id, *cursor):
        cases = Case.objects.filter(
            end_date__isnull=True, queue_due_at__isnull=False, **{owner: owner_id}
        )
        if cursor:
            cases = cases.filter(RowAfter({"queue_due_at": cursor[0], "id": cursor[1]}))
        return _page(cases, today)

    values = [team_id if team_id is not None else assignee_id]
    stand_ins = tuple(s[:1] for s in _STAND_INS)
    if after is not None:
        connection = connections[router.db_for_read(Case)]
        due, pk = after
        values += [Case._meta.get_field("queue_due_at").get_db_prep_value(due, connection), pk]
        stand_ins = _STAND_INS
    return compiled_rows(
        "queue", Case, build, values, stand_ins=stand_ins, key=(owner, after is None), day=today
    )


def workload(team_ids: list[int]) -> list[dict]:
    """Open cases per member of the given teams, busiest first: for each member the
    numbers *Mijn werk* shows them (:func:`open_work_counts`), so the two never differ.
    Members without open cases are listed too, with 0: a lead sees who has room."""
    members = list(
        get_user_model()
        .objects.filter(
            pk__in=TeamMembership.objects.filter(team_id__in=team_ids).values("user_id"),
            is_active=True,
        )
        .values_list("pk", "first_name", "last_name", "username")
    )
    counts = open_work_counts([member[0] for member in members])
    rows = [
        {"assignee_id": pk, "name": staff_name(first, last, username), **counts[pk]}
        for pk, first, last, username in members
    ]
    return sorted(rows, key=lambda row: (-row["open"], row["name"]))


def open_work_counts(assignee_ids: list[int]) -> dict[int, dict[str, int]]:
    """For each staff member: the open cases *Mijn werk* lists for them (open, with a
    place in a queue) and how many of those are "te laat" (the SLA state the sweep
    stores, the state each row shows). One query, from the ``case_my_work`` index."""
    counts = {pk: {"open": 0, "late": 0} for pk in assignee_ids}
    if not assignee_ids:
        return counts
    rows = (
        Case.objects.filter(
            assignee_id__in=assignee_ids, end_date__isnull=True, queue_due_at__isnull=False
        )
        .values("assignee_id")
        .annotate(open=Count("pk"), late=Count("pk", filter=Q(sla_state=SlaState.BREACHED)))
        .order_by()
    )
    for row in rows:
        counts[row["assignee_id"]] = {"open": row["open"], "late": row["late"]}
    return counts


def cases_at_risk(team_ids: list[int], limit: int = 50) -> list[Case]:
    return list(
        Case.objects.filter(
            team_id__in=team_ids,
            end_date__isnull=True,
            sla_state__in=[SlaState.WARNING, SlaState.BREACHED],
        )  # fmt: skip
        .select_related(*QUEUE_FIELDS)
        .order_by("queue_due_at", "pk")[:limit]
    )


def deadlines_ahead(team_ids: list[int], working_days: int = 10, limit: int = 100) -> list[Case]:
    """Open cases whose legal deadline falls in the next ``working_days`` working days."""
    today = timezone.localdate()
    until = add_working_days(today, working_days)
    return list(
        Case.objects.filter(
            team_id__in=team_ids,
            end_date__isnull=True,
            latest_end_date__gte=today,
            latest_end_date__lte=until,
        )  # fmt: skip
        .select_related(*QUEUE_FIELDS)
        .order_by("latest_end_date", "pk")[:limit]
    )


def lex_silencio_at_risk(team_ids: list[int]) -> list[Case]:
    """Open lex-silencio cases inside the alert window of the SLA policy: the same window
    (``lex_silencio_alert_working_days``) after which the sweep alerts the team lead."""
    today = timezone.localdate()
    until = add_working_days(today, sla_policy().lex_silencio_alert_working_days)
    return list(
        Case.objects.filter(
            team_id__in=team_ids,
            end_date__isnull=True,
            case_type__lex_silencio=True,
            latest_end_date__lte=until,
        )  # fmt: skip
        .select_related(*QUEUE_FIELDS)
        .order_by("latest_end_date", "pk")
    )


def _queue_row(row: tuple) -> QueueRow:
    (pk, number, start_date, end_date, latest_end_date, sla_due_at, queue_due_at, urgency,
     service_norm, description, product_name, status, first_name, last_name, username,
     clock_may_stand) = row  # fmt: skip
    return QueueRow(
        pk=pk, number=number, start_date=start_date, end_date=end_date,
        latest_end_date=latest_end_date, sla_due_at=sla_due_at, queue_due_at=queue_due_at,
        case_type=CaseTypeNorm(service_norm), subject=product_name or description,
        status=status or "",
        urgency=URGENCY_LABELS.get(urgency, str(urgency)),
        assignee=staff_name(first_name, last_name, username),
        clock_may_stand=clock_may_stand,
    )  # fmt: skip


def _with_promises(rows: list[QueueRow], *, now: datetime, today: date) -> list[QueueRow]:
    """Set ``promise`` and ``working_days_left`` on each row, as
    :func:`with_working_days_left` does for cases, and :func:`cases.promise.with_promises`
    for the promise; the running suspensions are read only for the rows that may have one."""
    context = PromiseContext()
    running = running_suspensions([row.pk for row in rows if row.clock_may_stand], today)
    for row in rows:
        row.promise = stored_case_promise(
            row, now=now, context=context, running=running.get(row.pk)
        )
        row.working_days_left = working_days_between(
            today, timezone.localdate(row.queue_due_at), calendar=context.calendar
        )
    return rows


def queue_cursor(cases: list) -> str:
    """The cursor for the next page: the due moment and id of the last row."""
    if len(cases) < PAGE_SIZE:
        return ""
    last = cases[-1]
    return f"{last.queue_due_at.isoformat()}~{last.pk}"


def parse_cursor(value: str) -> tuple[datetime, int] | None:
    """None for anything malformed: the queue then starts at the top."""
    try:
        stamp, pk = value.split("~")
        due = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if due.tzinfo is None or not (pk.isascii() and pk.isdigit()) or len(pk) > 18:
        return None
    try:
        due.astimezone(UTC)  # the database compares in UTC
    except OverflowError:
        return None
    return due, int(pk)


def with_working_days_left(cases: list[Case]) -> list[Case]:
    """Set ``promise`` (``cases.promise``) and ``working_days_left`` (negative when late)
    on each case, with one holiday and opening-hours lookup for the whole list."""
    context = PromiseContext()
    now = timezone.now()
    today = timezone.localdate(now)
    with_promises(cases, now=now, context=context)
    for case in cases:
        case.working_days_left = (
            working_days_between(
                today, timezone.localdate(case.queue_due_at), calendar=context.calendar
            )
            if case.queue_due_at
            else None
        )
    return cases


def cases_with_default_notice(team_ids: list[int], limit: int = 50) -> list[Case]:
    """Open cases of the teams with a notice of default (Awb 4:17), oldest notice first.

    Sets ``case.penalty`` (``cases.penalty.CasePenalty``) on each: the notices come with
    one prefetch and the first decision with the case row, and the legal date is the one
    the engine stored (``latest_end_date``, what ``stored_case_promise`` reads for an open
    case), so the list costs two queries.
    """
    from django.db.models import Min, OuterRef, Prefetch, Subquery

    from achterkant.cases.models import CaseDefaultNotice, Decision
    from achterkant.cases.penalty import penalty_for_notices

    notices = CaseDefaultNotice.objects.filter(case=OuterRef("pk"))
    first_decision = (
        Decision.objects.filter(case=OuterRef("pk")).order_by().values("case")
        .annotate(first=Min("decided_on")).values("first")
    )  # fmt: skip
    cases = list(
        Case.objects.filter(Exists(notices), team_id__in=team_ids, end_date__isnull=True)
        .annotate(
            first_notice_on=Subquery(notices.order_by("received_on").values("received_on")[:1]),
            first_decision_on=Subquery(first_decision),
        )
        .select_related(*QUEUE_FIELDS)
        .prefetch_related(
            Prefetch(
                "default_notices",
                queryset=CaseDefaultNotice.objects.order_by("received_on", "pk"),
                to_attr="notices",
            )
        )
        .order_by("first_notice_on", "pk")[:limit]
    )
    today = timezone.localdate()
    for case in cases:
        case.penalty = penalty_for_notices(
            case,
            case.notices,
            decision_due=case.latest_end_date,  # the stored promise's legal date
            first_decision_on=case.first_decision_on,
            today=today,
        )
    return cases


def case_numbers(case_ids: list[int]) -> dict[int, str]:
    """The numbers of the given cases of the active organisation, by id (one query; none
    without ids): what a list of signals about cases links to."""
    if not case_ids:
        return {}
    return dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "number"))
