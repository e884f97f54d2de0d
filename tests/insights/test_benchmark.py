"""The league table and the signed benchmark card (insights/benchmark.py)."""

import base64
import json
import os
import stat

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command

from achterkant.identity.actors import NotPermitted, system
from achterkant.insights import benchmark, maturity_facts
from achterkant.insights.benchmark import CardError, card_export, card_import, card_verify
from achterkant.insights.maturity import maturity
from achterkant.insights.models import BenchmarkCard, InsightsSettings, ScoreSnapshot
from achterkant.tenancy.context import use_organisation
from tests.insights import maturity_fixture

OPERATOR = system("test", {"insights.view_insights", "insights.add_benchmarkcard"})
READER = system("reader", {"insights.view_insights"})


@pytest.fixture(autouse=True)
def key_file(settings, tmp_path, monkeypatch):
    monkeypatch.setattr(maturity_facts, "_connection_counters", {})  # the fallback counts
    settings.INSIGHTS_SIGNING_KEY_FILE = str(tmp_path / "here" / "signing-key.pem")
    settings.PERSON_LOOKUP = "local"
    settings.NOTIFICATIES_FORWARD_URL = ""
    return tmp_path / "here" / "signing-key.pem"


@pytest.fixture
def maat(db):
    return maturity_fixture.build()


def _card_of(organisation) -> dict:
    with use_organisation(organisation):
        return card_export(actor=READER, result=maturity(today=maturity_fixture.TODAY))


def _elsewhere(settings, tmp_path):
    """From now on this process is another installation, with a key of its own."""
    settings.INSIGHTS_SIGNING_KEY_FILE = str(tmp_path / "elsewhere" / "signing-key.pem")


def _raw(card: dict) -> bytes:
    return json.dumps(card).encode()


def _signed(card: dict, key: Ed25519PrivateKey | None = None) -> dict:
    """``card`` signed properly, by ``key`` (a fresh one if none): a valid signature on
    content the importer must still judge."""
    key = key or Ed25519PrivateKey.generate()
    card = {k: v for k, v in card.items() if k != "signature"}
    card["public_key"] = base64.b64encode(benchmark._public_bytes(key.public_key())).decode()
    card["signature"] = base64.b64encode(key.sign(benchmark._canonical(card))).decode()
    return card


def test_the_card_holds_scores_and_public_identifiers_only(maat, key_file):
    card = _card_of(maat)
    assert set(card) == {"format", "scoring_version", "organisation", "period", "scores",
                         "public_key", "signature"}  # fmt: skip
    assert card["format"] == "achterkant-benchmarkkaart/1"
    assert card["scoring_version"] == "2026.1"
    assert card["organisation"] == {"name": "Gemeente Maat", "rsin": "004000006"}
    assert card["period"] == {"first": "2026-08-23", "last": "2026-11-20"}
    assert card["scores"]["overall"] == 53.8
    assert card["scores"]["parts"] == {
        "service": 21.9, "customer_service": 56.6, "citizen_voice": 58.3,
    }  # fmt: skip
    assert set(card["scores"]["indicators"]) == set(benchmark.INDICATOR_KEYS)
    # Every score is a number: no value texts, advice or product names travel.
    flat = json.dumps(card["scores"])
    assert "Paspoort" not in flat and "geen gegevens" not in flat
    # The key was made on first use, readable by its owner only.
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600


def test_the_key_is_made_once_and_reused(maat, key_file):
    first = _card_of(maat)["public_key"]
    created = key_file.read_bytes()
    assert _card_of(maat)["public_key"] == first
    assert key_file.read_bytes() == created


def test_round_trip_export_then_import_on_another_installation(maat, tenant_b, settings, tmp_path):
    card = _card_of(maat)
    _elsewhere(settings, tmp_path)
    with tenant_b.active():
        stored = card_import(actor=OPERATOR, raw=_raw(card))
        assert BenchmarkCard.objects.count() == 1
    assert stored.source_name == "Gemeente Maat"
    assert stored.source_rsin == "004000006"
    assert float(stored.overall) == 53.8
    assert stored.scores["indicators"]["transact"] == 25.0
    assert stored.period_first.isoformat() == "2026-08-23"
    # The same card again replaces the first import.
    with tenant_b.active():
        card_import(actor=OPERATOR, raw=_raw(card))
        assert BenchmarkCard.objects.count() == 1
    # It is tenant_b's import: no other organisation sees it.
    with use_organisation(maat):
        assert not BenchmarkCard.objects.exists()


