from django.contrib import admin

from achterkant.tenancy.admin import TenantAdmin
from achterkant.worktime.models import DecreeHoliday, OpeningHours


@admin.register(DecreeHoliday)
class DecreeHolidayAdmin(admin.ModelAdmin):
    """National data shared by every organisation: only technical admins change it."""

    list_display = ["date", "name", "decree_reference"]
    date_hierarchy = "date"
    search_fields = ["name", "decree_reference"]

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


@admin.register(OpeningHours)
class OpeningHoursAdmin(TenantAdmin):
    list_display = ["weekday", "opens", "closes"]
