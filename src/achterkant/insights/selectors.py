"""The KPIs, read from the daily aggregates only (docs/insights.md defines each one).

A page's cost depends on the period and the number of channels, products and teams, never
on the number of cases or contacts behind them.
"""

import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from django.core.cache import cache
from django.db.models import F, Max, Q, Sum, TextField
from django.db.models.functions import Cast, TruncMonth, TruncWeek
from django.utils import timezone

from achterkant.insights.aggregate import COUNTERS
from achterkant.insights.models import BACKLOG_BUCKETS, AggregateState, DailyAggregate
from achterkant.tenancy.context import require_organisation

PERIODS = {"day": "dag", "week": "week", "month": "maand"}
DIMENSIONS = ("channel", "product", "team")
# Below this many ratings (or cases, on the public page) a figure says nothing and could
# point at one person: it is hidden.
MIN_RATINGS = 10
T = TypeVar("T")


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


def _percentile(histogram: Counter, percent: int) -> int | None:
    """The smallest number of working days within which ``percent`` % of the cases closed
    (nearest rank, so the median of 1, 3 is 1: exact, since lead times are whole days)."""
    total = sum(histogram.values())
    if not total:
        return None
    rank = max(1, -(-percent * total // 100))  # ceil(percent/100 · total), in integers
    seen = 0
    for days in sorted(histogram):
        seen += histogram[days]
        if seen >= rank:
            return days
    raise AssertionError("the rank lies within the total")


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
    def service_norm_compliance(self) -> float | None:
        """Cases and contact requests together: the share finished within their norm."""
        c = self.counts
        return _ratio(c["cases_closed_within_norm"] + c["requests_closed_in_time"],
                      c["cases_closed_with_norm"] + c["requests_closed"])  # fmt: skip

    @property
    def lead_time_median(self) -> int | None:
        return _percentile(self.lead_time_days, 50)

    @property
    def lead_time_p90(self) -> int | None:
        return _percentile(self.lead_time_days, 90)

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

    def merge(self, other: "Figures", *, with_backlog: bool) -> None:
        # A page merges thousands of cells: plain dict arithmetic over the non-zero counts
        # only (a cell holds none of its zero counters) is several times Counter.update.
        counts = self.counts
        for name, value in other.counts.items():
            counts[name] = counts.get(name, 0) + value
        lead_times = self.lead_time_days
        for days, value in other.lead_time_days.items():
            lead_times[days] = lead_times.get(days, 0) + value
        self.penalty_euros += other.penalty_euros
        if with_backlog:
            self.backlog = [a + b for a, b in zip(self.backlog, other.backlog, strict=True)]


_GROUP_FIELDS = {None: (), "period": ("period",), "channel": ("channel",),
                 "product": ("product_id",), "team": ("team_id",)}  # fmt: skip
_TRUNC = {"week": TruncWeek, "month": TruncMonth}


def _base(filters: Filters, *, all_channels: bool = False):
    rows = DailyAggregate.objects.filter(day__range=(filters.first, filters.last))
    if filters.channel and not all_channels:
        rows = rows.filter(channel=filters.channel)
    if filters.product_id:
        rows = rows.filter(product_id=filters.product_id)
    if filters.team_id:
        rows = rows.filter(team_id=filters.team_id)
    if filters.period in _TRUNC:
        return rows.annotate(period=_TRUNC[filters.period]("day"))
    return rows.annotate(period=F("day"))


def _read(filters: Filters, group: tuple[str, ...], *, all_channels: bool = False) -> dict:
    """The figures per ``group`` (a tuple of "period", "channel", "product_id",
    "team_id"; key: the tuple of their values), in two queries whatever the number of
    rows: the counters summed by the database (with each group's last day up to today),
    and the JSON columns of only the rows that have a lead time or lie on a backlog day.

    The backlog is a snapshot, not a sum: that of the last day up to today with figures,
    per period when grouped by period (else of the whole range), one day for every group so
    the backlog per channel adds up to the total. Every day up to today with an open case
    has rows, so a later day without rows had no backlog."""
    rows = _base(filters, all_channels=all_channels)
    totals = {name: Sum(name) for name in COUNTERS} | {
        "euros": Sum("penalty_euros"),
        "last": Max("day", filter=Q(day__lte=timezone.localdate())),
    }
    # values() without fields would group by every column: the grand total is aggregate().
    if group:
        sums = rows.values(*group).annotate(**totals).order_by()
    else:
        sums = [rows.aggregate(**totals)]
    result: dict = {}
    backlog_day: dict = {}  # per period start (None: the whole range)
    per_period = "period" in group
    for row in sums:
        if row["contacts"] is None:
            continue  # the grand total of no rows
        key = tuple(row[name] for name in group)
        result[key] = Figures(
            counts=Counter({name: row[name] for name in COUNTERS if row[name]}),
            penalty_euros=row["euros"] or Decimal("0"),
        )
        period = row["period"] if per_period else None
        if row["last"] and (backlog_day.get(period) is None or row["last"] > backlog_day[period]):
            backlog_day[period] = row["last"]
    if not result:
        return result
    backlog_days = set(backlog_day.values())
    # The JSON as text, parsed here: Django's JSON converter costs several times the parse.
    extra = rows.filter(Q(cases_closed__gt=0) | Q(day__in=backlog_days)).values_list(
        *group, "day", "cases_closed", Cast("lead_time_days", TextField()),
        Cast("backlog", TextField()),
    )  # fmt: skip
    width = len(group)
    for values in extra:
        figure = result[tuple(values[:width])]
        day, closed, lead_times, backlog = values[width:]
        if closed:
            for days, n in json.loads(lead_times).items():
                figure.lead_time_days[int(days)] += n
        if day in backlog_days and backlog != "[]":
            backlog = json.loads(backlog)
            if any(backlog):
                figure.backlog = [a + b for a, b in zip(figure.backlog, backlog, strict=True)]
    return result


@dataclass(frozen=True)
class Breakdown:
    """Every figure of a page from one read: the figures per period, product and channel,
    summed here into any grouping a page shows (the dashboard reads the aggregates once,
    not once per chart). The channel filter applies to ``figures`` and ``trend``; the
    consistency spans every channel."""

    filters: Filters
    cells: dict  # (period start, product id, channel) -> Figures

    def _select(self, key_of, *, per_period: bool) -> dict:
        channel = self.filters.channel
        last_period = max((period for period, _, _ in self.cells), default=None)
        result: dict = {}
        for (period, product_id, cell_channel), cell in self.cells.items():
            if channel and cell_channel != channel:
                continue
            key = key_of(period, product_id, cell_channel)
            total = result.get(key)
            if total is None:
                total = result[key] = Figures()
            # Per period, each period's own backlog; else the last period's: one day.
            total.merge(cell, with_backlog=per_period or period == last_period)
        return result

    def figures(self, *, by: str | None = None) -> dict:
        keys = {
            None: lambda period, product, channel: None,
            "period": lambda period, product, channel: period,
            "product": lambda period, product, channel: product,
            "channel": lambda period, product, channel: channel,
        }
        if by not in keys:
            raise ValueError(f"unknown grouping for a breakdown: {by!r}")
        return self._select(keys[by], per_period=by == "period")

    def trend(self, *, by: str = "channel") -> dict[date, dict]:
        if by not in ("channel", "product"):
            raise ValueError(f"unknown grouping for a breakdown's trend: {by!r}")
        index = 2 if by == "channel" else 1
        grouped = self._select(lambda *key: (key[0], key[index]), per_period=True)
        result: dict = defaultdict(dict)
        for (start, key), f in sorted(grouped.items(), key=lambda item: item[0][0]):
            result[start][key] = f
        return dict(result)

    def consistency(self) -> "Consistency":
        last_period = max((period for period, _, _ in self.cells), default=None)
        per_product: dict = defaultdict(lambda: defaultdict(Figures))
        for (period, product_id, channel), cell in self.cells.items():
            if product_id is not None:
                per_product[product_id][channel].merge(cell, with_backlog=period == last_period)
        return _consistency({p: dict(cells) for p, cells in per_product.items()})


# What a page computed from the aggregates is kept this long; a new version of the
# aggregates makes it unreachable at once anyway.
KEPT_SECONDS = 3600


def kept(name: str, filters: Filters, version: uuid.UUID | None, compute: Callable[[], T]) -> T:
    """``compute()``, kept in the shared cache under the organisation, ``name``, the filters,
    today's date and ``version`` (``AggregateState.version``, read by the page).

    The aggregates change only when an update or a rebuild replaces rows, and each gives
    the state a new version in the same transaction: what is kept is never older than the
    rows. Most views (the default filters, between the quarter-hourly updates) then cost
    one cache read. "Today" is in the key: the backlog is that of the last day up to today.
    Without a version nothing is kept.
    """
    if version is None:
        return compute()
    key = ":".join(
        str(part)
        for part in (
            "insights", name, require_organisation().pk, version.hex, timezone.localdate(),
            filters.first, filters.last, filters.period, filters.channel, filters.product_id,
            filters.team_id,
        )
    )  # fmt: skip
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, KEPT_SECONDS)
    return value


def breakdown(filters: Filters) -> Breakdown:
    """One read of the aggregates (two queries) for a whole page."""
    cells = _read(filters, ("period", "product_id", "channel"), all_channels=True)
    return Breakdown(filters=filters, cells=cells)


def _by(group_name: str | None) -> tuple[str, ...]:
    if group_name not in _GROUP_FIELDS:
        raise ValueError(f"unknown grouping: {group_name!r}")
    return _GROUP_FIELDS[group_name]


def figures(filters: Filters, *, by: str | None = None) -> dict:
    """The figures of the filtered rows, in total (``by=None``, key ``None``) or grouped by
    ``"period"``, ``"channel"``, ``"product"`` or ``"team"`` (key: period start, channel
    code, product id, team id; None for rows without a product or team). A group without
    rows is absent. The backlog is that on the last day of the range (per period: of the
    period) that has figures."""
    group = _by(by)
    return {(key[0] if key else None): f for key, f in _read(filters, group).items()}


def trend(filters: Filters, *, by: str = "channel") -> dict[date, dict]:
    """Per period (``filters.period``), the figures per ``by``: for trend lines. Periods
    without rows are absent; the backlog is that of each period's last day with figures."""
    if by in (None, "period"):
        raise ValueError("a trend is per period already; group it by channel, product or team")
    result: dict = defaultdict(dict)
    for (start, key), f in sorted(
        _read(filters, ("period", *_by(by))).items(), key=lambda item: item[0][0]
    ):
        result[start][key] = f
    return dict(result)


@dataclass(frozen=True)
class ChannelMix:
    """How many of one measure (contacts, cases in) came in on each channel."""

    counts: dict[str, int]  # per channel code; channels without any are absent

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, channel: str) -> float | None:
        """The channel's share, 0..1 (None when nothing came in at all)."""
        return _ratio(self.counts.get(channel, 0), self.total)

    @property
    def shares(self) -> dict[str, float]:
        total = self.total
        return {channel: n / total for channel, n in self.counts.items()} if total else {}


