"""The URLs of the ZGW resources: how one API names an object of itself or of another.

ZGW objects refer to each other by URL (a zaak's ``zaaktype`` is the Catalogi API URL of
the case type). Our own objects are addressed by their ``uuid`` (``PublicIdModel``) under
the component's prefix, on the host of the request, so each organisation's objects
carry its own host name.
"""

import re
from urllib.parse import urlsplit
from uuid import UUID

from django.http import HttpRequest

CATALOGI = "/catalogi/api/v1"
ZAKEN = "/zaken/api/v1"
AUTORISATIES = "/autorisaties/api/v1"

_UUID = re.compile(r"^[0-9a-f]{8}-?([0-9a-f]{4}-?){3}[0-9a-f]{12}$", re.IGNORECASE)


def resource_url(request: HttpRequest, base_path: str, resource: str, uuid: UUID | str) -> str:
    """``https://<host><base_path>/<resource>/<uuid>`` for the request's host."""
    return request.build_absolute_uri(f"{base_path}/{resource}/{uuid}")


def local_uuid(request: HttpRequest, url: str, base_path: str, resource: str) -> UUID | None:
    """The UUID in ``url`` when it names a ``resource`` of this host's ``base_path``.

    None for a URL of another host, another component or resource, or without a UUID:
    the caller decides whether that is a remote object or a bad URL.
    """
    if not isinstance(url, str) or not url:
        return None
    parts = urlsplit(url)
    if parts.netloc and parts.netloc.lower() != request.get_host().lower():
        return None
    prefix = f"{base_path}/{resource}/"
    path = parts.path.rstrip("/")
    if not path.startswith(prefix):
        return None
    candidate = path[len(prefix) :]
    if "/" in candidate or not _UUID.match(candidate):
        return None
    return UUID(candidate)
