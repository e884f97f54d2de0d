"""suggest(), training, the model file and the feedback loop, on the real database."""

import logging

import pytest

from achterkant.catalog.models import Product
from achterkant.contacts.triage import Suggestion, record_example, suggest, train_organisation
from achterkant.contacts.triage import model as model_store
from achterkant.contacts.triage.jobs import needs_training, retrain_changed_organisations
from achterkant.contacts.triage.models import TriageExample, TriageSettings
from achterkant.contacts.triage.services import (
    REASON_EMPTY,
    REASON_FOREIGN,
    REASON_MODEL_BROKEN,
    REASON_NO_MODEL,
    REASON_TOO_SHORT,
    TrainingError,
)
from tests.triage.conftest import demo_trained


def _model_file(tenant):
    with tenant.active():
        token = TriageSettings.objects.get().model_token
    return model_store.model_path(tenant.organisation.pk, token)


def test_without_a_model_there_is_a_clear_no_suggestion(tenant_a):
    with tenant_a.active():
        suggestion = suggest("Mijn paspoort is verlopen, hoe vraag ik een nieuwe aan?")
    assert suggestion.products == () and suggestion.best is None
    assert suggestion.no_suggestion_reason == REASON_NO_MODEL
    assert not suggestion.auto_routable
    assert suggestion.as_json() == {
        "producten": [],
        "kennisartikelen": [],
        "reden": REASON_NO_MODEL,
    }


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Mijn paspoort is verlopen, hoe vraag ik een nieuwe aan?", "paspoort-aanvragen"),
        ("Er ligt een losse stoeptegel voor de school", "melding-openbare-ruimte"),
        ("ik wil een nieuwe kliko want de oude is gejat", "afvalcontainer-aanvragen"),
        ("wanneer word het oud papier opgehaalt bij ons", "afvalkalender"),  # typos
        ("Wij willen een dakkapel op ons huis, moet dat aangevraagd?", "omgevingsvergunning"),
    ],
)
def test_a_trained_model_suggests_the_right_product(trained_a, text, code):
    with trained_a.active():
        suggestion = suggest(text)
        product = Product.objects.get(code=code)
    assert isinstance(suggestion, Suggestion)
    assert suggestion.best.code == code
    assert suggestion.best.product_id == product.pk and suggestion.best.name == product.name
    assert 1 <= len(suggestion.products) <= 3
    confidences = [guess.confidence for guess in suggestion.products]
    assert confidences == sorted(confidences, reverse=True) and 0 < confidences[0] <= 1
    assert suggestion.no_suggestion_reason == ""
    assert suggestion.threshold == pytest.approx(0.4)  # the default from the evaluation


def test_articles_are_suggested_with_their_audience(trained_a):
    with trained_a.active():
        suggestion = suggest("Mijn paspoort is verlopen, wat moet ik doen?")
    assert 1 <= len(suggestion.articles) <= 3
    assert any("paspoort" in hint.question.lower() for hint in suggestion.articles)
    assert all(hint.audience for hint in suggestion.articles)


def test_an_email_is_classified_on_its_new_part_only(trained_a):
    mail = (
        "Goedemiddag,\n\nWanneer wordt bij ons het oud papier opgehaald?\n\n"
        "Met vriendelijke groet,\nJan\n\n"
        "Op 3 nov. 2025 om 10:12 schreef Gemeente <info@gemeente.nl>:\n"
        "> Uw aanvraag voor een parkeervergunning voor uw auto is ontvangen.\n"
        "> Uw parkeervergunning voor het kenteken is verleend.\n"
    )
    with trained_a.active():
        assert suggest(mail, source="email").best.code == "afvalkalender"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", REASON_EMPTY),
        ("   \n\t ", REASON_EMPTY),
        ("hallo", REASON_TOO_SHORT),
        ("?!", REASON_TOO_SHORT),
        ("Hello, I would like to renew my passport, could you please help me?", REASON_FOREIGN),
        ("Guten Tag, ich möchte bitte einen neuen Reisepass beantragen. Danke", REASON_FOREIGN),
        ("Met vriendelijke groet,\n\nJan Jansen\nKerkstraat 1\n06-12345678", REASON_EMPTY),
    ],
)
def test_bad_input_gets_no_suggestion_and_a_dutch_reason(trained_a, text, reason):
    with trained_a.active():
        suggestion = suggest(text, source="email")
    assert suggestion.products == () and suggestion.articles == ()
    assert suggestion.no_suggestion_reason == reason


def test_one_telling_word_still_suggests(trained_a):
    with trained_a.active():
        assert suggest("paspoort").best.code == "paspoort-aanvragen"


def test_100000_characters_are_truncated_not_an_error(trained_a):
    text = "Mijn kliko is gestolen, graag een nieuwe container. " + "x" * 100_000
    with trained_a.active():
        suggestion = suggest(text)
    assert suggestion.best.code == "afvalcontainer-aanvragen"


def test_not_a_string_is_no_suggestion(trained_a):
    with trained_a.active():
        assert suggest(None).no_suggestion_reason == REASON_EMPTY  # type: ignore[arg-type]


def test_a_corrupt_model_file_falls_back_and_logs(trained_a, caplog):
    path = _model_file(trained_a)
    path.write_bytes(b"not a model at all")
    with caplog.at_level(logging.ERROR), trained_a.active():
        first = suggest("Mijn paspoort is verlopen")
        second = suggest("Mijn paspoort is verlopen")
    assert first.products == () and first.no_suggestion_reason == REASON_MODEL_BROKEN
    assert second.no_suggestion_reason == REASON_MODEL_BROKEN
    problems = [r for r in caplog.records if "cannot be read" in r.getMessage()]
    assert len(problems) == 1  # logged once, not on every request


