"""The SLA engine for cases: service-norm target, state, and escalation exactly once.

Each case stores where it stands (``sla_state``) and when that can next change
(``sla_next_check_at``). The periodic sweep reads only cases whose moment has come, so it
stays cheap however many cases are open, and it is safe to run twice at once: an
escalation is a unique row, and a state change is recomputed, not toggled.
"""

import logging
from collections.abc import Callable
from datetime import datetime, time

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from achterkant.cases.deadlines import case_deadline, suspension_interval
from achterkant.cases.models import Case, CaseEvent, SlaState, Urgency
from achterkant.notify.services import outbox_email_enqueue
from achterkant.routing import sla as policy
from achterkant.routing.selectors import sla_policy
from achterkant.routing.services import escalation_record_once
from achterkant.staff.roles import TEAM_LEAD
from achterkant.tenancy.context import use_organisation
from achterkant.tenancy.models import Organisation
from achterkant.worktime.awb import working_day_norm_due
from achterkant.worktime.durations import parse_iso_duration
from achterkant.worktime.holiday_calendar import WorkCalendar

logger = logging.getLogger(__name__)
END_OF_WORKING_DAY = time(17, 0)
SWEEP_BATCH = 500


def _at_end_of_day(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, END_OF_WORKING_DAY))


def norm_due_at(case: Case) -> datetime | None:
    """The service-norm target. Days count as working days; a pause adds what it covered."""
    norm = case.case_type.service_norm
    if not norm:
        return None
    duration = parse_iso_duration(norm)
    if duration.days and not (duration.years or duration.months or duration.hours):
        today = timezone.localdate()
        # A lapsed suspension ended at its term (Awb 4:15), so it pauses the norm until then.
        pauses = [
            (interval.start, interval.end or today)
            for interval in (suspension_interval(s, today) for s in case.suspensions.all())
        ]
        return _at_end_of_day(working_day_norm_due(case.start_date, duration.days, pauses))
    return _at_end_of_day(case.start_date + duration)


def _start(case: Case) -> datetime:
    return timezone.make_aware(datetime.combine(case.start_date, time(0, 0)))


def compute(case: Case, *, now: datetime) -> dict:
    """The SLA fields of ``case`` as they should be at ``now``."""
    if case.end_date is not None:
        return {"sla_state": SlaState.DONE, "sla_next_check_at": None}
    fraction = float(sla_policy().warning_fraction)
    sla_due = norm_due_at(case)
    legal_due = _at_end_of_day(case.latest_end_date) if case.latest_end_date else None
    # The norm counts if there is one; otherwise the legal deadline is the target.
    target = sla_due or legal_due
    fields = {
        "sla_due_at": sla_due,
        "queue_due_at": min(d for d in (sla_due, legal_due) if d) if target else None,
    }
    if target is None:
        return {**fields, "sla_state": SlaState.ON_TIME, "sla_next_check_at": None}
    start = _start(case)
    calendar = WorkCalendar()  # one holiday lookup for both computations
    state = policy.sla_state(start=start, due=target, now=now, fraction=fraction, calendar=calendar)
    next_check = policy.next_change_at(
        start=start, due=target, now=now, fraction=fraction, calendar=calendar
    )
    if case.case_type.lex_silencio and case.latest_end_date:
        alert_on = policy.lex_silencio_alert_on(
            case.latest_end_date, sla_policy().lex_silencio_alert_working_days
        )
        alert_at = timezone.make_aware(datetime.combine(alert_on, time(0, 0)))
        if alert_at > now:
            next_check = min(d for d in (next_check, alert_at) if d)
    return {**fields, "sla_state": state, "sla_next_check_at": next_check}


def store_sla(item, fields: dict, *, now: datetime) -> dict:
    """Store SLA fields on a case or contact request.

    A move into *warning* or *breached* is left to the sweep (it is made due at once), so
    that the sweep, and only the sweep, escalates — exactly once per state change.
    """
    if fields["sla_state"] in (SlaState.WARNING, SlaState.BREACHED) and (
        fields["sla_state"] != item.sla_state
    ):
        fields = {**fields, "sla_state": item.sla_state, "sla_next_check_at": now}
    type(item).objects.filter(pk=item.pk).update(**fields)
    for name, value in fields.items():
        setattr(item, name, value)
    return fields


