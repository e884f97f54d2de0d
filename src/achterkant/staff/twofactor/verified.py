"""Which device verified a staff session, known without reading the device on every request.

django-otp's ``OTPMiddleware`` reads the device named in the session on every request of a
staff member who logged in with an authenticator app, recovery code or passkey: one query
on every desk page, only to learn that the device still exists, is confirmed and is the
user's own (then ``user.is_verified()``).

Here the answer is kept in the session with the ``second_factor_version`` of the user row
it was checked against. That row comes with the session's own query
(``staff.sessions``), so comparing costs nothing. Whatever changes one of the user's devices
(confirmed, removed, reset by an admin, used) raises that version by one, in the database
and in the same transaction as the change (``bump``, connected in ``staff.apps``). The next
request of every session of that user, in any process, then sees another version and reads
the device again, exactly as django-otp does: a removed device unverifies its sessions at
once. The device itself is still there for whoever asks for it (``user.otp_device``, read
on first use).
"""

import functools

from django.db.models import F
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware

from achterkant.staff.models import User

SESSION_KEY = "achterkant_second_factor_checked"


class VerifiedDeviceMiddleware(OTPMiddleware):
    """django-otp's middleware; the device is read only when the user's devices changed
    since this session last checked it."""

    def _verify_user_sync(self, request, user):
        self._init_user_fields(user)
        if not user.is_authenticated:
            return user
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        version = getattr(user, "second_factor_version", None)
        if not persistent_id or version is None:  # no device, or a user of another model
            return super()._verify_user_sync(request, user)
        checked = [str(user.pk), persistent_id, version]
        if request.session.get(SESSION_KEY) == checked:
            user.otp_device = SimpleLazyObject(
                functools.partial(self._device_from_persistent_id, persistent_id)
            )
            return user
        # The version was read with the user row, before the device: a change committed in
        # between raised it past this one already, so the next request checks again.
        device = self._device_from_persistent_id(persistent_id)
        user.otp_device = self._finalize_device(request, user, device)
        if user.otp_device is not None:
            request.session[SESSION_KEY] = checked
        else:
            request.session.pop(SESSION_KEY, None)
        return user


def bump(sender, instance, **kwargs) -> None:
    """A device of the user was saved or deleted: raise their version, without a race."""
    User.objects.filter(pk=instance.user_id).update(
        second_factor_version=F("second_factor_version") + 1
    )


def connect() -> None:
    from django.db.models.signals import post_delete, post_save
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp_webauthn.models import WebAuthnCredential

    # Per model, not for every sender: a receiver for all models would also stop Django's
    # fast deletes everywhere.
    for model in (TOTPDevice, StaticDevice, WebAuthnCredential):
        uid = f"achterkant.staff.twofactor.verified.{model._meta.label_lower}"
        post_save.connect(bump, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(bump, sender=model, dispatch_uid=uid + ".delete")
