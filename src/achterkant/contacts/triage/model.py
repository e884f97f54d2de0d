"""The trained model of one organisation: fit, store as a file, load once per process.

scikit-learn, SciPy and NumPy are imported only to fit a model (the worker's nightly job,
the CLI), never to use one: the fitted model is turned into plain arrays
(``inference.CompactModel``), so a web worker that classifies stays without them
(about 100 MB; see docs/performance.md).
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

from achterkant.contacts.triage import inference
from achterkant.contacts.triage.inference import ArticleInfo, CompactModel, ProductInfo
from achterkant.contacts.triage.text import normalise, stem_analyzer

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

log = logging.getLogger(__name__)

__all__ = ["ArticleInfo", "CompactModel", "ProductInfo"]


def word_vectorizer() -> TfidfVectorizer:
    """Stemmed words and pairs of neighbouring stems: they carry the meaning."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer=stem_analyzer, sublinear_tf=True)


def char_vectorizer() -> TfidfVectorizer:
    """Character n-grams within words: they catch typos ('paspoord'), compounds
    ('grofvuilcontainer') and inflections the stemmer misses."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        preprocessor=normalise,
        sublinear_tf=True,
        min_df=2,
        max_features=60_000,
    )


# Chosen by 5-fold cross-validation on the starter set (docs/triage.md), not on the
# held-out set: C from 5 to 100 gave the same accuracy; 20 keeps probabilities usable.
REGULARISATION_C = 20.0


def fit_classifier(texts: list[str], labels: list[int]):
    """(word vectorizer, char vectorizer, estimator) fitted on the labelled texts."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    words, chars = word_vectorizer(), char_vectorizer()
    matrix = sparse.hstack([words.fit_transform(texts), chars.fit_transform(texts)], format="csr")
    estimator = LogisticRegression(C=REGULARISATION_C, max_iter=3000)
    estimator.fit(matrix, labels)
    return words, chars, estimator


def compact(
    organisation_id: int,
    products: list[ProductInfo],
    words,
    chars,
    estimator,
    articles: list[ArticleInfo],
    article_texts: list[str],
) -> CompactModel:
    """The fitted scikit-learn objects as plain arrays: all a process needs to classify."""
    from array import array

    return CompactModel(
        organisation_id=organisation_id,
        products=products,
        words=inference.term_space(words),
        chars=inference.term_space(chars),
        coefficients=[array("d", row.tolist()) for row in estimator.coef_],
        intercepts=array("d", estimator.intercept_.tolist()),
        articles=articles,
        article_vectors=inference.sparse_rows(words.transform(article_texts))
        if article_texts
        else [],
    )


# -- storage --------------------------------------------------------------------------


def model_dir() -> Path:
    return Path(getattr(settings, "TRIAGE_MODEL_DIR", Path(settings.VAR_DIR) / "triage"))


def model_path(organisation_id: int, token: str) -> Path:
    return model_dir() / f"organisation-{organisation_id}-{token}.model"


def save(model: CompactModel, path: Path) -> None:
    """Write atomically: a process loading the model never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    try:
        inference.dump(model, Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_stale(organisation_id: int, *, keep: str, older_than_seconds: float = 86_400) -> None:
    """Remove this organisation's model files older than a day, except the current one.

    Files of a training whose transaction rolled back (or of a test database) are never
    referenced again; a day's grace keeps any file another process may still be loading.
    """
    now = time.time()
    # Files before format 2 were pickles (".joblib"): never read again, removed the same way.
    for path in model_dir().glob(f"organisation-{organisation_id}-*"):
        try:
            if path.name != model_path(organisation_id, keep).name and (
                now - path.stat().st_mtime > older_than_seconds
            ):
                path.unlink()
        except OSError:
            pass


class ModelUnavailable(Exception):
    """No usable model: missing or unreadable. The message is for the log."""


_cache: dict[int, tuple[Path, float, CompactModel | Exception]] = {}
_lock = threading.Lock()


def load(organisation_id: int, token: str) -> CompactModel:
    """The organisation's model, read from disk at most once per file version.

    A stat per call (cheap) notices a replaced file. A broken file is remembered too, so
    it is logged once, not on every request.
    """
    path = model_path(organisation_id, token)
    try:
        mtime = path.stat().st_mtime
    except OSError as error:
        raise ModelUnavailable(f"model file missing: {path}") from error
    cached = _cache.get(organisation_id)
    if cached is not None and cached[0] == path and cached[1] == mtime:
        if isinstance(cached[2], Exception):
            raise ModelUnavailable(str(cached[2]))
        return cached[2]
    with _lock:
        try:
            model = inference.load(path)
            if model.organisation_id != organisation_id:
                raise ValueError("model of another organisation")
        except Exception as error:  # noqa: BLE001 - any unreadable file is the same problem
            log.error("Triage model %s cannot be read: %s", path, error)
            _cache[organisation_id] = (path, mtime, error)
            raise ModelUnavailable(f"model file unreadable: {path}: {error}") from error
        _cache[organisation_id] = (path, mtime, model)
        return model


def forget(organisation_id: int) -> None:
    _cache.pop(organisation_id, None)
