from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.functional import cached_property

from achterkant.staff.sso.selectors import active_configuration


class StaffLoginForm(AuthenticationForm):
    """Log-in that only admits staff of the organisation this site belongs to.

    Where the organisation has single sign-on on, the page offers its provider; where it
    also switched local passwords off, a password log-in is refused with that reason (the
    password backend refuses it as well, also on the admin's log-in page). The platform
    superuser (no organisation) can still log in with a password.
    """

    error_messages = {
        "invalid_login": "De gebruikersnaam of het wachtwoord klopt niet.",
        "inactive": "Dit account is uitgeschakeld.",
        "wrong_organisation": "De gebruikersnaam of het wachtwoord klopt niet.",
        "passwords_off": (
            "Bij deze organisatie logt u in met uw organisatie-account, niet met een "
            "wachtwoord. Gebruik de knop hierboven."
        ),
    }

    @cached_property
    def sso_configuration(self):
        return active_configuration(getattr(self.request, "organisation", None))

    @property
    def password_login_open(self) -> bool:
        configuration = self.sso_configuration
        return configuration is None or configuration.local_passwords_enabled

    def clean(self):
        if self.password_login_open:
            return super().clean()
        try:
            return super().clean()
        except forms.ValidationError as error:
            # Whoever tries a password here is told why it cannot work, whether or not
            # the account exists; only the platform superuser gets past.
            if error.code in ("invalid_login", "wrong_organisation"):
                raise forms.ValidationError(
                    self.error_messages["passwords_off"], code="passwords_off"
                ) from error
            raise

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        organisation = getattr(self.request, "organisation", None)
        if not user.is_superuser and (
            organisation is None or user.organisation_id != organisation.pk
        ):
            # Same message as a wrong password: do not reveal that the account exists.
            raise forms.ValidationError(
                self.error_messages["wrong_organisation"], code="wrong_organisation"
            )
        if not self.password_login_open and user.organisation_id is not None:
            raise forms.ValidationError(self.error_messages["passwords_off"], code="passwords_off")
