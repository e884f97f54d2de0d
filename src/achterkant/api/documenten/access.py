"""What every Documenten API endpoint checks: scopes, and which informatieobjecten the
caller may see by its drc autorisaties (informatieobjecttype and
maxVertrouwelijkheidaanduiding), as the Zaken API filters zaken by zaaktype.

A document without an informatieobjecttype (a desk upload without a type) is seen only
with ``heeftAlleAutorisaties``: no autorisatie names it.
"""

from collections.abc import Iterable
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from achterkant.api import grants
from achterkant.api.auth import ApiApplication, authenticate
from achterkant.api.framework import ZgwJwt, check_request_body
from achterkant.api.problems import NotFound, PermissionDenied
from achterkant.cases.models import Document

COMPONENT = "drc"
READ = "documenten.lezen"
CREATE = "documenten.aanmaken"
UPDATE = "documenten.bijwerken"
FORCE_UPDATE = "documenten.geforceerd-bijwerken"
DELETE = "documenten.verwijderen"
LOCK = "documenten.lock"
FORCE_UNLOCK = "documenten.geforceerd-unlock"
WRITE = (UPDATE, FORCE_UPDATE)


def caller_of(request: HttpRequest) -> ApiApplication:
    return request.auth


def require_any_scope(request: HttpRequest, scopes: Iterable[str] | str) -> ApiApplication:
    """403 unless the caller holds one of ``scopes`` on the Documenten API."""
    return grants.require_any_scope(request, COMPONENT, scopes)


def visible_documents(request: HttpRequest, scope: str = READ, prefix: str = "") -> Q:
    """The informatieobjecten the caller may see with ``scope``, as a filter on
    ``Document`` (``prefix`` ``"document__"`` for a row that hangs from one)."""
    return grants.visible(
        request, grants.INFORMATIEOBJECTTYPE, scope, type_path=f"{prefix}document_type__uuid",
        confidentiality_path=f"{prefix}confidentiality",
    )  # fmt: skip


def document_allowed(request: HttpRequest, document: Document, scope: str = READ) -> bool:
    if caller_of(request).all_authorisations:
        return True
    return grants.allowed(
        request, grants.INFORMATIEOBJECTTYPE, scope,
        type_uuid=document.document_type.uuid if document.document_type_id else None,
        confidentiality=document.confidentiality,
    )  # fmt: skip


def ensure_document_allowed(
    request: HttpRequest, document: Document, scopes: Iterable[str] | str
) -> None:
    """403 unless an autorisatie with one of ``scopes`` covers this informatieobject."""
    scopes = (scopes,) if isinstance(scopes, str) else tuple(scopes)
    if not any(document_allowed(request, document, scope) for scope in scopes):
        raise PermissionDenied("Deze koppeling mag niet bij dit informatieobject.")


def get_or_404(queryset: QuerySet, uuid: str):
    try:
        UUID(str(uuid))
        return queryset.get(uuid=uuid)
    except (ValueError, queryset.model.DoesNotExist) as error:
        raise NotFound("Dit object bestaat niet.") from error


def documents() -> QuerySet:
    return Document.objects.select_related("document_type")


class BodylessJwt(ZgwJwt):
    """The API's JWT check for ``/lock`` and ``/unlock``: clients (the official suite
    among them) POST these without a body and without a Content-Type; a body, when sent,
    is checked as everywhere (JSON, size)."""

    def __call__(self, request: HttpRequest) -> ApiApplication:
        caller = authenticate(request.headers.get("Authorization", ""))
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length:
            check_request_body(request)
        return caller
