"""The SLA engine for cases: store the case promise, sweep, escalate exactly once.

The dates come from ``cases.promise``; the bookkeeping (store, sweep, escalate once) is
``routing.sla_engine``, shared with contact requests.
"""

from datetime import datetime, time

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from achterkant.cases.models import Case, CaseEvent
from achterkant.cases.promise import CasePromise, PromiseContext, case_promise, case_start
from achterkant.routing import sla as policy
from achterkant.routing.sla import SlaState
from achterkant.routing.sla_engine import (
    STATE_WORDS,
    escalate_once,
    sla_fields_to_store,
    store_sla,
    sweep_due,
)
from achterkant.worktime.holiday_calendar import AMSTERDAM


def compute(
    case: Case, *, now: datetime, context: PromiseContext | None = None, is_new: bool = False
) -> dict:
    """The stored fields of ``case`` as they should be at ``now``: its promise's dates."""
    return _promise_and_fields(case, now=now, context=context, is_new=is_new)[1]


def _promise_and_fields(case, *, now, context, is_new) -> tuple[CasePromise, dict]:
    context = context or PromiseContext()
    promise = case_promise(case, now=now, context=context, is_new=is_new)
    if case.end_date is not None:
        return promise, {"sla_state": SlaState.DONE, "sla_next_check_at": None}
    fields = {
        "latest_end_date": promise.decision_due,
        "planned_end_date": promise.norm_due_on,
        "sla_due_at": promise.norm_due_at,
        "queue_due_at": promise.target_at,
        "sla_state": promise.sla_state,
        "sla_next_check_at": _next_check(case, promise, now, context),
    }
    return promise, fields


def _next_check(case, promise: CasePromise, now, context) -> datetime | None:
    moments = []
    if promise.sla_due_at is not None:
        moments.append(
            policy.next_change_at(
                start=case_start(case),
                due=promise.sla_due_at,
                now=now,
                fraction=float(context.policy.warning_fraction),
                calendar=context.calendar,
            )  # fmt: skip
        )
    if promise.lex_silencio_alert_on is not None:
        moments.append(datetime.combine(promise.lex_silencio_alert_on, time(0), tzinfo=AMSTERDAM))
    return min((m for m in moments if m is not None and m > now), default=None)


def refresh_promise(
    case: Case, *, now: datetime | None = None, is_new: bool = False
) -> CasePromise:
    """Recompute and store the case's dates and state; call after anything that moves them.
    Returns the promise, for a message in the same use case.

    ``is_new``: the case was just opened, so it has no suspension or extension to read.
    """
    now = now or timezone.now()
    promise, fields = _promise_and_fields(case, now=now, context=None, is_new=is_new)
    for name in ("latest_end_date", "planned_end_date"):
        if name in fields:
            setattr(case, name, fields[name])
    store_sla(case, fields, now=now)
    return promise


def promise_of_new_case(case: Case, *, now: datetime | None = None) -> CasePromise:
    """The promise of a case about to be registered (not saved yet), with its dates and
    state set on ``case`` exactly as :func:`refresh_promise` would store them after the
    save: so the case is inserted with them, without an update after."""
    now = now or timezone.now()
    promise, fields = _promise_and_fields(case, now=now, context=None, is_new=True)
    for name, value in sla_fields_to_store(case, fields, now=now).items():
        setattr(case, name, value)
    return promise


def _escalate(case: Case, state: str, message: str) -> None:
    if escalate_once(
        item=case, item_kind="case", state=state, team=case.team,
        message=message, subject=f"Zaak {case.number}: {message}",
        detail=f"Zaak {case.number} ({case.case_type.description}).",
    ):  # fmt: skip
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.ESCALATED, text=message)


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
        before = case.sla_state
        context = PromiseContext()
        promise = case_promise(case, now=now, context=context)
        fields = compute(case, now=now, context=context)
        Case.objects.filter(pk=case.pk).update(**fields)
        state = fields["sla_state"]
        if state != before and state in STATE_WORDS:
            _escalate(case, state, f"De zaak {STATE_WORDS[state]} voor de servicenorm.")
        alert_on = promise.lex_silencio_alert_on
        if alert_on is not None and timezone.localdate(now) >= alert_on:
            _escalate(
                case, "lex_silencio_risk",
                f"Zonder besluit vóór {promise.decision_due:%d-%m-%Y} is de vergunning "
                "van rechtswege verleend.",
            )  # fmt: skip


def recheck_after_calendar_change(sender, instance, **kwargs) -> None:
    """A decree day or opening hours changed: every open case it can move is due for the
    sweep now, which stores its recomputed promise (lists read the stored dates).

    Opening hours belong to one organisation; a decree day counts for all of them, but
    only moves dates on or after it.
    """
    cases = Case.all_tenants.filter(end_date__isnull=True)
    organisation_id = getattr(instance, "organisation_id", None)
    if organisation_id is not None:
        cases = cases.filter(organisation_id=organisation_id)
    day = getattr(instance, "date", None)
    if day is not None:
        start_of_day = datetime.combine(day, time(0), tzinfo=AMSTERDAM)
        cases = cases.filter(Q(latest_end_date__gte=day) | Q(sla_due_at__gte=start_of_day))
    cases.update(sla_next_check_at=timezone.now())


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
