"""The staff member's permissions, kept in their session instead of read on every request.

Django reads a user's permissions with two queries (own permissions, group permissions) on
the first permission check of each request. Here they are kept in the staff session, which
every request loads anyway, with the ``permissions_version`` of the user row they were
computed for. The user row is read on every request as well, so checking the version
costs nothing.

Whatever can change what a user may do raises that version by one, in the database and in
the same transaction as the change (``UPDATE ... SET permissions_version =
permissions_version + 1``): groups added to or removed from the user, the user's own
permissions, a group's permissions, a group or permission deleted. The next request of
every session of that user, in any process, then sees another version and reads the
permissions again. ``is_active`` and ``is_superuser`` are part of what a kept entry is
checked against, so changing them needs no bump (also not through ``QuerySet.update``).

A superuser's permissions are not kept: Django answers them without a query.
"""

from collections.abc import Callable, Iterable

from django.contrib.auth.models import Group, Permission
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from achterkant.staff.models import User

SESSION_KEY = "staff_permissions"
# The attribute of the request's user object that holds its session (set by the middleware).
SESSION_ATTRIBUTE = "_permission_session"


def bump(users: Q) -> None:
    """Raise the permissions version of the users ``users`` selects, without a race."""
    ids = User.objects.filter(users).values("pk")
    User.objects.filter(pk__in=ids).update(permissions_version=F("permissions_version") + 1)


def _bump_ids(ids: Iterable[int]) -> None:
    ids = list(ids)
    if ids:
        User.objects.filter(pk__in=ids).update(permissions_version=F("permissions_version") + 1)


# -- what was kept -------------------------------------------------------------------------


def _entry_matches(entry, user) -> bool:
    return (
        isinstance(entry, dict)
        and entry.get("user") == str(user.pk)
        and entry.get("v") == user.permissions_version
        and entry.get("active") is True
        and entry.get("superuser") is False
        and isinstance(entry.get("perms"), list)
    )


def cached_permissions(user, compute: Callable[[], set[str]]) -> set[str]:
    """The user's permissions from their session when still valid; else ``compute()`` kept.

    Only for the user object of the request itself (the middleware gives it its session);
    any other user object is computed as Django does.
    """
    session = getattr(user, SESSION_ATTRIBUTE, None)
    if session is None or user.is_superuser or not user.is_active:
        return compute()
    entry = session.get(SESSION_KEY)
    if _entry_matches(entry, user):
        return set(entry["perms"])
    # The version is the one read with the user row at the start of the request, before
    # the permissions: a change committed in between raised it past this one already.
    permissions = compute()
    session[SESSION_KEY] = {
        "user": str(user.pk),
        "v": user.permissions_version,
        "active": True,
        "superuser": False,
        "perms": sorted(permissions),
    }
    return permissions


class CachedPermissionsMixin:
    """For a ``ModelBackend``: ``get_all_permissions`` from the session when still valid.

    ``has_perm``, ``has_perms``, ``has_module_perms`` and ``{{ perms }}`` all go through it.
    """

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return super().get_all_permissions(user_obj, obj=obj)
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = cached_permissions(
                user_obj, lambda: super(CachedPermissionsMixin, self).get_all_permissions(user_obj)
            )
        return user_obj._perm_cache


class PermissionSessionMiddleware:
    """Gives the request's user its session, for ``cached_permissions``.

    After ``AuthenticationMiddleware`` (and django-otp's); the user stays lazy.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is not None and session is not None:
            request.user = SimpleLazyObject(lambda: _with_session(user, session))
        return self.get_response(request)


def _with_session(user, session):
    if user.is_authenticated:
        setattr(user, SESSION_ATTRIBUTE, session)
    return user


# -- what raises the version (connected in staff.apps) ---------------------------------------


def user_groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """``user.groups`` or ``group.user_set`` changed."""
    if action in ("post_add", "post_remove") and pk_set:
        if reverse:  # group.user_set: pk_set are users
            _bump_ids(pk_set)
        else:
            _bump_ids([instance.pk])
    elif action == "pre_clear":
        if reverse:
            bump(Q(groups=instance))
        else:
            _bump_ids([instance.pk])


def user_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """``user.user_permissions`` or ``permission.user_set`` changed."""
    if action in ("post_add", "post_remove") and pk_set:
        if reverse:  # permission.user_set: pk_set are users
            _bump_ids(pk_set)
        else:
            _bump_ids([instance.pk])
    elif action == "pre_clear":
        if reverse:
            bump(Q(user_permissions=instance))
        else:
            _bump_ids([instance.pk])


def group_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """``group.permissions`` or ``permission.group_set`` changed: every member."""
    if action in ("post_add", "post_remove") and pk_set:
        if reverse:  # permission.group_set: pk_set are groups
            bump(Q(groups__in=pk_set))
        else:
            bump(Q(groups=instance))
    elif action == "pre_clear":
        if reverse:
            bump(Q(groups__permissions=instance))
        else:
            bump(Q(groups=instance))


def group_deleted(sender, instance, **kwargs) -> None:
    """Before a group goes (its members are still known): every member."""
    bump(Q(groups=instance))


def permission_changed(sender, instance, **kwargs) -> None:
    """A permission renamed or deleted: everyone who has it, directly or by a group."""
    if kwargs.get("created"):
        return
    bump(Q(user_permissions=instance) | Q(groups__permissions=instance))


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_save, pre_delete

    uid = "achterkant.staff.permission_cache."
    m2m_changed.connect(user_groups_changed, sender=User.groups.through, dispatch_uid=uid + "g")
    m2m_changed.connect(
        user_permissions_changed, sender=User.user_permissions.through, dispatch_uid=uid + "up"
    )
    m2m_changed.connect(
        group_permissions_changed, sender=Group.permissions.through, dispatch_uid=uid + "gp"
    )
    pre_delete.connect(group_deleted, sender=Group, dispatch_uid=uid + "gd")
    pre_delete.connect(permission_changed, sender=Permission, dispatch_uid=uid + "pd")
    post_save.connect(permission_changed, sender=Permission, dispatch_uid=uid + "ps")
