"""The functional admin chooses what the organisation shares: the public service page
and the league table (``InsightsSettings``, one row per organisation).

The aggregate tables are not in the admin: they are computed, never edited by hand
(``achterkant insights rebuild`` recomputes them).
"""

from django.contrib import admin

from achterkant.insights.models import InsightsSettings
from achterkant.tenancy.admin import TenantAdmin


@admin.register(InsightsSettings)
class InsightsSettingsAdmin(TenantAdmin):
    list_display = ["organisation_name", "public_page", "in_league_table"]
    fields = ["public_page", "in_league_table"]

    @admin.display(description="organisatie")
    def organisation_name(self, obj: InsightsSettings) -> str:
        return obj.organisation.name

    def has_add_permission(self, request) -> bool:
        # One row per organisation: once it exists, it is changed, never added again.
        if InsightsSettings.objects.exists():
            return False
        return super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # switching both off says the same, and keeps the row
