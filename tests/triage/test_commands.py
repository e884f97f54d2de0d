"""`achterkant triage train|classify|evaluate` and the evaluation on the held-out set."""

import io
import json
import sys

import pytest
from django.core.management import CommandError, call_command

from achterkant.catalog.models import Product
from achterkant.contacts.triage import record_example, suggest
from achterkant.contacts.triage.evaluation import evaluate_daily_work, evaluate_heldout
from achterkant.contacts.triage.models import TriageSettings
from achterkant.contacts.triage.services import HELDOUT_CSV, STARTER_CSV, read_labelled_csv
from achterkant.demo.catalogue import PRODUCTS
from tests.triage.conftest import demo_trained


def _run(*args, stdin: str = "") -> str:
    out = io.StringIO()
    real = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        call_command("triage", *args, stdout=out, stderr=io.StringIO())
    finally:
        sys.stdin = real
    return out.getvalue()


def test_the_shipped_data_is_big_enough_and_kept_apart():
    starter = read_labelled_csv(STARTER_CSV)
    heldout = read_labelled_csv(HELDOUT_CSV)
    codes = {spec.code for spec in PRODUCTS}
    for code in codes:
        assert sum(1 for c, _ in starter if c == code) >= 30, code
    assert {c for c, _ in starter} == codes and {c for c, _ in heldout} == codes
    assert len(heldout) >= 100
    # The held-out set is never trained on: no sentence of it is in the starter set.
    assert not {t.lower() for _, t in heldout} & {t.lower() for _, t in starter}


def test_train_with_starter_then_classify_prints_one_json_line_per_text(tenant_a):
    from achterkant.demo.seed_catalogue import seed_catalogue

    with tenant_a.active():
        seed_catalogue()
    output = _run("train", "--organisation", "a", "--starter", "--no-progress")
    assert "voorbeelden uit de startset" in output and "getraind op" in output
    lines = _run(
        "classify", "--organisation", "a",
        stdin="Mijn paspoort is verlopen\n\nWanneer komt de vuilniswagen?\n",
    ).splitlines()  # fmt: skip
    assert len(lines) == 3
    first, empty, third = (json.loads(line) for line in lines)
    assert first["producten"][0]["code"] == "paspoort-aanvragen"
    assert len(first["producten"]) == 3
    assert set(first["producten"][0]) == {"code", "naam", "zekerheid"}
    assert empty["producten"] == [] and empty["reden"]
    assert third["producten"][0]["code"] == "afvalkalender"


def test_train_reports_an_organisation_without_enough_data(tenant_a):
    with pytest.raises(CommandError, match="Training mislukt"):
        _run("train", "--organisation", "a", "--no-progress")
    with pytest.raises(CommandError, match="Onbekende organisatie"):
        _run("classify", "--organisation", "bestaat-niet")


def test_the_evaluation_on_the_held_out_set_meets_the_targets(tenant_a, capsys):
    """The figures of docs/triage.md: printed here, with floors we really reach."""
    demo_trained(tenant_a, articles=True)
    with tenant_a.active():
        threshold = TriageSettings.objects.get().threshold
        codes = set(Product.objects.values_list("code", flat=True))
        result = evaluate_heldout(codes, threshold)
    with capsys.disabled():
        print("\ntriage held-out evaluation:", json.dumps(result.as_dict()))
    assert result.total >= 100
    assert result.top1_accuracy >= 0.90
    assert result.top3_accuracy >= 0.98
    assert result.routed_share >= 0.80
    assert result.routed_precision >= 0.97


def test_evaluate_command_prints_figures_confusion_and_daily_work(tenant_a):
    demo_trained(tenant_a)
    with tenant_a.active():
        paspoort = Product.objects.get(code="paspoort-aanvragen")
        klacht = Product.objects.get(code="klacht")
        first = suggest("Mijn id-kaart is verlopen").best.code
        record_example(actor=None, text="Mijn id-kaart is verlopen", product=paspoort,
                       source="confirmed", suggested_code=first)  # fmt: skip
        record_example(actor=None, text="Ik ben boos", product=klacht,
                       source="corrected", suggested_code="paspoort-aanvragen")  # fmt: skip
        daily = evaluate_daily_work(0.4)
    assert (daily.total, daily.top1) == (2, 1)
    text = _run("evaluate", "--organisation", "a")
    assert "testset (niet getraind)" in text and "top-1" in text and "top-3" in text
    assert "automatisch doorgezet, precisie" in text
    assert "verwisselingen" in text and "paspoort-aanvragen" in text
    assert "bevestigd in het dagelijks werk" in text and "n=2  top-1 50.0%" in text
    records = [json.loads(line) for line in _run("evaluate", "--organisation", "a", "--json")
               .splitlines()]  # fmt: skip
    heldout = next(r for r in records if r.get("set") == "heldout")
    assert heldout["n"] >= 100 and 0 <= heldout["top1"] <= 1
    assert any("drempels" in r for r in records)


def test_evaluate_says_when_there_is_no_model_yet(tenant_a):
    err = io.StringIO()
    call_command("triage", "evaluate", "--organisation", "a", stdout=io.StringIO(), stderr=err)
    assert "nog geen model" in err.getvalue()