MIX_MEASURES = ("cases_in", "contacts")


def channel_mix(filters: Filters, *, by: str | None = "product", measure: str = "cases_in") -> dict:
    """The channel mix of ``measure`` ("cases_in" or "contacts"), in total (``by=None``)
    or per ``"product"``, ``"team"`` or ``"period"`` (the channel shift over time). The web
    share of a product: ``channel_mix(filters)[product_id].share("web")``. A mix spans the
    channels, so the channel filter does not apply."""
    if measure not in MIX_MEASURES:
        raise ValueError(f"unknown measure: {measure!r}")
    if by == "channel":
        raise ValueError("a channel mix is already per channel")
    group = _by(by)
    sums = (
        _base(filters, all_channels=True)
        .values(*group, "channel")
        .annotate(n=Sum(measure))
        .order_by()
    )
    counts: dict = defaultdict(Counter)
    for row in sums:
        if row["n"]:
            counts[row[group[0]] if group else None][row["channel"]] += row["n"]
    return {key: ChannelMix(dict(per_channel)) for key, per_channel in counts.items()}


@dataclass(frozen=True)
class ProductConsistency:
    product_id: int | None
    cells: dict[str, Figures]  # per channel (the heat map), every channel with figures
    compliance_spread: float | None  # percentage points, best channel minus worst
    lead_time_spread: int | None  # working days, slowest channel's median minus fastest
    # 0–100: 100 minus the larger of the compliance spread (points) and the lead-time
    # spread as a share of the slowest median (percent). 100: the same on every channel.
    score: float | None = None


