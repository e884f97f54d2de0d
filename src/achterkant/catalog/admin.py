from django.contrib import admin

from achterkant.catalog.models import CaseType, Product, ServiceNorm, StatusType
from achterkant.tenancy.admin import TenantAdmin


class TenantInline(admin.TabularInline):
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        organisation = request.organisation

        class TenantFormSet(formset):
            def save_new(self, form, commit=True):
                form.instance.organisation = organisation
                return super().save_new(form, commit=commit)

        return TenantFormSet


class StatusTypeInline(TenantInline):
    model = StatusType


class ServiceNormInline(TenantInline):
    model = ServiceNorm


@admin.register(CaseType)
class CaseTypeAdmin(TenantAdmin):
    list_display = ["name", "code", "lead_time"]
    inlines = [StatusTypeInline]


@admin.register(Product)
class ProductAdmin(TenantAdmin):
    list_display = ["name", "code", "case_type"]
    list_select_related = ["case_type"]
    inlines = [ServiceNormInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # CaseType.objects is tenant-scoped; say so explicitly for the dropdown.
        if db_field.name == "case_type":
            kwargs["queryset"] = CaseType.objects.all()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
