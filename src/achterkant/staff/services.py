"""Staff members: who may manage them, and every change to them (issue 17).

A functional admin manages their own organisation's staff in the admin: create, change
name, e-mail and roles, switch an account off. Nobody is ever deleted: the processing
log and a case's history keep referring to the staff member. Every change goes through
the functions here, which check the actor, validate, write, and record the change in
the admin's history of that staff member (``LogEntry``) and in the log. The processing
log (``audit``) is for citizens' data and sits above ``staff`` in the layers; the two-factor
reset records in the same way (``staff.twofactor.services``).

A new staff member gets no password from the admin. They get an invitation link
(``invitation_path``) to set their own; the second factor is then set up at their first
log-in, as for every staff member (``staff.twofactor``). A staff member who lost their
password gets a new log-in link by e-mail (``password_reset_send``): the same page and
token, and optionally a new second factor too.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from achterkant.staff.models import User
from achterkant.staff.roles import FUNCTIONAL_ADMIN, ROLES, has_role
from achterkant.staff.sso.selectors import password_login_allowed
from achterkant.staff.sso.services import set_roles
from achterkant.tenancy.models import Organisation
from achterkant.tenancy.selectors import public_url

log = logging.getLogger(__name__)

OWN_ACCOUNT_OFF = "U kunt uw eigen account niet uitschakelen."
OWN_ADMIN_ROLE = f"U kunt uzelf de rol {FUNCTIONAL_ADMIN} niet afnemen."
UNKNOWN_ROLE = "Onbekende rol: {name}. Kies uit de rollen van Achterkant."
USERNAME_TAKEN = "Deze gebruikersnaam is al in gebruik."


@transaction.atomic
def staff_member_ensure(
    *,
    organisation: Organisation,
    username: str,
    password: str,
    first_name: str,
    last_name: str,
    role: str,
    email: str = "",
) -> User:
    """Create the staff member, or bring an existing one in line (idempotent).

    For the demo seed and tests only (no actor): staff are managed with the functions below.
    """
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "organisation": organisation, "first_name": first_name, "last_name": last_name,
            "email": email,
        },
    )  # fmt: skip
    if created:
        user.set_password(password)
        # Django's admin needs is_staff; who may actually enter is decided by role.
        user.is_staff = True
        user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


# -- who may manage whom ---------------------------------------------------------------------


def may_manage_staff(actor, organisation: Organisation | None) -> bool:
    """The platform superuser, and a functional admin of this very organisation."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if organisation is None:
        return False
    if actor.is_superuser:
        return True
    return actor.organisation_id == organisation.pk and has_role(actor, FUNCTIONAL_ADMIN)


def manageable_staff(actor, organisation: Organisation | None) -> QuerySet[User]:
    """The staff ``actor`` may see and change: the organisation's own, never a superuser.

    Also for the platform superuser on an organisation's site: staff are managed on their
    own organisation's site only, like every tenant-owned row.
    """
    if not may_manage_staff(actor, organisation):
        return User.objects.none()
    return User.objects.filter(organisation=organisation, is_superuser=False)


def assignable_roles() -> QuerySet[Group]:
    """The roles a staff member can be given: Achterkant's roles, no hand-made group.

    A group made by hand in the database could hold any permission (the platform's own
    included); only the role groups, whose permissions the apps declare, are offered.
    """
    return Group.objects.filter(name__in=ROLES).order_by("name")


def _check(actor, organisation: Organisation | None, member: User | None = None) -> None:
    if not may_manage_staff(actor, organisation):
        raise PermissionDenied
    if member is not None and not manageable_staff(actor, organisation).filter(pk=member.pk):
        raise PermissionDenied


# -- validation ----------------------------------------------------------------------------


def staff_member_errors(
    *, actor, member: User | None, is_active: bool, roles: Iterable[str]
) -> dict[str, str]:
    """What is wrong with this change, per field; empty when it may be made.

    The admin's form shows these next to the fields; the services refuse the same.
    """
    errors: dict[str, str] = {}
    wanted = set(roles)
    unknown = sorted(wanted - set(ROLES))
    if unknown:
        errors["roles"] = UNKNOWN_ROLE.format(name=unknown[0])
    if member is not None and actor is not None and member.pk == actor.pk:
        # Locking oneself out could leave the organisation without anyone to manage it.
        if not is_active:
            errors["is_active"] = OWN_ACCOUNT_OFF
        if not actor.is_superuser and FUNCTIONAL_ADMIN not in wanted:
            errors["roles"] = OWN_ADMIN_ROLE
    return errors


def _validate(actor, member, *, is_active: bool, roles: Iterable[str]) -> None:
    errors = staff_member_errors(actor=actor, member=member, is_active=is_active, roles=roles)
    if errors:
        raise ValidationError(errors)


