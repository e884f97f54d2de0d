"""``expand`` as ZGW 1.5 defines it: any URL field, of the zaak or of what is expanded.

``expand=zaaktype.catalogus,rollen.zaak`` puts under the zaak's ``_expand`` the zaaktype
(with its own ``_expand`` holding the catalogus) and the rollen (each with the zaak). A
field that holds one URL expands to one object (``null`` when empty), a list of URLs to a
list; ``relevanteAndereZaken`` and ``gerelateerdeZaaktypen`` expand through their
``url``/``zaaktype``. Only this host's own resources are expanded: Achterkant never fetches
another host (docs/api-zaken.md).

Each level costs one query per kind of resource it reaches, for the whole page, and only
what was asked. Zaken and their parts are filtered by the caller's autorisaties, as a read
of them is: what the caller may not see stays out. Expanded rollen show BSNs: that read is
logged, as a read of ``/rollen`` is. Every object is rendered by its own resource's
renderer, so an expanded object is exactly what a read of its URL gives.
"""

from collections.abc import Callable, Iterable
from uuid import UUID

from django.db.models import QuerySet
from django.http import HttpRequest

from achterkant.api.resources import CATALOGI, ZAKEN
from achterkant.api.zaken.parts import access
from achterkant.api.zaken.parts.render import (
    RELATED,
    render_klantcontact,
    render_resultaat,
    render_rol,
    render_status,
    render_zaakeigenschap,
    render_zaakinformatieobject,
    render_zaakobject,
)
from achterkant.api.zaken.parts.rollen import log_role_reads
from achterkant.cases.models import CaseDocument, CaseProperty, CaseStatus, Result, Role
from achterkant.cases.models.parts import CaseContactMoment, CaseObject

# Deep enough for the official checks (``rollen.zaak.rollen.zaak.rollen``); a longer path
# expands its first levels only, so a request cannot make the server walk forever.
MAX_DEPTH = 6
# Inside a list of relation objects, the key that holds the URL.
_URL_KEYS = ("url", "zaaktype")


def tree(raw) -> dict[str, dict]:
    """``"zaaktype.catalogus,rollen"`` (or a list of such names) as a tree of names."""
    names = raw if isinstance(raw, list | tuple) else str(raw or "").split(",")
    root: dict[str, dict] = {}
    for name in names:
        node = root
        for part in [p.strip() for p in str(name).split(".")][:MAX_DEPTH]:
            if not part:
                break
            node = node.setdefault(part, {})
    return root


def expand(request: HttpRequest, bodies: list[dict], raw) -> None:
    """Fill ``_expand`` of each body with what ``raw`` (the ``expand`` parameter) asks."""
    wanted = tree(raw)
    if wanted and bodies:
        _expand_level(request, bodies, wanted)


def _urls_in(value) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list):
        found = []
        for item in value:
            if isinstance(item, str) and item:
                found.append(item)
            elif isinstance(item, dict):
                found.extend(item[k] for k in _URL_KEYS if isinstance(item.get(k), str))
        return found
    return []


def _expand_level(request: HttpRequest, bodies: list[dict], wanted: dict[str, dict]) -> None:
    for name, below in wanted.items():
        holders = [body for body in bodies if name in body]
        urls = {url for body in holders for url in _urls_in(body[name])}
        objects = resolve(request, urls)
        children = []
        for body in holders:
            value = body[name]
            if isinstance(value, list):
                expanded = [objects[url] for url in _urls_in(value) if url in objects]
                children.extend(expanded)
            else:
                expanded = objects.get(value) if isinstance(value, str) else None
                if expanded is not None:
                    children.append(expanded)
            body.setdefault("_expand", {})[name] = expanded
        if below and children:
            # One object may hang under several parents: expand each once.
            unique = list({id(child): child for child in children}.values())
            _expand_level(request, unique, below)


# -- resolving this host's URLs ----------------------------------------------------------


