"""The tables of Inzicht: every figure the dashboard shows, shaped once for the page
(charts read them too) and for the CSV and XLSX export (``desk.insight_exports``).

Each KPI comes from ``insights.selectors`` (docs/insights.md); here it is only laid out.
"""

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from html import escape

from dateutil.relativedelta import relativedelta
from django.utils.safestring import mark_safe

from achterkant.catalog.models import Channel
from achterkant.catalog.selectors import product_choices
from achterkant.desk import charts
from achterkant.insights import selectors
from achterkant.insights.models import BACKLOG_BUCKETS
from achterkant.insights.selectors import Figures, Filters, period_start
from achterkant.routing.selectors import team_choices

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def long_date(day: date) -> str:
    """25 januari 2027."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def percent(value: float | None) -> str:
    return "—" if value is None else charts.percent(value)


def _count(value: float | None) -> str:
    return "—" if value is None else charts.number(value)


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "int"  # text, int, pct (0..1), days (working days), euro, period

    @property
    def export_label(self) -> str:
        suffix = {"pct": " (%)", "euro": " (€)", "days": " (werkdagen)"}.get(self.kind, "")
        return f"{self.label}{suffix}"

    @property
    def numeric(self) -> bool:
        return self.kind != "text" and self.kind != "period"


@dataclass
class Table:
    key: str  # the export's file name
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    step: str = "week"  # how a period column reads
    total: list | None = None  # a last row "Alle …", set apart

    def _rows_html(self, rows: list[list], row_class: str = "utrecht-table__row") -> str:
        """The rows as HTML (utrecht table classes), written here rather than in the
        template: a 12-month page has thousands of cells, and the template engine spends
        some tens of microseconds on each."""
        numeric = [column.numeric for column in self.columns]
        out = []
        for row in rows:
            cells = [
                self.format(column, value) for column, value in zip(self.columns, row, strict=True)
            ]
            out.append(
                f'<tr class="{row_class}"><th class="utrecht-table__header-cell"'
                f' scope="row">{escape(cells[0])}</th>'
            )
            for text, is_numeric in zip(cells[1:], numeric[1:], strict=True):
                extra = " utrecht-table__cell--numeric-data" if is_numeric else ""
                out.append(f'<td class="utrecht-table__cell{extra}">{escape(text)}</td>')
            out.append("</tr>")
        return "".join(out)

    @property
    def body_html(self) -> str:
        return mark_safe(self._rows_html(self.rows))  # noqa: S308 - every value escaped above

    @property
    def total_html(self) -> str:
        if not self.total:
            return ""
        total_row = "utrecht-table__row achterkant-insights-table__total"
        return mark_safe(self._rows_html([self.total], total_row))  # noqa: S308

    def format(self, column: Column, value) -> str:
        if value is None:
            return "—"
        if column.kind == "pct":
            return percent(value)
        if column.kind == "euro":
            return "€ " + f"{value:,.2f}".replace(",", "x").replace(".", ",").replace("x", ".")
        if column.kind == "period":
            return period_label(value, self.step)
        if column.kind in ("int", "days"):
            return _count(value)
        return str(value)


def period_label(start: date, step: str, *, short: bool = False) -> str:
    if step == "maand":
        return (
            f"{MONTHS[start.month - 1][:3]} {start.year}"
            if short
            else (f"{MONTHS[start.month - 1]} {start.year}")
        )
    if short:
        return f"{start.day} {MONTHS[start.month - 1][:3]}"
    if step == "week":
        return f"week {start.isocalendar().week} (vanaf {long_date(start)})"
    return long_date(start)


def _periods(filters: Filters) -> list[date]:
    starts, day = [], period_start(filters.first, filters.period)
    while day <= filters.last:
        starts.append(day)
        day = day + (
            relativedelta(months=1)
            if filters.period == "month"
            else timedelta(days=7 if filters.period == "week" else 1)
        )
    return starts


def _sum(figures: list[Figures]) -> Figures:
    """Counts added up (no backlog): a KPI over several groups, by the selectors' formula."""
    return Figures(
        counts=sum((f.counts for f in figures), Counter()),
        lead_time_days=sum((f.lead_time_days for f in figures), Counter()),
    )