def _clean_text(value: str, field: str) -> str:
    value = (value or "").strip()
    limit = User._meta.get_field(field).max_length
    if limit and len(value) > limit:
        raise ValidationError({field: f"Gebruik hoogstens {limit} tekens."})
    return value


# -- changes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffMemberData:
    """What a functional admin sets for a staff member."""

    first_name: str
    last_name: str
    email: str
    is_active: bool
    roles: frozenset[str]


def _role_names(member: User) -> set[str]:
    return set(member.groups.filter(name__in=ROLES).values_list("name", flat=True))


def _record(actor, member: User, flag: int, message: str) -> None:
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[member],
        action_flag=flag,
        change_message=message,
        single_object=True,
    )
    log.info("Staff member %r: %s (by %r).", member.get_username(), message, actor.get_username())


@transaction.atomic
def staff_member_create(
    *, actor, organisation: Organisation, username: str, data: StaffMemberData
) -> User:
    """A new staff member of ``organisation``, with these roles and no password yet.

    They set their own password with the invitation link (``invitation_path``). Never a
    superuser, never a group that is not a role.
    """
    _check(actor, organisation)
    _validate(actor, None, is_active=data.is_active, roles=data.roles)
    username = _clean_text(username, "username")
    if not username:
        raise ValidationError({"username": "Vul een gebruikersnaam in."})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": USERNAME_TAKEN})
    member = User(
        username=username,
        organisation=organisation,
        first_name=_clean_text(data.first_name, "first_name"),
        last_name=_clean_text(data.last_name, "last_name"),
        email=User.objects.normalize_email(_clean_text(data.email, "email")),
        is_active=data.is_active,
        # Django's admin log-in needs is_staff; who may actually enter is decided by role.
        is_staff=True,
        is_superuser=False,
    )
    member.set_unusable_password()
    member.full_clean(exclude=["password"])
    member.save()
    set_roles(member, data.roles)
    roles = ", ".join(sorted(data.roles)) or "geen"
    _record(actor, member, ADDITION, f"Medewerker aangemaakt met de rollen: {roles}.")
    return member


@transaction.atomic
def staff_member_update(
    *, actor, organisation: Organisation, member: User, data: StaffMemberData
) -> list[str]:
    """Change name, e-mail, active and roles; returns what changed, in Dutch (for the log).

    The username stays: it is how the staff member logs in and is found in the logs.
    """
    _check(actor, organisation, member)
    _validate(actor, member, is_active=data.is_active, roles=data.roles)
    member = User.objects.select_for_update().get(pk=member.pk)
    changes: list[str] = []
    values = {
        "first_name": _clean_text(data.first_name, "first_name"),
        "last_name": _clean_text(data.last_name, "last_name"),
        "email": User.objects.normalize_email(_clean_text(data.email, "email")),
        "is_active": data.is_active,
    }
    labels = {"first_name": "voornaam", "last_name": "achternaam", "email": "e-mailadres"}
    changed_fields = [name for name, value in values.items() if getattr(member, name) != value]
    for name in changed_fields:
        setattr(member, name, values[name])
        if name == "is_active":
            changes.append("account aangezet" if data.is_active else "account uitgeschakeld")
        else:
            changes.append(f"{labels[name]} gewijzigd")
    if changed_fields:
        member.full_clean(exclude=["password", "username"])
        member.save(update_fields=changed_fields)
    held = _role_names(member)
    gained, lost = sorted(set(data.roles) - held), sorted(held - set(data.roles))
    if gained or lost:
        set_roles(member, data.roles)
        if gained:
            changes.append(f"rol gegeven: {', '.join(gained)}")
        if lost:
            changes.append(f"rol afgenomen: {', '.join(lost)}")
    if changes:
        message = "; ".join(changes)
        _record(actor, member, CHANGE, message[0].upper() + message[1:] + ".")
    return changes


def staff_member_deactivate(*, actor, organisation: Organisation, member: User) -> bool:
    """Switch the account off (never delete); False when it was off already.

    A session of theirs stops counting at its next request (the session backend only
    admits active users).
    """
    _check(actor, organisation, member)
    if not member.is_active:
        return False
    data = StaffMemberData(
        first_name=member.first_name,
        last_name=member.last_name,
        email=member.email,
        is_active=False,
        roles=frozenset(_role_names(member)),
    )
    return bool(
        staff_member_update(actor=actor, organisation=organisation, member=member, data=data)
    )


