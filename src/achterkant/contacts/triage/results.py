"""What a suggestion looks like to its callers (intake, e-loket, desk, API)."""

from dataclasses import dataclass

# Below this confidence a product is noise, not a suggestion: the e-loket and the desk
# do not show it at all (the review queue shows the whole top 3, with its confidence).
SHOWN_MIN_CONFIDENCE = 0.2


@dataclass(frozen=True)
class ProductGuess:
    product_id: int
    code: str
    name: str
    confidence: float  # 0..1; the model's probability, so the threshold means something


@dataclass(frozen=True)
class ArticleHint:
    article_id: int
    question: str  # KnowledgeArticle.question
    audience: str  # KnowledgeArticle.audience: the portal shows only public ones


@dataclass(frozen=True)
class Suggestion:
    products: tuple[ProductGuess, ...]  # at most 3, best first; () means "no suggestion"
    articles: tuple[ArticleHint, ...]  # at most 3
    no_suggestion_reason: str  # Dutch, "" when products is non-empty
    threshold: float  # the organisation's auto-route threshold

    @property
    def best(self) -> ProductGuess | None:
        return self.products[0] if self.products else None

    @property
    def auto_routable(self) -> bool:
        best = self.best
        return best is not None and best.confidence >= self.threshold

    def as_json(self) -> dict:
        return {
            "producten": [
                {"code": p.code, "naam": p.name, "zekerheid": round(p.confidence, 4)}
                for p in self.products
            ],
            "kennisartikelen": [
                {"id": a.article_id, "vraag": a.question, "doelgroep": a.audience}
                for a in self.articles
            ],
            "reden": self.no_suggestion_reason,
        }


def no_suggestion(reason: str, threshold: float) -> Suggestion:
    return Suggestion(products=(), articles=(), no_suggestion_reason=reason, threshold=threshold)
