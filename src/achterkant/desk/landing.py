"""Where each role starts, and which desk pages its menu offers (issue 17).

One place decides both, so the log-in redirect (``LOGIN_REDIRECT_URL`` is ``/desk/``), the
desk home and the admin's link back to the desk always agree:

- agents (contact centre) start on the search, ``/desk/`` itself;
- case workers on *Mijn werk*, team leads on their overview, managers on *Inzicht*;
- functional admins and knowledge editors on the admin, ``/admin/``.

Someone with more than one role starts on the first that matches, in the order above (a
team lead also has the agent's and the case worker's rights, so comes first). The menu still
shows every page their rights open, so an agent who is also a case worker reaches
*Mijn werk* and *Zaken* in one click.

Roles are read from the permissions (kept in the session, ``staff.permission_cache``), not
from the groups: a group lookup would cost a query on every desk page. A user holds a role
when they have every permission the installed apps give it (``staff.roles``).
"""

from dataclasses import dataclass

from django.urls import reverse

from achterkant.staff.roles import (
    ADMIN_ROLES,
    AGENT,
    CASE_WORKER,
    MANAGER,
    TEAM_LEAD,
    role_permissions,
)

# The desk start page per role, the first match wins.
ROLE_START_PAGES = (
    (TEAM_LEAD, "desk:team_lead"),
    (AGENT, "desk:home"),
    (CASE_WORKER, "desk:my_work"),
    (MANAGER, "desk:insights"),
)


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    # The permission the page's view itself requires (None: every logged-in staff member).
    # tests/desk/test_landing.py opens every item as every role to keep the two the same.
    permission: str | None
    # The pages (URL names) on which this item is the current page.
    current: frozenset[str]


def _item(label: str, url_name: str, permission: str | None, *current: str) -> MenuItem:
    own = url_name.split(":")[1]
    return MenuItem(label, url_name, permission, frozenset({own, *current}))


MENU = (
    _item("Zoeken", "desk:identify", "identity.view_person", "home"),
    _item("Kennisbank", "desk:knowledge", None),
    _item("Contactverzoeken", "desk:contact_requests", "contacts.view_contactrequest"),
    _item("E-mail", "desk:mailbox", "contacts.view_contact"),
    _item("Brief", "desk:letter_create", "contacts.add_contact"),
    _item("Mijn werk", "desk:my_work", "cases.view_case"),
    _item("Zaken", "desk:cases", "cases.view_case"),
    _item("Teamleider", "desk:team_lead", "cases.assign_case"),
    _item("Inzicht", "desk:insights", "insights.view_insights"),
    _item("Verzonden berichten", "desk:sent_messages", "notify.view_outboxmessage"),
    _item("Verwerkingenlog", "desk:processing_log", "audit.view_processinglogentry"),
)


def holds_role(user, role: str) -> bool:
    """True when ``user`` has every permission of ``role`` (superusers hold every role)."""
    return user.is_authenticated and user.has_perms(role_permissions()[role])


def may_open_admin(user) -> bool:
    """The admin's own rule (``conf.admin_site``: an admin role, or superuser), from perms."""
    return user.is_authenticated and (
        user.is_superuser or any(holds_role(user, role) for role in ADMIN_ROLES)
    )


def menu_items(user) -> list[MenuItem]:
    """The desk pages ``user`` may open, in menu order."""
    if not user.is_authenticated:
        return []
    return [item for item in MENU if item.permission is None or user.has_perm(item.permission)]


def start_page(user, *, in_desk: bool = False) -> str:
    """The URL ``user`` starts on after log-in and on ``/desk/``.

    ``in_desk``: never the admin (the admin's link back to the desk). A superuser is the
    platform's admin, so starts there rather than on the first role they technically hold.
    Without any role: the first page the menu offers (the knowledge base), never a dead end.
    """
    if not user.is_superuser:
        for role, url_name in ROLE_START_PAGES:
            if holds_role(user, role):
                return reverse(url_name)
    if not in_desk and may_open_admin(user):
        return reverse("admin:index")
    return reverse(menu_items(user)[0].url_name) if user.is_authenticated else reverse("desk:home")
