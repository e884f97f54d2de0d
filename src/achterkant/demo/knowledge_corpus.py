"""The demo knowledge base: questions citizens ask a municipal contact centre (KCC).

Plain Dutch at B1 level, as an agent would read it out or paste it into an e-mail.
Amounts and local rules differ per municipality; where they do, the answer points to the
website instead of naming a number. ``seed_knowledge_articles()`` loads the articles into
the active organisation and is safe to run twice.

The articles themselves are in ``data/knowledge_corpus.json`` (UTF-8), grouped by
topic: per article its ``question``, ``answer``, ``keywords``, ``product`` (a product code
from demo.catalogue, or null) and ``audience`` (a KnowledgeArticle.Audience value).
"""

import json
from datetime import date
from pathlib import Path
from typing import NamedTuple

from achterkant.catalog.models import Product
from achterkant.contacts.models import KnowledgeArticle
from achterkant.tenancy.context import require_organisation

VALID_FROM = date(2025, 1, 1)
CORPUS_FILE = Path(__file__).parent / "data" / "knowledge_corpus.json"


class Article(NamedTuple):
    question: str
    answer: str
    keywords: str
    product: str | None = None  # a product code from demo.catalogue, if one fits
    audience: str = KnowledgeArticle.Audience.EVERYONE


def _load(path: Path) -> list[Article]:
    """The articles in file order; the topics only group them for whoever edits the file."""
    topics = json.loads(path.read_text(encoding="utf-8"))
    return [
        Article(**{**entry, "audience": KnowledgeArticle.Audience(entry["audience"])})
        for articles in topics.values()
        for entry in articles
    ]


ARTICLES: list[Article] = _load(CORPUS_FILE)


def seed_knowledge_articles() -> int:
    """Load ARTICLES into the active organisation; returns how many were new.

    Idempotent by question: an article that exists is left as it is (an editor may have
    changed it). New articles are linked to their product when that code exists.
    """
    organisation = require_organisation()
    existing = set(KnowledgeArticle.objects.values_list("question", flat=True))
    new = [article for article in ARTICLES if article.question not in existing]
    created = KnowledgeArticle.objects.bulk_create(
        KnowledgeArticle(
            organisation=organisation,
            question=article.question,
            answer=article.answer,
            keywords=article.keywords,
            audience=article.audience,
            valid_from=VALID_FROM,
        )
        for article in new
    )
    products = dict(
        Product.objects.filter(code__in={a.product for a in new if a.product}).values_list(
            "code", "pk"
        )
    )
    Link = KnowledgeArticle.products.through
    Link.objects.bulk_create(
        Link(knowledgearticle_id=instance.pk, product_id=products[article.product])
        for instance, article in zip(created, new, strict=True)
        if article.product in products
    )
    return len(created)
