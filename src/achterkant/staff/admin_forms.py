"""The admin's form for a staff member: name, e-mail, active and roles, nothing more.

No password, superuser, staff flag, organisation or loose permission is on it: those are
not a functional admin's to set. The rules themselves are in ``staff.services``; the form
only shows their errors next to the right field before anything is saved.
"""

from django import forms
from django.contrib.auth.models import Group

from achterkant.staff import services
from achterkant.staff.models import User


class StaffMemberForm(forms.ModelForm):
    roles = forms.ModelMultipleChoiceField(
        label="Rollen",
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Wat de medewerker mag doen. Zonder rol komt de medewerker nergens binnen.",
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "is_active"]
        labels = {
            "username": "Gebruikersnaam",
            "first_name": "Voornaam",
            "last_name": "Achternaam",
            "email": "E-mailadres",
            "is_active": "Actief",
        }
        help_texts = {
            "username": "Hiermee logt de medewerker in. Letters, cijfers en @ . + - _.",
            "is_active": (
                "Uit: de medewerker kan niet meer inloggen. Het account blijft bestaan, "
                "zodat de geschiedenis van zaken en contacten compleet blijft."
            ),
        }

    # Set by the admin before the form is used: the staff member making the change.
    actor = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roles"].queryset = services.assignable_roles()
        if self.instance.pk:
            self.initial.setdefault(
                "roles", list(self.instance.groups.filter(name__in=services.ROLES))
            )

    def clean_username(self) -> str:
        username = (self.cleaned_data.get("username") or "").strip()
        if self.instance.pk:
            return self.instance.username
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(services.USERNAME_TAKEN)
        return username

    def role_names(self) -> frozenset[str]:
        return frozenset(group.name for group in self.cleaned_data.get("roles") or ())

    def clean(self):
        cleaned = super().clean()
        errors = services.staff_member_errors(
            actor=self.actor,
            member=self.instance if self.instance.pk else None,
            is_active=cleaned.get("is_active", True),
            roles=self.role_names(),
        )
        for field, message in errors.items():
            self.add_error(field if field in self.fields else None, message)
        return cleaned

    def staff_member_data(self) -> services.StaffMemberData:
        cleaned = self.cleaned_data
        return services.StaffMemberData(
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
            email=cleaned.get("email", ""),
            is_active=cleaned.get("is_active", True),
            roles=self.role_names(),
        )
