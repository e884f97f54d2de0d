"""Functional admins set up teams, skills, routing rules and the SLA policy here.

Every dropdown lists only the own organisation's rows: ``Model.objects`` is scoped to
the organisation the request was made for, and users are filtered explicitly.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model

from achterkant.routing import admin_staff  # noqa: F401  (a staff member's teams, issue 17)
from achterkant.routing.models import RoutingRule, Skill, SlaPolicy, Team, TeamMembership
from achterkant.tenancy.admin import TenantAdmin


@admin.register(Skill)
class SkillAdmin(TenantAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 1
    fields = ["user", "skills"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = get_user_model().objects.filter(
                organisation=request.organisation, is_active=True
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "skills":
            kwargs["queryset"] = Skill.objects.all()
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Team)
class TeamAdmin(TenantAdmin):
    list_display = ["name", "identification", "email", "auto_assign", "required_skill"]
    list_filter = ["auto_assign"]
    search_fields = ["name", "identification"]
    inlines = [TeamMembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("required_skill")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "required_skill":
            kwargs["queryset"] = Skill.objects.all()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(RoutingRule)
class RoutingRuleAdmin(TenantAdmin):
    """The first active rule from the top that matches decides; the list edits the order."""

    list_display = [
        "order", "description", "product_code", "case_type_identification", "channel",
        "postcode_from", "postcode_to", "team", "active",
    ]  # fmt: skip
    list_display_links = ["description"]
    list_editable = ["order", "active"]
    list_filter = ["active", "channel", "team"]
    search_fields = ["description", "product_code", "case_type_identification"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("team")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "team":
            kwargs["queryset"] = Team.objects.all()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(SlaPolicy)
class SlaPolicyAdmin(TenantAdmin):
    list_display = ["__str__", "warning_fraction", "lex_silencio_alert_working_days"]

    def has_add_permission(self, request) -> bool:
        # One policy per organisation: once it exists, it is changed, not added again.
        return super().has_add_permission(request) and not SlaPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
