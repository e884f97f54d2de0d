"""Functional admins register their organisation's API applications here.

The secret of a client id is shown once: when the admin saves a new client id (typed or,
left empty, generated), a message shows it. After that the field stays empty; typing a new
value replaces the secret, leaving it empty keeps the old one.
"""

import secrets

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from achterkant.api.autorisaties.models import Application, Authorisation, ClientCredential
from achterkant.api.autorisaties.services import AuthorisationData, authorisation_errors
from achterkant.tenancy.admin import TenantAdmin

# Long enough that guessing is hopeless: 256 bits.
GENERATED_SECRET_BYTES = 32


class ClientCredentialForm(forms.ModelForm):
    secret = forms.CharField(
        label="secret",
        required=False,
        max_length=255,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Alleen invullen om het secret te vervangen. Leeg bij een nieuwe client-id: "
        "er wordt er een gemaakt, die u één keer te zien krijgt.",
    )

    class Meta:
        model = ClientCredential
        fields = ["client_id", "secret"]

    def clean_client_id(self) -> str:
        client_id = self.cleaned_data["client_id"].strip()
        # Unique across every organisation; the form's own check sees only this one's rows.
        taken = ClientCredential.all_tenants.filter(client_id=client_id)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError("Deze client-id is al in gebruik.")
        return client_id

    def save(self, commit: bool = True) -> ClientCredential:
        credential = super().save(commit=False)
        new_secret = self.cleaned_data.get("secret", "")
        if new_secret:
            credential.secret = new_secret
        elif credential.pk:
            credential.secret = ClientCredential.all_tenants.get(pk=credential.pk).secret
        else:
            credential.secret = secrets.token_urlsafe(GENERATED_SECRET_BYTES)
        # Shown once, in a message after saving: a new secret only.
        self.shown_secret = credential.secret if (new_secret or not credential.pk) else ""
        if commit:
            credential.save()
        return credential


class TenantInlineFormSet(BaseInlineFormSet):
    """New inline rows get the organisation of the request."""

    organisation = None

    def save_new(self, form, commit=True):
        form.instance.organisation = self.organisation
        return super().save_new(form, commit=commit)


class AuthorisationFormSet(TenantInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        errors = []
        for index, form in enumerate(kept):
            data = AuthorisationData(
                component=form.cleaned_data.get("component", ""),
                scopes=form.cleaned_data.get("scopes") or [],
                zaaktype=form.cleaned_data.get("zaaktype", ""),
                informatieobjecttype=form.cleaned_data.get("informatieobjecttype", ""),
                besluittype=form.cleaned_data.get("besluittype", ""),
                max_vertrouwelijkheidaanduiding=form.cleaned_data.get(
                    "max_vertrouwelijkheidaanduiding", ""
                ),
            )
            errors += [
                f"Autorisatie {index + 1}: {e.name.split('.')[-1]}: {e.reason}"
                for e in authorisation_errors(index, data)
            ]
        # ac-002, as the API applies it.
        if self.instance.all_authorisations and kept:
            errors.append("Kies óf 'heeft alle autorisaties', óf losse autorisaties.")
        if not self.instance.all_authorisations and not kept:
            errors.append("Kies 'heeft alle autorisaties' of geef ten minste één autorisatie.")
        if errors:
            raise ValidationError(errors)


class ScopesField(forms.CharField):
    """Scopes as one per line (or comma-separated) in the admin, a list in the database."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [s.strip() for s in text.replace(",", "\n").splitlines() if s.strip()]


class AuthorisationForm(forms.ModelForm):
    scopes = ScopesField(widget=forms.Textarea(attrs={"rows": 3}), help_text="Eén scope per regel.")

    class Meta:
        model = Authorisation
        fields = [
            "component",
            "scopes",
            "zaaktype",
            "informatieobjecttype",
            "besluittype",
            "max_vertrouwelijkheidaanduiding",
        ]


class ClientCredentialInline(admin.TabularInline):
    model = ClientCredential
    form = ClientCredentialForm
    formset = TenantInlineFormSet
    extra = 0


class AuthorisationInline(admin.StackedInline):
    model = Authorisation
    form = AuthorisationForm
    formset = AuthorisationFormSet
    extra = 0


@admin.register(Application)
class ApplicationAdmin(TenantAdmin):
    list_display = ["label", "client_id_list", "all_authorisations"]
    search_fields = ["label"]
    fields = ["label", "all_authorisations"]
    inlines = [ClientCredentialInline, AuthorisationInline]

    @admin.display(description="client-ids")
    def client_id_list(self, obj: Application) -> str:
        return ", ".join(obj.client_ids)

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            formset.organisation = request.organisation
            yield formset, inline

    def save_formset(self, request, form, formset, change) -> None:
        super().save_formset(request, form, formset, change)
        if formset.model is ClientCredential:
            for credential_form in formset.forms:
                shown = getattr(credential_form, "shown_secret", "")
                if shown and credential_form.instance.pk:
                    messages.warning(
                        request,
                        f"Secret van {credential_form.instance.client_id}: {shown} — "
                        "bewaar het nu, het wordt niet opnieuw getoond.",
                    )

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        application = form.instance
        # The copy of the client ids the API reads (models.Application.client_ids).
        application.client_ids = list(
            application.credentials.order_by("position", "pk").values_list("client_id", flat=True)
        )
        application.save(update_fields=["client_ids"])
