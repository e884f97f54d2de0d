"""The single sign-on configuration, in the admin: each organisation sees only its own."""

import json

from django import forms
from django.contrib import admin
from django.urls import reverse

from achterkant.staff.models import OidcConfiguration
from achterkant.staff.roles import FUNCTIONAL_ADMIN, has_role
from achterkant.staff.sso.provider import forget_provider_metadata
from achterkant.tenancy.admin import TenantAdmin


def _is_platform_admin(request) -> bool:
    return request.user.is_active and request.user.is_superuser


def _may_configure(request) -> bool:
    """The platform superuser, and the functional admin of the site's own organisation.

    Checked by role on top of the model permissions (which only the functional-admin role
    holds): the provider decides who gets in as whom, so no other role may touch it,
    whatever permissions a group is given by hand.
    """
    if _is_platform_admin(request):
        return True
    organisation = getattr(request, "organisation", None)
    user = request.user
    return (
        user.is_active
        and organisation is not None
        and user.organisation_id == organisation.pk
        and has_role(user, FUNCTIONAL_ADMIN)
    )


class OidcConfigurationForm(forms.ModelForm):
    # Written, never shown back: an empty field keeps the stored secret.
    client_secret = forms.CharField(
        label="client secret",
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Wordt niet getoond. Leeg laten houdt het opgeslagen secret.",
    )

    class Meta:
        model = OidcConfiguration
        fields = [
            "enabled",
            "display_name",
            "issuer",
            "client_id",
            "client_secret",
            "scopes",
            "signing_algorithm",
            "username_claim",
            "groups_claim",
            "role_mapping",
            "local_passwords_enabled",
            "idp_enforces_mfa",
        ]

    def clean_client_secret(self) -> str:
        return self.cleaned_data.get("client_secret") or (
            self.instance.client_secret if self.instance.pk else ""
        )

    def clean_role_mapping(self):
        # The admin shows {} as "{}"; a blank field means no mapping.
        return self.cleaned_data.get("role_mapping") or {}


@admin.register(OidcConfiguration)
class OidcConfigurationAdmin(TenantAdmin):
    """The organisation of the site's host name only, also for the platform superuser.

    Like every tenant-owned row: the organisation comes from the request, so a
    configuration is always made and changed on its own organisation's site.
    """

    form = OidcConfigurationForm
    list_display = ["__str__", "enabled", "issuer", "local_passwords_enabled"]
    readonly_fields = ["redirect_uri"]
    fieldsets = [
        (None, {"fields": ["enabled", "display_name"]}),
        (
            "Inlogdienst",
            {
                "fields": [
                    "issuer",
                    "client_id",
                    "client_secret",
                    "redirect_uri",
                    "scopes",
                    "signing_algorithm",
                ]
            },
        ),
        ("Gebruikers en rollen", {"fields": ["username_claim", "groups_claim", "role_mapping"]}),
        ("Beveiliging", {"fields": ["local_passwords_enabled", "idp_enforces_mfa"]}),
    ]

    @admin.display(description="redirect-URI (geef deze op bij de inlogdienst)")
    def redirect_uri(self, obj) -> str:
        path = reverse("staff:sso:callback")
        if obj is None or obj.organisation_id is None:
            return path
        hosts = [name.hostname for name in obj.organisation.hostnames.all()]
        return ", ".join(f"https://{host}{path}" for host in hosts) or path

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "role_mapping" and field is not None:
            field.widget.attrs.setdefault("rows", 6)
        return field

    def has_module_permission(self, request) -> bool:
        return _may_configure(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return _may_configure(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return _may_configure(request) and super().has_change_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        # One configuration per organisation: once it exists, it is changed.
        return (
            _may_configure(request)
            and super().has_add_permission(request)
            and not OidcConfiguration.objects.exists()
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        # Switch it off instead; only the platform removes one.
        return _is_platform_admin(request)

    def save_model(self, request, obj, form, change) -> None:
        if isinstance(obj.role_mapping, str):
            obj.role_mapping = json.loads(obj.role_mapping)
        super().save_model(request, obj, form, change)
        forget_provider_metadata(obj.issuer)
