from collections.abc import Callable
from functools import wraps

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache

from achterkant.conf.error_views import error_page
from achterkant.desk.landing import start_page
from achterkant.staff.roles import ADMIN_ROLES

NO_ADMIN_TITLE = "Geen toegang tot het beheer"
NO_ADMIN_TEXT = (
    "Het beheer is voor functioneel beheerders en kennisredacteuren. Met uw rol werkt u in de"
    " werkomgeving. Denkt u dat u hier wel moet kunnen komen? Vraag dan uw functioneel"
    " beheerder om de juiste rol."
)


class AchterkantAdminSite(admin.AdminSite):
    site_header = "Achterkant — functioneel beheer"
    site_title = "Achterkant beheer"
    index_title = "Beheer"
    # Not Django's "Website bekijken" to "/": our own link to the desk (admin/base_site.html).
    site_url = None

    def has_permission(self, request: HttpRequest) -> bool:
        """Only functional admins and knowledge editors of this site's organisation get in.

        Remembered for the request (``admin_view`` asks too): one query, not two.
        """
        user = request.user
        remembered = getattr(request, "_achterkant_admin_permission", None)
        if remembered is not None and remembered[0] == user.pk:
            return remembered[1]
        allowed = self._has_permission(request)
        request._achterkant_admin_permission = (user.pk, allowed)
        return allowed

    def _has_permission(self, request: HttpRequest) -> bool:
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

    def admin_view(self, view: Callable, cacheable: bool = False) -> Callable:
        """A logged-in staff member without an admin role gets a 403, not the log-in page.

        Django sends everyone the admin may not admit to its log-in form, which to an agent
        or case worker who is logged in already reads as a broken log-in. They get the
        desk's Dutch 403 page instead, with the way back to their own start page. Anyone not
        logged in is still sent to log in (``/admin/login/``); log-out keeps Django's way.
        """
        guarded = super().admin_view(view, cacheable)

        @wraps(guarded)
        def inner(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = request.user
            if (
                user.is_authenticated
                and not self.has_permission(request)
                and request.path != reverse("admin:logout", current_app=self.name)
            ):
                return error_page(request, 403, NO_ADMIN_TITLE, NO_ADMIN_TEXT)
            return guarded(request, *args, **kwargs)

        return inner if cacheable else never_cache(inner)

    def each_context(self, request: HttpRequest) -> dict:
        """Adds ``desk_url``: the way back to the desk, to this role's own desk start page."""
        context = super().each_context(request)
        user = request.user
        context["desk_url"] = start_page(user, in_desk=True) if user.is_authenticated else ""
        return context
