"""Zaakgeometrie: the coordinate system headers and the search by area.

The standard speaks WGS 84 only (``EPSG:4326``): a request that reads or writes a zaak
names it in ``Accept-Crs`` (and ``Content-Crs`` with a body); without the header the
answer is 412, with another system 406 (Accept) or 415 (Content), as Open Zaak does.

``zaakgeometrie__within`` narrows on the stored bounding box in SQL (an index,
``case_geometry_bbox``), then tests the few candidates exactly with shapely.
"""

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from achterkant.api.problems import ApiProblem, InvalidInput, InvalidParam

CRS = "EPSG:4326"
_BODY_METHODS = {"POST", "PUT", "PATCH"}


class PreconditionFailed(ApiProblem):
    status = 412
    code = "precondition_failed"
    title = "Vereiste header ontbreekt."


class NotAcceptable(ApiProblem):
    status = 406
    code = "not_acceptable"
    title = "Dit coördinatenstelsel wordt niet ondersteund."


class UnsupportedCrs(ApiProblem):
    status = 415
    code = "unsupported_media_type"
    title = "Dit coördinatenstelsel wordt niet ondersteund."


def check_crs(request: HttpRequest) -> None:
    """412/406/415 unless the request speaks EPSG:4326 (see the module's text)."""
    accept = request.headers.get("Accept-Crs")
    if accept is None:
        raise PreconditionFailed("Geef de header Accept-Crs mee (EPSG:4326).")
    if accept.strip().upper() != CRS:
        raise NotAcceptable(f"Accept-Crs {accept} wordt niet ondersteund; gebruik {CRS}.")
    if request.method in _BODY_METHODS:
        content = request.headers.get("Content-Crs")
        if content is None:
            raise PreconditionFailed("Geef de header Content-Crs mee (EPSG:4326).")
        if content.strip().upper() != CRS:
            raise UnsupportedCrs(f"Content-Crs {content} wordt niet ondersteund; gebruik {CRS}.")


def with_crs(response: HttpResponse) -> HttpResponse:
    response["Content-Crs"] = CRS
    return response


def check_geometry(value: dict | None, name: str = "zaakgeometrie"):
    """The shapely geometry of GeoJSON ``value``; 400 when it is not valid GeoJSON."""
    if value is None:
        return None
    # Imported here: shapely is ~4 MB per web process, for a few API calls with a geometry.
    from shapely.errors import GEOSException, ShapelyError
    from shapely.geometry import shape

    try:
        geometry = shape(value)
    except (ShapelyError, GEOSException, KeyError, TypeError, ValueError, AttributeError) as error:
        raise InvalidInput(
            [InvalidParam(name, "invalid", "Dit is geen geldige GeoJSON-geometrie.")]
        ) from error
    if geometry.is_empty:
        raise InvalidInput([InvalidParam(name, "invalid", "Deze geometrie is leeg.")])
    return geometry


def within(cases: QuerySet, area: dict) -> QuerySet:
    """The zaken whose geometry lies within ``area``: bounding box in SQL, then exact."""
    from shapely.geometry import shape

    polygon = check_geometry(area, "zaakgeometrie.within")
    min_x, min_y, max_x, max_y = polygon.bounds
    candidates = cases.filter(
        geometry_min_x__gte=min_x,
        geometry_max_x__lte=max_x,
        geometry_min_y__gte=min_y,
        geometry_max_y__lte=max_y,
    ).values_list("pk", "geometry")
    inside = [pk for pk, geometry in candidates if shape(geometry).within(polygon)]
    return cases.filter(pk__in=inside)
