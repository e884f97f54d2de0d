import sys

from django.core.management.base import BaseCommand, CommandError

from achterkant.api.autorisaties.demo_client import (
    NotInDemoMode,
    ensure_demo_clients,
    instructions,
)


class Command(BaseCommand):
    help = "Maak de demo-koppeling voor de ZGW API's (alleen met DEMO_MODE=1) en toon hoe."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", default="8000", help="De poort van de demo-server.")

    def handle(self, *args, port: str, verbosity: int, **options) -> None:
        try:
            clients = ensure_demo_clients()
        except NotInDemoMode as error:
            raise CommandError(str(error)) from error
        if verbosity > 0:
            for line in instructions(clients, port=port, python=sys.executable):
                self.stdout.write(line)
