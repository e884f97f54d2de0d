"""What the triage app's permissions give each role (composed by ``staff.roles``)."""

from achterkant.staff.roles import FUNCTIONAL_ADMIN, crud

ROLE_PERMISSIONS = {
    FUNCTIONAL_ADMIN: {
        *crud("triage", "triageexample"),
        # One settings row per organisation: never deleted, only changed.
        *crud("triage", "triagesettings", actions=("view", "add", "change")),
    },
}
