"""The triage services: suggest a product, record feedback, train, load the starter set."""

import csv
import logging
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from achterkant.catalog.models import Product
from achterkant.contacts.models import KnowledgeArticle
from achterkant.contacts.triage import model as model_store
from achterkant.contacts.triage.models import (
    DEFAULT_THRESHOLD,
    ExampleSource,
    TriageExample,
    TriageSettings,
)
from achterkant.contacts.triage.results import (
    ArticleHint,
    ProductGuess,
    Suggestion,
    no_suggestion,
)
from achterkant.contacts.triage.text import foreign_language, prepare, words
from achterkant.tenancy.context import (
    require_organisation,
    settings_versions_seen,
    use_organisation,
)
from achterkant.tenancy.models import Organisation
from achterkant.tenancy.settings_cache import organisation_setting

log = logging.getLogger(__name__)

STARTER_CSV = Path(__file__).parent / "data" / "starter.csv"
HELDOUT_CSV = Path(__file__).parent / "data" / "heldout.csv"

# Reasons shown to citizens and agents (B1 Dutch).
REASON_EMPTY = "Er is geen tekst om te herkennen."
REASON_TOO_SHORT = "Te weinig tekst om een product voor te stellen. Beschrijf uw vraag in een zin."
REASON_UNKNOWN_WORDS = "We herkennen geen woorden uit deze tekst. Kies zelf een product."
REASON_FOREIGN = "We herkennen alleen Nederlandse tekst. Kies zelf een product."
REASON_NO_MODEL = "Er is nog geen model getraind voor deze organisatie. Kies zelf een product."
REASON_MODEL_BROKEN = "De vraagherkenning werkt nu niet. Kies zelf een product."
REASON_NO_MATCH = "Geen product past goed genoeg bij deze tekst. Kies zelf een product."

# A single word only gets a suggestion when the model is at least this sure of it
# ('paspoort' yes, 'hallo' no).
ONE_WORD_MIN_CONFIDENCE = 0.5
# Below this even the best guess is noise: no suggestion at all.
MIN_CONFIDENCE = 0.05
ARTICLE_MIN_SCORE = 0.12
TOP = 3
# Examples are kept up to this size; training reads only the prepared (shorter) text.
EXAMPLE_MAX_CHARS = 10_000


def _settings() -> tuple[float, str]:
    """(threshold, model token) of the active organisation; cached per settings version."""

    def load() -> tuple[float, str]:
        row = TriageSettings.objects.filter().values_list("threshold", "model_token").first()
        return row if row is not None else (DEFAULT_THRESHOLD, "")

    return organisation_setting("triage.settings", load)


def _current_products() -> dict[int, tuple[str, str]]:
    """pk -> (code, name) of the catalogue now, kept per settings version (Product is a
    registered settings model): renamed or deleted products show as they are today."""

    def load() -> dict[int, tuple[str, str]]:
        return {
            pk: (code, name) for pk, code, name in Product.objects.values_list("pk", "code", "name")
        }

    return organisation_setting("triage.products", load)


def organisation_threshold() -> float:
    return _settings()[0]


def suggest(text: str, *, source: str = "text") -> Suggestion:
    """Products (top 3) and knowledge articles for a citizen's text, for the ACTIVE organisation.

    ``source="email"`` (or ``"letter"``) first strips quoted history and the signature.
    Never raises on bad input or on a missing/corrupt model: it returns ``products=()``
    with a Dutch reason, and logs a model problem. Text beyond 2,000 characters is
    ignored. One word gets a suggestion only when the model is sure of it.
    """
    organisation = require_organisation()
    threshold, token = _settings()
    cleaned = prepare(text if isinstance(text, str) else "", source=source)
    content = words(cleaned)
    if not cleaned or not content:
        return no_suggestion(REASON_EMPTY if not cleaned else REASON_TOO_SHORT, threshold)
    if foreign_language(cleaned):
        return no_suggestion(REASON_FOREIGN, threshold)
    if not token:
        return no_suggestion(REASON_NO_MODEL, threshold)
    try:
        model = model_store.load(organisation.pk, token)
        return _classify(model, cleaned, one_word=len(content) == 1, threshold=threshold)
    except model_store.ModelUnavailable:
        return no_suggestion(REASON_MODEL_BROKEN, threshold)
    except Exception:  # a broken model must never stop intake
        log.exception("Triage model of organisation %s failed", organisation.pk)
        return no_suggestion(REASON_MODEL_BROKEN, threshold)


