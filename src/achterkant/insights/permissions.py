"""What the insights app's permissions give each role (composed by ``staff.roles``).

Inzicht shows aggregate figures only (no personal data), to those who steer on them: the
team lead and the read-only manager.
"""

from achterkant.staff.roles import FUNCTIONAL_ADMIN, MANAGER, TEAM_LEAD, crud

ROLE_PERMISSIONS = {
    TEAM_LEAD: {"insights.view_insights"},
    MANAGER: {"insights.view_insights"},
    # What the organisation shares (the public page, the league table): in the admin.
    FUNCTIONAL_ADMIN: crud("insights", "insightssettings", actions=("view", "add", "change")),
}
