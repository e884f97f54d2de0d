"""Functional admins manage the triage's examples (one by one or from CSV) and threshold."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from achterkant.catalog.models import Product
from achterkant.contacts.triage.csv_import import MAX_BYTES, CsvImportError, import_examples_csv
from achterkant.contacts.triage.models import ExampleSource, TriageExample, TriageSettings
from achterkant.tenancy.admin import TenantAdmin


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV-bestand",
        help_text=(
            "Twee kolommen met kolomnamen op de eerste regel: product_code,text. "
            "Komma of puntkomma als scheidingsteken, UTF-8."
        ),
    )


@admin.register(TriageExample)
class TriageExampleAdmin(TenantAdmin):
    """Texts labelled with their product; the model of this organisation learns from them."""

    list_display = ["short_text", "product", "source", "suggested_code", "created_at"]
    list_filter = ["product", "source"]
    search_fields = ["text"]
    list_select_related = ["product"]
    change_list_template = "admin/triage/triageexample/change_list.html"

    def get_fields(self, request, obj=None):
        # The source says where an example came from; the live accuracy counts only the
        # agents' confirmations, so an admin cannot label an example as one.
        return ["text", "product"] if obj is None else ["text", "product", *self.readonly_info]

    readonly_info = ["source", "suggested_code", "created_at", "created_by"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_info

    @admin.display(description="tekst")
    def short_text(self, obj: TriageExample) -> str:
        return obj.text if len(obj.text) <= 80 else obj.text[:79] + "…"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "product":
            kwargs["queryset"] = Product.objects.all()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
            obj.source = ExampleSource.ADMIN
        super().save_model(request, obj, form, change)

    def get_urls(self):
        own = [
            path(
                "importeren/",
                self.admin_site.admin_view(self.import_view),
                name="triage_triageexample_import",
            )
        ]
        return own + super().get_urls()

    def import_view(self, request):
        """Upload a CSV: every row is added, or none (with each bad row named)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        errors: list[str] = []
        form = CsvUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_BYTES:
                errors = [f"Het bestand is groter dan {MAX_BYTES // (1024 * 1024)} MB."]
            else:
                try:
                    count = import_examples_csv(actor=request.user, data=upload.read())
                except CsvImportError as error:
                    errors = error.errors
                else:
                    messages.success(
                        request,
                        f"{count} voorbeelden geïmporteerd. Ze tellen mee bij de volgende "
                        "training (elke nacht, of met 'achterkant triage train').",
                    )
                    return HttpResponseRedirect(reverse("admin:triage_triageexample_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Voorbeeldteksten importeren",
            "form": form,
            "errors": errors,
        }
        return TemplateResponse(request, "admin/triage/triageexample/import.html", context)


@admin.register(TriageSettings)
class TriageSettingsAdmin(TenantAdmin):
    """The auto-route threshold; one row per organisation."""

    list_display = ["__str__", "threshold", "trained_at", "trained_examples"]
    fields = ["threshold", "trained_at", "trained_examples"]
    readonly_fields = ["trained_at", "trained_examples"]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not TriageSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
