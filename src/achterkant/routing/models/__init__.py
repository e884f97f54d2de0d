"""Routing models: teams, members and skills, routing rules, SLA policy and escalations."""

from achterkant.routing.models.escalation import Escalation, SlaPolicy
from achterkant.routing.models.rules import RoutingRule, postcode_number
from achterkant.routing.models.teams import Skill, Team, TeamMembership

__all__ = [
    "Escalation",
    "RoutingRule",
    "Skill",
    "SlaPolicy",
    "Team",
    "TeamMembership",
    "postcode_number",
]
