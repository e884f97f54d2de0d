"""What a client's autorisaties let it do, one rule for every ZGW component.

An autorisatie of the Zaken, Documenten or Besluiten API names a type (zaaktype,
informatieobjecttype or besluittype, as its Catalogi API URL) and, for zaken and
documenten, a maximum vertrouwelijkheidaanduiding. A client sees an object when one of its
autorisaties with the scope names the object's type and allows its confidentiality;
``heeftAlleAutorisaties`` sees everything of its organisation.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Q
from django.http import HttpRequest

from achterkant.api.auth import ApiApplication
from achterkant.api.problems import PermissionDenied
from achterkant.api.resources import CATALOGI, local_uuid
from achterkant.catalog.models import Confidentiality

_LEVELS = list(Confidentiality.values)  # from open to most secret


@dataclass(frozen=True)
class TypeGrant:
    """How one component's autorisaties name their type: the Grant field that holds the
    type's URL, its Catalogi resource, and whether a maximum confidentiality applies."""

    component: str
    field: str
    resource: str
    with_confidentiality: bool = True


ZAAKTYPE = TypeGrant("zrc", "zaaktype", "zaaktypen")
INFORMATIEOBJECTTYPE = TypeGrant("drc", "informatieobjecttype", "informatieobjecttypen")
BESLUITTYPE = TypeGrant("brc", "besluittype", "besluittypen", with_confidentiality=False)


def caller_of(request: HttpRequest) -> ApiApplication:
    return request.auth


def require_any_scope(
    request: HttpRequest, component: str, scopes: Iterable[str] | str
) -> ApiApplication:
    """403 unless the caller holds one of ``scopes`` on ``component``."""
    caller = caller_of(request)
    scopes = (scopes,) if isinstance(scopes, str) else tuple(scopes)
    if not any(caller.has_scope(component, scope) for scope in scopes):
        raise PermissionDenied(f"Deze koppeling mist de scope {' of '.join(scopes)}.")
    return caller


def _levels_up_to(maximum: str) -> list[str]:
    if maximum not in _LEVELS:
        return []
    return _LEVELS[: _LEVELS.index(maximum) + 1]


def rules(request: HttpRequest, kind: TypeGrant, scope: str) -> list[tuple[UUID, list[str]]]:
    """(type uuid, confidentiality levels allowed) per autorisatie giving ``scope``; every
    level when the component has no maximum (besluiten)."""
    found = []
    for grant in caller_of(request).grants_for(kind.component, scope):
        uuid = local_uuid(request, getattr(grant, kind.field), CATALOGI, kind.resource)
        levels = (
            _levels_up_to(grant.max_vertrouwelijkheidaanduiding)
            if kind.with_confidentiality
            else _LEVELS
        )
        if uuid is not None and levels:
            found.append((uuid, levels))
    return found


def visible(
    request: HttpRequest,
    kind: TypeGrant,
    scope: str,
    *,
    type_path: str,
    confidentiality_path: str | None = None,
) -> Q:
    """The objects the caller may see with ``scope``, as a filter: ``type_path`` leads to
    the type's uuid (``case_type__uuid``), ``confidentiality_path`` to the object's
    vertrouwelijkheidaanduiding (None: the component has none)."""
    if caller_of(request).all_authorisations:
        return Q()
    allowed = Q(pk__in=[])
    for uuid, levels in rules(request, kind, scope):
        condition = Q(**{type_path: uuid})
        if confidentiality_path is not None:
            condition &= Q(**{f"{confidentiality_path}__in": levels})
        allowed |= condition
    return allowed


def allowed(
    request: HttpRequest,
    kind: TypeGrant,
    scope: str,
    *,
    type_uuid: UUID | None,
    confidentiality: str = "",
) -> bool:
    """Whether an autorisatie with ``scope`` covers one object of type ``type_uuid``."""
    if caller_of(request).all_authorisations:
        return True
    if type_uuid is None:
        return False
    return any(
        type_uuid == uuid and (not kind.with_confidentiality or confidentiality in levels)
        for uuid, levels in rules(request, kind, scope)
    )


def ensure_allowed(
    request: HttpRequest,
    kind: TypeGrant,
    scopes: Iterable[str] | str,
    *,
    type_uuid: UUID | None,
    confidentiality: str = "",
    message: str,
) -> None:
    """403 (``message``) unless an autorisatie with one of ``scopes`` covers the object."""
    scopes = (scopes,) if isinstance(scopes, str) else tuple(scopes)
    if not any(
        allowed(request, kind, scope, type_uuid=type_uuid, confidentiality=confidentiality)
        for scope in scopes
    ):
        raise PermissionDenied(message)
