"""What the autorisaties app's permissions give each role (composed by ``staff.roles``)."""

from achterkant.staff.roles import FUNCTIONAL_ADMIN, crud

ROLE_PERMISSIONS = {
    # The functional admin registers the organisation's API applications and their secrets.
    FUNCTIONAL_ADMIN: crud("autorisaties", "application", "clientcredential", "authorisation"),
}
