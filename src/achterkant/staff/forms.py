from django import forms
from django.contrib.auth.forms import AuthenticationForm


class StaffLoginForm(AuthenticationForm):
    """Log-in that only admits staff of the organisation this site belongs to."""

    error_messages = {
        "invalid_login": "De gebruikersnaam of het wachtwoord klopt niet.",
        "inactive": "Dit account is uitgeschakeld.",
        "wrong_organisation": "De gebruikersnaam of het wachtwoord klopt niet.",
    }

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
