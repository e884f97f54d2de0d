"""What the routing app's permissions give each role (composed by ``staff.roles``)."""

from achterkant.staff.roles import FUNCTIONAL_ADMIN, TEAM_LEAD, crud

ROLE_PERMISSIONS = {
    TEAM_LEAD: {"routing.view_escalation"},
    FUNCTIONAL_ADMIN: {
        *crud("routing", "team", "skill", "teammembership", "routingrule"),
        *crud("routing", "slapolicy", actions=("view", "add", "change")),
    },
}
