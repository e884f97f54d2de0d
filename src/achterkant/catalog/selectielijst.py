"""The Selectielijst (Referentielijsten API): check that a URL names the right kind of resource.

A case type names its archive process type (``selectielijstProcestype``), a result type
its selection list class (``selectielijstklasse``) and its generic description
(``resultaattypeomschrijving``) by URL in the national Selectielijst. We only accept
URLs under the configured service (``settings.SELECTIELIJST_API_URL``): another URL is not
a Selectielijst resource, and we do not fetch arbitrary addresses for a caller. A URL
under the root is fetched (cached for ``SELECTIELIJST_CACHE_SECONDS``) and must be of the
expected kind.

The errors carry the Catalogi API's codes: ``bad-url`` (cannot be fetched, or 404) and
``invalid-resource`` (not this kind of resource). The admin and the API call the same
functions.
"""

import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError

TIMEOUT_SECONDS = 5.0
PROCESTYPE = "procestypen"
RESULTAAT = "resultaten"
RESULTAATTYPEOMSCHRIJVING = "resultaattypeomschrijvingen"

# Fields every resource of a kind has (the Referentielijsten API's OAS): how a fetched
# body is recognised as that kind.
_SHAPE = {
    PROCESTYPE: {"url", "nummer", "naam", "jaar"},
    RESULTAAT: {"url", "procesType", "nummer", "waardering"},
    RESULTAATTYPEOMSCHRIJVING: {"url", "omschrijving", "definitie"},
}
_KIND_NAME = {
    PROCESTYPE: "procestype",
    RESULTAAT: "resultaat (selectielijstklasse)",
    RESULTAATTYPEOMSCHRIJVING: "resultaattypeomschrijving",
}


class SelectielijstError(ValidationError):
    """A Selectielijst URL that cannot be used; ``code`` is the standard's."""


def api_root() -> str:
    root = settings.SELECTIELIJST_API_URL or ""
    return root if root.endswith("/") else root + "/"


def trusted(url: str) -> bool:
    """Whether Achterkant may fetch ``url`` for a caller: under this API's root or under a
    service the operator lists in ``ZGW_TRUSTED_API_ROOTS``. Never an arbitrary host."""
    roots = [api_root(), *settings.ZGW_TRUSTED_API_ROOTS]
    return any(url.startswith(root if root.endswith("/") else root + "/") for root in roots)


def _cache_key(url: str) -> str:
    return "selectielijst:" + hashlib.sha256(url.encode()).hexdigest()


def fetch(url: str) -> dict[str, Any]:
    """The JSON object at ``url`` (cached); ``bad-url`` when it cannot be fetched or is not
    there, ``invalid-resource`` when the answer is no JSON object. Only for a URL the
    caller checked first (:func:`trusted`, or under :func:`api_root`)."""
    key = _cache_key(url)
    cached = cache.get(key)
    if cached is not None:
        return cached
    # Imported here: httpx pulls in rich, click and pygments (~5 MB per web process).
    import httpx

    try:
        response = httpx.get(url, timeout=TIMEOUT_SECONDS, headers={"Accept": "application/json"})
    except httpx.HTTPError as error:
        raise SelectielijstError(
            f"De Selectielijst is niet bereikbaar voor {url}.", code="bad-url"
        ) from error
    if response.status_code != 200:
        raise SelectielijstError(
            f"De Selectielijst kent {url} niet (status {response.status_code}).", code="bad-url"
        )
    # It exists, so a body that is no JSON object is a resource of the wrong kind.
    try:
        body = response.json()
    except ValueError as error:
        raise SelectielijstError(
            f"{url} geeft geen JSON-object.", code="invalid-resource"
        ) from error
    if not isinstance(body, dict):
        raise SelectielijstError(f"{url} geeft geen JSON-object.", code="invalid-resource")
    cache.set(key, body, settings.SELECTIELIJST_CACHE_SECONDS)
    return body


def resource(url: str, kind: str) -> dict[str, Any]:
    """The Selectielijst resource of ``kind`` at ``url``, or a :class:`SelectielijstError`."""
    root = api_root()
    wrong_kind = SelectielijstError(
        f"{url} is geen {_KIND_NAME[kind]} uit de Selectielijst ({root}).",
        code="invalid-resource",
    )
    if not url.startswith(root) or not url[len(root) :].startswith(kind + "/"):
        raise wrong_kind
    body = fetch(url)
    if not _SHAPE[kind] <= body.keys():
        raise wrong_kind
    return body


def procestype(url: str) -> dict[str, Any]:
    return resource(url, PROCESTYPE)


def resultaat(url: str) -> dict[str, Any]:
    return resource(url, RESULTAAT)


def resultaattypeomschrijving(url: str) -> dict[str, Any]:
    return resource(url, RESULTAATTYPEOMSCHRIJVING)
