from django.core.management.base import BaseCommand, CommandError, CommandParser

from achterkant.demo.seed import seed_demo


class Command(BaseCommand):
    help = (
        "Laadt demogegevens: twee gemeenten, medewerkers, producten en personen. "
        "Met --scale daarnaast de schaaldataset voor de bench (alleen PostgreSQL)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--persons", type=int, default=200, help="Aantal personen per gemeente (standaard 200)."
        )
        parser.add_argument(
            "--scale",
            default=None,
            help="Laad ook de schaaldataset: 'large' (200.000 personen, 1.000.000 zaken, "
            "5.000.000 klantcontacten, …) of een getal als deel daarvan, zoals 0.01 voor 1%%. "
            "Alleen op PostgreSQL, en alleen op een database zonder echte gegevens.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Geen voortgangsbalk tonen.")
        parser.add_argument(
            "--history",
            type=int,
            default=12,
            help="Maanden dienstverleningsgeschiedenis voor Inzicht (standaard 12, 0: geen).",
        )

    def handle(
        self, *args, persons: int, scale: str | None, no_progress: bool, history: int, **options
    ):
        if scale is None:
            report = seed_demo(persons_per_organisation=persons, history_months=history)
            self.stdout.write(f"Demogegevens klaar ({report.persons_created} nieuwe personen).")
            return
        from achterkant.demo.scale import ScaleError, generate

        try:
            report = generate(
                scale, progress=not no_progress, seed_persons=persons, out=self.stdout.write
            )
        except ScaleError as error:
            raise CommandError(str(error)) from error
        sizes = ", ".join(
            f"{name} {count:,}".replace(",", ".") for name, count in report.sizes.items()
        )
        if report.reused:
            self.stdout.write(
                f"Schaaldataset (schaal {report.scale:g}) staat er al: {sizes}. "
                f"Geladen in {report.seconds:.0f} s."
            )
            return
        for label, rows, seconds in report.steps:
            self.stdout.write(f"  {label:<22} {rows:>10,} rijen  {seconds:7.1f} s")
        self.stdout.write(
            f"Schaaldataset klaar (schaal {report.scale:g}): {sizes}; {report.seconds:.0f} s."
        )
