from django.contrib import admin
from django.http import HttpRequest

from achterkant.staff.roles import FUNCTIONAL_ADMIN, has_role


class AchterkantAdminSite(admin.AdminSite):
    site_header = "Achterkant — functioneel beheer"
    site_title = "Achterkant beheer"
    index_title = "Beheer"

    def has_permission(self, request: HttpRequest) -> bool:
        """Only functional admins of this site's organisation (and superusers) get in."""
        user = request.user
        if not (user.is_active and user.is_authenticated):
            return False
        if user.is_superuser:
            return True
        organisation = getattr(request, "organisation", None)
        return (
            organisation is not None
            and user.organisation_id == organisation.pk
            and has_role(user, FUNCTIONAL_ADMIN)
        )
