"""Routing decisions: which team gets new work, who in it, and recording escalations.

Routing sits below cases and contacts: it never sees their rows. Callers pass what it
needs (codes, channel, postcode, a function that counts open work) and act on the answer.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from achterkant.routing.models import Escalation, RoutingRule, Team, TeamMembership
from achterkant.staff.models import User
from achterkant.tenancy.context import require_organisation
from achterkant.tenancy.settings_cache import organisation_setting


def active_rules() -> tuple[RoutingRule, ...]:
    """The organisation's active routing rules with their teams, in order. Kept per process
    for the organisation's settings version: saving or deleting a rule or a team replaces
    it (``routing.apps``), so every process routes by the same rules. Never mutate them."""
    return organisation_setting(
        "routing.rules",
        lambda: tuple(
            RoutingRule.objects.filter(active=True).select_related("team").order_by("order", "pk")
        ),
    )


def route(
    *,
    product_code: str = "",
    case_type_identification: str = "",
    channel: str = "",
    postcode: str = "",
) -> Team | None:
    """The team of the first active rule, in order, that matches; None if none does.

    A rule's blank conditions match anything, so the same rule serves every channel
    unless a rule narrows by channel. A rule with a postcode range never matches an item
    without a postcode. No query when this process holds the rules (:func:`active_rules`);
    the few rules are matched in Python.
    """
    if not product_code and not case_type_identification:
        return None  # every rule names a product or a case type
    for rule in active_rules():
        if rule.matches(
            product_code=product_code,
            case_type_identification=case_type_identification,
            channel=channel,
            postcode=postcode,
        ):
            return rule.team
    return None


def pick_member(team: Team, *, open_work: Callable[[list[int]], dict[int, int]]) -> User | None:
    """The member auto-assignment gives new work to, or None.

    Only when the team assigns automatically. Among its active members with the team's
    required skill (all active members if it requires none), the one with the least open
    work; ties go to the lowest user id, so the choice is repeatable. ``open_work`` maps
    user ids to their open item counts (missing ids count as 0): routing cannot see cases
    or contact requests, the caller can. One query plus whatever ``open_work`` does.
    """
    if not team.auto_assign:
        return None
    memberships = TeamMembership.objects.filter(team=team, user__is_active=True)
    if team.required_skill_id is not None:
        memberships = memberships.filter(skills=team.required_skill_id)
    users = {m.user_id: m.user for m in memberships.select_related("user")}
    if not users:
        return None
    counts = open_work(sorted(users))
    chosen = min(users, key=lambda user_id: (counts.get(user_id, 0), user_id))
    return users[chosen]


def escalation_record_once(
    *, item_kind: str, item_id: int, state: str, team: Team | None, message: str
) -> Escalation | None:
    """Record that ``item`` reached ``state``; None if that was recorded before.

    The unique constraint decides, not a prior read, so two sweeps running at once get
    one row between them and only the caller that gets the row should notify anyone.
    Runs in a savepoint: a duplicate leaves the caller's transaction usable.
    """
    if item_kind not in Escalation.ItemKind.values:
        raise ValidationError(f"Onbekende soort werk voor een escalatie: '{item_kind}'.")
    if state not in Escalation.State.values:
        raise ValidationError(f"Onbekend signaal voor een escalatie: '{state}'.")
    organisation = require_organisation()
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError("Dit team hoort niet bij deze organisatie.")
    key = {"item_kind": item_kind, "item_id": item_id, "state": state}
    try:
        with transaction.atomic():
            return Escalation.objects.create(
                organisation=organisation, notified_team=team, message=message, **key
            )
    except IntegrityError:
        if Escalation.objects.filter(**key).exists():
            return None
        raise  # some other integrity problem: do not hide it