def _classify(model, text: str, *, one_word: bool, threshold: float) -> Suggestion:
    features = model.features(text)
    if not model.knows_words(features):
        return no_suggestion(REASON_UNKNOWN_WORDS, threshold)
    probabilities = model.probabilities(features)
    order = sorted(range(len(probabilities)), key=probabilities.__getitem__, reverse=True)[:TOP]
    best = probabilities[order[0]]
    if best < MIN_CONFIDENCE or (one_word and best < ONE_WORD_MIN_CONFIDENCE):
        reason = REASON_TOO_SHORT if one_word else REASON_NO_MATCH
        return no_suggestion(reason, threshold)
    current = _current_products()
    guesses = tuple(
        ProductGuess(
            product_id=model.products[i].product_id,
            code=current[model.products[i].product_id][0],
            name=current[model.products[i].product_id][1],
            confidence=probabilities[i],
        )
        for i in order
        # A product deleted since the training is never suggested.
        if model.products[i].product_id in current
    )
    if not guesses:
        return no_suggestion(REASON_NO_MATCH, threshold)
    return Suggestion(
        products=guesses,
        articles=_articles(model, features, {g.code: g.confidence for g in guesses}),
        no_suggestion_reason="",
        threshold=threshold,
    )


def _articles(model, features, product_confidence: dict[str, float]) -> tuple[ArticleHint, ...]:
    """Nearest articles by words (cosine), raised when linked to a likely product."""
    if not model.articles:
        return ()
    similarity = model.article_similarities(features)
    today = timezone.localdate()
    scored = []
    for index, article in enumerate(model.articles):
        if article.valid_until is not None and article.valid_until < today:
            continue
        boost = max((product_confidence.get(c, 0.0) for c in article.product_codes), default=0)
        score = similarity[index] + 0.3 * boost
        if score >= ARTICLE_MIN_SCORE:
            scored.append((score, article))
    scored.sort(key=lambda pair: -pair[0])
    return tuple(
        ArticleHint(article_id=a.article_id, question=a.question, audience=a.audience)
        for _, a in scored[:TOP]
    )


# -- feedback ---------------------------------------------------------------------------


def record_example(
    *,
    actor,
    text: str,
    product: Product,
    source: str,
    suggested_code: str = "",
    contact_id: int | None = None,
) -> TriageExample:
    """The feedback loop: store a labelled example for the active organisation.

    ``source`` is one of ExampleSource ("confirmed", "corrected", "admin", "csv",
    "starter"); ``suggested_code`` is the model's top-1 at the time. The example trains
    the next model of this organisation only.
    """
    organisation = require_organisation()
    if source not in ExampleSource.values:
        raise ValueError(f"unknown example source: {source!r}")
    if product.organisation_id != organisation.pk:
        raise ValueError("product of another organisation")
    user = actor if isinstance(actor, get_user_model()) else None
    return TriageExample.objects.create(
        text=(text or "")[:EXAMPLE_MAX_CHARS],
        product=product,
        source=source,
        suggested_code=suggested_code or "",
        contact_id=contact_id,
        created_by=user,
    )


def read_labelled_csv(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            (row["product_code"].strip(), row["text"].strip())
            for row in csv.DictReader(handle)
            if row.get("text", "").strip()
        ]


def load_starter_examples() -> int:
    """Add the shipped starter set to the active organisation, once. Returns rows added.

    Only rows whose product code exists in this organisation's catalogue are added.
    """
    if TriageExample.objects.filter(source=ExampleSource.STARTER).exists():
        return 0
    products = {p.code: p for p in Product.objects.all()}
    organisation = require_organisation()
    rows = [
        TriageExample(organisation=organisation, text=text, product=products[code],
                      source=ExampleSource.STARTER)
        for code, text in read_labelled_csv(STARTER_CSV)
        if code in products
    ]  # fmt: skip
    TriageExample.objects.bulk_create(rows, batch_size=500)
    return len(rows)


