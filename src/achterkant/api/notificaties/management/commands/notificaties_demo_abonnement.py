"""The demo's own subscriber: one abonnement on every kanaal, with a given callback.

Called by the demo seed (``achterkant.demo.subscriber``) with the URL and Authorization
value of the demo's receiving view; a command, not an import, because the demo and the
API are independent interface layers. Safe to repeat: the abonnement (client id
``demo-ontvanger``) is updated, not duplicated. Only with DEMO_MODE on.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from achterkant.api.notificaties import services
from achterkant.api.notificaties.models import STANDARD_KANALEN, Abonnement
from achterkant.tenancy.context import use_organisation
from achterkant.tenancy.models import Organisation

CLIENT_ID = "demo-ontvanger"


@dataclass(frozen=True)
class _DemoSeed:
    """Who makes the abonnement: the services keep only its client id."""

    client_id: str = CLIENT_ID


class Command(BaseCommand):
    help = "Abonneer de demo-ontvanger op alle kanalen (alleen met DEMO_MODE=1)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--callback-url", required=True)
        parser.add_argument("--auth", required=True, help="De Authorization-header.")
        parser.add_argument("--organisation", help="Slug; standaard de eerste organisatie.")

    def handle(self, *args, callback_url: str, auth: str, organisation: str | None, **options):
        if not settings.DEMO_MODE:
            raise CommandError("De demo-ontvanger bestaat alleen met DEMO_MODE=1.")
        organisations = Organisation.objects.order_by("pk")
        target = (
            organisations.filter(slug=organisation).first()
            if organisation
            else organisations.first()
        )
        if target is None:
            raise CommandError("Er is geen organisatie.")
        data = services.AbonnementData(
            callback_url=callback_url,
            auth=auth,
            kanalen=[services.FilterGroupData(naam=naam) for naam in STANDARD_KANALEN],
        )
        with use_organisation(target):
            existing = Abonnement.objects.filter(client_id=CLIENT_ID).first()
            if existing is None:
                services.abonnement_create(actor=_DemoSeed(), data=data)
            else:
                services.abonnement_update(actor=_DemoSeed(), abonnement=existing, data=data)
