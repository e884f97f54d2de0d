"""Roles are Django groups; this module is the one place that says what each may do.

Permissions are named ``app_label.codename``. The groups are kept in sync after
every ``migrate``, so a new permission reaches its role without manual work.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

AGENT = "KCC-medewerker"
CASE_WORKER = "Zaakbehandelaar"
TEAM_LEAD = "Teamleider"
FUNCTIONAL_ADMIN = "Functioneel beheerder"
KNOWLEDGE_EDITOR = "Kennisredacteur"

_AGENT_PERMISSIONS = {
    "identity.view_person",
    "contacts.add_contact",
    "contacts.view_contact",
    "contacts.view_contactrequest",
    "contacts.change_contactrequest",
    "cases.add_case",
    "cases.view_case",
    "notify.view_outboxmessage",
}
_CASE_WORKER_PERMISSIONS = {
    "identity.view_person",
    "contacts.view_contact",
    "contacts.view_contactrequest",
    "contacts.change_contactrequest",
    "cases.view_case",
    "cases.change_case",
    "notify.view_outboxmessage",
}
_CATALOGUE_MODELS = (
    "catalogue", "product", "servicenorm", "casetype", "statustype", "resulttype", "roletype",
    "casepropertytype", "casetypedocumenttype", "documenttype", "decisiontype",
)  # fmt: skip
_CRUD = ("view", "add", "change", "delete")

ROLE_PERMISSIONS: dict[str, set[str]] = {
    AGENT: _AGENT_PERMISSIONS,
    CASE_WORKER: _CASE_WORKER_PERMISSIONS,
    TEAM_LEAD: _AGENT_PERMISSIONS
    | _CASE_WORKER_PERMISSIONS
    | {
        "audit.view_processinglogentry",
        "cases.reopen_case",
        "cases.force_update_case",
        "cases.assign_case",
        "routing.view_escalation",
    },
    FUNCTIONAL_ADMIN: {
        "audit.view_processinglogentry",
        "notify.view_outboxmessage",
        *(f"catalog.{action}_{model}" for action in _CRUD for model in _CATALOGUE_MODELS),
        *(f"worktime.{action}_{model}" for action in _CRUD for model in ("openinghours",)),
        *(f"routing.{action}_team" for action in _CRUD),
        *(
            f"routing.{action}_{model}"
            for action in _CRUD
            for model in ("skill", "teammembership", "routingrule")
        ),
        "routing.view_slapolicy",
        "routing.add_slapolicy",
        "routing.change_slapolicy",
        *(f"notify.{action}_messagetemplate" for action in _CRUD),
        *(f"contacts.{action}_knowledgearticle" for action in _CRUD),
        "worktime.view_decreeholiday",
        "tenancy.view_organisation",
        "tenancy.change_organisation",
        *(f"tenancy.{action}_hostname" for action in ("view", "add", "change", "delete")),
    },
}
ROLE_PERMISSIONS[KNOWLEDGE_EDITOR] = {
    *(f"contacts.{action}_knowledgearticle" for action in _CRUD),
    "contacts.edit_knowledge",
}
# Roles that may open the admin (each sees only what its permissions allow).
ADMIN_ROLES = (FUNCTIONAL_ADMIN, KNOWLEDGE_EDITOR)


def sync_role_groups(**kwargs) -> None:
    """Create the role groups and set exactly their permissions."""
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        query = Q(pk__in=[])
        for name in names:
            app_label, codename = name.split(".")
            query |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.filter(query))
        if len(permissions) == len(names):
            group.permissions.set(permissions)
        # Otherwise some app is not migrated yet; the next post_migrate completes it.


def has_role(user, role: str) -> bool:
    return user.is_authenticated and user.groups.filter(name=role).exists()
