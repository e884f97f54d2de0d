"""The official OAS of each ZGW component, served at ``/<component>/api/v1/schema``.

The file is VNG's own text (``api/data/<component>-<version>.yaml``, unchanged): a client
validates against the standard, not against what our framework would generate. Only
``servers`` is set, per request, to this installation's own base URL
(``https://<host>/<component>/api/v1``), so a tool that reads the schema calls us.

Schema and docs need no token, as in Open Zaak: the document is the public standard and
tells nothing about the organisation or its data.
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from achterkant.api.framework import problem_response
from achterkant.api.problems import ApiProblem

DATA_DIR = Path(__file__).resolve().parent / "data"
YAML_CONTENT_TYPE = "application/vnd.oai.openapi; charset=utf-8"
JSON_CONTENT_TYPE = "application/vnd.oai.openapi+json"
HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options")


def _yaml():
    """PyYAML, imported when a document is first read, not in every web process at start."""
    import yaml

    return yaml


class MethodNotAllowed(ApiProblem):
    status = 405
    code = "method_not_allowed"
    title = "Deze methode is niet toegestaan."


@dataclass(frozen=True)
class Component:
    """One ZGW component as mounted here: its OAS file and its URL prefix."""

    name: str  # "Autorisaties API"
    filename: str  # "autorisaties-1.0.0.yaml", in api/data/
    base_path: str  # "/autorisaties/api/v1"
    # False for Achterkant's own components (Triage API): its docs page says so, not "VNG".
    official: bool = True

    def server_url(self, request: HttpRequest) -> str:
        return request.build_absolute_uri(self.base_path).rstrip("/")


@lru_cache(maxsize=8)
def load_oas(filename: str) -> dict:
    """The official document, parsed once per process. Callers must not change it."""
    yaml = _yaml()
    # libyaml when installed: Catalogi's 15,000 lines take seconds with the pure-Python loader.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with (DATA_DIR / filename).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)  # noqa: S506 - a safe loader (C or Python)


def oas_for(component: Component, server_url: str) -> dict:
    """The document with ``servers`` pointing at ``server_url``; the rest as published."""
    document = dict(load_oas(component.filename))
    # Keep the position of the key (dicts keep insertion order), so the dump reads as the
    # original does.
    document["servers"] = [{"url": server_url}]
    return document


@lru_cache(maxsize=16)
def _rendered(component: Component, server_url: str, as_json: bool) -> bytes:
    # Per host name and format: dumping Catalogi's document costs far more than a request.
    document = oas_for(component, server_url)
    if as_json:
        return json.dumps(document, ensure_ascii=False).encode()
    yaml = _yaml()
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(document, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
    return text.encode()


def _wants_json(request: HttpRequest) -> bool:
    fmt = request.GET.get("format", "").lower()
    if fmt:
        return fmt == "json"
    accept = request.headers.get("Accept", "")
    return "json" in accept and "yaml" not in accept


def operations(document: dict) -> list[dict]:
    """Every path and method of the document, with its summary and scopes, in its order."""
    default_security = document.get("security") or []
    rows = []
    for path, item in (document.get("paths") or {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if not isinstance(operation, dict):
                continue
            security = operation.get("security", default_security) or []
            scopes = sorted({scope for entry in security for values in entry.values()
                             for scope in values or ()})  # fmt: skip
            rows.append(
                {
                    "path": path,
                    "method": method.upper(),
                    "summary": operation.get("summary") or operation.get("operationId", ""),
                    "scopes": scopes,
                }
            )
    return rows


def schema_view(component: Component):
    """The view of ``/<component>/api/v1/schema``: YAML, or JSON on request."""

    @csrf_exempt
    def view(request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return _not_allowed(request, ("GET", "HEAD"))
        as_json = _wants_json(request)
        body = _rendered(component, component.server_url(request), as_json)
        response = HttpResponse(
            body, content_type=JSON_CONTENT_TYPE if as_json else YAML_CONTENT_TYPE
        )
        response["Vary"] = "Accept"
        return response

    return view


def docs_view(component: Component):
    """A readable page of the component's paths, methods, summaries and scopes (Dutch)."""

    @csrf_exempt
    def view(request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return _not_allowed(request, ("GET", "HEAD"))
        document = load_oas(component.filename)
        info = document.get("info") or {}
        context = {
            "component": component,
            "version": info.get("version", ""),
            "server_url": component.server_url(request),
            "operations": operations(document),
            "schema_url": f"{component.base_path}/schema",
        }
        return render(request, "api/oas_docs.html", context)

    return view


def _not_allowed(request: HttpRequest, allowed: tuple[str, ...]) -> HttpResponse:
    response = problem_response(request, MethodNotAllowed())
    response["Allow"] = ", ".join(allowed)
    return response
