"""Roles are Django groups. Each app says what its own permissions give each role.

An app declares its grants in ``<app>/permissions.py``::

    from achterkant.staff.roles import AGENT, CASE_WORKER

    ROLE_PERMISSIONS = {
        AGENT: {"cases.add_case", "cases.view_case"},
        CASE_WORKER: {"cases.view_case", "cases.change_case"},
    }

``role_permissions()`` composes the roles from what the installed apps declare, so this
platform module names no domain permission. Permissions are named
``app_label.codename``, and an app may only grant its own. A role also gets everything
of the roles it includes (``ROLE_INCLUDES``). The groups are kept in sync after every
``migrate``, so a new permission reaches its role without manual work.
"""

from collections.abc import Iterable, Mapping
from functools import cache
from importlib import import_module

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule

AGENT = "KCC-medewerker"
CASE_WORKER = "Zaakbehandelaar"
TEAM_LEAD = "Teamleider"
FUNCTIONAL_ADMIN = "Functioneel beheerder"
KNOWLEDGE_EDITOR = "Kennisredacteur"
# Read-only: watches the service levels in Inzicht, changes nothing (issue 16).
MANAGER = "Manager"

ROLES = (AGENT, CASE_WORKER, TEAM_LEAD, FUNCTIONAL_ADMIN, KNOWLEDGE_EDITOR, MANAGER)
# A team lead can do whatever the agents and case workers of the team can.
ROLE_INCLUDES: dict[str, tuple[str, ...]] = {TEAM_LEAD: (AGENT, CASE_WORKER)}
# Roles that may open the admin (each sees only what its permissions allow).
ADMIN_ROLES = (FUNCTIONAL_ADMIN, KNOWLEDGE_EDITOR)

# The module an app declares its grants in, and the name of the mapping in it.
PERMISSIONS_MODULE = "permissions"
DECLARATION = "ROLE_PERMISSIONS"

CRUD = ("view", "add", "change", "delete")


def crud(app_label: str, *models: str, actions: Iterable[str] = CRUD) -> set[str]:
    """``crud("routing", "team")`` → view, add, change and delete permission of a team."""
    return {f"{app_label}.{action}_{model}" for model in models for action in actions}


# tenancy sits below staff (a staff user belongs to an organisation), so it cannot import
# the role names; staff, which already knows tenancy, declares tenancy's grants here.
_TENANCY_PERMISSIONS = {
    FUNCTIONAL_ADMIN: {
        "tenancy.view_organisation",
        "tenancy.change_organisation",
        # Host names are assigned by the platform superuser only (issue 12): a functional
        # admin who could add one could take over another organisation's citizens.
        "tenancy.view_hostname",
    },
}


def compose_role_permissions(
    declarations: Iterable[tuple[str, Mapping[str, Iterable[str]]]],
) -> dict[str, frozenset[str]]:
    """Each role's permissions, from ``(app_label, {role: permissions})`` declarations.

    Refuses a role that does not exist and a permission of another app: both are
    mistakes that would otherwise quietly leave a role without its permission.
    """
    own: dict[str, set[str]] = {role: set() for role in ROLES}
    for app_label, grants in declarations:
        for role, names in grants.items():
            if role not in own:
                raise ImproperlyConfigured(f"{app_label}: unknown role {role!r} in {DECLARATION}")
            for name in names:
                if name.split(".")[0] != app_label or name.count(".") != 1:
                    raise ImproperlyConfigured(
                        f"{app_label} may only grant its own permissions "
                        f"('{app_label}.codename'), not {name!r}"
                    )
                own[role].add(name)
    return {
        role: frozenset(own[role].union(*(own[other] for other in ROLE_INCLUDES.get(role, ()))))
        for role in ROLES
    }


def _declarations() -> list[tuple[str, Mapping[str, Iterable[str]]]]:
    """What each installed app of this project declares in its ``permissions.py``."""
    project = __name__.split(".")[0]
    found: list[tuple[str, Mapping[str, Iterable[str]]]] = [("tenancy", _TENANCY_PERMISSIONS)]
    for config in apps.get_app_configs():
        if config.name.split(".")[0] != project:
            continue
        if not module_has_submodule(config.module, PERMISSIONS_MODULE):
            continue
        module = import_module(f"{config.name}.{PERMISSIONS_MODULE}")
        found.append((config.label, getattr(module, DECLARATION)))
    return found


@cache
def role_permissions() -> dict[str, frozenset[str]]:
    """Every role with exactly the permissions the installed apps give it."""
    return compose_role_permissions(_declarations())


def __getattr__(name: str):
    # ``ROLE_PERMISSIONS`` is composed on first use: the apps must be loaded first.
    if name == "ROLE_PERMISSIONS":
        return role_permissions()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def sync_role_groups(**kwargs) -> None:
    """Create the role groups and set exactly their permissions."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    for role, names in role_permissions().items():
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
