"""What every Zaken API endpoint checks before it reads or writes: scopes, the caller's
autorisaties per zaaktype and confidentiality, the URLs it is given, and how a service's
refusal is answered.

Shared by the sub-resources (this package) and the ``zaken`` resource itself: one place
decides which zaken a client may see (:func:`visible_cases`, :func:`ensure_case_allowed`).
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from achterkant.api import grants
from achterkant.api.auth import ApiApplication
from achterkant.api.problems import InvalidInput, InvalidParam, NotFound, PermissionDenied
from achterkant.api.resources import CATALOGI, ZAKEN, local_uuid
from achterkant.cases.errors import CaseError
from achterkant.cases.models import Case
from achterkant.identity.actors import NotPermitted

COMPONENT = "zrc"
READ = "zaken.lezen"
FORCE = "zaken.geforceerd-bijwerken"
# Per the OAS: what a write of a sub-resource needs (any one of them).
WRITE = ("zaken.bijwerken", FORCE)
WRITE_OR_CREATE = ("zaken.aanmaken", "zaken.bijwerken", FORCE)
STATUS_WRITE = ("zaken.aanmaken", "zaken.statussen.toevoegen", "zaken.heropenen")
REOPEN = "zaken.heropenen"


def caller_of(request: HttpRequest) -> ApiApplication:
    return request.auth


def require_any_scope(request: HttpRequest, scopes: Iterable[str] | str) -> ApiApplication:
    """403 unless the caller holds one of ``scopes`` on the Zaken API."""
    return grants.require_any_scope(request, COMPONENT, scopes)


def visible_cases(request: HttpRequest, scope: str = READ, prefix: str = "") -> Q:
    """The zaken the caller may see with ``scope``, as a filter on ``Case`` (``prefix``
    ``"case__"`` for a part): per autorisatie its zaaktype, up to its confidentiality.
    ``heeftAlleAutorisaties`` sees every zaak of the organisation."""
    return grants.visible(
        request, grants.ZAAKTYPE, scope, type_path=f"{prefix}case_type__uuid",
        confidentiality_path=f"{prefix}confidentiality",
    )  # fmt: skip


def case_allowed(request: HttpRequest, case: Case, scope: str = READ) -> bool:
    """Whether the caller's autorisaties with ``scope`` cover this zaak (``case_type``
    loaded by the caller, or one query)."""
    if caller_of(request).all_authorisations:
        return True
    return grants.allowed(
        request, grants.ZAAKTYPE, scope, type_uuid=case.case_type.uuid,
        confidentiality=case.confidentiality,
    )  # fmt: skip


def ensure_case_allowed(request: HttpRequest, case: Case, scopes: Iterable[str] | str) -> None:
    """403 unless an autorisatie with one of ``scopes`` covers this zaak."""
    scopes = (scopes,) if isinstance(scopes, str) else tuple(scopes)
    if not any(case_allowed(request, case, scope) for scope in scopes):
        raise PermissionDenied("Deze koppeling mag niet bij deze zaak.")


def force_for(request: HttpRequest, case: Case) -> bool:
    """A closed zaak only changes with ``zaken.geforceerd-bijwerken``: 403 without it,
    and the service is told to force (it checks the permission again)."""
    if not case.is_closed:
        return False
    if not caller_of(request).has_scope(COMPONENT, FORCE):
        raise PermissionDenied(
            f"Zaak {case.number} is afgesloten; wijzigen kan alleen met de scope {FORCE}."
        )
    return True


def bad_url(field: str, message: str = "") -> InvalidInput:
    return InvalidInput(
        [
            InvalidParam(
                field, "bad-url", message or "De URL verwijst niet naar een bestaand object."
            )
        ]
    )


def case_from_url(request: HttpRequest, url: str, field: str = "zaak") -> Case:
    """The zaak of this host that ``url`` names; 400 ``bad-url`` otherwise."""
    uuid = local_uuid(request, url, ZAKEN, "zaken")
    case = (
        Case.objects.select_related("case_type", "current_status__status_type")
        .filter(uuid=uuid)
        .first()
        if uuid
        else None
    )
    if case is None:
        raise bad_url(field)
    return case


def case_by_uuid(uuid: str) -> Case:
    """The zaak of a nested URL (``/zaken/{zaak_uuid}/...``); 404 for another's or none."""
    return get_or_404(Case.objects.select_related("case_type"), uuid)


def catalog_row(
    request: HttpRequest, url: str, resource: str, queryset: QuerySet, field: str
) -> Model:
    """The catalogue row (statustype, roltype, ...) of this host that ``url`` names."""
    uuid = local_uuid(request, url, CATALOGI, resource)
    row = queryset.filter(uuid=uuid).first() if uuid else None
    if row is None:
        raise bad_url(field)
    return row


def get_or_404(queryset: QuerySet, uuid: str) -> Model:
    try:
        UUID(str(uuid))
        return queryset.get(uuid=uuid)
    except (ValueError, queryset.model.DoesNotExist) as error:
        raise NotFound("Dit object bestaat niet.") from error


def mismatch(message: str) -> InvalidInput:
    return InvalidInput([InvalidParam("nonFieldErrors", "zaaktype-mismatch", message)])


@contextmanager
def answered(fields: dict[str, str] | None = None, *, case_error_code: str = "invalid") -> Iterator:
    """Turn a service's refusal into the standard's answer: ``ValidationError`` per field
    (model field names mapped to the API's by ``fields``) and ``CaseError`` as 400,
    ``NotPermitted`` as 403."""
    fields = fields or {}
    try:
        yield
    except NotPermitted as error:
        raise PermissionDenied(str(error)) from error
    except ValidationError as error:
        params = []
        by_field = (
            error.error_dict if hasattr(error, "error_dict") else {"__all__": error.error_list}
        )
        for name, errors in by_field.items():
            for item in errors:
                api_name = fields.get(name, "nonFieldErrors" if name == "__all__" else name)
                message = " ".join(item.messages)
                params.append(InvalidParam(api_name, item.code or "invalid", message))
        raise InvalidInput(params) from error
    except CaseError as error:
        raise InvalidInput([InvalidParam("nonFieldErrors", case_error_code, str(error))]) from error
