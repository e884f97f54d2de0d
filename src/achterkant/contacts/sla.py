"""The SLA engine for contact requests: due per the norm, escalation exactly once.

The bookkeeping is ``routing.sla_engine``, shared with cases; the state is the one
``contacts.promise`` shows.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from achterkant.cases.promise import PromiseContext
from achterkant.contacts.models import ContactRequest
from achterkant.routing import sla as policy
from achterkant.routing.sla_engine import STATE_WORDS, escalate_once, store_sla, sweep_due


def compute(request: ContactRequest, *, now: datetime) -> dict:
    from achterkant.contacts.promise import contact_request_promise

    context = PromiseContext()
    promise = contact_request_promise(request, now=now, context=context)
    if request.status == ContactRequest.Status.DONE:
        return {"sla_state": promise.sla_state, "sla_next_check_at": None}
    next_check = policy.next_change_at(
        start=request.created_at or now, due=request.due_at, now=now,
        fraction=float(context.policy.warning_fraction), calendar=context.calendar,
    )  # fmt: skip
    return {"sla_state": promise.sla_state, "sla_next_check_at": next_check}


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
        if state != before and state in STATE_WORDS:
            escalate_once(
                item=request, item_kind="contact_request", state=state, team=request.team,
                message=f"Contactverzoek van {request.name} {STATE_WORDS[state]}.",
                detail=f"Vraag: {request.question[:500]}",
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