CHANNEL_LABELS = dict(Channel.choices)


def channel_order(channels) -> list[str]:
    order = list(CHANNEL_LABELS)
    return sorted(channels, key=lambda c: (order.index(c) if c in order else len(order), c))


def channel_label(code: str) -> str:
    return CHANNEL_LABELS.get(code, code or "onbekend")


@dataclass
class Dashboard:
    """Everything the page shows, read with one call per selector."""

    filters: Filters
    step: str
    total: Figures
    by_channel: dict[str, Figures]
    by_product: dict[int | None, Figures]
    trend: dict[date, dict[str, Figures]]
    consistency: selectors.Consistency
    mix_by_period: dict[date, selectors.ChannelMix]  # cases in per channel: the channel shift
    mix_by_product: dict[int | None, selectors.ChannelMix]
    products: dict[int, str]
    teams: dict[int, str]

    @property
    def empty(self) -> bool:
        return not (self.by_channel or self.total.counts or self.total.backlog_total)

    def tables(self) -> dict[str, Table]:
        return {
            table.key: table
            for table in (
                self.key_figures(),
                self.norm_trend(),
                self.volume_trend(),
                self.channel_table(),
                self.product_table(),
                self.consistency_table(),
                self.backlog_table(),
                self.terms_table(),
            )
        }

    def product_name(self, product_id: int | None) -> str:
        return self.products.get(product_id, "zonder product") if product_id else "zonder product"

    def key_figures(self) -> Table:
        t = self.total
        rows = [
            ["Contacten", t.contacts, "int"],
            ["Zaken binnen", t.cases_in, "int"],
            ["Zaken afgehandeld", t.cases_closed, "int"],
            ["Eerste keer goed (contacten)", t.first_contact_resolution, "pct"],
            ["Binnen de servicenorm (zaken)", t.norm_compliance, "pct"],
            ["Binnen de wettelijke termijn (besluiten)", t.legal_compliance, "pct"],
            ["Doorlooptijd, mediaan", t.lead_time_median, "days"],
            ["Doorlooptijd, 90% binnen", t.lead_time_p90, "days"],
            ["Tevredenheid (4 of 5 van 5)", t.csat, "pct"],
            ["Aantal beoordelingen", t.ratings, "int"],
            ["Zaken met DigiD-activiteit", t.digid_share, "pct"],
            ["Berichten gelezen in de berichtenbox", t.messages_read_share, "pct"],
            ["Contactverzoeken binnen de norm", t.requests_in_time, "pct"],
        ]
        table = Table(
            "kerncijfers", "Kerncijfers", [Column("Cijfer", "text"), Column("Waarde", "text")]
        )
        for label, value, kind in rows:
            table.rows.append(
                [
                    label,
                    table.format(Column("", kind), value)
                    + (" werkdagen" if kind == "days" and value is not None else ""),
                ]
            )
        return table

    def norm_trend(self) -> Table:
        channels = channel_order(
            {
                c
                for cells in self.trend.values()
                for c, f in cells.items()
                if f.cases_closed_with_norm
            }
        )
        table = Table(
            "normhaling-per-periode",
            "Binnen de servicenorm, per kanaal en periode",
            [
                Column("Periode", "period"),
                *(Column(channel_label(c), "pct") for c in channels),
                Column("Alle kanalen", "pct"),
            ],
            step=self.step,
        )
        for start in _periods(self.filters):
            cells = self.trend.get(start, {})
            row = [cells[c].norm_compliance if c in cells else None for c in channels]
            table.rows.append([start, *row, _sum(list(cells.values())).norm_compliance])
        return table

    def volume_trend(self) -> Table:
        channels = channel_order(
            {c for cells in self.trend.values() for c, f in cells.items() if f.contacts}
        )
        table = Table(
            "contacten-per-periode",
            "Contacten per kanaal en periode",
            [
                Column("Periode", "period"),
                *(Column(channel_label(c)) for c in channels),
                Column("Zaken binnen (alle kanalen)"),
                Column("Zaken via de website", "pct"),
            ],
            step=self.step,
        )
        for start in _periods(self.filters):
            cells = self.trend.get(start, {})
            mix = self.mix_by_period.get(start)
            table.rows.append(
                [
                    start,
                    *(cells[c].contacts if c in cells else 0 for c in channels),
                    mix.total if mix else 0,
                    mix.share("web") if mix else None,
                ]
            )
        return table

    def _figure_columns(self) -> list[Column]:
        return [
            Column("Contacten"),
            Column("Zaken binnen"),
            Column("Zaken afgehandeld"),
            Column("Eerste keer goed", "pct"),
            Column("Binnen servicenorm", "pct"),
            Column("Binnen wettelijke termijn", "pct"),
            Column("Mediaan", "days"),
            Column("90% binnen", "days"),
            Column("Tevredenheid", "pct"),
            Column("Beoordelingen"),
        ]

    @staticmethod
    def _figure_row(f: Figures) -> list:
        return [
            f.contacts,
            f.cases_in,
            f.cases_closed,
            f.first_contact_resolution,
            f.norm_compliance,
            f.legal_compliance,
            f.lead_time_median,
            f.lead_time_p90,
            f.csat,
            f.ratings,
        ]

    def channel_table(self) -> Table:
        table = Table(
            "per-kanaal", "Per kanaal", [Column("Kanaal", "text"), *self._figure_columns()]
        )
        for channel in channel_order(self.by_channel):
            table.rows.append([channel_label(channel), *self._figure_row(self.by_channel[channel])])
        table.total = ["Alle kanalen", *self._figure_row(self.total)]
        return table

    def product_table(self) -> Table:
        table = Table(
            "per-product",
            "Per product",
            [
                Column("Product", "text"),
                *self._figure_columns(),
                Column("Zaken via de website", "pct"),
            ],
        )
        for product_id in sorted(
            self.by_product, key=lambda p: (p is None, self.product_name(p).lower())
        ):
            mix = self.mix_by_product.get(product_id)
            table.rows.append(
                [
                    self.product_name(product_id),
                    *self._figure_row(self.by_product[product_id]),
                    mix.share("web") if mix else None,
                ]
            )
        return table

    def heat_channels(self) -> list[str]:
        """The channels on which some product had cases closed: the heat map's columns."""
        return channel_order(
            {c for p in self.consistency.products for c, f in p.cells.items() if f.cases_closed}
        )

    def consistency_table(self) -> Table:
        table = Table(
            "consistentie",
            "Servicenorm en doorlooptijd per product en kanaal",
            [
                Column("Product", "text"),
                Column("Kanaal", "text"),
                Column("Zaken afgehandeld"),
                Column("Binnen servicenorm", "pct"),
                Column("Mediaan doorlooptijd", "days"),
                Column("Verschil tussen kanalen, servicenorm (procentpunt)"),
                Column("Verschil tussen kanalen, doorlooptijd", "days"),
                Column("Consistentie (0–100)"),
            ],
        )
        for product in self.consistency.products:
            spread = None if product.compliance_spread is None else round(product.compliance_spread)
            for channel in channel_order(product.cells):
                cell = product.cells[channel]
                table.rows.append(
                    [
                        self.product_name(product.product_id),
                        channel_label(channel),
                        cell.cases_closed,
                        cell.norm_compliance,
                        cell.lead_time_median,
                        spread,
                        product.lead_time_spread,
                        None if product.score is None else round(product.score),
                    ]
                )
        return table

    def backlog_table(self) -> Table:
        table = Table(
            "werkvoorraad",
            "Open zaken naar leeftijd",
            [Column("Leeftijd in werkdagen", "text"), Column("Open zaken")],
        )
        for (_, label), count in zip(BACKLOG_BUCKETS, self.total.backlog, strict=True):
            table.rows.append([label, count])
        table.total = ["Totaal", self.total.backlog_total]
        return table

    def terms_table(self) -> Table:
        table = Table(
            "termijnen",
            "Termijnen, opschortingen en dwangsommen per kanaal",
            [
                Column("Kanaal", "text"),
                Column("Servicenorm overschreden"),
                Column("Opschortingen"),
                Column("Verlengingen"),
                Column("Van rechtswege verleend"),
                Column("Zaken met dwangsom"),
                Column("Dwangsom", "euro"),
                Column("Contactverzoeken afgehandeld"),
                Column("Contactverzoeken binnen norm", "pct"),
            ],
        )

        def row(f: Figures) -> list:
            return [
                f.norm_breaches,
                f.suspensions,
                f.extensions,
                f.lex_silencio,
                f.penalty_cases,
                f.penalty_euros,
                f.requests_closed,
                f.requests_in_time,
            ]

        for channel in channel_order(self.by_channel):
            table.rows.append([channel_label(channel), *row(self.by_channel[channel])])
        table.total = ["Alle kanalen", *row(self.total)]
        return table


