"""Classifying with a trained model in plain Python: no NumPy, SciPy or scikit-learn.

Training needs scikit-learn; using its result does not. A fitted TF-IDF vectorizer is a
vocabulary and one idf weight per term, and a fitted logistic regression is one
coefficient per term and product plus an intercept. Held as a dict and flat float
arrays, a web worker that classifies stays about 100 MB lighter than with the
libraries loaded (docs/performance.md). ``tests/triage/test_inference.py`` checks that
these functions give scikit-learn's probabilities for the same model.

The stored form is a zip file: ``model.json`` (vocabularies, products, articles) and the
weights as little-endian float64 arrays. Unlike a pickle, reading it runs no code.
"""

from __future__ import annotations

import io
import json
import math
import sys
import zipfile
from array import array
from collections import Counter
from dataclasses import dataclass
from datetime import date
from operator import itemgetter, mul
from pathlib import Path

from achterkant.contacts.triage.text import normalise, stem_analyzer

FORMAT_VERSION = 2
MAGIC = "achterkant-triage-model"


def char_ngrams(text: str, low: int = 3, high: int = 5) -> list[str]:
    """Character n-grams within words, each word padded with a space on both sides.

    The same n-grams as scikit-learn's ``analyzer="char_wb"`` (a word shorter than n
    gives itself once), on the text as ``normalise`` leaves it.
    """
    grams: list[str] = []
    append = grams.append
    for word in normalise(text).split():
        padded = f" {word} "
        length = len(padded)
        for n in range(low, high + 1):
            if length <= n:
                append(padded)
                break
            for start in range(length - n + 1):
                append(padded[start : start + n])
    return grams


