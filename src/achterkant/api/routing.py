"""The URL patterns of one ZGW component: schema, docs, its endpoints, and ZGW errors.

Under ``/<component>/api/v1/`` every answer is the API's: an unknown path is a 404 and a
known path with another method a 405, both ``application/problem+json`` (``not_found``,
``method_not_allowed``), never the site's HTML error page. The catch-all sits at the end
of the component's own urlconf, so the desk and portal keep their 404 page.
"""

from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from achterkant.api.framework import problem_response
from achterkant.api.oas import Component, MethodNotAllowed, docs_view, schema_view
from achterkant.api.problems import PROBLEM_CONTENT_TYPE, NotFound

# Ninja's generated schema: we serve the official one instead (api.oas).
_DROPPED = {"openapi-json"}


@csrf_exempt
def not_found(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    return problem_response(request, NotFound("Dit adres bestaat niet in deze API."))


def _problem_for_405(view):
    """Turn the framework's plain-text 405 into the standard's problem body."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and response.get("Content-Type") != PROBLEM_CONTENT_TYPE:
            problem = problem_response(request, MethodNotAllowed())
            problem["Allow"] = response.get("Allow", "")
            return problem
        return response

    return wrapper


def _api_patterns(patterns: list) -> list[URLPattern | URLResolver]:
    kept = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            if pattern.name in _DROPPED:
                continue
            pattern.callback = _problem_for_405(pattern.callback)
        kept.append(pattern)
    return kept


def component_urlpatterns(
    api: NinjaAPI, component: Component, *, before: list | None = None
) -> list[URLPattern | URLResolver]:
    """Everything under ``/<component>/api/v1/``, for the component's ``urls.py``.

    ``before`` holds extra patterns matched first (the token issuer). The index (``""``)
    and ``docs/`` show the readable page; ``schema`` (and Open Zaak's
    ``schema/openapi.yaml``) the OAS.
    """
    namespace = api.urls_namespace
    docs = docs_view(component)
    schema = schema_view(component)
    api_urls, app_name, _ns = api.urls
    return [
        *(before or []),
        path("", docs, name=f"{namespace}-docs"),
        path("docs/", docs, name=f"{namespace}-docs-page"),
        path("schema", schema, name=f"{namespace}-schema"),
        path("schema/openapi.yaml", schema, name=f"{namespace}-schema-file"),
        path("", (_api_patterns(api_urls), app_name, namespace)),
        re_path(r"^.*$", not_found, name=f"{namespace}-not-found"),
    ]