def refresh_sla(case: Case, *, now: datetime | None = None) -> dict:
    """Recompute and store the dates; call after anything that moves them."""
    now = now or timezone.now()
    return store_sla(case, compute(case, now=now), now=now)


def _team_leads(case: Case) -> list[str]:
    if case.team_id is None:
        return []
    return [
        member.email
        for member in case.team.members.filter(groups__name=TEAM_LEAD).exclude(email="")
    ]


def _escalate(case: Case, state: str, message: str) -> None:
    """Act on a state change exactly once: record it, raise urgency, tell the team lead."""
    escalation = escalation_record_once(
        item_kind="case", item_id=case.pk, state=state, team=case.team, message=message
    )
    if escalation is None:
        return  # another sweep (or an earlier run) already did this
    urgency = Urgency.URGENT if state != SlaState.WARNING else Urgency.HIGH
    Case.objects.filter(pk=case.pk, urgency__lt=urgency).update(urgency=urgency)
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.ESCALATED, text=message)
    for address in _team_leads(case):
        outbox_email_enqueue(
            event_code=f"sla.{state}", recipient=address, reference=case.number,
            subject=f"Zaak {case.number}: {message}"[:200],
            body=f"{message}\n\nZaak {case.number} ({case.case_type.description}).",
        )  # fmt: skip


def _review(case_id: int, now: datetime) -> None:
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("case_type", "team")
            .filter(pk=case_id, sla_next_check_at__lte=now)
            .first()
        )
        if case is None:
            return  # taken by a concurrent sweep, or no longer due
        case.latest_end_date = case_deadline(case, today=timezone.localdate(now)).decision_due
        before = case.sla_state
        fields = compute(case, now=now)
        Case.objects.filter(pk=case.pk).update(latest_end_date=case.latest_end_date, **fields)
        state = fields["sla_state"]
        if state != before and state in (SlaState.WARNING, SlaState.BREACHED):
            label = "dreigt te laat te komen" if state == SlaState.WARNING else "is te laat"
            _escalate(case, state, f"De zaak {label} voor de servicenorm.")
        if case.case_type.lex_silencio and case.latest_end_date:
            alert_on = policy.lex_silencio_alert_on(
                case.latest_end_date, sla_policy().lex_silencio_alert_working_days
            )
            if timezone.localdate(now) >= alert_on:
                _escalate(
                    case, "lex_silencio_risk",
                    f"Zonder besluit vóór {case.latest_end_date:%d-%m-%Y} is de vergunning "
                    "van rechtswege verleend.",
                )  # fmt: skip


def sweep_due(
    *,
    due_ids: Callable[[datetime], QuerySet],
    review: Callable[[int, datetime], None],
    now: datetime,
) -> int:
    """Review each item whose SLA moment has come, organisation by organisation.

    ``due_ids(now)`` gives the ids to look at within the active organisation. One item
    that fails is logged and skipped, so it cannot stop the sweep for everyone else.
    """
    reviewed = 0
    for organisation in Organisation.objects.all():
        with use_organisation(organisation):
            for item_id in list(due_ids(now)[:SWEEP_BATCH]):
                try:
                    review(item_id, now)
                except Exception:
                    logger.exception("SLA review of %s failed", item_id)
                reviewed += 1
    return reviewed


def sweep_cases(*, now: datetime | None = None) -> int:
    """Review every open case whose next SLA moment has come, in every organisation."""
    return sweep_due(
        due_ids=lambda moment: (
            Case.objects.filter(sla_next_check_at__lte=moment, end_date__isnull=True)
            .order_by("sla_next_check_at")
            .values_list("pk", flat=True)
        ),
        review=_review,
        now=now or timezone.now(),
    )
