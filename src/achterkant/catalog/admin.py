"""Functional admins manage the catalogue here. Published versions are read-only."""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone

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
from achterkant.catalog.services import case_type_new_version, case_type_publish
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

    def has_add_permission(self, request, obj=None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


class StatusTypeInline(CaseTypePartInline):
    model = StatusType
    fields = ["sequence", "name", "citizen_text", "inform_citizen", "lead_time"]


class ResultTypeInline(CaseTypePartInline):
    model = ResultType
    fields = [
        "description", "archive_nomination", "archive_action_term", "source_date_derivation",
        "source_date_attribute", "source_date_process_term",
    ]  # fmt: skip


class RoleTypeInline(CaseTypePartInline):
    model = RoleType


class CasePropertyTypeInline(CaseTypePartInline):
    model = CasePropertyType


class CaseTypeDocumentTypeInline(CaseTypePartInline):
    model = CaseTypeDocumentType

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "document_type":
            kwargs["queryset"] = DocumentType.objects.all()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Catalogue)
class CatalogueAdmin(TenantAdmin):
    list_display = ["__str__", "domain", "rsin"]


@admin.register(CaseType)
class CaseTypeAdmin(TenantAdmin):
    list_display = ["identification", "description", "valid_from", "valid_until", "is_concept"]
    list_filter = ["is_concept"]
    search_fields = ["identification", "description"]
    readonly_fields = ["is_concept"]
    inlines = [
        StatusTypeInline, ResultTypeInline, RoleTypeInline, CasePropertyTypeInline,
        CaseTypeDocumentTypeInline,
    ]  # fmt: skip
    actions = ["publish", "new_version"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_concept:
            # Only the end of validity may change on a published version.
            return [f.name for f in self.model._meta.fields if f.name != "valid_until"]
        return super().get_readonly_fields(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "catalogue":
            kwargs["queryset"] = Catalogue.objects.all()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description="Publiceren")
    def publish(self, request, queryset) -> None:
        for case_type in queryset:
            try:
                case_type_publish(case_type=case_type)
            except ValidationError as error:
                self.message_user(
                    request, f"{case_type}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                self.message_user(request, f"{case_type} is gepubliceerd.", messages.SUCCESS)

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
class DocumentTypeAdmin(TenantAdmin):
    list_display = ["description", "category", "confidentiality", "valid_from", "is_concept"]


@admin.register(DecisionType)
class DecisionTypeAdmin(TenantAdmin):
    list_display = ["description", "category", "valid_from", "is_concept"]
    filter_horizontal = ["case_types", "document_types"]


class ServiceNormInline(TenantInline):
    model = ServiceNorm


@admin.register(Product)
class ProductAdmin(TenantAdmin):
    list_display = ["name", "code", "case_type_identification"]
    inlines = [ServiceNormInline]
