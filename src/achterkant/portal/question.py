"""*Beschrijf uw vraag*: the e-loket's free-text front door (issue 18, docs/triage.md).

The citizen describes what they need in their own words. The classifier
(``contacts.triage.suggest``) guesses the product and the knowledge articles; this module
keeps only what a citizen may see and use: product forms that are offered online today
(the e-loket's own ``product_offered_online``) and articles for citizens or everyone,
valid today. The citizen still chooses; nothing is filed until they do.
"""

import uuid
from dataclasses import dataclass

from django import forms
from django.utils import timezone

from achterkant.catalog.models import Product
from achterkant.catalog.selectors import product_offered_online
from achterkant.contacts.models import KnowledgeArticle
from achterkant.contacts.selectors import public_articles_by_ids
from achterkant.contacts.triage import suggest
from achterkant.contacts.triage.results import SHOWN_MIN_CONFIDENCE
from achterkant.contacts.triage.text import MAX_CHARS

# What is read of a question. A question is a few sentences; the suggestions endpoint is
# asked on every pause in typing, so a pasted book is cut here, before it reaches the
# classifier, and the textarea says the same to the browser.
MAX_QUESTION = MAX_CHARS
RELOAD = "Dit formulier is niet goed verstuurd. Laad de pagina opnieuw."


class QuestionForm(forms.Form):
    """The question box and, for a general request, its key against a double submit."""

    vraag = forms.CharField(
        label="Beschrijf uw vraag",
        max_length=MAX_QUESTION,
        help_text="Schrijf in uw eigen woorden wat u wilt regelen of weten.",
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_QUESTION}),
        error_messages={
            "required": "Beschrijf eerst uw vraag.",
            "max_length": f"Uw vraag is te lang. Gebruik hoogstens {MAX_QUESTION} tekens.",
        },
    )
    submission_key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"invalid": RELOAD, "required": RELOAD},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("submission_key", uuid.uuid4())


@dataclass(frozen=True)
class ProductOption:
    product: Product
    likely: bool  # at or above the organisation's threshold


@dataclass(frozen=True)
class CitizenSuggestions:
    """What the e-loket shows for one question."""

    asked: bool  # there was text to look at
    products: tuple[ProductOption, ...]
    articles: tuple[KnowledgeArticle, ...]

    @property
    def good_match(self) -> bool:
        """A product form fits well: otherwise the general request comes first."""
        return any(option.likely for option in self.products)


NOTHING = CitizenSuggestions(asked=False, products=(), articles=())


def question_text(raw: object) -> str:
    """The question as the classifier reads it: text only, at most ``MAX_QUESTION``."""
    return raw[:MAX_QUESTION].strip() if isinstance(raw, str) else ""


def citizen_suggestions(text: str) -> CitizenSuggestions:
    """Product forms and public articles for ``text`` in the active organisation.

    Never raises on odd text: the classifier answers "no suggestion" then, and so does this.
    """
    text = question_text(text)
    if not text:
        return NOTHING
    suggestion = suggest(text)
    today = timezone.localdate()
    products = []
    for guess in suggestion.products:
        if guess.confidence < SHOWN_MIN_CONFIDENCE:
            continue
        # Only what the citizen can request online today; never a product without a form.
        offered = product_offered_online(guess.code, today)
        if offered is not None:
            products.append(ProductOption(offered[0], guess.confidence >= suggestion.threshold))
    return CitizenSuggestions(
        asked=True,
        products=tuple(products),
        articles=public_articles_by_ids([hint.article_id for hint in suggestion.articles]),
    )
