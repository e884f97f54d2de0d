"""What the staff app's own permissions give each role (composed by ``staff.roles``)."""

from achterkant.staff.roles import FUNCTIONAL_ADMIN, crud

ROLE_PERMISSIONS = {
    FUNCTIONAL_ADMIN: {
        # Their own organisation's single sign-on (the admin shows no other organisation's;
        # it also checks the role itself, see staff.sso.admin).
        *crud("staff", "oidcconfiguration", actions=("view", "add", "change")),
        # Their own organisation's staff (issue 17): never delete, see staff.admin; the
        # services check the role and the organisation themselves.
        *crud("staff", "user", actions=("view", "add", "change")),
    },
}
