"""The contact form's suggestions (issue 18): while the agent types the question, the
likely product (one click fills the product field, achterkant/contact-triage.js) and the
knowledge articles that fit it (docs/triage.md, "The e-loket and the desk").

The question travels in a POST body (htmx), so it never lands in a URL or an access log.
"""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from achterkant.catalog.selectors import product_choices
from achterkant.contacts.selectors import knowledge_articles_by_ids
from achterkant.contacts.triage import suggest
from achterkant.contacts.triage.results import SHOWN_MIN_CONFIDENCE
from achterkant.contacts.triage.text import MAX_CHARS  # the classifier reads no more

NO_CLEAR_PROPOSAL = "Geen duidelijk voorstel. Kies zelf een product."
# Ticked articles kept across refreshes; more than a form ever shows is tampering.
MAX_KEPT = 20


def _ids(values: list[str]) -> list[int]:
    """Article ids as posted, in order, each once; anything that is not an id is dropped."""
    ids: list[int] = []
    for value in values[:MAX_KEPT]:
        if value.isascii() and value.isdigit() and len(value) < 12 and int(value) not in ids:
            ids.append(int(value))
    return ids


@login_required
@permission_required("contacts.add_contact", raise_exception=True)
@require_POST
def contact_suggestion(request: HttpRequest) -> HttpResponse:
    """The proposal line under the question and, out of band, the suggested articles.

    An article the agent ticked in the suggested list stays (ticked) when the proposal
    changes: the form posts the ticked ids (``articles``) and the ones this list showed
    (``kb_suggested``), and the ticked ones among those are kept.
    """
    text = request.POST.get("question", "")[:MAX_CHARS].strip()
    suggestion = suggest(text) if text else None
    offered = dict(product_choices())  # the product field's own options
    products = [
        guess
        for guess in (suggestion.products if suggestion else ())
        if guess.confidence >= SHOWN_MIN_CONFIDENCE and guess.product_id in offered
    ]
    shown = set(_ids(request.POST.getlist("kb_suggested")))
    ticked = [pk for pk in _ids(request.POST.getlist("articles")) if pk in shown]
    hinted = [hint.article_id for hint in suggestion.articles] if suggestion else []
    order = ticked + [pk for pk in hinted if pk not in ticked]
    found = {article.pk: article for article in knowledge_articles_by_ids(order)}
    context = {
        "asked": bool(text),
        "best": products[0] if products else None,
        "likely": bool(products) and products[0].confidence >= suggestion.threshold,
        "others": products[1:],
        "reason": (suggestion.no_suggestion_reason or NO_CLEAR_PROPOSAL) if suggestion else "",
        "articles": [found[pk] for pk in order if pk in found],
        "ticked": set(ticked),
    }
    return render(request, "desk/partials/contact_suggestion.html", context)
