import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from achterkant.catalog.exchange import catalogue_export, catalogue_import
from achterkant.catalog.models import Catalogue
from achterkant.tenancy.context import use_organisation
from achterkant.tenancy.models import Organisation


class Command(BaseCommand):
    help = "Exporteert of importeert een zaaktypecatalogus als JSON-bestand."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export", "import"])
        parser.add_argument("--organisation", required=True, help="slug, bijv. voorbeeld")
        parser.add_argument("--domain", default="ZAKEN", help="domein van de catalogus (export)")
        parser.add_argument("--file", required=True, help="pad naar het JSON-bestand")

    def handle(self, *args, action: str, organisation: str, domain: str, file: str, **opts):
        try:
            org = Organisation.objects.get(slug=organisation)
        except Organisation.DoesNotExist as error:
            raise CommandError(f"Onbekende organisatie: {organisation}") from error
        with use_organisation(org):
            if action == "export":
                catalogue = Catalogue.objects.filter(domain=domain).first()
                if catalogue is None:
                    raise CommandError(f"Geen catalogus met domein {domain}.")
                with open(file, "w", encoding="utf-8") as handle:
                    json.dump(catalogue_export(catalogue), handle, indent=2, ensure_ascii=False)
                self.stdout.write(f"Catalogus {domain} geschreven naar {file}.")
                return
            try:
                with open(file, encoding="utf-8") as handle:
                    data = json.load(handle)
                catalogue = catalogue_import(data)
            except (OSError, json.JSONDecodeError, ValidationError) as error:
                raise CommandError(f"Importeren mislukt: {error}") from error
            self.stdout.write(f"Catalogus {catalogue.domain} geïmporteerd.")
