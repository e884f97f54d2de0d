"""What the notificaties app's permissions give each role (composed by ``staff.roles``)."""

from achterkant.staff.roles import FUNCTIONAL_ADMIN, crud

ROLE_PERMISSIONS = {
    # The functional admin sees the subscriptions and replays deliveries that gave up.
    FUNCTIONAL_ADMIN: crud("notificaties", "kanaal", "abonnement", "abonnementkanaal")
    | {
        "notificaties.view_notification",
        "notificaties.view_delivery",
        "notificaties.change_delivery",
    },
}
