from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.template.loader import render_to_string

from achterkant.tenancy.context import use_organisation
from achterkant.tenancy.selectors import organisation_for_host

# Paths that serve no tenant's data, so they work on any host name.
TENANT_FREE_PREFIXES = ("/healthz", "/static/")


class TenantMiddleware:
    """Resolve the organisation from the host name and activate it for the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(TENANT_FREE_PREFIXES):
            request.organisation = None
            return self.get_response(request)
        organisation = organisation_for_host(request.get_host(), demo=settings.DEMO_MODE)
        if organisation is None:
            html = render_to_string("tenancy/unknown_host.html", {"host": request.get_host()})
            return HttpResponseNotFound(html)
        request.organisation = organisation
        with use_organisation(organisation):
            return self.get_response(request)
