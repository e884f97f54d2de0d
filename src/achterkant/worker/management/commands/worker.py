from django.core.management.base import BaseCommand

from achterkant.worker.runner import run_forever, run_once


class Command(BaseCommand):
    help = "Voert achtergrondtaken uit (e-mail, periodieke controles). Stoppen met Ctrl-C."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="Eén ronde en dan stoppen.")

    def handle(self, *args, once: bool = False, **options) -> None:
        if once:
            run_once()
            return
        try:
            run_forever()
        except KeyboardInterrupt:
            self.stdout.write("Worker gestopt.")
