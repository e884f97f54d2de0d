"""The thin Django Ninja layer shared by every ZGW API: auth, errors, JSON responses.

Everything the standard decides (the JWT check, the problem bodies, pagination) lives in
framework-free modules (``api.auth``, ``api.problems``, ``api.pagination``); this module
only plugs them into Ninja, so a change of framework touches this file and the endpoint
modules, never the rules.
"""

import json
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from achterkant.api.auth import ApiApplication, authenticate
from achterkant.api.problems import (
    PROBLEM_CONTENT_TYPE,
    ApiProblem,
    InvalidInput,
    InvalidParam,
    NotAuthenticated,
    NotFound,
    PayloadTooLarge,
    PermissionDenied,
    UnsupportedMediaType,
)

# Pydantic's error types that mean "the field is missing", as the standard's code says.
_REQUIRED_TYPES = {"missing"}
_BODY_METHODS = {"POST", "PUT", "PATCH"}
# A body that carries a file as base64 (the Documenten API's ``inhoud``) may be as large as
# the largest file allowed, encoded; every other body stays under
# DATA_UPLOAD_MAX_MEMORY_SIZE. (Larger files go up in parts: bestandsdelen.)
_FILE_BODY_PATHS = re.compile(r"^/documenten/api/v1/enkelvoudiginformatieobjecten(/[^/]+)?/?$")
_JSON_OVERHEAD = 1024 * 1024


def body_limit(request: HttpRequest) -> int | None:
    """The largest body this request may have, in bytes (None: no limit)."""
    if _FILE_BODY_PATHS.match(request.path):
        return settings.DOCUMENT_MAX_BYTES * 4 // 3 + _JSON_OVERHEAD
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def check_request_body(request: HttpRequest) -> None:
    """415 for a body that is not JSON, 413 for one over :func:`body_limit`."""
    if request.method not in _BODY_METHODS:
        return
    if request.content_type != "application/json":
        raise UnsupportedMediaType()
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    limit = body_limit(request)
    if limit is not None and length > limit:
        raise PayloadTooLarge()
    global_limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if global_limit is not None and length > global_limit and not hasattr(request, "_body"):
        # Allowed above the global limit (a file as base64): read it once here, as
        # HttpRequest.body would, since .body refuses anything over the global limit.
        request._body = request.read()
    try:
        body = request.body
    except RequestDataTooBig as error:
        raise PayloadTooLarge() from error
    # No text field anywhere may hold a NUL character (PostgreSQL refuses it in text): a
    # clear 400 here, not a 500 at the first save.
    if b"\\u0000" in body or b"\x00" in body:
        raise InvalidInput(
            [InvalidParam("nonFieldErrors", "invalid", "De tekst bevat een NUL-teken (\\u0000).")]
        )


class ZgwJwt(HttpBearer):
    """Ninja's bearer scheme (so the OpenAPI document shows it), checked by ``api.auth``."""

    def __call__(self, request: HttpRequest) -> ApiApplication:
        caller = authenticate(request.headers.get("Authorization", ""))
        # Here, not in the view: Ninja parses the body after authentication and before the
        # view, and turns any parse failure into a 400.
        check_request_body(request)
        return caller

    def authenticate(self, request: HttpRequest, token: str) -> ApiApplication:
        return authenticate(f"Bearer {token}")


def json_response(data, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder), status=status, content_type="application/json"
    )


def problem_response(request: HttpRequest, problem: ApiProblem) -> HttpResponse:
    response = HttpResponse(
        json.dumps(problem.body(), cls=DjangoJSONEncoder),
        status=problem.status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
    if problem.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="zgw"'
    return response


def _camel_path(location: tuple) -> str:
    # ("body", "payload", "autorisaties", 0, "zaaktype") -> "autorisaties.0.zaaktype"
    parts = [str(p) for p in location]
    while parts and parts[0] in ("body", "payload", "query", "path"):
        parts = parts[1:]
    return ".".join(parts) or "nonFieldErrors"


def invalid_input_from(errors: list[dict]) -> InvalidInput:
    """Ninja's (Pydantic's) validation errors as the standard's invalidParams."""
    params = []
    for error in errors:
        code = "required" if error.get("type") in _REQUIRED_TYPES else "invalid"
        params.append(
            InvalidParam(_camel_path(tuple(error.get("loc", ()))), code, str(error.get("msg", "")))
        )
    return InvalidInput(params)


def zgw_api(*, title: str, version: str, namespace: str) -> NinjaAPI:
    """A Ninja API that answers every error as ZGW problem JSON."""
    api = NinjaAPI(
        title=title, version=version, urls_namespace=namespace, auth=ZgwJwt(), docs_url=None
    )

    @api.exception_handler(ApiProblem)
    def _problem(request, exc: ApiProblem):
        return problem_response(request, exc)

    @api.exception_handler(ValidationError)
    def _validation(request, exc: ValidationError):
        return problem_response(request, invalid_input_from(exc.errors))

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return problem_response(request, NotAuthenticated())

    @api.exception_handler(HttpError)
    def _http_error(request, exc: HttpError):
        if exc.status_code == 400:
            # Ninja's own parse errors (a body that is not JSON).
            problem = InvalidInput([InvalidParam("nonFieldErrors", "parse_error", str(exc))])
        else:
            problem = ApiProblem(str(exc))
            problem.status = exc.status_code
        return problem_response(request, problem)

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return problem_response(request, NotFound())

    @api.exception_handler(DjangoPermissionDenied)
    def _denied(request, exc):
        return problem_response(request, PermissionDenied(str(exc) or ""))

    return api
