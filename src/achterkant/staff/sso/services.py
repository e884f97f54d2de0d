"""Who a log-in through an organisation's provider is, and which roles they get."""

import re
from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction

from achterkant.staff.models import OidcIdentity, User
from achterkant.staff.roles import ROLES

NO_ROLE_MESSAGE = "U heeft geen rol in Achterkant; vraag uw beheerder."
INACTIVE_MESSAGE = "Dit account is uitgeschakeld; vraag uw beheerder."
OTHER_ACCOUNT_MESSAGE = (
    "Dit account hoort niet bij deze organisatie. Log in op de site van uw eigen organisatie."
)
NO_USERNAME_MESSAGE = (
    "De inlogdienst gaf geen gebruikersnaam door. Vraag uw beheerder om de instellingen "
    "van de inlogdienst na te kijken."
)

_NOT_IN_USERNAME = re.compile(r"[^\w.@+-]")
USERNAME_MAX = 150


class SsoRefused(Exception):
    """A log-in through the provider that Achterkant refuses, with the reason in Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _free_username(wanted: str, organisation) -> str:
    """A user name no one has yet: user names are unique across all organisations."""
    base = _NOT_IN_USERNAME.sub("_", wanted)[:USERNAME_MAX] or "medewerker"
    candidates = [base, f"{base}@{organisation.slug}"[:USERNAME_MAX]]
    candidates += [f"{candidates[1]}-{n}"[-USERNAME_MAX:] for n in range(2, 100)]
    for candidate in candidates:
        if not User.objects.filter(username__iexact=candidate).exists():
            return candidate
    raise SsoRefused(NO_USERNAME_MESSAGE)


def set_roles(user: User, roles: Iterable[str]) -> None:
    """Give the user exactly these Achterkant roles; groups that are no role stay."""
    wanted = set(roles)
    role_groups = list(Group.objects.filter(name__in=ROLES))
    held = set(user.groups.filter(name__in=ROLES).values_list("pk", flat=True))
    # Only what really changes: each change raises the user's permissions version, which
    # makes every session of theirs read the permissions again (staff.permission_cache).
    lost = [group for group in role_groups if group.name not in wanted and group.pk in held]
    gained = [group for group in role_groups if group.name in wanted and group.pk not in held]
    if lost:
        user.groups.remove(*lost)
    if gained:
        user.groups.add(*gained)


def staff_member_from_sso(
    *,
    organisation,
    issuer: str,
    subject: str,
    username: str,
    roles: Iterable[str],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """The staff member of ``organisation`` this provider identity is; made on first log-in.

    Matched on the provider's ``sub`` within the organisation (never across them). On a
    first log-in an existing local account of the same organisation with the same user
    name is linked, so staff keep their history when an organisation moves to single
    sign-on; otherwise a new account is made. The roles are set from the provider's
    groups at every log-in. Someone the provider now gives no role is refused, and an
    account already linked to them loses its roles, also for a log-in with a password.
    """
    roles = set(roles) & set(ROLES)
    with transaction.atomic():
        refusal, user = _match(organisation, issuer, subject, username, roles)
        if refusal is None:
            user.first_name = first_name[:150] or user.first_name
            user.last_name = last_name[:150] or user.last_name
            user.email = email[:254] or user.email
            # Django's admin needs is_staff; who may actually enter is decided by role.
            user.is_staff = True
            user.save()
            set_roles(user, roles)
    if refusal is not None:
        raise SsoRefused(refusal)
    return user


def _match(organisation, issuer, subject, username, roles) -> tuple[str | None, User | None]:
    identity = (
        OidcIdentity.all_tenants.select_for_update()
        .select_related("user")
        .filter(organisation=organisation, issuer=issuer, subject=subject)
        .first()
    )
    if identity is not None:
        user = identity.user
        if not roles:
            if user.organisation_id == organisation.pk and not user.is_superuser:
                set_roles(user, [])
            return NO_ROLE_MESSAGE, None
        identity.save(update_fields=["last_login"])
    else:
        if not roles:
            return NO_ROLE_MESSAGE, None
        if not username:
            return NO_USERNAME_MESSAGE, None
        user = (
            User.objects.filter(
                organisation=organisation, username__iexact=username, is_superuser=False
            )
            # An account already linked to another identity at this provider stays theirs.
            .exclude(oidc_identities__organisation=organisation, oidc_identities__issuer=issuer)
            .first()
        )
        if user is None:
            user = User(username=_free_username(username, organisation), organisation=organisation)
            user.set_unusable_password()
        user.save()
        OidcIdentity.all_tenants.create(
            user=user, organisation=organisation, issuer=issuer, subject=subject
        )
    if user.organisation_id != organisation.pk or user.is_superuser:
        return OTHER_ACCOUNT_MESSAGE, None
    if not user.is_active:
        return INACTIVE_MESSAGE, None
    return None, user
