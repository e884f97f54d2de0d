"""``achterkant insights rebuild --from DATE``: backfill the daily aggregates."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from achterkant.insights.management.commands._card import ACTIONS as CARD_ACTIONS
from achterkant.insights.management.commands._card import add_card_parsers, handle_card
from achterkant.insights.services import aggregates_rebuild
from achterkant.tenancy.context import use_organisation
from achterkant.tenancy.models import Organisation


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Geen geldige datum (JJJJ-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Dagcijfers voor Inzicht: 'rebuild' berekent ze opnieuw vanaf een datum."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        rebuild = commands.add_parser("rebuild", help="bereken de dagcijfers opnieuw")
        rebuild.add_argument("--from", dest="first", required=True, help="JJJJ-MM-DD")
        rebuild.add_argument("--until", dest="last", help="JJJJ-MM-DD (standaard vandaag)")
        rebuild.add_argument("--organisation", help="slug; standaard alle organisaties")
        rebuild.add_argument("--no-progress", action="store_true", help="geen voortgangsbalk")
        add_card_parsers(commands)

    def handle(self, *args, action: str, **options) -> None:
        if action in CARD_ACTIONS:
            return handle_card(self, action, options)
        first = _day(options["first"])
        last = _day(options["last"]) if options["last"] else timezone.localdate()
        if last < first:
            raise CommandError("--until ligt vóór --from.")
        organisations = Organisation.objects.all()
        if options["organisation"]:
            organisations = organisations.filter(slug=options["organisation"])
            if not organisations:
                raise CommandError(f"Onbekende organisatie: {options['organisation']}")
        for organisation in organisations:
            with use_organisation(organisation):
                written = self._rebuild(organisation, first, last, not options["no_progress"])
            self.stdout.write(
                f"{organisation.name}: {first:%d-%m-%Y} t/m {last:%d-%m-%Y}, {written} rijen."
            )

    def _rebuild(self, organisation, first: date, last: date, progress: bool) -> int:
        if not progress:
            return aggregates_rebuild(first, last)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        days = (last - first).days + 1
        with Progress(
            TextColumn(f"{organisation.name:<24}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("dagen"), console=Console(stderr=True),  # stdout: the summaries
        ) as bar:  # fmt: skip
            task = bar.add_task("", total=days)
            return aggregates_rebuild(
                first, last,
                progress=lambda start, end: bar.advance(task, (end - start).days + 1),
            )  # fmt: skip
