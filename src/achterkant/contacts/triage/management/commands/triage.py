"""``achterkant triage train|classify|evaluate``: the free-text triage (docs/triage.md)."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from achterkant.catalog.models import Product
from achterkant.contacts.triage.evaluation import (
    Evaluation,
    evaluate_daily_work,
    evaluate_heldout,
    heldout_pairs,
    threshold_table,
)
from achterkant.contacts.triage.models import TriageSettings
from achterkant.contacts.triage.services import (
    TrainingError,
    load_starter_examples,
    organisation_threshold,
    suggest,
    train_organisation,
)
from achterkant.tenancy.context import use_organisation
from achterkant.tenancy.models import Organisation

TRAINING_STEPS = ("gegevens lezen", "model trainen", "model opslaan", "klaar")


class Command(BaseCommand):
    help = (
        "Vraagherkenning: 'train' traint het model, 'classify' herkent teksten van "
        "standaardinvoer (één per regel), 'evaluate' meet de nauwkeurigheid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        train = actions.add_parser("train", help="train het model per organisatie")
        train.add_argument("--organisation", help="slug; standaard alle organisaties")
        train.add_argument(
            "--starter", action="store_true", help="voeg eerst de meegeleverde startset toe"
        )
        train.add_argument("--no-progress", action="store_true", help="geen voortgangsbalk")
        classify = actions.add_parser("classify", help="herken teksten van standaardinvoer")
        classify.add_argument("--organisation", required=True, help="slug, bijv. voorbeeld")
        classify.add_argument(
            "--source", default="text", choices=["text", "email", "letter"],
            help="email/letter: haal eerst citaat en ondertekening weg",
        )  # fmt: skip
        evaluate = actions.add_parser(
            "evaluate", help="meet top-1, top-3 en automatisch doorzetten"
        )
        evaluate.add_argument("--organisation", help="slug; standaard alle organisaties")
        evaluate.add_argument("--json", action="store_true", help="cijfers als JSON-regels")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(options)

    def _organisations(self, slug: str | None) -> list[Organisation]:
        organisations = Organisation.objects.all()
        if slug:
            organisations = organisations.filter(slug=slug)
            if not organisations:
                raise CommandError(f"Onbekende organisatie: {slug}")
        return list(organisations)

    # -- train --------------------------------------------------------------------------

    def _train(self, options: dict) -> None:
        failed = 0
        for organisation in self._organisations(options["organisation"]):
            if options["starter"]:
                with use_organisation(organisation):
                    added = load_starter_examples()
                if added:
                    self.stdout.write(f"{organisation.name}: {added} voorbeelden uit de startset.")
            try:
                figures = self._train_one(organisation, progress=not options["no_progress"])
            except TrainingError as error:
                failed += 1
                self.stderr.write(f"{organisation.name}: niet getraind. {error}")
                continue
            self.stdout.write(
                f"{organisation.name}: getraind op {figures['texts']} teksten "
                f"({figures['examples']} voorbeelden), {figures['products']} producten, "
                f"{figures['seconds']} s."
            )
        if failed and options["organisation"]:
            raise CommandError("Training mislukt.")

    def _train_one(self, organisation: Organisation, *, progress: bool) -> dict:
        if not progress:
            return train_organisation(organisation)
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(
            TextColumn(f"{organisation.name:<24}"), BarColumn(), TextColumn("{task.description}"),
            TimeElapsedColumn(), console=Console(stderr=True),  # stdout: the summaries
        ) as bar:  # fmt: skip
            task = bar.add_task("", total=len(TRAINING_STEPS))

            def step(label: str) -> None:
                bar.update(task, description=label, completed=TRAINING_STEPS.index(label) + 1)

            return train_organisation(organisation, progress=step)

    # -- classify -----------------------------------------------------------------------

    def _classify(self, options: dict) -> None:
        (organisation,) = self._organisations(options["organisation"])
        with use_organisation(organisation):
            for line in sys.stdin:
                text = line.rstrip("\n")
                suggestion = suggest(text, source=options["source"])
                self.stdout.write(
                    json.dumps(
                        {
                            "tekst": text[:200],
                            **suggestion.as_json(),
                            "automatisch": suggestion.auto_routable,
                        },
                        ensure_ascii=False,
                    )
                )

    # -- evaluate -----------------------------------------------------------------------

    def _evaluate(self, options: dict) -> None:
        for organisation in self._organisations(options["organisation"]):
            with use_organisation(organisation):
                if not TriageSettings.objects.exclude(model_token="").exists():
                    self.stderr.write(
                        f"{organisation.name}: nog geen model; eerst 'achterkant triage train'."
                    )
                    continue
                threshold = organisation_threshold()
                codes = set(Product.objects.values_list("code", flat=True))
                results = [evaluate_heldout(codes, threshold), evaluate_daily_work(threshold)]
                table = threshold_table(
                    heldout_pairs(codes), [0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8]
                )
            for result in results:
                if options["json"]:
                    record = {"organisatie": organisation.slug, **result.as_dict()}
                    self.stdout.write(json.dumps(record, ensure_ascii=False))
                else:
                    self._report(organisation, result)
            if options["json"]:
                self.stdout.write(json.dumps({"organisatie": organisation.slug, "drempels": table}))
            elif results[0].total:
                self.stdout.write("  drempel  automatisch  precisie (testset)")
                for row in table:
                    self.stdout.write(
                        f"  {row['threshold']:.2f}     {row['auto_routed']:6.1%}      "
                        f"{row['precision']:6.1%}"
                    )

    def _report(self, organisation: Organisation, result: Evaluation) -> None:
        title = {
            "heldout": "testset (niet getraind)",
            "daily_work": "bevestigd in het dagelijks werk",
        }[result.name]
        self.stdout.write(f"{organisation.name}: {title}")
        if not result.total:
            self.stdout.write("  geen teksten om te meten")
            return
        self.stdout.write(
            f"  n={result.total}  top-1 {result.top1_accuracy:.1%}  "
            f"top-3 {result.top3_accuracy:.1%}  geen voorstel {result.no_suggestion}"
        )
        self.stdout.write(
            f"  drempel {result.threshold:.2f}: {result.routed_share:.1%} automatisch "
            f"doorgezet, precisie {result.routed_precision:.1%}"
        )
        self._confusion(result)

    def _confusion(self, result: Evaluation) -> None:
        """Rows: the right product; columns: the model's top-1 ('-': no suggestion)."""
        actual = sorted({a for a, _ in result.confusion})
        predicted = sorted({p for _, p in result.confusion} | set(actual))
        short = {code: code[:6] for code in predicted}
        self.stdout.write("  verwisselingen (rij: juist product, kolom: voorstel):")
        self.stdout.write("  " + " " * 26 + " ".join(f"{short[p]:>6}" for p in predicted))
        for a in actual:
            cells = " ".join(f"{result.confusion.get((a, p), 0) or '.':>6}" for p in predicted)
            self.stdout.write(f"  {a[:25]:<26}{cells}")
