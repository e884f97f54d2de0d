"""The SLA engine for contact requests: due per the norm, escalation exactly once."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from achterkant.cases.models import SlaState, Urgency
from achterkant.cases.sla import store_sla, sweep_due
from achterkant.contacts.models import ContactRequest
from achterkant.notify.services import outbox_email_enqueue
from achterkant.routing import sla as policy
from achterkant.routing.selectors import sla_policy
from achterkant.routing.services import escalation_record_once
from achterkant.staff.roles import TEAM_LEAD
from achterkant.worktime.holiday_calendar import WorkCalendar


def compute(request: ContactRequest, *, now: datetime) -> dict:
    if request.status == ContactRequest.Status.DONE:
        return {"sla_state": SlaState.DONE, "sla_next_check_at": None}
    fraction = float(sla_policy().warning_fraction)
    start = request.created_at or now
    calendar = WorkCalendar()  # one holiday lookup for both computations
    times = {"start": start, "due": request.due_at, "now": now, "fraction": fraction}
    return {
        "sla_state": policy.sla_state(**times, calendar=calendar),
        "sla_next_check_at": policy.next_change_at(**times, calendar=calendar),
    }


def refresh_sla(request: ContactRequest, *, now: datetime | None = None) -> dict:
    """Recompute and store the state; call after anything that moves the due time."""
    now = now or timezone.now()
    return store_sla(request, compute(request, now=now), now=now)


def _review(request_id: int, now: datetime) -> None:
    with transaction.atomic():
        request = (
            ContactRequest.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("team")
            .filter(pk=request_id, sla_next_check_at__lte=now)
            .first()
        )
        if request is None:
            return
        before = request.sla_state
        fields = compute(request, now=now)
        ContactRequest.objects.filter(pk=request.pk).update(**fields)
        state = fields["sla_state"]
        if state == before or state not in (SlaState.WARNING, SlaState.BREACHED):
            return
        label = "dreigt te laat te komen" if state == SlaState.WARNING else "is te laat"
        message = f"Contactverzoek van {request.name} {label}."
        if escalation_record_once(
            item_kind="contact_request", item_id=request.pk, state=state, team=request.team,
            message=message,
        ) is None:  # fmt: skip
            return
        urgency = Urgency.URGENT if state == SlaState.BREACHED else Urgency.HIGH
        ContactRequest.objects.filter(pk=request.pk, urgency__lt=urgency).update(urgency=urgency)
        if request.team_id:
            leads = request.team.members.filter(groups__name=TEAM_LEAD).exclude(email="")
            for lead in leads:
                outbox_email_enqueue(
                    event_code=f"sla.{state}", recipient=lead.email, subject=message,
                    body=f"{message}\n\nVraag: {request.question[:500]}",
                )  # fmt: skip


def sweep_contact_requests(*, now: datetime | None = None) -> int:
    """Review every open contact request whose next SLA moment has come."""
    return sweep_due(
        due_ids=lambda moment: (
            ContactRequest.objects.filter(
                sla_next_check_at__lte=moment, status=ContactRequest.Status.TODO
            )
            .order_by("sla_next_check_at")
            .values_list("pk", flat=True)
        ),
        review=_review,
        now=now or timezone.now(),
    )