# -- training ---------------------------------------------------------------------------


def training_corpus() -> tuple[list[str], list[str]]:
    """(texts, product codes) of the active organisation: catalogue, articles, examples."""
    texts: list[str] = []
    codes: list[str] = []
    products = list(Product.objects.all())
    for product in products:
        for text in [product.name, product.description, *product.synonyms.splitlines()]:
            if text.strip():
                texts.append(text.strip())
                codes.append(product.code)
    for article in KnowledgeArticle.objects.prefetch_related("products"):
        document = " ".join([article.question, article.keywords, article.answer[:1000]])
        for product in article.products.all():
            texts.append(document)
            codes.append(product.code)
    for text, code in TriageExample.objects.values_list("text", "product__code"):
        cleaned = prepare(text)
        if cleaned:
            texts.append(cleaned)
            codes.append(code)
    return texts, codes


def build_model(organisation: Organisation, texts: list[str], codes: list[str]):
    """A CompactModel from labelled texts, for the active organisation's products."""
    products = {p.code: p for p in Product.objects.all()}
    present = sorted({c for c in codes if c in products})
    if len(present) < 2:
        raise TrainingError("Er zijn voorbeelden van minstens twee producten nodig.")
    index = {code: i for i, code in enumerate(present)}
    pairs = [(t, index[c]) for t, c in zip(texts, codes, strict=True) if c in index]
    words, chars, estimator = model_store.fit_classifier(
        [t for t, _ in pairs], [i for _, i in pairs]
    )
    articles = list(KnowledgeArticle.objects.prefetch_related("products"))
    return model_store.compact(
        organisation.pk,
        [model_store.ProductInfo(products[c].pk, c, products[c].name) for c in present],
        words,
        chars,
        estimator,
        articles=[
            model_store.ArticleInfo(
                article_id=a.pk,
                question=a.question,
                audience=a.audience,
                valid_until=a.valid_until,
                product_codes=tuple(p.code for p in a.products.all()),
            )
            for a in articles
        ],
        # Articles in the classifier's word space: one text vector serves both.
        article_texts=[
            " ".join([a.question, a.question, a.keywords, a.answer[:1000]]) for a in articles
        ],
    )


class TrainingError(Exception):
    """Training is not possible (too little data); the message is Dutch."""


def train_organisation(
    organisation: Organisation, *, progress: Callable[[str], None] | None = None
) -> dict:
    """Train and store the model of ``organisation`` from its own data only.

    Activates the organisation itself, so it may be called inside or outside
    ``use_organisation``. Returns figures for the caller (examples, products, seconds).
    Raises TrainingError when the catalogue has fewer than two products with data.
    """
    step = progress or (lambda _label: None)
    started = time.monotonic()
    with use_organisation(organisation):
        step("gegevens lezen")
        texts, codes = training_corpus()
        examples = TriageExample.objects.aggregate(last=Max("created_at"))
        count = TriageExample.objects.count()
        step("model trainen")
        model = build_model(organisation, texts, codes)
        step("model opslaan")
        token = uuid.uuid4().hex
        model_store.save(model, model_store.model_path(organisation.pk, token))
        with transaction.atomic():
            row, _ = TriageSettings.objects.select_for_update().get_or_create()
            row.model_token = token
            row.trained_at = timezone.now()
            row.trained_examples = count
            row.trained_last_example_at = examples["last"]
            row.save()
        # The previous file stays a day: other processes (and this one's callers) that
        # still read the old token keep working until they see the new one.
        model_store.remove_stale(organisation.pk, keep=token)
        step("klaar")
    # A caller inside its own activation of this organisation cached the old settings
    # version (tenancy.settings_cache); let it read the new model token.
    seen = settings_versions_seen()
    if seen is not None:
        seen.pop(organisation.pk, None)
    return {
        "texts": len(texts),
        "examples": count,
        "products": len(model.products),
        "seconds": round(time.monotonic() - started, 2),
    }
