from django.contrib import admin

from achterkant.routing.models import Team
from achterkant.tenancy.admin import TenantAdmin


@admin.register(Team)
class TeamAdmin(TenantAdmin):
    list_display = ["name", "identification", "email"]
    filter_horizontal = ["members"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "members":
            from django.contrib.auth import get_user_model

            kwargs["queryset"] = get_user_model().objects.filter(organisation=request.organisation)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