@dataclass(frozen=True)
class Consistency:
    products: list[ProductConsistency]  # the least consistent first
    index: float | None  # 0–100: the products' scores, weighted by their closed cases


# A channel with fewer closed cases than this says little about its service level and is
# left out of a product's spread (it still shows in the heat map).
MIN_CASES_PER_CELL = 5


def product_consistency(product_id: int | None, cells: dict[str, Figures]) -> ProductConsistency:
    """The spread of one product's norm compliance and median lead time across the
    channels with at least ``MIN_CASES_PER_CELL`` closed cases (with a norm, for
    compliance)."""
    rates = [
        cell.norm_compliance for cell in cells.values()
        if cell.counts["cases_closed_with_norm"] >= MIN_CASES_PER_CELL
    ]  # fmt: skip
    medians = [
        cell.lead_time_median for cell in cells.values()
        if cell.counts["cases_closed"] >= MIN_CASES_PER_CELL
    ]  # fmt: skip
    compliance_spread = (max(rates) - min(rates)) * 100 if len(rates) > 1 else None
    lead_time_spread = max(medians) - min(medians) if len(medians) > 1 else None
    parts = []
    if compliance_spread is not None:
        parts.append(compliance_spread)
    if lead_time_spread is not None:
        parts.append(100 * lead_time_spread / max(medians) if max(medians) else 0.0)
    score = 100 - max(parts) if parts else None
    return ProductConsistency(product_id, cells, compliance_spread, lead_time_spread, score)


