"""The SLA engine shared by cases and contact requests: store, sweep, escalate once.

Each work item stores where it stands (``sla_state``) and when that can next change
(``sla_next_check_at``). The periodic sweep reads only items whose moment has come, so
it stays cheap however many are open, and it is safe to run twice at once: an
escalation is a unique row, and a state change is recomputed, not toggled. The item's
own app says what its dates are (cases: ``cases.promise``; contact requests:
``contacts.promise``); this module only keeps the bookkeeping.
"""

import logging
from collections.abc import Callable
from datetime import datetime

from django.db.models import QuerySet

from achterkant.notify.services import outbox_email_enqueue
from achterkant.routing.models import Team
from achterkant.routing.services import escalation_record_once
from achterkant.routing.sla import SlaState, Urgency
from achterkant.staff.roles import TEAM_LEAD
from achterkant.tenancy.context import use_organisation
from achterkant.tenancy.models import Organisation

logger = logging.getLogger(__name__)
SWEEP_BATCH = 500
STATE_WORDS = {SlaState.WARNING: "dreigt te laat te komen", SlaState.BREACHED: "is te laat"}


def sla_fields_to_store(item, fields: dict, *, now: datetime) -> dict:
    """The SLA fields to store on a case or contact request, without storing them.

    A move into *warning* or *breached* is left to the sweep (it is made due at once), so
    that the sweep, and only the sweep, escalates — exactly once per state change.
    """
    if fields["sla_state"] in (SlaState.WARNING, SlaState.BREACHED) and (
        fields["sla_state"] != item.sla_state
    ):
        fields = {**fields, "sla_state": item.sla_state, "sla_next_check_at": now}
    return fields


def store_sla(item, fields: dict, *, now: datetime) -> dict:
    """Store SLA fields on a case or contact request (see :func:`sla_fields_to_store`)."""
    fields = sla_fields_to_store(item, fields, now=now)
    type(item).objects.filter(pk=item.pk).update(**fields)
    for name, value in fields.items():
        setattr(item, name, value)
    return fields


def escalate_once(
    *,
    item,
    item_kind: str,
    state: str,
    team: Team | None,
    message: str,
    detail: str,
    subject: str = "",
) -> bool:
    """Act on a state change exactly once: record it, raise urgency, tell the team leads.

    Returns False when another sweep (or an earlier run) already did this.
    """
    if escalation_record_once(
        item_kind=item_kind, item_id=item.pk, state=state, team=team, message=message
    ) is None:  # fmt: skip
        return False
    urgency = Urgency.HIGH if state == SlaState.WARNING else Urgency.URGENT
    type(item).objects.filter(pk=item.pk, urgency__lt=urgency).update(urgency=urgency)
    if team is not None:
        for lead in team.members.filter(groups__name=TEAM_LEAD).exclude(email=""):
            outbox_email_enqueue(
                event_code=f"sla.{state}", recipient=lead.email,
                reference=getattr(item, "number", ""), subject=(subject or message)[:200],
                body=f"{message}\n\n{detail}",
            )  # fmt: skip
    return True


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
