"""Inzicht: the maturity score, the league table and the benchmark card.

Thin: ``insights.maturity`` computes the score, ``insights.benchmark`` keeps it, builds
the league table (only organisations that opted in) and signs and checks the cards.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from achterkant.desk.charts import bar_chart
from achterkant.insights.benchmark import (
    CARD_MAX_BYTES,
    CardError,
    card_bytes,
    card_export,
    card_import,
    fingerprint,
    league_opt_in,
    league_table,
    own_public_key,
    score_snapshot_store,
)
from achterkant.insights.maturity import COUNTRY_SCORES, PERIOD_DAYS, SCORING_VERSION, maturity

VIEW = "insights.view_insights"
OWN_LABEL = "Uw organisatie"


class CardUploadForm(forms.Form):
    card = forms.FileField(
        label="Benchmarkkaart (JSON)",
        help_text="Een kaart die een andere installatie van Achterkant heeft gemaakt.",
        error_messages={
            "required": "Kies een bestand met een benchmarkkaart.",
            "empty": "Het bestand is leeg. Kies een benchmarkkaart.",
        },
    )


def _score_and_store():
    """The active organisation's score, kept for the league table on the way."""
    result = maturity()
    score_snapshot_store(result)
    return result


def _score(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


@login_required
@permission_required(VIEW, raise_exception=True)
def score(request: HttpRequest) -> HttpResponse:
    result = _score_and_store()
    bars = sorted([*COUNTRY_SCORES, (OWN_LABEL, round(result.overall, 1))], key=lambda b: -b[1])
    chart = bar_chart(
        "maturity-reference",
        title="Uw score naast de landen uit het onderzoek",
        desc="Totaalscore 0 tot 100 van uw organisatie en de gepubliceerde scores per land "
        "(Accenture 2007).",
        bars=bars,
        fmt=_score,
        x_max=100,
        notes=["← u" if label == OWN_LABEL else "" for label, _ in bars],
    )
    context = {
        "result": result,
        "overall": round(result.overall, 1),
        "chart": chart,
        "bars": bars,
        "own_label": OWN_LABEL,
        "period_days": PERIOD_DAYS,
    }
    return render(request, "desk/insights/score.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
@require_http_methods(["GET", "POST"])
def league(request: HttpRequest) -> HttpResponse:
    form = CardUploadForm()
    if request.method == "POST":
        form = CardUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                card = card_import(
                    actor=request.user, raw=form.cleaned_data["card"].read(CARD_MAX_BYTES + 1)
                )
            except CardError as error:
                form.add_error("card", error.messages[0])
            else:
                messages.success(request, f"De kaart van {card.source_name} is ingelezen.")
                return redirect("desk:insights_league")
    else:
        _score_and_store()  # your own row is always there, and current
    context = {
        "rows": league_table(),
        "opted_in": league_opt_in(),
        "form": form,
        "fingerprint": fingerprint(own_public_key()),
        "scoring_version": SCORING_VERSION,
    }
    return render(request, "desk/insights/league.html", context, status=400 if form.errors else 200)


@login_required
@permission_required(VIEW, raise_exception=True)
def card_download(request: HttpRequest) -> HttpResponse:
    result = _score_and_store()
    card = card_export(actor=request.user, result=result)
    response = HttpResponse(card_bytes(card), content_type="application/json; charset=utf-8")
    name = f"benchmarkkaart-{request.organisation.slug}-{result.last:%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
