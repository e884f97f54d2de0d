"""What the identity app's permissions give each role (composed by ``staff.roles``)."""

from achterkant.staff.roles import AGENT, CASE_WORKER

ROLE_PERMISSIONS = {
    AGENT: {"identity.view_person"},
    CASE_WORKER: {"identity.view_person"},
}
