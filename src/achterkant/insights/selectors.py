"""The KPIs, read from the daily aggregates only (docs/insights.md defines each one).

A page's cost depends on the period and the number of channels, products and teams, never
on the number of cases or contacts behind them.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from achterkant.insights.aggregate import COUNTERS
from achterkant.insights.models import BACKLOG_BUCKETS, AggregateState, DailyAggregate

PERIODS = {"day": "dag", "week": "week", "month": "maand"}
DIMENSIONS = ("channel", "product", "team")
# Below this many ratings (or cases, on the public page) a figure says nothing and could
# point at one person: it is hidden.
MIN_RATINGS = 10


@dataclass(frozen=True)
class Filters:
    first: date
    last: date
    period: str = "week"  # day, week or month: the step of a trend
    channel: str | None = None
    product_id: int | None = None
    team_id: int | None = None


def period_start(day: date, period: str) -> date:
    if period == "day":
        return day
    if period == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _percentile(histogram: Counter, fraction: float) -> int | None:
    """The smallest number of working days within which ``fraction`` of the cases closed
    (nearest rank: exact, since lead times are whole working days)."""
    total = sum(histogram.values())
    if not total:
        return None
    rank = max(1, -(-int(fraction * total * 1000) // 1000))  # ceil without float drift
    seen = 0
    for days in sorted(histogram):
        seen += histogram[days]
        if seen >= rank:
            return days
    return max(histogram)


@dataclass
class Figures:
    """The sums of a set of aggregate rows, and every KPI as a ratio of them."""

    counts: Counter = field(default_factory=Counter)
    lead_time_days: Counter = field(default_factory=Counter)
    backlog: list[int] = field(default_factory=lambda: [0] * len(BACKLOG_BUCKETS))
    penalty_euros: Decimal = Decimal("0")

    def __getattr__(self, name: str) -> int:
        if name in COUNTERS:
            return self.counts[name]
        raise AttributeError(name)

    @property
    def first_contact_resolution(self) -> float | None:
        return _ratio(self.counts["contacts_first_contact_resolved"],
                      self.counts["contacts_fcr_eligible"])  # fmt: skip

    @property
    def norm_compliance(self) -> float | None:
        return _ratio(self.counts["cases_closed_within_norm"],
                      self.counts["cases_closed_with_norm"])  # fmt: skip

    @property
    def legal_compliance(self) -> float | None:
        return _ratio(self.counts["cases_decided_within_legal_term"],
                      self.counts["cases_decided_with_legal_term"])  # fmt: skip

    @property
    def requests_in_time(self) -> float | None:
        return _ratio(self.counts["requests_closed_in_time"], self.counts["requests_closed"])

    @property
    def lead_time_median(self) -> int | None:
        return _percentile(self.lead_time_days, 0.5)

    @property
    def lead_time_p90(self) -> int | None:
        return _percentile(self.lead_time_days, 0.9)

    @property
    def csat(self) -> float | None:
        """Share of ratings that are 4 or 5; hidden below 10 ratings."""
        if self.counts["ratings"] < MIN_RATINGS:
            return None
        return self.counts["ratings_satisfied"] / self.counts["ratings"]

    @property
    def average_rating(self) -> float | None:
        if self.counts["ratings"] < MIN_RATINGS:
            return None
        return self.counts["ratings_sum"] / self.counts["ratings"]

    @property
    def digid_share(self) -> float | None:
        return _ratio(self.counts["cases_with_digid_activity"], self.counts["cases_closed"])

    @property
    def messages_read_share(self) -> float | None:
        return _ratio(self.counts["messages_read"], self.counts["messages"])

    @property
    def backlog_total(self) -> int:
        return sum(self.backlog)

    def add(self, row: dict, *, with_backlog: bool) -> None:
        for name in COUNTERS:
            self.counts[name] += row[name]
        for days, n in row["lead_time_days"].items():
            self.lead_time_days[int(days)] += n
        self.penalty_euros += row["penalty_euros"]
        if with_backlog and row["backlog"]:
            self.backlog = [a + b for a, b in zip(self.backlog, row["backlog"], strict=True)]


_COLUMNS = ("day", "channel", "product_id", "team_id", *COUNTERS, "lead_time_days", "backlog",
            "penalty_euros")  # fmt: skip


def _rows(filters: Filters) -> list[dict]:
    rows = DailyAggregate.objects.filter(day__range=(filters.first, filters.last))
    if filters.channel:
        rows = rows.filter(channel=filters.channel)
    if filters.product_id:
        rows = rows.filter(product_id=filters.product_id)
    if filters.team_id:
        rows = rows.filter(team_id=filters.team_id)
    return list(rows.values(*_COLUMNS))


def _backlog_day(rows: list[dict], first: date, last: date) -> date | None:
    """The backlog of a period is the one on its last day that has figures."""
    days = [row["day"] for row in rows if first <= row["day"] <= last and row["backlog"]]
    return max(days, default=None)


def figures(filters: Filters, *, by: str | None = None) -> dict:
    """The figures of the filtered rows, in total (``by=None``, key ``None``) or grouped by
    ``"period"``, ``"channel"``, ``"product"`` or ``"team"`` (key: period start, channel
    code, product id, team id)."""
    rows = _rows(filters)
    return _group(rows, filters, by)


def _key(row: dict, filters: Filters, by: str | None):
    if by is None:
        return None
    if by == "period":
        return period_start(row["day"], filters.period)
    return row["channel"] if by == "channel" else row[f"{by}_id"]


def _group(rows: list[dict], filters: Filters, by: str | None) -> dict:
    grouped: dict = defaultdict(list)
    for row in rows:
        grouped[_key(row, filters, by)].append(row)
    result = {}
    for key, members in grouped.items():
        backlog_on = _backlog_day(members, filters.first, filters.last)
        total = Figures()
        for row in members:
            total.add(row, with_backlog=row["day"] == backlog_on)
        result[key] = total
    return result


def trend(filters: Filters, *, by: str = "channel") -> dict[date, dict]:
    """Per period (``filters.period``), the figures per ``by``: for trend lines."""
    rows = _rows(filters)
    per_period: dict = defaultdict(list)
    for row in rows:
        per_period[period_start(row["day"], filters.period)].append(row)
    return {start: _group(members, filters, by) for start, members in sorted(per_period.items())}


@dataclass(frozen=True)
class ProductConsistency:
    product_id: int | None
    cells: dict[str, Figures]  # per channel
    compliance_spread: float | None  # percentage points, best channel minus worst
    lead_time_spread: int | None  # working days, slowest channel's median minus fastest


@dataclass(frozen=True)
class Consistency:
    products: list[ProductConsistency]  # the least consistent first
    index: float | None  # 0–100: 100 minus the case-weighted mean compliance spread


# A channel with fewer closed cases than this says little about its service level and is
# left out of a product's spread (it still shows in the heat map).
MIN_CASES_PER_CELL = 5


def consistency(filters: Filters) -> Consistency:
    """The channel consistency index: for each product, the spread across its channels of
    norm compliance and of median lead time (docs/insights.md)."""
    rows = [row for row in _rows(filters) if row["product_id"] is not None]
    per_product: dict = defaultdict(list)
    for row in rows:
        per_product[row["product_id"]].append(row)
    products = []
    weighted, weight = 0.0, 0
    for product_id, members in per_product.items():
        cells = _group(members, filters, "channel")
        counted = {
            channel: cell for channel, cell in cells.items()
            if cell.counts["cases_closed_with_norm"] >= MIN_CASES_PER_CELL
        }  # fmt: skip
        rates = [cell.norm_compliance for cell in counted.values()]
        medians = [cell.lead_time_median for cell in counted.values()
                   if cell.lead_time_median is not None]  # fmt: skip
        compliance_spread = (max(rates) - min(rates)) * 100 if len(rates) > 1 else None
        lead_time_spread = max(medians) - min(medians) if len(medians) > 1 else None
        products.append(ProductConsistency(product_id, cells, compliance_spread, lead_time_spread))
        if compliance_spread is not None:
            cases = sum(cell.counts["cases_closed_with_norm"] for cell in counted.values())
            weighted += compliance_spread * cases
            weight += cases
    products.sort(key=lambda p: (-(p.compliance_spread or 0), -(p.lead_time_spread or 0)))
    index = 100 - weighted / weight if weight else None
    return Consistency(products=products, index=index)


def aggregates_state() -> AggregateState | None:
    return AggregateState.objects.first()
