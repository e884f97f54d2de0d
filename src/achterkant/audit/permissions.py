"""What the audit app's permissions give each role (composed by ``staff.roles``)."""

from achterkant.staff.roles import FUNCTIONAL_ADMIN, TEAM_LEAD

ROLE_PERMISSIONS = {
    TEAM_LEAD: {"audit.view_processinglogentry"},
    FUNCTIONAL_ADMIN: {"audit.view_processinglogentry"},
}
