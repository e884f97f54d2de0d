from django.contrib import admin

from achterkant.tenancy.models import Hostname, Organisation


class HostnameInline(admin.TabularInline):
    model = Hostname
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "rsin", "slug"]
    inlines = [HostnameInline]

    def get_queryset(self, request):
        # A functional admin manages their own organisation only.
        return super().get_queryset(request).filter(pk=request.organisation.pk)

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class TenantAdmin(admin.ModelAdmin):
    """Admin for tenant-owned models: the organisation comes from the request."""

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.organisation = request.organisation
        super().save_model(request, obj, form, change)