def test_a_tampered_card_is_rejected_and_nothing_is_stored(maat, tenant_b, settings, tmp_path):
    card = _card_of(maat)
    card["scores"]["overall"] = 99.0
    _elsewhere(settings, tmp_path)
    with tenant_b.active(), pytest.raises(CardError, match="handtekening klopt niet"):
        card_import(actor=OPERATOR, raw=_raw(card))
    with tenant_b.active():
        assert not BenchmarkCard.objects.exists()


def test_a_card_of_another_scoring_version_is_rejected(maat, tenant_b):
    card = _signed({**_card_of(maat), "scoring_version": "2025.9"})
    with tenant_b.active(), pytest.raises(CardError, match="scoreversie 2025.9.*2026.1"):
        card_import(actor=OPERATOR, raw=_raw(card))


def test_a_card_from_this_installation_itself_is_refused(maat, tenant_b):
    with tenant_b.active(), pytest.raises(CardError, match="deze installatie zelf"):
        card_import(actor=OPERATOR, raw=_raw(_card_of(maat)))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\xff\xfe not utf-8", "geen geldige JSON"),
        (b"{not json", "geen geldige JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "te groot"),
        (b"[" * 30_000 + b"]" * 30_000, "geen geldige JSON|geen benchmarkkaart van Achterkant"),
        (b"[1, 2]", "geen benchmarkkaart van Achterkant"),
        (b'{"format": "iets anders"}', "geen benchmarkkaart van Achterkant"),
        (b'{"format": "achterkant-benchmarkkaart/1"}', "niet precies de velden"),
    ],
)
def test_malformed_files_get_a_dutch_error(db, tenant_b, raw, message):
    with tenant_b.active(), pytest.raises(CardError, match=message):
        card_verify(raw)


def _mangle(card: dict, path: str, value) -> dict:
    changed = json.loads(json.dumps(card))
    *parents, last = path.split(".")
    target = changed
    for parent in parents:
        target = target[parent]
    target[last] = value
    return changed


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("public_key", "!!!", "publieke sleutel van de kaart is onleesbaar"),
        ("signature", base64.b64encode(b"short").decode(), "handtekening van de kaart"),
    ],
)
def test_an_unreadable_key_or_signature_is_rejected(maat, tenant_b, path, value, message):
    card = _mangle(_card_of(maat), path, value)
    with tenant_b.active(), pytest.raises(CardError, match=message):
        card_verify(_raw(card))


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("scores.overall", 101, "tussen 0 en 100"),
        ("scores.overall", float("nan"), "tussen 0 en 100"),
        ("scores.overall", True, "tussen 0 en 100"),
        ("scores.indicators.csat", "70", "tussen 0 en 100"),
        ("scores.indicators.extra", 1.0, "onderdelen van scoreversie"),
        ("scores.parts", {}, "onderdelen van scoreversie"),
        ("organisation.rsin", "123456789", "geen geldig RSIN"),
        ("organisation.name", "Gemeente\nMaat", "naam van de organisatie"),
        ("organisation.email", "a@b.nl", "naam en een RSIN"),
        ("period.first", "2026-12-01", "geen geldige periode"),
        ("period.last", "gisteren", "geen geldige periode"),
    ],
)
def test_signed_but_senseless_content_is_rejected(maat, tenant_b, path, value, message):
    card = _signed(_mangle(_card_of(maat), path, value))
    with tenant_b.active(), pytest.raises(CardError, match=message):
        card_import(actor=OPERATOR, raw=json.dumps(card).encode())
    with tenant_b.active():
        assert not BenchmarkCard.objects.exists()


