"""What the notify app's permissions give each role (composed by ``staff.roles``)."""

from achterkant.staff.roles import AGENT, CASE_WORKER, FUNCTIONAL_ADMIN, crud

ROLE_PERMISSIONS = {
    AGENT: {"notify.view_outboxmessage"},
    CASE_WORKER: {"notify.view_outboxmessage"},
    FUNCTIONAL_ADMIN: {"notify.view_outboxmessage", *crud("notify", "messagetemplate")},
}
