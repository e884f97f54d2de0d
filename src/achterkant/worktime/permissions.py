"""What the worktime app's permissions give each role (composed by ``staff.roles``)."""

from achterkant.staff.roles import FUNCTIONAL_ADMIN, crud

ROLE_PERMISSIONS = {
    FUNCTIONAL_ADMIN: {*crud("worktime", "openinghours"), "worktime.view_decreeholiday"},
}