def test_a_missing_model_file_falls_back(trained_a):
    _model_file(trained_a).unlink()
    with trained_a.active():
        suggestion = suggest("Mijn paspoort is verlopen")
    assert suggestion.products == () and suggestion.no_suggestion_reason == REASON_MODEL_BROKEN


def test_a_model_file_of_another_organisation_is_refused(trained_a, tenant_b):
    # Even if a file were copied under B's name, it is not used for B.
    with tenant_b.active():
        TriageSettings.objects.create(model_token="copied")
    target = model_store.model_path(tenant_b.organisation.pk, "copied")
    target.write_bytes(_model_file(trained_a).read_bytes())
    with tenant_b.active():
        assert suggest("Mijn paspoort is verlopen").no_suggestion_reason == REASON_MODEL_BROKEN


def test_the_model_is_loaded_once_and_reloaded_after_training(trained_a):
    with trained_a.active():
        suggest("Mijn paspoort is verlopen")
        loaded = model_store._cache[trained_a.organisation.pk][2]
        suggest("Nog een vraag over mijn id-kaart")
        assert model_store._cache[trained_a.organisation.pk][2] is loaded
        product = Product.objects.get(code="klacht")
        for _ in range(6):
            record_example(
                actor=trained_a.staff["agent"], text="De zwembadpas van mijn dochter werkt niet",
                product=product, source="corrected", suggested_code="afvalcontainer-aanvragen",
            )  # fmt: skip
        train_organisation(trained_a.organisation)
        suggestion = suggest("De zwembadpas van mijn dochter werkt niet")
    assert model_store._cache[trained_a.organisation.pk][2] is not loaded
    assert suggestion.best.code == "klacht"


def test_one_organisations_examples_never_train_anothers_model(tenant_a, tenant_b):
    demo_trained(tenant_a)
    demo_trained(tenant_b)
    text = "Mijn zwembadpas doet het niet bij het poortje van het zwembad"
    with tenant_a.active():
        product = Product.objects.get(code="klacht")
        for _ in range(8):
            record_example(actor=None, text=text, product=product, source="admin")
        train_organisation(tenant_a.organisation)
        in_a = suggest(text)
    with tenant_b.active():
        train_organisation(tenant_b.organisation)
        in_b = suggest(text)
        assert TriageExample.objects.filter(text=text).count() == 0
    assert in_a.best.code == "klacht" and in_a.best.confidence > 0.5
    # B never saw the word: no suggestion, or at least not a confident "klacht".
    assert in_b.best is None or in_b.best.code != "klacht" or in_b.best.confidence < 0.3


def test_record_example_stores_the_feedback(trained_a, tenant_b):
    agent = trained_a.staff["agent"]
    with trained_a.active():
        product = Product.objects.get(code="parkeervergunning")
        example = record_example(
            actor=agent, text="Vraag over mijn bewonerskaart", product=product,
            source="corrected", suggested_code="paspoort-aanvragen", contact_id=42,
        )  # fmt: skip
        example.refresh_from_db()
        with pytest.raises(ValueError, match="source"):
            record_example(actor=agent, text="x", product=product, source="guess")
    assert example.organisation == trained_a.organisation
    assert (example.product, example.source, example.suggested_code, example.contact_id) == (
        product, "corrected", "paspoort-aanvragen", 42,
    )  # fmt: skip
    assert example.created_by == agent
    with tenant_b.active(), pytest.raises(ValueError, match="another organisation"):
        record_example(actor=None, text="x", product=product, source="admin")


def test_training_needs_two_products_with_data(tenant_a):
    # tenant_a's own catalogue has one product ("melding"): nothing to choose between.
    with tenant_a.active(), pytest.raises(TrainingError):
        train_organisation(tenant_a.organisation)


def test_the_nightly_job_retrains_only_when_examples_changed(trained_a, tenant_b):
    assert not needs_training(trained_a.organisation)
    assert not needs_training(tenant_b.organisation)  # no examples, never trained
    with trained_a.active():
        token = TriageSettings.objects.get().model_token
        record_example(
            actor=None, text="Waar haal ik mijn paspoort op?", source="confirmed",
            product=Product.objects.get(code="paspoort-aanvragen"),
        )  # fmt: skip
    assert needs_training(trained_a.organisation)
    assert retrain_changed_organisations() == ["a"]
    with trained_a.active():
        assert TriageSettings.objects.get().model_token != token
    assert not needs_training(trained_a.organisation)


def test_the_nightly_job_retrains_when_the_model_file_is_gone(trained_a):
    """A lost disk, or an upgrade from the pickled first format: the job makes a new file."""
    assert not needs_training(trained_a.organisation)
    _model_file(trained_a).unlink()
    assert needs_training(trained_a.organisation)
    assert retrain_changed_organisations() == ["a"]
    assert _model_file(trained_a).exists()
    with trained_a.active():
        assert suggest("Mijn paspoort is verlopen").best.code == "paspoort-aanvragen"


def test_a_product_deleted_or_renamed_after_training_shows_as_it_is_now(trained_a):
    with trained_a.active():
        container = Product.objects.get(code="afvalcontainer-aanvragen")
        container.name = "Minicontainer bestellen"
        container.save()
        assert suggest("Mijn kliko is gestolen").best.name == "Minicontainer bestellen"
        TriageExample.objects.filter(product__code="afvalkalender").delete()
        Product.objects.get(code="afvalkalender").delete()
        codes = [g.code for g in suggest("Wanneer wordt het oud papier opgehaald?").products]
    assert "afvalkalender" not in codes
