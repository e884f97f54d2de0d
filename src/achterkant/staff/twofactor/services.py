"""The rules of the second factor: when a session counts as verified, enrolment,
recovery codes, device management and the admin reset.

Views and commands are thin adapters over these functions.
"""

import logging
import math
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from achterkant.staff.roles import FUNCTIONAL_ADMIN, has_role

log = logging.getLogger(__name__)

# CONTRACT with staff single sign-on: a session whose identity provider already enforced
# multi-factor authentication carries this key, set to True, and needs no second factor here.
SSO_MFA_SESSION_KEY = "achterkant_mfa_by_idp"
# Recovery codes just made, shown once on the next page and then forgotten.
NEW_CODES_SESSION_KEY = "twofactor_new_recovery_codes"

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator-app"
RECOVERY_DEVICE_NAME = "Herstelcodes"
# Demo staff share one documented TOTP secret (README, "Demo"): the RFC 6238 test key.
DEMO_TOTP_KEY_HEX = "3132333435363738393031323334353637383930"
DEMO_TOTP_KEY_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

WRONG_CODE = "De code klopt niet. Controleer de code en probeer het opnieuw."
WRONG_RECOVERY_CODE = "Deze herstelcode klopt niet of is al gebruikt."


def throttled_message(seconds: int) -> str:
    wait = "1 seconde" if seconds <= 1 else f"{seconds} seconden"
    return f"U heeft te vaak een verkeerde code ingevuld. Wacht {wait} en probeer het opnieuw."


def is_required() -> bool:
    return settings.STAFF_TWO_FACTOR_REQUIRED


