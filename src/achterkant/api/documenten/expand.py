"""``expand`` on the Documenten API (ZGW 1.5): any URL field, as the Zaken API expands
(``api.zaken.expand``): ``expand=informatieobjecttype.catalogus`` on an informatieobject,
``expand=informatieobject`` on gebruiksrechten, verzendingen and objectinformatieobjecten.

Informatieobjecten are rendered here, under the caller's drc autorisaties; the catalogue's
objects and zaken through the Zaken API's resolver (with its autorisaties). Only this
host's own objects are expanded; nothing is fetched elsewhere.
"""

from django.http import HttpRequest

from achterkant.api.documenten import access
from achterkant.api.documenten.render import DOCUMENTEN, EIO, render_eio
from achterkant.api.resources import local_uuid
from achterkant.api.zaken import expand as zaken_expand


def expand(request: HttpRequest, bodies: list[dict], raw) -> None:
    """Fill ``_expand`` of each body with what ``raw`` (the ``expand`` parameter) asks."""
    wanted = zaken_expand.tree(raw)
    if wanted and bodies:
        _level(request, bodies, wanted)


def _resolve(request: HttpRequest, urls: set[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    documents: dict = {}
    others = set()
    for url in urls:
        uuid = local_uuid(request, url, DOCUMENTEN, EIO)
        if uuid is None:
            others.add(url)
        else:
            documents.setdefault(uuid, []).append(url)
    if documents:
        rows = (
            access.documents()
            .filter(access.visible_documents(request), uuid__in=list(documents))
            .prefetch_related("parts")
        )
        for row in rows:
            body = render_eio(request, row, parts=list(row.parts.all()))
            for url in documents[row.uuid]:
                found[url] = body
    if others:
        found.update(zaken_expand.resolve(request, others))
    return found


def _level(request: HttpRequest, bodies: list[dict], wanted: dict[str, dict]) -> None:
    for name, below in wanted.items():
        holders = [body for body in bodies if name in body]
        urls = {url for body in holders for url in zaken_expand._urls_in(body[name])}
        objects = _resolve(request, urls)
        children = []
        for body in holders:
            value = body[name]
            if isinstance(value, list):
                expanded = [objects[url] for url in zaken_expand._urls_in(value) if url in objects]
                children.extend(expanded)
            else:
                expanded = objects.get(value) if isinstance(value, str) else None
                if expanded is not None:
                    children.append(expanded)
            body.setdefault("_expand", {})[name] = expanded
        if below and children:
            unique = list({id(child): child for child in children}.values())
            _level(request, unique, below)
