from django.contrib import admin
from django.http import HttpRequest

from achterkant.desk.landing import start_page
from achterkant.staff.roles import ADMIN_ROLES


class AchterkantAdminSite(admin.AdminSite):
    site_header = "Achterkant — functioneel beheer"
    site_title = "Achterkant beheer"
    index_title = "Beheer"
    # Not Django's "Website bekijken" to "/": our own link to the desk (admin/base_site.html).
    site_url = None

    def has_permission(self, request: HttpRequest) -> bool:
        """Only functional admins and knowledge editors of this site's organisation get in."""
        user = request.user
        if not (user.is_active and user.is_authenticated):
            return False
        if user.is_superuser:
            return True
        organisation = getattr(request, "organisation", None)
        return (
            organisation is not None
            and user.organisation_id == organisation.pk
            and user.groups.filter(name__in=ADMIN_ROLES).exists()
        )

    def each_context(self, request: HttpRequest) -> dict:
        """Adds ``desk_url``: the way back to the desk, to this role's own desk start page."""
        context = super().each_context(request)
        user = request.user
        context["desk_url"] = start_page(user, in_desk=True) if user.is_authenticated else ""
        return context