def dashboard(filters: Filters, step: str, *, version: uuid.UUID | None = None) -> Dashboard:
    """The dashboard's figures, kept under the aggregates' ``version`` when one is given
    (``selectors.kept``); the product and team names are always read fresh."""
    board = selectors.kept(f"dashboard-{step}", filters, version, lambda: _compose(filters, step))
    board.products = dict(product_choices())
    board.teams = dict(team_choices())
    return board


def _compose(filters: Filters, step: str) -> Dashboard:
    """The dashboard's figures from one read of the aggregates (``selectors.breakdown``:
    two queries; one more with a channel filter, for the channel mix per period). What
    follows from that read is composed here instead of read again:

    - the total is the sum of the channels: every group's backlog is that of the same day,
      so the backlog per channel adds up to the total too;
    - the channel mix per product is the consistency cells' cases in (both span all
      channels); per period it is the trend's, unless a channel filter narrows the trend.
    """
    read = selectors.breakdown(filters)
    by_channel = read.figures(by="channel")
    trend = read.trend(by="channel")
    consistency = read.consistency()
    if filters.channel:
        mix_by_period = selectors.channel_mix(filters, by="period")
    else:
        mix_by_period = {start: mix for start, cells in trend.items() if (mix := _mix(cells)).total}
    return Dashboard(
        filters=filters,
        step=step,
        total=_total(list(by_channel.values())),
        by_channel=by_channel,
        by_product=read.figures(by="product"),
        trend=trend,
        consistency=consistency,
        mix_by_period=mix_by_period,
        mix_by_product={
            p.product_id: mix for p in consistency.products if (mix := _mix(p.cells)).total
        },
        products={},
        teams={},
    )


def _total(groups: list[Figures]) -> Figures:
    total = _sum(groups)
    total.penalty_euros = sum((f.penalty_euros for f in groups), Decimal("0"))
    for f in groups:
        total.backlog = [a + b for a, b in zip(total.backlog, f.backlog, strict=True)]
    return total


def _mix(cells: dict[str, Figures]) -> selectors.ChannelMix:
    return selectors.ChannelMix({c: f.cases_in for c, f in cells.items() if f.cases_in})


def scope_text(filters: Filters, board: Dashboard) -> str:
    parts = []
    if filters.channel:
        parts.append(f"kanaal {channel_label(filters.channel)}")
    if filters.product_id:
        parts.append(f"product {board.products.get(filters.product_id, '?')}")
    if filters.team_id:
        parts.append(f"team {board.teams.get(filters.team_id, '?')}")
    return ", ".join(parts) or "alle kanalen, producten en teams"
