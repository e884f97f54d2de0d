"""Catalogi API 1.3 at /catalogi/api/v1/: a thin adapter over the catalogue's services.

Every resource has the same five operations (list, read, create, update, delete; the
catalogue only list, read and create) and case, document and decision types a
``publish``. An endpoint checks the scope (``catalogi.lezen`` / ``catalogi.schrijven``;
``heeftAlleAutorisaties`` passes both), parses the body (``fields.parse``), calls a
service of ``achterkant.catalog.editing`` / ``services`` and renders the row again.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from achterkant.api.auth import ApiApplication, authenticate, require_scope
from achterkant.api.catalogi import filters, render, selectors, specs
from achterkant.api.catalogi.api import COMPONENT, api
from achterkant.api.catalogi.fields import F, invalid_input, parse
from achterkant.api.framework import ZgwJwt, json_response
from achterkant.api.pagination import paginate
from achterkant.catalog import editing
from achterkant.catalog.models.catalogue import VersionedType

READ = "catalogi.lezen"
WRITE = "catalogi.schrijven"
# The publish services' codes, as the standard names them.
_PUBLISH_CODES = {"published": "non-concept-object", "overlap": "overlap"}


class PublishJwt(ZgwJwt):
    """``publish`` is a POST the standard (and its suite) sends without a body, so without
    a Content-Type: only a body that is there must be JSON."""

    def __call__(self, request: HttpRequest) -> ApiApplication:
        if request.META.get("CONTENT_LENGTH", "0") in ("", "0"):
            return authenticate(request.headers.get("Authorization", ""))
        return super().__call__(request)


@dataclass(frozen=True)
class Resource:
    name: str
    fields: tuple[F, ...]
    render: Callable
    filter: Callable
    kind: str  # "catalogue", "versioned" or "part"
    publish: bool = False


RESOURCES = (
    Resource("catalogussen", specs.CATALOGUS_FIELDS, render.catalogus, filters.catalogussen,
             "catalogue"),
    Resource("zaaktypen", specs.ZAAKTYPE_FIELDS, render.zaaktype, filters.zaaktypen,
             "versioned", publish=True),
    Resource("informatieobjecttypen", specs.INFORMATIEOBJECTTYPE_FIELDS,
             render.informatieobjecttype, filters.informatieobjecttypen, "versioned",
             publish=True),
    Resource("besluittypen", specs.BESLUITTYPE_FIELDS, render.besluittype, filters.besluittypen,
             "versioned", publish=True),
    Resource("statustypen", specs.STATUSTYPE_FIELDS, render.statustype, filters.parts, "part"),
    Resource("resultaattypen", specs.RESULTAATTYPE_FIELDS, render.resultaattype, filters.parts,
             "part"),
    Resource("roltypen", specs.ROLTYPE_FIELDS, render.roltype, filters.roltypen, "part"),
    Resource("eigenschappen", specs.EIGENSCHAP_FIELDS, render.eigenschap, filters.parts, "part"),
    Resource("zaaktype-informatieobjecttypen", specs.ZIOT_FIELDS,
             render.zaaktype_informatieobjecttype, filters.zaaktype_informatieobjecttypen, "part"),
    Resource("zaakobjecttypen", specs.ZAAKOBJECTTYPE_FIELDS, render.zaakobjecttype,
             filters.zaakobjecttypen, "part"),
)  # fmt: skip


def _caller(request: HttpRequest, scope: str):
    caller = request.auth
    require_scope(caller, COMPONENT, scope)
    return caller


def _one(request: HttpRequest, resource: Resource, uuid, status: int = 200) -> HttpResponse:
    row = selectors.get(resource.name, uuid)
    return json_response(resource.render(render.Urls(request), row), status=status)


def _list(request: HttpRequest, resource: Resource) -> HttpResponse:
    _caller(request, READ)
    rows = resource.filter(request, selectors.QUERYSETS[resource.name]())
    urls = render.Urls(request)
    return json_response(paginate(request, rows, lambda row: resource.render(urls, row)))


def _read(request: HttpRequest, resource: Resource, uuid: str) -> HttpResponse:
    _caller(request, READ)
    return _one(request, resource, uuid)


def _write(resource: Resource, action: Callable) -> object:
    """Run a service; its ValidationError becomes the standard's 400 with API names."""
    try:
        return action()
    except ValidationError as error:
        raise invalid_input(resource.fields, error) from error