# -- invitation: the new staff member sets their own password ---------------------------------


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's password-reset tokens, salted apart: an invitation is no reset link.

    A token is bound to the password hash and the last log-in, so it stops working once the
    password is set (or the invitation is renewed), and after ``PASSWORD_RESET_TIMEOUT``.
    """

    key_salt = "achterkant.staff.services.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()


def invitation_valid_days() -> int:
    """How many days an invitation link works (``PASSWORD_RESET_TIMEOUT``, rounded down)."""
    from django.conf import settings

    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


NOT_PENDING = "Deze medewerker heeft al een wachtwoord of is al eens ingelogd."
SSO_ONLY = (
    "Bij deze organisatie loggen medewerkers in via de inlogdienst (single sign-on). "
    "Een uitnodiging om een wachtwoord in te stellen is niet nodig."
)


def invitation_pending(member: User) -> bool:
    """Is this staff member still to set their first password?"""
    return member.is_active and member.last_login is None and not member.has_usable_password()


def link_pending(member: User) -> bool:
    """Does this staff member wait to set a password with a link?

    Either a new staff member's invitation (``invitation_pending``) or a new log-in link
    for one who had a password (``password_reset_send``): the same page and token serve both.
    """
    return member.is_active and not member.has_usable_password()


def _check_invitation(member: User) -> None:
    if not password_login_allowed(member):
        raise ValidationError(SSO_ONLY)
    if not invitation_pending(member):
        raise ValidationError(NOT_PENDING)


def _link_path(member: User) -> str:
    """The one-time link's path: the invitation's page, with the invitation's token."""
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    return reverse(
        "staff:invitation",
        kwargs={"uidb64": uid, "token": invitation_tokens.make_token(member)},
    )


def invitation_path(*, actor, organisation: Organisation, member: User) -> str:
    """The path of the link with which ``member`` sets their first password.

    Making it changes nothing: the same link comes out until it is used or renewed.
    """
    _check(actor, organisation, member)
    _check_invitation(member)
    return _link_path(member)


@transaction.atomic
def invitation_renew(*, actor, organisation: Organisation, member: User) -> str:
    """Make earlier links of ``member`` stop working, and return the new one."""
    _check(actor, organisation, member)
    member = User.objects.select_for_update().get(pk=member.pk)
    _check_invitation(member)
    member.set_unusable_password()
    member.save(update_fields=["password"])
    _record(
        actor, member, CHANGE, "Nieuwe uitnodigingslink gemaakt; eerdere links werken niet meer."
    )
    return invitation_path(actor=actor, organisation=organisation, member=member)


def invitation_member(organisation: Organisation | None, uidb64: str, token: str) -> User | None:
    """The staff member of this site's organisation the link is for, if it is still valid."""
    from django.utils.http import urlsafe_base64_decode

    if organisation is None:
        return None
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    member = User.objects.filter(pk=pk, organisation=organisation, is_superuser=False).first()
    if member is None or not link_pending(member) or not password_login_allowed(member):
        return None
    if not invitation_tokens.check_token(member, token):
        return None
    return member


@transaction.atomic
def invitation_accept(
    *, organisation: Organisation | None, uidb64: str, token: str, password: str
) -> User:
    """Set the staff member's first password; the link then stops working."""
    member = invitation_member(organisation, uidb64, token)
    if member is None:
        raise PermissionDenied
    validate_password(password, member)
    first = member.last_login is None
    member.set_password(password)
    member.save(update_fields=["password"])
    LogEntry.objects.log_actions(
        user_id=member.pk,
        queryset=[member],
        action_flag=CHANGE,
        change_message=(
            "Eigen wachtwoord ingesteld met de uitnodigingslink."
            if first
            else "Nieuw wachtwoord ingesteld met de inloglink."
        ),
        single_object=True,
    )
    log.info("Staff member %r set their password with a link.", member.get_username())
    return member


# -- a new log-in link: an existing staff member sets a new password -------------------------

NO_EMAIL = "Deze medewerker heeft geen e-mailadres. Vul eerst een e-mailadres in en sla op."
ACCOUNT_OFF = "Dit account staat uit. Zet het eerst aan."
OWN_ACCOUNT_LINK = (
    "Uw eigen wachtwoord laat u hier niet opnieuw instellen. Vraag een andere functioneel "
    "beheerder."
)
MORE_RIGHTS = (
    "Deze medewerker heeft rechten die u zelf niet kunt geven. Vraag de beheerder van het "
    "platform om een nieuwe inloglink."
)
SSO_NO_LINK = (
    "Bij deze organisatie loggen medewerkers in via de inlogdienst (single sign-on). "
    "Een wachtwoord opnieuw instellen kan daar, niet hier."
)
MAIL_FAILED = (
    "De e-mail kon niet worden verstuurd. Er is niets gewijzigd. Probeer het later nog eens."
)
RESET_MAIL_SUBJECT = "Nieuwe inloglink voor Achterkant"