def is_second_factor_satisfied(request: HttpRequest) -> bool:
    """Has this staff session passed a second factor (or does it need none)?

    True when two-factor authentication is switched off, when the identity provider of a
    single sign-on already enforced it (``SSO_MFA_SESSION_KEY``), or when one of the
    user's own devices verified this session (django-otp's ``is_verified``).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if not is_required():
        return True
    session = getattr(request, "session", None)
    if session is not None and session.get(SSO_MFA_SESSION_KEY) is True:
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


# -- devices -----------------------------------------------------------------------------


def totp_devices(user, *, confirmed: bool = True):
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk")


def passkeys(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("pk")


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def is_enrolled(user) -> bool:
    """Has the user an app or a passkey? Recovery codes alone are no enrolment."""
    return totp_devices(user).exists() or passkeys(user).exists()


def start_totp_enrolment(user) -> TOTPDevice:
    """The user's unconfirmed authenticator-app device, made once and kept until confirmed."""
    device = totp_devices(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def totp_secret_base32(device: TOTPDevice) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    # In groups of four, easier to type over; authenticator apps ignore the spaces.
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _throttle_wait(device) -> int | None:
    allowed, info = device.verify_is_allowed()
    if allowed or not info or "locked_until" not in info:
        return None
    return max(1, math.ceil((info["locked_until"] - timezone.now()).total_seconds()))


def _clean_code(value: str) -> str:
    return "".join(value.split()).replace("-", "").lower()


def _second_factor_passed(request: HttpRequest, device) -> None:
    """Record the device in the session, under a new session key: the session gained rights."""
    request.session.cycle_key()
    otp_login(request, device)


@dataclass
class Verification:
    device: object | None = None
    error: str = ""


@transaction.atomic
def confirm_totp_enrolment(request: HttpRequest, device: TOTPDevice, code: str) -> Verification:
    """Confirm a new authenticator app with its first code; the session is then verified."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=request.user)
    wait = _throttle_wait(device)
    if wait:
        return Verification(error=throttled_message(wait))
    if not device.verify_token(_clean_code(code)):
        return Verification(error=WRONG_CODE)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _second_factor_passed(request, device)
    log.info("Second factor (authenticator app) enrolled by %r.", request.user.get_username())
    return Verification(device=device)


@transaction.atomic
def verify_totp(request: HttpRequest, code: str) -> Verification:
    """Check a code from the authenticator app against the user's apps (throttled)."""
    code = _clean_code(code)
    waits = []
    for device in totp_devices(request.user).select_for_update():
        wait = _throttle_wait(device)
        if wait:
            waits.append(wait)
            continue
        if device.verify_token(code):
            _second_factor_passed(request, device)
            return Verification(device=device)
    if waits and len(waits) == totp_devices(request.user).count():
        return Verification(error=throttled_message(min(waits)))
    return Verification(error=WRONG_CODE)


@transaction.atomic
def verify_recovery_code(request: HttpRequest, code: str) -> Verification:
    """Use a recovery code: it works once (django-otp deletes it) and is throttled."""
    device = recovery_device(request.user)
    if device is None:
        return Verification(error=WRONG_RECOVERY_CODE)
    device = StaticDevice.objects.select_for_update().get(pk=device.pk)
    wait = _throttle_wait(device)
    if wait:
        return Verification(error=throttled_message(wait))
    if not device.verify_token(_clean_code(code)):
        return Verification(error=WRONG_RECOVERY_CODE)
    _second_factor_passed(request, device)
    log.info("Recovery code used by %r.", request.user.get_username())
    return Verification(device=device)


def _random_recovery_code() -> str:
    # 10 characters from an alphabet without look-alikes (no 0/o, 1/l/i), about 50 bits.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with ``RECOVERY_CODE_COUNT`` fresh ones."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [_random_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}" if len(code) == 10 else code


class LastDeviceError(Exception):
    """Removing this device would leave the user without a second factor."""


@transaction.atomic
def remove_device(user, kind: str, device_id: int) -> str:
    """Remove one of the user's own apps or passkeys, while one other remains.

    Returns the removed device's name. Raises ``LookupError`` for a device that is not the
    user's, and ``LastDeviceError`` for the last app or passkey.
    """
    models = {"totp": TOTPDevice, "passkey": WebAuthnCredential}
    model = models.get(kind)
    if model is None:
        raise LookupError(kind)
    device = model.objects.select_for_update().filter(user=user, pk=device_id).first()
    if device is None:
        raise LookupError(device_id)
    if device.confirmed and totp_devices(user).count() + passkeys(user).count() <= 1:
        raise LastDeviceError
    name = device.name
    device.delete()
    log.info("Second-factor device %r removed by its owner %r.", name, user.get_username())
    return name


# -- admin reset ---------------------------------------------------------------------------


def may_reset(actor, target) -> bool:
    """The platform superuser may reset anyone's second factor; a functional admin only that
    of staff of their own organisation (never a superuser's)."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    return (
        has_role(actor, FUNCTIONAL_ADMIN)
        and actor.organisation_id is not None
        and target.organisation_id == actor.organisation_id
        and not target.is_superuser
    )


@transaction.atomic
def reset_second_factor(*, actor, target) -> int:
    """Delete every second-factor device of ``target``: they enrol again at the next log-in.

    Refuses (PermissionDenied) an actor who may not. Recorded in the admin's history of the
    staff member (LogEntry) and in the log. Returns the number of devices removed.
    """
    if not may_reset(actor, target):
        raise PermissionDenied
    removed = 0
    for model in (TOTPDevice, StaticDevice, WebAuthnCredential):
        count, _ = model.objects.filter(user=target).delete()
        removed += count
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[target],
        action_flag=CHANGE,
        change_message="Tweestapsverificatie hersteld: alle inlogmiddelen verwijderd.",
        single_object=True,
    )
    log.info(
        "Second factor of %r reset by %r (%d records removed).",
        target.get_username(),
        actor.get_username(),
        removed,
    )
    return removed


def resettable_staff(actor, organisation):
    """The staff whose second factor ``actor`` may reset on this organisation's site."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(organisation=organisation).order_by("username")
    if actor.is_superuser:
        return users
    if organisation is None or actor.organisation_id != organisation.pk:
        return users.none()
    if not has_role(actor, FUNCTIONAL_ADMIN):
        return users.none()
    return users.filter(is_superuser=False)


# -- demo and tests ------------------------------------------------------------------------


def ensure_totp_device(user, key_hex: str, name: str = TOTP_DEVICE_NAME) -> TOTPDevice:
    """A confirmed authenticator-app device with this key (idempotent)."""
    device = TOTPDevice.objects.filter(user=user, key=key_hex, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, key=key_hex, name=name, confirmed=True)
    return device


def current_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code an authenticator app shows now for this device."""
    import time

    # As an app shows it: from the clock alone (the device allows for its drift itself).
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, drift=0)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def verified_device_id(request: HttpRequest) -> str | None:
    return request.session.get(DEVICE_ID_SESSION_KEY)
