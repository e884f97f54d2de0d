"""Functional admins manage the catalogue here. Published versions are read-only."""

from copy import copy
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from achterkant.catalog import selectielijst
from achterkant.catalog.admin_forms import (
    CaseTypeDocumentTypeForm,
    ProductForm,
    duration_formfield,
)
from achterkant.catalog.form_editor import (
    FormDefinitionField,
    export_response,
    preview_response,
    render_read_only,
)
from achterkant.catalog.models import (
    CasePropertyType,
    CaseType,
    CaseTypeDocumentType,
    Catalogue,
    DecisionType,
    DocumentType,
    Product,
    ResultType,
    RoleType,
    ServiceNorm,
    StatusType,
)
from achterkant.catalog.services import (
    case_type_new_version,
    case_type_publish,
    check_end_of_validity,
    decision_type_publish,
    document_type_publish,
    emit_type_event,
    versioned_type_set_end_of_validity,
)
from achterkant.tenancy.admin import TenantAdmin


class TenantInline(admin.TabularInline):
    """Inline rows get the organisation of the request, like TenantAdmin's own rows."""

    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        organisation = request.organisation

        class TenantFormSet(formset):
            def save_new(self, form, commit=True):
                form.instance.organisation = organisation
                return super().save_new(form, commit=commit)

        return TenantFormSet


class CaseTypePartInline(TenantInline):
    """Parts of a published case type cannot change: make a new version instead."""

    def _editable(self, obj) -> bool:
        return obj is None or obj.is_concept

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Terms as a number plus a unit, as on the case type itself (catalog.admin_forms).
        return duration_formfield(db_field, **kwargs) or super().formfield_for_dbfield(
            db_field, request, **kwargs
        )

    def has_add_permission(self, request, obj=None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


class StatusTypeInline(CaseTypePartInline):
    model = StatusType
    fields = ["sequence", "name", "citizen_text", "inform_citizen", "lead_time"]


# A changed Selectielijst reference is checked against the configured service, as the
# Catalogi API checks it (catalog.selectielijst).
SELECTIELIJST_FIELDS = {
    "selection_list_process_type": selectielijst.procestype,
    "selection_list_class": selectielijst.resultaat,
    "result_type_description_url": selectielijst.resultaattypeomschrijving,
}


def check_selectielijst_fields(form: forms.ModelForm, cleaned: dict) -> None:
    for name, check in SELECTIELIJST_FIELDS.items():
        if name in form.changed_data and cleaned.get(name):
            try:
                check(cleaned[name])
            except selectielijst.SelectielijstError as error:
                form.add_error(name, error.message)


class ResultTypeForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        check_selectielijst_fields(self, cleaned)
        return cleaned


class ResultTypeInline(CaseTypePartInline):
    model = ResultType
    form = ResultTypeForm
    fields = [
        "description", "result_type_description_url", "selection_list_class",
        "archive_nomination", "archive_action_term", "source_date_derivation",
        "source_date_attribute", "source_date_end_date_known", "source_date_object_type",
        "source_date_registration", "source_date_process_term",
    ]  # fmt: skip


class RoleTypeInline(CaseTypePartInline):
    model = RoleType


class CasePropertyTypeInline(CaseTypePartInline):
    model = CasePropertyType


class CaseTypeDocumentTypeInline(CaseTypePartInline):
    model = CaseTypeDocumentType
    form = CaseTypeDocumentTypeForm  # a Dutch column label, also when read-only

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "document_type":
            kwargs["queryset"] = DocumentType.objects.all()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Catalogue)
class CatalogueAdmin(TenantAdmin):
    list_display = ["__str__", "domain", "rsin"]


