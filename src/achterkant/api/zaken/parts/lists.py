"""Query-string filters of the sub-resource lists, shared by their endpoints."""

from django.db.models import Q
from django.http import HttpRequest

from achterkant.api.problems import InvalidInput, InvalidParam
from achterkant.api.resources import local_uuid

NOTHING = Q(pk__in=[])


def url_filter(request: HttpRequest, param: str, base: str, resource: str, lookup: str) -> Q:
    """``?<param>=<url>`` as a filter on ``lookup`` (a uuid field); a URL that names no
    object of this host matches nothing. No parameter: no filter."""
    raw = request.GET.get(param)
    if raw in (None, ""):
        return Q()
    uuid = local_uuid(request, raw, base, resource)
    return Q(**{lookup: uuid}) if uuid else NOTHING


def text_filter(request: HttpRequest, param: str, lookup: str) -> Q:
    raw = request.GET.get(param)
    return Q() if raw in (None, "") else Q(**{lookup: raw})


def bool_filter(request: HttpRequest, param: str) -> bool | None:
    raw = request.GET.get(param)
    if raw in (None, ""):
        return None
    if raw.lower() in ("true", "1"):
        return True
    if raw.lower() in ("false", "0"):
        return False
    raise InvalidInput([InvalidParam(param, "invalid", "Gebruik true of false.")])
