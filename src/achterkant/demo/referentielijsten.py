"""A read-only Referentielijsten (Selectielijst) API for the demo, without internet.

The Catalogi API checks ``selectielijstProcestype``, ``selectielijstklasse`` and
``resultaattypeomschrijving`` URLs against ``settings.SELECTIELIJST_API_URL``. In
DEMO_MODE that points here: the official VNG reference data in
``standards/referentielijsten/`` served under ``/_referentielijsten/api/v1/`` (procestypen,
resultaten, resultaattypeomschrijvingen, each also as ``/{uuid}``). The data files hold
bare UUIDs; every answer carries absolute URLs on the host that asked.

:class:`Referentielijsten` is the data logic; the conformance harness's stand-in
(``tests/zgw/standins.py``) serves the same class from its own HTTP server. Only mounted
when DEMO_MODE is on (``conf/urls.py``).
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.http import require_safe

# The official files, copied unchanged into the repository (scripts/sync-standards.sh);
# ZGW_STANDARDS_DIR points elsewhere (an installed package has no standards/ beside it).
_IN_REPO = Path(__file__).resolve().parents[3] / "standards"
STANDARDS = Path(os.environ.get("ZGW_STANDARDS_DIR", _IN_REPO))
REFERENTIELIJSTEN_DIR = STANDARDS / "referentielijsten"
PREFIX = "/_referentielijsten/api/v1"
# The public Referentielijsten API pages resultaten by 100; the suite walks the pages until it
# has seen every procestermijn it needs (the last one it looks for is on page 3).
PAGE_SIZE = 100

# resource name -> (data file, fields holding a reference to another resource, paginated)
RESOURCES: dict[str, tuple[str, dict[str, str], bool]] = {
    "procestypen": ("procestypen.json", {}, False),
    "resultaten": ("resultaten.json", {"procesType": "procestypen"}, True),
    "resultaattypeomschrijvingen": ("resultaattypeomschrijvingen.json", {}, False),
}

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


@cache
def _raw_records(resource: str) -> list[dict[str, Any]]:
    filename = RESOURCES[resource][0]
    return json.loads((REFERENTIELIJSTEN_DIR / filename).read_text(encoding="utf-8"))


class Referentielijsten:
    """The read-only Referentielijsten API over the official data, with URLs under ``base``."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self._records = {name: self._absolute(name) for name in RESOURCES}
        self._by_uuid = {
            name: {self._uuid(r["url"]): r for r in records}
            for name, records in self._records.items()
        }

    def url(self, resource: str, uuid: str) -> str:
        return f"{self.base}/{resource}/{uuid}"

    def records(self, resource: str) -> list[dict[str, Any]]:
        return self._records[resource]

    def _uuid(self, url: str) -> str:
        return url.rstrip("/").rsplit("/", 1)[-1]

    def _absolute(self, resource: str) -> list[dict[str, Any]]:
        references = RESOURCES[resource][1]
        records = []
        for raw in _raw_records(resource):
            record = dict(raw, url=self.url(resource, raw["url"]))
            for field, target in references.items():
                if record.get(field):
                    record[field] = self.url(target, record[field])
            records.append(record)
        return records

    def handle(self, path: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        """Answer one GET below the API root: ``(status, JSON body)``."""
        parts = [p for p in path.split("/") if p]
        if not parts or parts[0] not in RESOURCES:
            return fout(HTTPStatus.NOT_FOUND, "not_found", f"Onbekend pad: {path}")
        resource = parts[0]
        if len(parts) == 2:
            record = self._by_uuid[resource].get(parts[1]) if UUID_RE.match(parts[1]) else None
            if record is None:
                return fout(HTTPStatus.NOT_FOUND, "not_found", "Niet gevonden.")
            return HTTPStatus.OK, record
        if len(parts) > 2:
            return fout(HTTPStatus.NOT_FOUND, "not_found", f"Onbekend pad: {path}")
        records = self._filtered(resource, query)
        if not RESOURCES[resource][2]:
            return HTTPStatus.OK, records
        return self._page(resource, records, query)

    def _filtered(self, resource: str, query: dict[str, list[str]]) -> list[dict[str, Any]]:
        records = self._records[resource]
        if resource == "procestypen" and query.get("jaar"):
            return [r for r in records if str(r.get("jaar")) == query["jaar"][0]]
        # The OAS names the filter proces_type, the public service takes procesType.
        wanted = (query.get("procesType") or query.get("proces_type") or [None])[0]
        if resource == "resultaten" and wanted:
            return [r for r in records if r["procesType"] == wanted]
        return records

    def _page(
        self, resource: str, records: list[dict[str, Any]], query: dict[str, list[str]]
    ) -> tuple[int, Any]:
        raw_page = (query.get("page") or ["1"])[0]
        page = int(raw_page) if raw_page.isdigit() else 0
        last = max(1, -(-len(records) // PAGE_SIZE))
        if not 1 <= page <= last:
            return fout(HTTPStatus.NOT_FOUND, "not_found", "Ongeldige pagina.")
        link = f"{self.base}/{resource}?page="
        return HTTPStatus.OK, {
            "count": len(records),
            "next": f"{link}{page + 1}" if page < last else None,
            "previous": f"{link}{page - 1}" if page > 1 else None,
            "results": records[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        }


def fout(status: HTTPStatus, code: str, detail: str) -> tuple[int, dict[str, Any]]:
    """The API's error body (``Fout``)."""
    return status, {
        "type": "",
        "code": code,
        "title": status.phrase,
        "status": int(status),
        "detail": detail,
        "instance": "",
    }


@cache
def _for_base(base: str) -> Referentielijsten:
    # One per host name asking (a handful in a demo), built once per process.
    return Referentielijsten(base)


@require_safe
def referentielijsten_view(request: HttpRequest, subpath: str = "") -> JsonResponse:
    """GET ``/_referentielijsten/api/v1/<resource>[/<uuid>]``."""
    data = _for_base(request.build_absolute_uri(PREFIX))
    status, body = data.handle(subpath, parse_qs(request.META.get("QUERY_STRING", "")))
    return JsonResponse(body, status=status, safe=False)


# Mounted by conf/urls.py at "_referentielijsten/api/v1/" when DEMO_MODE is on.
urlpatterns = [
    path("", referentielijsten_view, name="referentielijsten-root"),
    path("<path:subpath>", referentielijsten_view, name="referentielijsten"),
]
