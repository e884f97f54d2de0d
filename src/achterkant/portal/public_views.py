"""*Zo snel helpen wij u*: the organisation's public service page (docs/insights.md, "The
public page").

No log-in. Per product: what we promise on each channel, and how often the promise was
kept last quarter. It reads the insight aggregates only (no case, no person), and shows
no figure based on fewer than ``MIN_CASES`` cases, so a figure never points at anyone.
The organisation opts in (``InsightsSettings.public_page``); until then it is a 404.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format

from achterkant.cases.promise import describe_norm
from achterkant.catalog.models import Channel, Product, ServiceNorm
from achterkant.catalog.selectors import NoValidCaseType, case_type_version_for
from achterkant.insights.models import InsightsSettings
from achterkant.insights.selectors import Figures, Filters, consistency, figures
from achterkant.worktime.durations import describe_duration

# Below this many cases a share says little and could point at one person: not shown.
MIN_CASES = 10
CHANNEL_ORDER = [value for value, _ in Channel.choices]


def previous_quarter(today: date) -> tuple[date, date]:
    """The calendar quarter before the one ``today`` is in."""
    this_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last = this_quarter - timedelta(days=1)
    return date(last.year, 3 * ((last.month - 1) // 3) + 1, 1), last


@dataclass
class Score:
    """How often a promise was kept: ``percent`` is None below ``MIN_CASES`` cases."""

    label: str
    cases: int
    percent: int | None

    @classmethod
    def of(cls, label: str, kept: int, cases: int) -> "Score":
        return cls(label, cases, round(100 * kept / cases) if cases >= MIN_CASES else None)


@dataclass
class ProductRow:
    name: str
    promises: list[tuple[str, str]]  # (channel label, the promise as the citizen reads it)
    norm: str  # "5 werkdagen", or the legal term
    measured_against: str  # "servicenorm", "wettelijke termijn" or "" (no cases)
    total: Score | None
    channels: list[Score] = field(default_factory=list)

    @property
    def measured_channels(self) -> list[Score]:
        return [score for score in self.channels if score.percent is not None]

    @property
    def too_few(self) -> str:
        """The channels with too few cases for a figure, as one phrase: "telefoon en brief"."""
        names = [score.label for score in self.channels if score.percent is None]
        return " en ".join(filter(None, (", ".join(names[:-1]), names[-1]))) if names else ""


def _score(figures: Figures, against: str, label: str) -> Score:
    if against == "servicenorm":
        kept, cases = figures.cases_closed_within_norm, figures.cases_closed_with_norm
    else:
        kept, cases = figures.cases_decided_within_legal_term, figures.cases_decided_with_legal_term
    return Score.of(label, kept, cases)


def _product_rows(first: date, last: date) -> list[ProductRow]:
    filters = Filters(first=first, last=last)
    per_product = figures(filters, by="product")
    per_channel = {p.product_id: p.cells for p in consistency(filters).products}
    promises: dict[int, list] = {}
    for norm in ServiceNorm.objects.order_by("pk"):
        promises.setdefault(norm.product_id, []).append(norm)
    labels = dict(Channel.choices)
    rows = []
    for product in Product.objects.order_by("name"):
        norms = sorted(promises.get(product.pk, []), key=lambda n: CHANNEL_ORDER.index(n.channel))
        row = ProductRow(
            name=product.name,
            promises=[(labels[n.channel].capitalize(), n.promise) for n in norms],
            norm="", measured_against="", total=None,
        )  # fmt: skip
        case_type = None
        if product.case_type_identification:
            try:
                case_type = case_type_version_for(product.case_type_identification, last)
            except NoValidCaseType:
                case_type = None
        if case_type is not None:
            if case_type.service_norm:
                row.norm = describe_norm(case_type.service_norm)
                row.measured_against = "servicenorm"
            else:
                row.norm = describe_duration(case_type.lead_time)
                row.measured_against = "wettelijke termijn"
            row.total = _score(per_product.get(product.pk, Figures()), row.measured_against, "")
            cells = per_channel.get(product.pk, {})
            row.channels = [
                _score(cells[channel], row.measured_against, labels.get(channel, channel))
                for channel in sorted(cells, key=lambda c: CHANNEL_ORDER.index(c)
                                      if c in CHANNEL_ORDER else len(CHANNEL_ORDER))
            ]  # fmt: skip
            row.channels = [score for score in row.channels if score.cases]
        rows.append(row)
    return rows


def service_page(request: HttpRequest) -> HttpResponse:
    """The public page of the organisation of this host name, if it chose to publish it."""
    chosen = InsightsSettings.objects.values_list("public_page", flat=True).first()
    if not chosen:
        raise Http404("Deze gemeente publiceert deze pagina niet.")
    first, last = previous_quarter(timezone.localdate())
    rows = _product_rows(first, last)
    return render(request, "portal/service_page.html", {
        "rows": rows,
        "first": first,
        "last": last,
        "period": f"{date_format(first, 'F')} tot en met {date_format(last, 'F Y')}",
        "min_cases": MIN_CASES,
    })  # fmt: skip
