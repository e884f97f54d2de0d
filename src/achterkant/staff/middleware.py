from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse


class StaffTenantMiddleware:
    """Staff of one organisation never act inside another organisation's site.

    A session cookie that belongs to organisation A, presented on organisation
    B's host name, is treated as logged out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        organisation = getattr(request, "organisation", None)
        if (
            user.is_authenticated
            and organisation is not None
            and not user.is_superuser
            and user.organisation_id != organisation.pk
        ):
            logout(request)
        return self.get_response(request)
