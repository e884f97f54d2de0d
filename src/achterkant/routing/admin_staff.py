"""A staff member's teams, on their page in the admin (issue 17).

``staff`` sits below ``routing`` and may not know teams, so routing adds this inline to the
staff member's page itself (``staff.admin.register_user_inline``). Like the team page's own
members inline, it lists and offers only the organisation's own teams and skills.
"""

from django import forms
from django.contrib import admin

from achterkant.routing.models import Skill, Team, TeamMembership
from achterkant.staff.admin import register_user_inline


class TeamsOfStaffMemberInline(admin.TabularInline):
    model = TeamMembership
    fk_name = "user"
    extra = 0
    fields = ["team", "skills"]
    verbose_name = "team"
    verbose_name_plural = "teams"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "team":
            kwargs["queryset"] = Team.objects.all()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "skills":
            kwargs["queryset"] = Skill.objects.all()
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


register_user_inline(TeamsOfStaffMemberInline)
