"""``achterkant insights card-export`` and ``card-import``: the signed benchmark card on the
command line (docs/insights.md, "The benchmark card"). Thin: insights.benchmark does it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from achterkant.identity.actors import system
from achterkant.insights.benchmark import (
    CARD_MAX_BYTES,
    CardError,
    card_bytes,
    card_export,
    card_import,
    fingerprint,
    score_snapshot_store,
)
from achterkant.insights.maturity import maturity
from achterkant.tenancy.context import use_organisation
from achterkant.tenancy.models import Organisation

ACTIONS = ("card-export", "card-import")
# Run by an operator of this installation: it may read the score and import a card.
_CLI = system("insights-cli", {"insights.view_insights", "insights.add_benchmarkcard"})


def add_card_parsers(commands) -> None:
    export = commands.add_parser("card-export", help="maak de ondertekende benchmarkkaart")
    export.add_argument("--organisation", required=True, help="slug van de organisatie")
    export.add_argument("--output", help="bestand (standaard: naar het scherm)")
    imported = commands.add_parser("card-import", help="lees een benchmarkkaart in")
    imported.add_argument("--organisation", required=True, help="slug van de organisatie")
    imported.add_argument("file", help="het JSON-bestand van de kaart")


def handle_card(command: BaseCommand, action: str, options: dict) -> None:
    organisation = Organisation.objects.filter(slug=options["organisation"]).first()
    if organisation is None:
        raise CommandError(f"Onbekende organisatie: {options['organisation']}")
    with use_organisation(organisation):
        if action == "card-export":
            result = maturity()
            score_snapshot_store(result)
            card = card_export(actor=_CLI, result=result)
            data = card_bytes(card)
            if options["output"]:
                Path(options["output"]).write_bytes(data)
                command.stdout.write(
                    f"{organisation.name}: kaart geschreven naar {options['output']} "
                    f"(totaal {card['scores']['overall']}, sleutel "
                    f"{fingerprint(card['public_key'])})."
                )
            else:
                command.stdout.write(data.decode(), ending="")
            return
        path = Path(options["file"])
        try:
            with path.open("rb") as file:
                raw = file.read(CARD_MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Kan {path} niet lezen: {error.strerror}.") from error
        try:
            stored = card_import(actor=_CLI, raw=raw)
        except CardError as error:
            raise CommandError(error.messages[0]) from error
        command.stdout.write(
            f"{organisation.name}: kaart van {stored.source_name} ingelezen "
            f"(totaal {stored.overall}, sleutel {fingerprint(stored.public_key)})."
        )
