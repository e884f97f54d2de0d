"""What the cases app's permissions give each role (composed by ``staff.roles``).

A team lead also has everything of the agent and the case worker (``ROLE_INCLUDES``).
"""

from achterkant.staff.roles import AGENT, CASE_WORKER, TEAM_LEAD

ROLE_PERMISSIONS = {
    AGENT: {"cases.add_case", "cases.view_case"},
    CASE_WORKER: {
        "cases.view_case",
        "cases.change_case",
        # A case worker records the decisions of the cases they handle.
        "cases.view_decision",
        "cases.add_decision",
        "cases.change_decision",
    },
    TEAM_LEAD: {"cases.reopen_case", "cases.force_update_case", "cases.assign_case"},
}
