"""Reading kanalen and abonnementen for the API: the active organisation's only."""

import uuid

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet

from achterkant.api.notificaties.models import (
    STANDARD_KANALEN,
    Abonnement,
    AbonnementKanaal,
    Kanaal,
)
from achterkant.api.problems import NotFound
from achterkant.tenancy.context import require_organisation


def kanalen_ensure() -> None:
    """Seed the standard kanalen of the active organisation on first use (one query when
    they are there). A kanaal deleted in the admin comes back at the next API call."""
    present = set(Kanaal.objects.filter(naam__in=STANDARD_KANALEN).values_list("naam", flat=True))
    missing = [naam for naam in STANDARD_KANALEN if naam not in present]
    if missing:
        organisation = require_organisation()
        Kanaal.objects.bulk_create(
            [
                Kanaal(organisation=organisation, naam=naam, filters=STANDARD_KANALEN[naam])
                for naam in missing
            ],
            ignore_conflicts=True,
        )


def kanalen(*, naam: str | None = None) -> QuerySet[Kanaal]:
    kanalen_ensure()
    rows = Kanaal.objects.order_by("naam", "pk")
    if naam is not None:
        rows = rows.filter(naam=naam)
    return rows


def kanaal_get(kanaal_uuid: str | uuid.UUID) -> Kanaal:
    try:
        return kanalen().get(uuid=kanaal_uuid)
    except (Kanaal.DoesNotExist, ValidationError, ValueError) as error:
        raise NotFound("Dit kanaal bestaat niet.") from error


def abonnementen() -> QuerySet[Abonnement]:
    return Abonnement.objects.prefetch_related(
        Prefetch(
            "kanalen",
            queryset=AbonnementKanaal.objects.select_related("kanaal").order_by("position", "pk"),
        )
    ).order_by("created_at", "pk")


def abonnement_get(abonnement_uuid: str | uuid.UUID) -> Abonnement:
    try:
        return abonnementen().get(uuid=abonnement_uuid)
    except (Abonnement.DoesNotExist, ValidationError, ValueError) as error:
        raise NotFound("Dit abonnement bestaat niet.") from error
