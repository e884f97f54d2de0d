"""The promise of a contact request: when we call back, and whether that is late.

The same shape and the same SLA rule as a case's promise (``cases.promise``), so a
screen shows "bijna te laat" and "te laat" at the same moment for both.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from achterkant.cases.promise import PromiseContext
from achterkant.contacts.models import ContactRequest
from achterkant.routing import sla as policy
from achterkant.routing.sla import SlaState


@dataclass(frozen=True)
class ContactRequestPromise:
    due_at: datetime | None  # from the product's service norm for the channel
    sla_state: SlaState
    closed_at: datetime | None

    @property
    def late(self) -> bool:
        return self.sla_state == SlaState.BREACHED

    @property
    def at_risk(self) -> bool:
        return self.sla_state in (SlaState.WARNING, SlaState.BREACHED)

    @property
    def state_label(self) -> str:
        return SlaState(self.sla_state).label


def contact_request_promise(
    request: ContactRequest,
    *,
    now: datetime | None = None,
    context: PromiseContext | None = None,
) -> ContactRequestPromise:
    now = now or timezone.now()
    context = context or PromiseContext()
    done = request.status == ContactRequest.Status.DONE
    state = (
        SlaState.DONE
        if done
        else policy.sla_state(
            start=request.created_at or now,
            due=request.due_at,
            now=now,
            fraction=float(context.policy.warning_fraction),
            calendar=context.calendar,
        )
    )
    return ContactRequestPromise(
        due_at=request.due_at, sla_state=state, closed_at=request.closed_at
    )


def with_request_promises(requests, *, now: datetime | None = None) -> list[ContactRequest]:
    """Set ``request.promise`` on each contact request of a list, sharing one context."""
    context = PromiseContext()
    now = now or timezone.now()
    requests = list(requests)
    for request in requests:
        request.promise = contact_request_promise(request, now=now, context=context)
    return requests
