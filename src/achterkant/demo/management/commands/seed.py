from django.core.management.base import BaseCommand, CommandParser

from achterkant.demo.seed import seed_demo


class Command(BaseCommand):
    help = "Laadt demogegevens: twee gemeenten, medewerkers, producten en personen."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--persons", type=int, default=200, help="Aantal personen per gemeente (standaard 200)."
        )

    def handle(self, *args, persons: int, **options) -> None:
        report = seed_demo(persons_per_organisation=persons)
        self.stdout.write(f"Demogegevens klaar ({report.persons_created} nieuwe personen).")