def test_importing_needs_the_permission(maat, tenant_b, settings, tmp_path):
    card = _card_of(maat)
    _elsewhere(settings, tmp_path)
    with tenant_b.active(), pytest.raises(NotPermitted):
        card_import(actor=READER, raw=_raw(card))
    with use_organisation(maat), pytest.raises(NotPermitted):
        card_export(actor=system("nobody", ()), result=maturity(today=maturity_fixture.TODAY))


def _store(organisation, *, opt_in: bool):
    with use_organisation(organisation):
        benchmark.score_snapshot_store(maturity(today=maturity_fixture.TODAY))
        InsightsSettings.objects.update_or_create(defaults={"in_league_table": opt_in})


def test_the_league_table_shows_only_organisations_that_opted_in(maat, tenant_a, tenant_b):
    _store(maat, opt_in=True)
    _store(tenant_a.organisation, opt_in=False)
    _store(tenant_b.organisation, opt_in=False)
    with tenant_b.active():
        rows = benchmark.league_table()
    # Maat opted in; tenant_b sees itself although it did not; tenant_a is not there at all.
    assert [(row.name, row.own) for row in rows] == [("Gemeente Maat", False), ("Gemeente B", True)]
    assert rows[0].overall == 53.8
    with tenant_a.active():
        assert [row.name for row in benchmark.league_table()] == ["Gemeente Maat", "Gemeente A"]
    # Opting out removes Maat from the others' tables at once.
    with use_organisation(maat):
        InsightsSettings.objects.update(in_league_table=False)
    with tenant_b.active():
        assert [row.name for row in benchmark.league_table()] == ["Gemeente B"]


def test_the_league_table_marks_imported_cards(maat, tenant_b, settings, tmp_path):
    card = _card_of(maat)
    _elsewhere(settings, tmp_path)
    _store(tenant_b.organisation, opt_in=False)
    with tenant_b.active():
        card_import(actor=OPERATOR, raw=_raw(card))
        rows = benchmark.league_table()
    imported = [row for row in rows if row.imported]
    assert [row.name for row in imported] == ["Gemeente Maat"]
    assert imported[0].fingerprint == benchmark.fingerprint(card["public_key"])
    assert len(imported[0].fingerprint) == 19


def test_the_snapshot_is_one_row_per_organisation(maat):
    _store(maat, opt_in=False)
    _store(maat, opt_in=False)
    with use_organisation(maat):
        assert ScoreSnapshot.objects.count() == 1
        assert float(ScoreSnapshot.objects.get().overall) == 53.8


def test_cli_round_trip(maat, tenant_b, settings, tmp_path, capsys, today):
    today(maturity_fixture.TODAY)
    path = tmp_path / "kaart.json"
    call_command("insights", "card-export", "--organisation", "maat", "--output", str(path))
    assert json.loads(path.read_text())["scores"]["overall"] == 53.8
    _elsewhere(settings, tmp_path)
    call_command("insights", "card-import", "--organisation", "b", str(path))
    assert "kaart van Gemeente Maat ingelezen" in capsys.readouterr().out
    with tenant_b.active():
        assert BenchmarkCard.objects.get().source_rsin == "004000006"
    path.write_text(path.read_text().replace("53.8", "63.8"))
    with pytest.raises(CommandError, match="handtekening klopt niet"):
        call_command("insights", "card-import", "--organisation", "b", str(path))
    with pytest.raises(CommandError, match="Kan .* niet lezen"):
        call_command("insights", "card-import", "--organisation", "b", str(tmp_path / "nee"))
    with pytest.raises(CommandError, match="Onbekende organisatie"):
        call_command("insights", "card-export", "--organisation", "onbekend")


def test_the_worker_job_keeps_every_score_current(maat, tenant_b, today):
    today(maturity_fixture.TODAY)
    with use_organisation(maat):
        InsightsSettings.objects.create(in_league_table=True)
    benchmark.score_snapshots_update_all()
    # Nobody opened a score page, yet tenant_b sees Maat (opted in) and itself.
    with tenant_b.active():
        assert [(row.name, row.overall) for row in benchmark.league_table()] == [
            ("Gemeente Maat", 53.8),
            ("Gemeente B", 1.6),
        ]