def consistency(filters: Filters) -> Consistency:
    """The channel consistency index: for each product, the spread across its channels of
    norm compliance and of median lead time; organisation-wide, the products' scores
    weighted by the closed cases they were measured on (docs/insights.md). The spread is
    across channels, so the channel filter does not apply."""
    per_product: dict = defaultdict(dict)
    for (product_id, channel), cell in _read(
        filters, ("product_id", "channel"), all_channels=True
    ).items():
        if product_id is not None:
            per_product[product_id][channel] = cell
    return _consistency(per_product)


def _consistency(per_product: dict) -> Consistency:
    products = []
    weighted, weight = 0.0, 0
    for product_id, cells in per_product.items():
        product = product_consistency(product_id, cells)
        products.append(product)
        if product.score is not None:
            cases = sum(
                cell.counts["cases_closed"] for cell in cells.values()
                if cell.counts["cases_closed"] >= MIN_CASES_PER_CELL
            )  # fmt: skip
            weighted += product.score * cases
            weight += cases
    products.sort(
        key=lambda p: (p.score is None, p.score or 0, -(p.compliance_spread or 0), p.product_id)
    )
    index = weighted / weight if weight else None
    return Consistency(products=products, index=index)


def aggregates_state() -> AggregateState | None:
    return AggregateState.objects.first()