def _create(request: HttpRequest, resource: Resource) -> HttpResponse:
    caller = _caller(request, WRITE)
    values, relations = parse(request, resource.fields, partial=False)
    model = specs.MODELS[resource.name]
    if resource.kind == "catalogue":
        row = _write(resource, lambda: editing.catalogue_create(actor=caller, values=values))
    elif resource.kind == "versioned":
        row = _write(resource, lambda: editing.versioned_type_create(
            actor=caller, model=model, values=values, relations=relations))  # fmt: skip
    else:
        row = _write(resource, lambda: editing.case_type_part_create(
            actor=caller, model=model, values=values, relations=relations))  # fmt: skip
    return _one(request, resource, row.uuid, status=201)


def _update(request: HttpRequest, resource: Resource, uuid: str, partial: bool) -> HttpResponse:
    caller = _caller(request, WRITE)
    row = selectors.get(resource.name, uuid)
    context = {
        "case_type": getattr(row, "case_type", None),
        "catalogue": getattr(row, "catalogue", None),
    }
    values, relations = parse(request, resource.fields, partial=partial, context=context)
    if isinstance(row, VersionedType):
        action = "partial_update" if partial else "update"  # the event's actie
        _write(resource, lambda: editing.versioned_type_update(
            actor=caller, instance=row, values=values, relations=relations,
            action=action))  # fmt: skip
    else:
        _write(resource, lambda: editing.case_type_part_update(
            actor=caller, part=row, values=values, relations=relations))  # fmt: skip
    return _one(request, resource, uuid)


def _delete(request: HttpRequest, resource: Resource, uuid: str) -> HttpResponse:
    caller = _caller(request, WRITE)
    row = selectors.get(resource.name, uuid)
    if isinstance(row, VersionedType):
        _write(resource, lambda: editing.versioned_type_delete(actor=caller, instance=row))
    else:
        _write(resource, lambda: editing.case_type_part_delete(actor=caller, part=row))
    return HttpResponse(status=204)


def _publish(request: HttpRequest, resource: Resource, uuid: str) -> HttpResponse:
    caller = _caller(request, WRITE)
    row = selectors.get(resource.name, uuid)
    try:
        editing.publish(actor=caller, instance=row)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            code = getattr(error, "code", None) or "invalid"
            code = _PUBLISH_CODES.get(code, code)
            error = ValidationError([ValidationError(m, code=code) for m in error.messages])
        raise invalid_input(resource.fields, error) from error
    return _one(request, resource, uuid)


def _add(path: str, methods: list[str], view: Callable, **options) -> None:
    api.api_operation(methods, path, **options)(view)


def _register(resource: Resource) -> None:
    """The resource's operations on ``api``, named ``<resource>-list`` and so on."""
    name = resource.name
    collection, item = f"/{name}", f"/{name}/{{uuid}}"

    def list_view(request: HttpRequest) -> HttpResponse:
        return _list(request, resource)

    def read_view(request: HttpRequest, uuid: str) -> HttpResponse:
        return _read(request, resource, uuid)

    def create_view(request: HttpRequest) -> HttpResponse:
        return _create(request, resource)

    def update_view(request: HttpRequest, uuid: str) -> HttpResponse:
        return _update(request, resource, uuid, partial=False)

    def partial_update_view(request: HttpRequest, uuid: str) -> HttpResponse:
        return _update(request, resource, uuid, partial=True)

    def delete_view(request: HttpRequest, uuid: str) -> HttpResponse:
        return _delete(request, resource, uuid)

    def publish_view(request: HttpRequest, uuid: str) -> HttpResponse:
        return _publish(request, resource, uuid)

    operation = name.replace("-", "_")
    _add(collection, ["GET"], list_view, url_name=f"{name}-list",
                          operation_id=f"{operation}_list")  # fmt: skip
    _add(collection, ["POST"], create_view, url_name=f"{name}-create",
                          operation_id=f"{operation}_create")  # fmt: skip
    _add(item, ["GET", "HEAD"], read_view, url_name=f"{name}-read",
                          operation_id=f"{operation}_read")  # fmt: skip
    if resource.kind != "catalogue":
        _add(item, ["PUT"], update_view, url_name=f"{name}-update",
                              operation_id=f"{operation}_update")  # fmt: skip
        _add(item, ["PATCH"], partial_update_view,
                              url_name=f"{name}-partial-update",
                              operation_id=f"{operation}_partial_update")  # fmt: skip
        _add(item, ["DELETE"], delete_view, url_name=f"{name}-delete",
                              operation_id=f"{operation}_delete")  # fmt: skip
    if resource.publish:
        _add(f"{item}/publish", ["POST"], publish_view,
                              url_name=f"{name}-publish",
                              operation_id=f"{operation}_publish", auth=PublishJwt())  # fmt: skip


for _resource in RESOURCES:
    _register(_resource)
