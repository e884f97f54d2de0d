"""The case promise: every date anyone is shown for a case, computed in one place.

Desk, portal, e-loket confirmation, messages, queues, the team-lead page and the API
read a :class:`CasePromise`; none of them computes a date or "te laat" itself.

* **The service norm** is the case type's *servicenorm*: what the organisation promises
  for handling the case, on every channel alike (a case that came in by phone is
  promised what one that came in on the web is). Days count as working days, and the
  target is the end of that working day (the organisation's closing time). The SLA
  engine tracks this same norm. Without one, the legal date is the target.
* **The legal date** is the Awb decision date (``cases.deadlines.case_deadline``).
* **A stopped clock** (an information request, Awb 4:15) is counted up to the term set
  for the answer: the latest it can last. So the dates shown while we wait are the true
  "uiterlijk" dates and they do not move day by day; an earlier answer brings them
  forward, and the applicant is told the new date.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from achterkant.cases.deadlines import (
    announced_decision_date,
    case_deadline,
    moves_legal_date,
    suspension_interval,
)
from achterkant.cases.models import Case
from achterkant.routing import sla as policy
from achterkant.routing.selectors import sla_policy
from achterkant.routing.sla import SlaState
from achterkant.worktime.awb import suspended_days, working_day_norm_due
from achterkant.worktime.calendar import add_working_days, is_working_day
from achterkant.worktime.durations import describe_duration, parse_iso_duration
from achterkant.worktime.holiday_calendar import AMSTERDAM, WorkCalendar
from achterkant.worktime.hours import FALLBACK_OPENING_HOURS, end_of_working_day
from achterkant.worktime.selectors import opening_hours_of_active_organisation


@dataclass
class PromiseContext:
    """What every promise on one page shares: holidays, opening hours, the SLA policy."""

    calendar: WorkCalendar = field(default_factory=WorkCalendar)

    @cached_property
    def opening_hours(self):
        return opening_hours_of_active_organisation() or FALLBACK_OPENING_HOURS

    @cached_property
    def policy(self):
        return sla_policy()

    def end_of_day(self, day: date) -> datetime:
        return end_of_working_day(day, opening_hours=self.opening_hours)


@dataclass(frozen=True)
class ClockStop:
    """The decision term stands still (Awb 4:15) while we wait for the applicant."""

    since: date  # the day of the request; the clock stands still from the day after
    answer_before: date  # the term set for the answer
    question: str


@dataclass(frozen=True)
class CasePromise:
    norm: str  # the service norm as the citizen reads it, "7 werkdagen"; "" without one
    norm_due_at: datetime | None  # what we promise and what the SLA tracks
    decision_due: date | None  # the legal date (Awb), None for a closed case
    legal_term: str  # "8 weken"
    clock_stopped: ClockStop | None
    extension_term: str  # "6 weken" once extended, else ""
    lex_silencio_given_on: date | None  # Awb 4:20b(1): the day after the term
    lex_silencio_effective: date | None  # Awb 4:20b(3): in effect from the 3rd day after
    publication_due: date | None  # Awb 4:20c(1): the last day to publish it
    lex_silencio_alert_on: date | None  # when the team lead is warned (SLA policy)
    target_at: datetime | None  # the earlier of the norm and the legal date: queue order
    sla_due_at: datetime | None  # what the SLA state is measured against: norm, else legal
    sla_state: SlaState
    closed_on: date | None
    # After a notice of delay (Awb 4:14(1)): the date told to the applicant. Not the legal
    # date, which stays where the statute puts it.
    announced_on: date | None = None

    @property
    def norm_due_on(self) -> date | None:
        return self.norm_due_at.astimezone(AMSTERDAM).date() if self.norm_due_at else None

    @property
    def expected_on(self) -> date | None:
        """The one date we tell the applicant to expect: the norm, else the date announced
        after a notice of delay, else the legal date."""
        return self.norm_due_on or self.announced_on or self.decision_due

    @property
    def late(self) -> bool:
        """ "te laat": past the service-norm target (else the legal date), still open."""
        return self.sla_state == SlaState.BREACHED

    @property
    def at_risk(self) -> bool:
        return self.sla_state in (SlaState.WARNING, SlaState.BREACHED)

    @property
    def state_label(self) -> str:
        if self.clock_stopped and not self.closed_on:
            return "termijn staat stil"
        return SlaState(self.sla_state).label

    def legal_overdue(self, today: date | None = None) -> bool:
        """The legal decision date has passed without a decision."""
        today = today or timezone.localdate()
        return self.decision_due is not None and self.decision_due < today


def norm_due_at(
    case: Case, *, context: PromiseContext | None = None, suspensions=None
) -> datetime | None:
    """The service-norm target: the case type's servicenorm from the start date.

    Days (``P7D``) count as working days, ending at the organisation's closing time; a
    stopped clock pauses the norm by the working days it covers (up to the set term
    while it runs). Weeks, months and years are calendar time, paused by the calendar
    days the clock stood still, to the closing time of that day, or of the next working
    day when it falls on a weekend or holiday. Hours run from the start of the start date.
    """
    norm = case.case_type.service_norm
    if not norm:
        return None
    context = context or PromiseContext()
    working_days = norm_working_days(norm)
    if working_days is not None:
        if suspensions is None:
            suspensions = _suspensions(case)
        intervals = [suspension_interval(s) for s in suspensions]
        pauses = [(interval.start, interval.end) for interval in intervals]
        day = working_day_norm_due(case.start_date, working_days, pauses, calendar=context.calendar)
        return context.end_of_day(day)
    if suspensions is None:
        suspensions = _suspensions(case)
    # Calendar norms pause by the calendar days the clock stood still, as the Awb term does.
    paused = timedelta(
        days=suspended_days([suspension_interval(s) for s in suspensions], case.start_date)
    )
    duration = parse_iso_duration(norm)
    end = datetime.combine(case.start_date, time(0), tzinfo=AMSTERDAM) + duration + paused
    if duration.hours or duration.minutes or duration.seconds:
        return end
    day = end.date()
    if not is_working_day(day, calendar=context.calendar):
        day = add_working_days(day, 1, calendar=context.calendar)  # a promise ends on a working day
    return context.end_of_day(day)


def norm_working_days(iso: str) -> int | None:
    """A norm written in days only (``P7D``) counts working days: municipal norms are
    "binnen 7 werkdagen", and an ISO duration has no way to say so. Weeks (``P2W``),
    months and years stay calendar time. None when the norm is not in days."""
    match = re.fullmatch(r"P(\d+)D", iso or "")
    return int(match.group(1)) if match else None


def describe_norm(iso: str) -> str:
    """The norm as the citizen reads it: days are working days ("7 werkdagen")."""
    if not iso:
        return ""
    days = norm_working_days(iso)
    if days is not None:
        return f"{days} werkdag{'en' if days != 1 else ''}"
    return describe_duration(iso)


def case_promise(
    case: Case,
    *,
    now: datetime | None = None,
    context: PromiseContext | None = None,
    is_new: bool = False,
) -> CasePromise:
    """Every date for ``case``: norm, legal date, stopped clock, extension, lex silencio.

    Reads the case's suspensions and extension once (prefetch them for lists); a case
    just opened (``is_new``) has neither. Pass one ``context`` for many cases on a page.
    """
    now = now or timezone.now()
    context = context or PromiseContext()
    case_type = case.case_type
    is_new = is_new or case.pk is None
    suspensions = [] if is_new else _suspensions(case)
    extension = None if is_new else _extension(case)
    norm_at = norm_due_at(case, context=context, suspensions=suspensions)
    closed = case.end_date is not None
    deadline = (
        None
        if closed
        else case_deadline(
            case,
            today=timezone.localdate(now),
            calendar=context.calendar,
            suspensions=suspensions,
            extension=extension,
        )  # fmt: skip
    )
    legal_at = context.end_of_day(deadline.decision_due) if deadline else None
    target = min((d for d in (norm_at, legal_at) if d), default=None)
    sla_target = norm_at or legal_at
    running = None if closed else _running_suspension(suspensions, timezone.localdate(now))
    alert_on = None
    if deadline and case_type.lex_silencio:
        alert_on = policy.lex_silencio_alert_on(
            deadline.decision_due,
            context.policy.lex_silencio_alert_working_days,
            calendar=context.calendar,
        )
    return CasePromise(
        norm=describe_norm(case_type.service_norm),
        norm_due_at=norm_at,
        decision_due=deadline.decision_due if deadline else None,
        legal_term=describe_duration(case_type.lead_time) if case_type.lead_time else "8 weken",
        clock_stopped=_clock_stop(running) if running else None,
        # Only an extension that moved the legal date is named beside it.
        extension_term=describe_duration(extension.term)
        if extension and moves_legal_date(extension)
        else "",
        announced_on=announced_decision_date(
            case, deadline, extension=extension, calendar=context.calendar
        ),
        lex_silencio_given_on=deadline.lex_silencio_given_on if deadline else None,
        lex_silencio_effective=deadline.lex_silencio_effective if deadline else None,
        publication_due=deadline.publication_due if deadline else None,
        lex_silencio_alert_on=alert_on,
        target_at=target,
        sla_due_at=sla_target,
        sla_state=_state(case, sla_target, now, context),
        closed_on=case.end_date,
    )


def stored_case_promise(
    case: Case,
    *,
    now: datetime | None = None,
    context: PromiseContext | None = None,
    running=None,
) -> CasePromise:
    """The promise from the dates the engine stored on the case: for lists and queues.

    The engine stores them from :func:`case_promise` after every change (and they do not
    move with time), so they are the same dates; only the state is computed at ``now``.
    ``running``: the case's running suspension, if the caller read it (see
    :func:`with_promises`).
    """
    now = now or timezone.now()
    context = context or PromiseContext()
    closed = case.end_date is not None
    legal_at = (
        context.end_of_day(case.latest_end_date) if case.latest_end_date and not closed else None
    )
    sla_target = case.sla_due_at or legal_at
    return CasePromise(
        norm=describe_norm(case.case_type.service_norm),
        norm_due_at=case.sla_due_at,
        decision_due=None if closed else case.latest_end_date,
        legal_term="",
        clock_stopped=_clock_stop(running) if running and not closed else None,
        extension_term="",
        lex_silencio_given_on=None,
        lex_silencio_effective=None,
        publication_due=None,
        lex_silencio_alert_on=None,
        target_at=case.queue_due_at,
        sla_due_at=sla_target,
        sla_state=_state(case, sla_target, now, context),
        closed_on=case.end_date,
    )


def with_promises(
    cases, *, now: datetime | None = None, context: PromiseContext | None = None
) -> list[Case]:
    """Set ``case.promise`` (stored dates) on each case of a list, sharing one context.

    One query finds the running suspensions of the whole list, so a list says "termijn
    staat stil" for exactly the cases whose page says so.
    """
    context = context or PromiseContext()
    now = now or timezone.now()
    cases = list(cases)
    running = running_suspensions(
        [case.pk for case in cases if case.end_date is None], timezone.localdate(now)
    )
    for case in cases:
        case.promise = stored_case_promise(
            case, now=now, context=context, running=running.get(case.pk)
        )
    return cases


def _running_on(today: date) -> Q:
    """A suspension that runs on ``today``: not ended, and its term not passed."""
    return Q(ended_on__isnull=True, term_ends_on__gt=today)


def running_suspensions(case_ids: list[int], today: date) -> dict:
    """The running suspension of each case, by case id (one query; none for no ids)."""
    if not case_ids:
        return {}
    from achterkant.cases.models import CaseSuspension

    rows = CaseSuspension.objects.filter(_running_on(today), case_id__in=case_ids).order_by(
        "requested_on", "pk"
    )
    return {row.case_id: row for row in rows}


def has_running_suspension(today: date) -> Exists:
    """For a case queryset's annotation: whether the case has a suspension running on
    ``today``, by the same condition as :func:`running_suspensions`. A list can then ask
    that selector only for the rows it marks (nearly every page: none)."""
    from achterkant.cases.models import CaseSuspension

    return Exists(CaseSuspension.objects.filter(_running_on(today), case=OuterRef("pk")))


def _clock_stop(suspension) -> ClockStop:
    return ClockStop(
        since=suspension.requested_on,
        answer_before=suspension.term_ends_on,
        question=suspension.reason,
    )


def _state(case: Case, target: datetime | None, now: datetime, context) -> SlaState:
    if case.end_date is not None:
        return SlaState.DONE
    if target is None:
        return SlaState.ON_TIME
    return policy.sla_state(
        start=case_start(case),
        due=target,
        now=now,
        fraction=float(context.policy.warning_fraction),
        calendar=context.calendar,
    )


def case_start(case: Case) -> datetime:
    return datetime.combine(case.start_date, time(0), tzinfo=AMSTERDAM)


def _suspensions(case: Case):
    return [] if case.pk is None else list(case.suspensions.all())


def _running_suspension(suspensions, today: date):
    # One whose set term has passed ended by law (Awb 4:15), recorded or not.
    running = [s for s in suspensions if s.ended_on is None and s.term_ends_on > today]
    return max(running, key=lambda s: s.requested_on) if running else None


def _extension(case: Case):
    if case.pk is None:
        return None
    try:
        return case.extension
    except Case.extension.RelatedObjectDoesNotExist:
        return None


def promise_for_new_case(case_type, *, start_date: date | None = None) -> CasePromise:
    """The promise a case of ``case_type`` would get if it were opened on ``start_date``
    (default today): what a form says before it is sent, with the same rule."""
    return case_promise(
        Case(case_type=case_type, start_date=start_date or timezone.localdate()),
        now=timezone.now(),
    )
