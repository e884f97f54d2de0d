"""What the contacts app's permissions give each role (composed by ``staff.roles``)."""

from achterkant.staff.roles import AGENT, CASE_WORKER, FUNCTIONAL_ADMIN, KNOWLEDGE_EDITOR, crud

_CONTACT_REQUESTS = {"contacts.view_contactrequest", "contacts.change_contactrequest"}

ROLE_PERMISSIONS = {
    AGENT: {"contacts.add_contact", "contacts.view_contact", *_CONTACT_REQUESTS},
    CASE_WORKER: {"contacts.view_contact", *_CONTACT_REQUESTS},
    FUNCTIONAL_ADMIN: crud("contacts", "knowledgearticle"),
    KNOWLEDGE_EDITOR: {*crud("contacts", "knowledgearticle"), "contacts.edit_knowledge"},
}