@dataclass(frozen=True)
class TermSpace:
    """A fitted TF-IDF space: sublinear term frequency, idf, unit length."""

    vocabulary: dict[str, int]
    idf: array

    def vector(self, terms: list[str]) -> dict[int, float]:
        """{term index: weight} of one text; terms outside the vocabulary are left out."""
        vocabulary = self.vocabulary
        counts = Counter(vocabulary[t] for t in terms if t in vocabulary)
        idf = self.idf
        weights = {i: (1.0 + math.log(c)) * idf[i] for i, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {i: w / norm for i, w in weights.items()} if norm else {}


@dataclass(frozen=True)
class ProductInfo:
    product_id: int
    code: str
    name: str


@dataclass(frozen=True)
class ArticleInfo:
    article_id: int
    question: str
    audience: str
    valid_until: date | None
    product_codes: tuple[str, ...]


@dataclass(frozen=True)
class Features:
    """A text as the model sees it, computed once for the products and the articles."""

    words: dict[int, float]
    chars: dict[int, float]


@dataclass
class CompactModel:
    """What is stored per organisation, and all a process needs to classify."""

    organisation_id: int
    products: list[ProductInfo]  # in the order of the classifier's classes
    words: TermSpace
    chars: TermSpace
    # One array per row of the regression's coefficients, over [word terms | char terms].
    # One row for two products (scikit-learn's binary case), else one per product.
    coefficients: list[array]
    intercepts: array
    articles: list[ArticleInfo]
    # Per article its word vector, as {word term index: weight}.
    article_vectors: list[dict[int, float]]

    def features(self, text: str) -> Features:
        return Features(
            words=self.words.vector(stem_analyzer(text)),
            chars=self.chars.vector(char_ngrams(text)),
        )

    def knows_words(self, features: Features) -> bool:
        """Whether any word (stem) of the text was seen in training."""
        return bool(features.words)

    def probabilities(self, features: Features) -> list[float]:
        """One probability per product, in the order of ``products``."""
        offset = len(self.words.vocabulary)
        indices = [*features.words, *(offset + i for i in features.chars)]
        weights = [*features.words.values(), *features.chars.values()]
        rows = zip(self.coefficients, self.intercepts, strict=True)
        if len(indices) > 1:  # gathered and multiplied in C: a long text stays cheap
            gather = itemgetter(*indices)
            scores = [b + sum(map(mul, weights, gather(row))) for row, b in rows]
        else:  # itemgetter of one index returns a value, not a tuple
            pairs = list(zip(weights, indices, strict=True))
            scores = [b + sum(w * row[i] for w, i in pairs) for row, b in rows]
        if len(scores) == 1:  # two products: a logistic function of one score
            positive = 1.0 / (1.0 + math.exp(-scores[0]))
            return [1.0 - positive, positive]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def article_similarities(self, features: Features) -> list[float]:
        """Cosine similarity of the text's words to each article's words."""
        words = features.words
        return [
            sum(weight * words[i] for i, weight in vector.items() if i in words)
            for vector in self.article_vectors
        ]


# -- from scikit-learn, and to and from a file -----------------------------------------


def term_space(vectorizer) -> TermSpace:
    """The vocabulary and idf of a fitted TfidfVectorizer (sublinear tf, l2 norm)."""
    return TermSpace(
        vocabulary={term: int(i) for term, i in vectorizer.vocabulary_.items()},
        idf=array("d", vectorizer.idf_.tolist()),
    )


def sparse_rows(matrix) -> list[dict[int, float]]:
    """A SciPy CSR matrix as one {column: value} dict per row."""
    matrix = matrix.tocsr()
    return [
        dict(
            zip(
                matrix.indices[start:end].tolist(),
                matrix.data[start:end].tolist(),
                strict=True,
            )
        )
        for start, end in zip(matrix.indptr[:-1], matrix.indptr[1:], strict=True)
    ]


def _floats(name: str, values: array) -> tuple[str, bytes]:
    data = array("d", values)
    if sys.byteorder != "little":
        data.byteswap()
    return name, data.tobytes()


def _read_floats(archive: zipfile.ZipFile, name: str) -> array:
    data = array("d")
    data.frombytes(archive.read(name))
    if sys.byteorder != "little":
        data.byteswap()
    return data


def _ordered_terms(space: TermSpace) -> list[str]:
    terms = [""] * len(space.vocabulary)
    for term, index in space.vocabulary.items():
        terms[index] = term
    return terms


def dump(model: CompactModel, target: io.BufferedIOBase | Path) -> None:
    header = {
        "format": MAGIC,
        "version": FORMAT_VERSION,
        "organisation_id": model.organisation_id,
        "products": [[p.product_id, p.code, p.name] for p in model.products],
        "word_terms": _ordered_terms(model.words),
        "char_terms": _ordered_terms(model.chars),
        "rows": len(model.coefficients),
        "intercepts": list(model.intercepts),
        "articles": [
            [
                a.article_id,
                a.question,
                a.audience,
                a.valid_until.isoformat() if a.valid_until else None,
                list(a.product_codes),
            ]
            for a in model.articles
        ],  # fmt: skip
        "article_vectors": [[[i, w] for i, w in v.items()] for v in model.article_vectors],
    }
    coefficients = array("d")
    for row in model.coefficients:
        coefficients.extend(row)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("model.json", json.dumps(header, ensure_ascii=False))
        archive.writestr(*_floats("word_idf.f64", model.words.idf))
        archive.writestr(*_floats("char_idf.f64", model.chars.idf))
        archive.writestr(*_floats("coefficients.f64", coefficients))


class UnreadableModel(ValueError):
    """The file is not a triage model of this version."""


def load(source: Path) -> CompactModel:
    try:
        with zipfile.ZipFile(source) as archive:
            header = json.loads(archive.read("model.json"))
            if header.get("format") != MAGIC or header.get("version") != FORMAT_VERSION:
                raise UnreadableModel("not a triage model of this version")
            words = TermSpace(
                {t: i for i, t in enumerate(header["word_terms"])},
                _read_floats(archive, "word_idf.f64"),
            )
            chars = TermSpace(
                {t: i for i, t in enumerate(header["char_terms"])},
                _read_floats(archive, "char_idf.f64"),
            )
            flat = _read_floats(archive, "coefficients.f64")
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise UnreadableModel(f"not a triage model: {error}") from error
    width = len(words.vocabulary) + len(chars.vocabulary)
    rows = header["rows"]
    if len(flat) != rows * width or len(header["intercepts"]) != rows:
        raise UnreadableModel("the weights do not match the vocabulary")
    return CompactModel(
        organisation_id=header["organisation_id"],
        products=[ProductInfo(*p) for p in header["products"]],
        words=words,
        chars=chars,
        coefficients=[flat[r * width : (r + 1) * width] for r in range(rows)],
        intercepts=array("d", header["intercepts"]),
        articles=[
            ArticleInfo(i, q, a, date.fromisoformat(v) if v else None, tuple(c))
            for i, q, a, v, c in header["articles"]
        ],
        article_vectors=[{int(i): w for i, w in v} for v in header["article_vectors"]],
    )