def _split(request: HttpRequest, url: str) -> tuple[str, str, UUID] | None:
    """``(component base, resource, uuid)`` of a URL of this host; None otherwise."""
    host = request.build_absolute_uri("/").rstrip("/")
    if not url.startswith(host + "/"):
        return None
    path = url[len(host) :].rstrip("/")
    for base in (ZAKEN, CATALOGI):
        if path.startswith(base + "/"):
            parts = path[len(base) + 1 :].split("/")
            if len(parts) == 4 and parts[0] == "zaken" and parts[2] == "zaakeigenschappen":
                parts = ["zaakeigenschappen", parts[3]]
            if len(parts) != 2:
                return None
            try:
                return base, parts[0], UUID(parts[1])
            except ValueError:
                return None
    return None


def _case_parts(model, related: str, render: Callable) -> Callable:
    def fetch(request: HttpRequest, uuids: Iterable[UUID]) -> dict:
        rows = list(
            model.objects.select_related(*RELATED[related])
            .filter(access.visible_cases(request, prefix="case__"))
            .filter(uuid__in=list(uuids))
        )
        if model is Role:
            log_role_reads(request, rows)
        return {row.uuid: render(request, row) for row in rows}

    return fetch


def _zaken(request: HttpRequest, uuids: Iterable[UUID]) -> dict:
    from achterkant.api.zaken.render import with_references, zaken_out
    from achterkant.api.zaken.zaak_selectors import zaken

    cases = list(with_references(zaken().filter(access.visible_cases(request), uuid__in=uuids)))
    return {case.uuid: body for case, body in zip(cases, zaken_out(request, cases), strict=True)}


def _catalogi(resource: str) -> Callable:
    def fetch(request: HttpRequest, uuids: Iterable[UUID]) -> dict:
        from achterkant.api.catalogi import render as catalogi_render
        from achterkant.api.catalogi import selectors as catalogi_selectors
        from achterkant.api.catalogi.endpoints import RESOURCES

        renderer = next(r.render for r in RESOURCES if r.name == resource)
        urls = catalogi_render.Urls(request)
        rows: QuerySet = catalogi_selectors.QUERYSETS[resource]().filter(uuid__in=list(uuids))
        return {row.uuid: renderer(urls, row) for row in rows}

    return fetch


FETCHERS: dict[tuple[str, str], Callable] = {
    (ZAKEN, "zaken"): _zaken,
    (ZAKEN, "statussen"): _case_parts(CaseStatus, "status", render_status),
    (ZAKEN, "resultaten"): _case_parts(Result, "resultaat", render_resultaat),
    (ZAKEN, "rollen"): _case_parts(Role, "rol", render_rol),
    (ZAKEN, "zaakeigenschappen"): _case_parts(
        CaseProperty, "zaakeigenschap", render_zaakeigenschap
    ),
    (ZAKEN, "zaakobjecten"): _case_parts(CaseObject, "zaakobject", render_zaakobject),
    (ZAKEN, "klantcontacten"): _case_parts(CaseContactMoment, "klantcontact", render_klantcontact),
    (ZAKEN, "zaakinformatieobjecten"): _case_parts(
        CaseDocument, "zaakinformatieobject", render_zaakinformatieobject
    ),
    **{
        (CATALOGI, name): _catalogi(name)
        for name in (
            "catalogussen",
            "zaaktypen",
            "informatieobjecttypen",
            "besluittypen",
            "statustypen",
            "resultaattypen",
            "roltypen",
            "eigenschappen",
            "zaaktype-informatieobjecttypen",
            "zaakobjecttypen",
        )
    },  # fmt: skip
}


def resolve(request: HttpRequest, urls: Iterable[str]) -> dict[str, dict]:
    """Each URL of this host that the caller may read, rendered; one query per kind."""
    by_kind: dict[tuple[str, str], dict[UUID, list[str]]] = {}
    for url in urls:
        split = _split(request, url)
        if split is None or split[:2] not in FETCHERS:
            continue
        base, resource, uuid = split
        by_kind.setdefault((base, resource), {}).setdefault(uuid, []).append(url)
    found: dict[str, dict] = {}
    for kind, wanted in by_kind.items():
        for uuid, body in FETCHERS[kind](request, wanted.keys()).items():
            for url in wanted.get(uuid, ()):
                found[url] = body
    return found
