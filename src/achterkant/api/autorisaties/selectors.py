"""Reading applications for the API: the active organisation's only, autorisaties prefetched."""

import uuid

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet

from achterkant.api.autorisaties.models import Application, Authorisation, ClientCredential
from achterkant.api.problems import NotFound


def applications(*, client_ids: list[str] | None = None) -> QuerySet[Application]:
    rows = Application.objects.prefetch_related(
        Prefetch("authorisations", queryset=Authorisation.objects.order_by("position", "pk"))
    ).order_by("label", "pk")
    if client_ids:
        # A subquery, not a join: one row per application, whatever number of ids match.
        rows = rows.filter(
            pk__in=ClientCredential.objects.filter(client_id__in=client_ids).values(
                "application_id"
            )
        )
    return rows


def application_get(application_uuid: str | uuid.UUID) -> Application:
    """The active organisation's application; 404 for another's or an unknown one."""
    try:
        return applications().get(uuid=application_uuid)
    except (Application.DoesNotExist, ValidationError, ValueError) as error:
        raise NotFound("Deze applicatie bestaat niet.") from error


def application_by_client_id(client_id: str) -> Application:
    try:
        return applications(client_ids=[client_id]).get()
    except Application.DoesNotExist as error:
        raise NotFound("Er is geen applicatie met deze client-id.") from error
