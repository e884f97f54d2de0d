"""What the staff app's own permissions give each role (composed by ``staff.roles``)."""

from achterkant.staff.roles import FUNCTIONAL_ADMIN, crud

ROLE_PERMISSIONS = {
    # Their own organisation's single sign-on (the admin shows no other organisation's; it
    # also checks the role itself, see staff.sso.admin).
    FUNCTIONAL_ADMIN: crud("staff", "oidcconfiguration", actions=("view", "add", "change")),
}