def _rights_beyond_roles(actor, member: User) -> bool:
    """Does ``member`` hold a permission that ``actor`` could not give through a role?

    A functional admin may give any role (``assignable_roles``), so a role's rights are no
    escalation. A loose permission or a hand-made group (the platform's own rights, say) is:
    taking over such an account would give the actor more than they may hand out.
    """
    if actor.is_superuser:
        return False
    held = Permission.objects.filter(Q(user=member) | Q(group__user=member))
    givable = Permission.objects.filter(
        Q(group__name__in=ROLES) | Q(user=actor) | Q(group__user=actor)
    )
    return held.exclude(pk__in=givable.values("pk")).exists()


def password_reset_errors(*, actor, member: User) -> list[str]:
    """Why ``actor`` may not send ``member`` a new log-in link now; empty when they may.

    The admin shows these before anything is done; ``password_reset_send`` refuses the same.
    Who may manage whom at all is checked by ``_check`` (PermissionDenied).
    """
    if actor is not None and member.pk == actor.pk:
        return [OWN_ACCOUNT_LINK]
    if _rights_beyond_roles(actor, member):
        return [MORE_RIGHTS]
    if not password_login_allowed(member):
        return [SSO_NO_LINK]
    if not member.is_active:
        return [ACCOUNT_OFF]
    if not member.email:
        return [NO_EMAIL]
    return []


@dataclass(frozen=True)
class PasswordReset:
    """What ``password_reset_send`` did: to whom the link went and what else was reset."""

    email: str
    second_factor_devices_removed: int
    second_factor_reset: bool


@transaction.atomic
def password_reset_send(
    *, actor, organisation: Organisation, member: User, reset_second_factor: bool = False
) -> PasswordReset:
    """Make ``member``'s password unusable and e-mail them a link to set a new one.

    The link is the invitation's (same page, same one-time token): it stops working once
    used, when a newer link is sent, at the member's next log-in and after
    ``PASSWORD_RESET_TIMEOUT``. Their sessions end at once (the password hash changed) and
    a lock-out of too many failed log-ins is lifted. With ``reset_second_factor`` their
    second-factor devices go too (``staff.twofactor.services.reset_second_factor``): they
    set up the second step again at their next log-in. Without it, the old app or passkey
    stays, so the mailbox alone is not enough to take the account over.

    Only the platform superuser and a functional admin of the member's own organisation,
    never for a superuser, for oneself or for an account with rights beyond the roles
    (PermissionDenied / ValidationError). The mail goes through Django's mail backend, sent
    directly and not through the outbox, so the secret link is never stored; sent last, in
    the transaction: if sending fails, nothing is changed (ValidationError). Recorded in
    the admin's history of the member (``LogEntry``) and in the log, as the invitation is.
    """
    from achterkant.staff.lockout import unlock_staff_member
    from achterkant.staff.twofactor import services as twofactor

    _check(actor, organisation, member)
    member = User.objects.select_for_update().get(pk=member.pk)
    errors = password_reset_errors(actor=actor, member=member)
    if errors:
        raise ValidationError(errors)
    member.set_unusable_password()
    member.save(update_fields=["password"])
    removed = 0
    if reset_second_factor:
        # Checks the same rules again (``may_reset``) and records itself.
        removed = twofactor.reset_second_factor(actor=actor, target=member)
    unlock_staff_member(organisation, member.get_username(), by=actor)
    _record(
        actor,
        member,
        CHANGE,
        "Nieuwe inloglink gestuurd naar "
        f"{member.email}; het oude wachtwoord werkt niet meer"
        + ("; de tweede stap wordt opnieuw ingesteld." if reset_second_factor else "."),
    )
    link = public_url(organisation, _link_path(member))
    body = (
        f"Beste {member.get_full_name() or member.get_username()},\n\n"
        "De functioneel beheerder heeft voor u een nieuwe inloglink gemaakt voor Achterkant "
        f"(gebruikersnaam: {member.get_username()}). Uw oude wachtwoord werkt niet meer.\n\n"
        f"Met deze link kiest u een nieuw wachtwoord:\n{link}\n\n"
        f"De link werkt één keer en hoogstens {invitation_valid_days()} dagen.\n"
        + (
            "Bij het inloggen stelt u daarna ook de tweede stap opnieuw in, met een app of "
            "een passkey.\n"
            if reset_second_factor
            else "Bij het inloggen gebruikt u daarna uw app of passkey, zoals altijd.\n"
        )
        + "\nHeeft u hier niet om gevraagd? Neem dan contact op met uw functioneel beheerder.\n"
    )
    try:
        send_mail(RESET_MAIL_SUBJECT, body, None, [member.email], fail_silently=False)
    except Exception as error:  # any backend failure: roll everything back
        log.exception("New log-in link for %r could not be sent.", member.get_username())
        raise ValidationError(MAIL_FAILED) from error
    return PasswordReset(
        email=member.email,
        second_factor_devices_removed=removed,
        second_factor_reset=reset_second_factor,
    )
