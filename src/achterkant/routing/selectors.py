"""Reads for routing: teams, the SLA policy and escalations for the team lead."""

from collections.abc import Iterable
from datetime import datetime

from achterkant.routing.models import Escalation, SlaPolicy, Team
from achterkant.tenancy.context import require_organisation
from achterkant.tenancy.settings_cache import organisation_setting


def teams() -> list[Team]:
    """The organisation's teams by name; kept per process for the organisation's settings
    version (no query when warm). Read-only: do not change or save them."""
    return list(
        organisation_setting("routing.teams", lambda: tuple(Team.objects.order_by("name", "pk")))
    )


def team_choices() -> list[tuple[int, str]]:
    """(id, name) of every team, by name: the options of a team list in a form."""
    return [(team.pk, team.name) for team in teams()]


def teams_of(user) -> list[Team]:
    return list(Team.objects.filter(members=user).order_by("name"))


def sla_policy() -> SlaPolicy:
    """The active organisation's policy, or an unsaved one with the defaults (no query once
    this process holds it for the organisation's settings version). Do not change it."""
    return organisation_setting("routing.sla_policy", _load_sla_policy)


def _load_sla_policy() -> SlaPolicy:
    policy = SlaPolicy.objects.first()
    return policy if policy is not None else SlaPolicy(organisation=require_organisation())


def escalations(
    *,
    since: datetime | None = None,
    states: Iterable[str] | None = None,
    limit: int | None = 200,
) -> list[Escalation]:
    """Escalations of the active organisation, newest first, with their team (one query).

    ``limit`` keeps the team-lead page bounded; pass None for all.
    """
    rows = Escalation.objects.select_related("notified_team").order_by("-created_at", "-pk")
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    if states is not None:
        rows = rows.filter(state__in=list(states))
    return list(rows[:limit] if limit is not None else rows)