class VersionedTypeAdmin(TenantAdmin):
    """Concepts are edited and deleted freely. A published version is read-only and cannot
    be deleted; only its end of validity may change, through the service that checks it."""

    actions = ["publish"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Terms as a number plus a unit, not as ISO 8601 text (catalog.admin_forms).
        return duration_formfield(db_field, **kwargs) or super().formfield_for_dbfield(
            db_field, request, **kwargs
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "catalogue":
            kwargs["queryset"] = Catalogue.objects.all()
            kwargs["label"] = "Catalogus"
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @staticmethod
    def publish_one(obj):  # pragma: no cover - every subclass sets its publish service
        raise NotImplementedError

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_concept:
            opts = self.model._meta
            return [
                # The model field's label is English; the display shows it in Dutch.
                "catalogue_display" if f.name == "catalogue" else f.name
                for f in (*opts.fields, *opts.many_to_many)
                if f.name not in ("id", "organisation", "valid_until")
            ]  # fmt: skip
        return super().get_readonly_fields(request, obj)

    def get_exclude(self, request, obj=None):
        if obj is not None and not obj.is_concept:  # shown read-only as catalogue_display
            return [*(super().get_exclude(request, obj) or []), "catalogue"]
        return super().get_exclude(request, obj)

    @admin.display(description="catalogus")
    def catalogue_display(self, obj) -> str:
        return str(obj.catalogue)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and not obj.is_concept:
            return False
        return super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class EndOfValidityForm(form):
            """Refuse an impossible end of validity as a form error, in Dutch."""

            def clean(self):
                cleaned = super().clean()
                check_selectielijst_fields(self, cleaned)
                if "valid_until" not in cleaned:
                    return cleaned
                version = self.instance
                if version.pk is None or version.is_concept:
                    version = copy(version)
                    version.valid_from = cleaned.get("valid_from") or version.valid_from
                    if version.valid_from is None:
                        return cleaned
                try:
                    check_end_of_validity(version, cleaned["valid_until"])
                except ValidationError as error:
                    self.add_error(None, error)
                return cleaned

        return EndOfValidityForm

    def save_model(self, request, obj, form, change) -> None:
        if change and not obj.is_concept:
            # The form checked the date; the service checks it again under a lock.
            versioned_type_set_end_of_validity(obj, obj.valid_until, actor=request.user)
            return
        super().save_model(request, obj, form, change)
        # The admin saves a concept itself; subscribers hear of it as of an API change.
        emit_type_event(obj, "update" if change else "create", actor=request.user)

    def delete_model(self, request, obj) -> None:
        emit_type_event(obj, "destroy", actor=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            emit_type_event(obj, "destroy", actor=request.user)
        super().delete_queryset(request, queryset)

    @admin.action(description="Publiceren")
    def publish(self, request, queryset) -> None:
        for obj in queryset:
            try:
                self.publish_one(obj)
            except ValidationError as error:
                self.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{obj} is gepubliceerd.", messages.SUCCESS)


# The read-only display of a published version's form (CaseTypeAdmin).
FORM_READ_ONLY = "form_definition_read_only"


@admin.register(CaseType)
class CaseTypeAdmin(VersionedTypeAdmin):
    list_display = ["identification", "description", "valid_from", "valid_until", "is_concept"]
    list_filter = ["is_concept"]
    search_fields = ["identification", "description"]
    readonly_fields = ["is_concept"]
    radio_fields = {"extension_kind": admin.VERTICAL}  # Awb 4:14: two long, distinct choices
    inlines = [
        StatusTypeInline, ResultTypeInline, RoleTypeInline, CasePropertyTypeInline,
        CaseTypeDocumentTypeInline,
    ]  # fmt: skip
    actions = ["publish", "new_version"]

    class Media:
        # Also for a published version, which shows its form without the editor's widget.
        css = {"all": ["achterkant/form-editor.css"]}

    @staticmethod
    def publish_one(obj):
        return case_type_publish(case_type=obj)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and not obj.is_concept:
            # A published form is shown as the citizen sees it, not as JSON. The stored
            # field stays out of the form (get_exclude), so it cannot be posted either.
            return [FORM_READ_ONLY if name == "form_definition" else name for name in fields]
        return fields

    def get_exclude(self, request, obj=None):
        exclude = super().get_exclude(request, obj)
        if obj is not None and not obj.is_concept:
            return [*(exclude or []), "form_definition"]
        return exclude

    @admin.display(description="Webformulier (e-loket)")
    def form_definition_read_only(self, obj: CaseType) -> str:
        """This version's own stored form, rendered as the live preview renders it."""
        export_url = reverse("admin:catalog_casetype_form_export", args=[quote(obj.pk)])
        return render_read_only(obj, export_url=export_url)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "form_definition":
            # The e-loket form as a list of fields with a live preview (catalog.form_editor).
            return FormDefinitionField(
                label="Webformulier (e-loket)",
                help_text="De vragen van het aanvraagformulier in Mijn gemeente. Zonder "
                "vragen is dit zaaktype niet online aan te vragen.",
                preview_url=reverse("admin:catalog_casetype_form_preview"),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self):
        own = [
            path(
                "formulier-voorbeeld/",
                self.admin_site.admin_view(require_POST(self.form_preview_view)),
                name="catalog_casetype_form_preview",
            ),
            path(
                "<path:object_id>/formulier.json",
                self.admin_site.admin_view(self.form_export_view),
                name="catalog_casetype_form_export",
            ),
        ]
        return own + super().get_urls()

    def form_preview_view(self, request):
        """The live preview of the form editor: whoever may edit a case type may see it."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        return preview_response(request)

    def form_export_view(self, request, object_id):
        """The stored form as a JSON file ("JSON exporteren"), for any version one may see."""
        case_type = self.get_object(request, object_id)
        if case_type is None:
            raise Http404("Dit zaaktype bestaat niet.")
        if not self.has_view_or_change_permission(request, case_type):
            raise PermissionDenied
        return export_response(case_type)

    @admin.action(description="Nieuwe versie maken (geldig vanaf morgen)")
    def new_version(self, request, queryset) -> None:
        tomorrow = timezone.localdate() + timedelta(days=1)
        for case_type in queryset:
            try:
                new = case_type_new_version(case_type=case_type, valid_from=tomorrow)
            except ValidationError as error:
                self.message_user(
                    request, f"{case_type}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                self.message_user(request, f"Nieuwe conceptversie: {new}.", messages.SUCCESS)


@admin.register(DocumentType)
class DocumentTypeAdmin(VersionedTypeAdmin):
    list_display = ["description", "category", "confidentiality", "valid_from", "is_concept"]
    list_filter = ["is_concept"]
    readonly_fields = ["is_concept"]

    @staticmethod
    def publish_one(obj):
        return document_type_publish(document_type=obj)


@admin.register(DecisionType)
class DecisionTypeAdmin(VersionedTypeAdmin):
    list_display = ["description", "category", "valid_from", "is_concept"]
    list_filter = ["is_concept"]
    readonly_fields = ["is_concept"]
    filter_horizontal = ["case_types", "document_types"]

    @staticmethod
    def publish_one(obj):
        return decision_type_publish(decision_type=obj)


class ServiceNormInline(TenantInline):
    model = ServiceNorm


@admin.register(Product)
class ProductAdmin(TenantAdmin):
    form = ProductForm  # the case type is chosen from the organisation's own
    list_display = ["name", "code", "case_type_identification"]
    inlines = [ServiceNormInline]
