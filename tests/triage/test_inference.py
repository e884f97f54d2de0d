"""Classifying in plain Python gives scikit-learn's answer, and needs none of its libraries.

The model is fitted with scikit-learn and then used as plain arrays
(``contacts.triage.inference``). These tests compare the two on the shipped starter and
held-out sets, and check that the stored file round-trips and that a process that
classifies never imports NumPy, SciPy or scikit-learn.
"""

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from achterkant.contacts.triage import inference
from achterkant.contacts.triage import model as model_store
from achterkant.contacts.triage.services import HELDOUT_CSV, STARTER_CSV, read_labelled_csv
from achterkant.contacts.triage.text import prepare

ROOT = Path(__file__).resolve().parents[2]

ODD_TEXTS = [
    "",
    "a",
    "ik",
    "Geïnteresseerd   in   een  café-terras\tbij de Kerkstraat 12!",
    "paspoord verlopen",
    "x" * 300,
    "ÉÉN     WOORD",
    "grofvuilcontainer ophalen op 12-03 bij nr. 4a",
]


def _fit(codes_wanted: set[str] | None = None):
    rows = [
        (c, t) for c, t in read_labelled_csv(STARTER_CSV) if not codes_wanted or c in codes_wanted
    ]
    codes = sorted({c for c, _ in rows})
    texts = [prepare(t) for _, t in rows]
    labels = [codes.index(c) for c, _ in rows]
    words, chars, estimator = model_store.fit_classifier(texts, labels)
    products = [inference.ProductInfo(i + 1, c, c) for i, c in enumerate(codes)]
    articles = [
        inference.ArticleInfo(1, "Paspoort verlopen?", "citizen", None, ("paspoort-aanvragen",)),
        inference.ArticleInfo(2, "Wanneer wordt het afval opgehaald?", "citizen", None, ()),
    ]
    article_texts = [
        "Paspoort verlopen? Vraag een nieuw paspoort aan bij de balie.",
        "Afvalkalender: wanneer wordt het oud papier en het restafval opgehaald",
    ]
    compact = model_store.compact(7, products, words, chars, estimator, articles, article_texts)
    return words, chars, estimator, compact


@pytest.fixture(scope="module")
def fitted():
    return _fit()


def _texts():
    return [prepare(t) for _, t in read_labelled_csv(HELDOUT_CSV)] + ODD_TEXTS


def test_character_ngrams_are_scikit_learns(fitted):
    _, chars, _, _ = fitted
    analyse = chars.build_analyzer()
    for text in _texts():
        assert inference.char_ngrams(text) == analyse(text), text


def test_probabilities_are_scikit_learns_on_every_held_out_text(fitted):
    from scipy import sparse

    words, chars, estimator, compact = fitted
    texts = _texts()
    expected = estimator.predict_proba(
        sparse.hstack([words.transform(texts), chars.transform(texts)], format="csr")
    )
    for text, row in zip(texts, expected, strict=True):
        got = compact.probabilities(compact.features(text))
        assert len(got) == len(row)
        assert max(abs(a - b) for a, b in zip(got, row, strict=True)) < 1e-9, text


def test_article_similarity_is_the_cosine_of_the_word_vectors(fitted):
    words, _, _, compact = fitted
    articles = words.transform([
        "Paspoort verlopen? Vraag een nieuw paspoort aan bij de balie.",
        "Afvalkalender: wanneer wordt het oud papier en het restafval opgehaald",
    ])  # fmt: skip
    for text in ["mijn paspoort is verlopen", "wanneer komt het oud papier", "zwembad"]:
        expected = (articles @ words.transform([text]).T).toarray().ravel()
        got = compact.article_similarities(compact.features(text))
        assert got == pytest.approx(expected.tolist(), abs=1e-12)
    assert compact.article_similarities(compact.features("mijn paspoort is verlopen"))[0] > 0.2


def test_two_products_use_the_logistic_function_as_scikit_learn_does():
    from scipy import sparse

    words, chars, estimator, compact = _fit({"paspoort-aanvragen", "afvalkalender"})
    assert len(compact.coefficients) == 1
    texts = ["paspoort kwijt", "oud papier ophalen", "iets heel anders"]
    expected = estimator.predict_proba(
        sparse.hstack([words.transform(texts), chars.transform(texts)], format="csr")
    )
    for text, row in zip(texts, expected, strict=True):
        assert compact.probabilities(compact.features(text)) == pytest.approx(row.tolist())


def test_the_stored_file_round_trips(fitted, tmp_path):
    _, _, _, compact = fitted
    path = tmp_path / "model.model"
    inference.dump(compact, path)
    loaded = inference.load(path)
    assert loaded.products == compact.products and loaded.articles == compact.articles
    assert loaded.organisation_id == 7
    for text in _texts()[:40]:
        features = compact.features(text)
        assert loaded.probabilities(loaded.features(text)) == compact.probabilities(features)
        assert loaded.article_similarities(features) == compact.article_similarities(features)


def test_other_files_are_refused_and_a_pickle_is_never_run(fitted, tmp_path):
    _, _, _, compact = fitted
    pickled = tmp_path / "old.joblib"
    pickled.write_bytes(pickle.dumps(compact))
    text = tmp_path / "text.model"
    text.write_text("not a model")
    truncated = tmp_path / "truncated.model"
    inference.dump(compact, truncated)
    truncated.write_bytes(truncated.read_bytes()[:-200])
    for path in (pickled, text, truncated):
        with pytest.raises(inference.UnreadableModel):
            inference.load(path)


def test_a_process_that_classifies_never_imports_numpy_scipy_or_scikit_learn(fitted, tmp_path):
    """The web worker's memory (issue 13): only training needs the libraries."""
    _, _, _, compact = fitted
    path = tmp_path / "model.model"
    inference.dump(compact, path)
    script = (
        "import json, sys, django\n"
        "django.setup()\n"
        "from achterkant.contacts.triage import services, inference\n"
        f"model = inference.load({str(path)!r})\n"
        "p = model.probabilities(model.features('mijn paspoort is verlopen'))\n"
        "heavy = sorted(m for m in ('numpy', 'scipy', 'sklearn', 'joblib') if m in sys.modules)\n"
        "print(json.dumps({'best': model.products[p.index(max(p))].code, 'heavy': heavy}))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "achterkant.conf.settings"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT,
        check=True, timeout=120,
    )  # fmt: skip
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"best": "paspoort-aanvragen", "heavy": []}
