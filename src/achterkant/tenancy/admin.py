from django.contrib import admin

from achterkant.tenancy.models import Hostname, Organisation


def _is_platform_admin(request) -> bool:
    return request.user.is_active and request.user.is_superuser


class HostnameInline(admin.TabularInline):
    """An organisation's host names: shown to its functional admin, set by the superuser.

    A host name decides which organisation a citizen gives their data to, so only the
    platform superuser adds, changes or deletes one, whatever permissions a group holds.
    """

    model = Hostname
    extra = 1

    def get_extra(self, request, obj=None, **kwargs) -> int:
        return 1 if _is_platform_admin(request) else 0

    def has_add_permission(self, request, obj=None) -> bool:
        return _is_platform_admin(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return _is_platform_admin(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return _is_platform_admin(request)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "rsin", "slug"]
    inlines = [HostnameInline]

    def get_queryset(self, request):
        # A functional admin manages their own organisation only.
        return super().get_queryset(request).filter(pk=request.organisation.pk)

    def get_readonly_fields(self, request, obj=None):
        # The name is the organisation's own to change; the RSIN (bronorganisatie) and
        # the slug (used by commands and the seed to find the tenant) are the platform's.
        if _is_platform_admin(request):
            return ()
        return ("rsin", "slug")

    def has_add_permission(self, request) -> bool:
        return _is_platform_admin(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Hostname)
class HostnameAdmin(admin.ModelAdmin):
    """Every organisation's host names, for the platform superuser only."""

    list_display = ["hostname", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["hostname"]

    def has_module_permission(self, request) -> bool:
        return _is_platform_admin(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return _is_platform_admin(request)

    def has_add_permission(self, request) -> bool:
        return _is_platform_admin(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return _is_platform_admin(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return _is_platform_admin(request)


class TenantAdmin(admin.ModelAdmin):
    """Admin for tenant-owned models: the organisation comes from the request."""

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.organisation = request.organisation
        super().save_model(request, obj, form, change)
