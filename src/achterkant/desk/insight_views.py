"""Inzicht: the manager's dashboard of service levels per channel, product and team.

The view parses the filters, reads the KPIs from ``insights.selectors`` (daily aggregates
only, so the page costs the same at 5M contacts as at 500) and lays them out as tiles,
charts and tables. Every figure is a KPI the selectors define (docs/insights.md); this
module only shapes them for reading. The same tables feed the CSV and XLSX export
(``desk.insight_exports``).
"""

from datetime import date, timedelta
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from achterkant.catalog.models import Channel
from achterkant.catalog.selectors import product_choices
from achterkant.desk import charts
from achterkant.desk.insight_tables import (
    Column,
    Dashboard,
    Table,
    channel_label,
    channel_order,
    dashboard,
    long_date,
    percent,
    period_label,
    scope_text,
)
from achterkant.insights.selectors import (
    MIN_CASES_PER_CELL,
    Filters,
    aggregates_state,
    period_start,
)
from achterkant.routing.selectors import team_choices

PRESETS = {  # key: (label, how far back, default step)
    "4w": ("Laatste 4 weken", relativedelta(weeks=4), "dag"),
    "3m": ("Laatste 3 maanden", relativedelta(months=3), "week"),
    "12m": ("Laatste 12 maanden", relativedelta(months=12), "maand"),
}
DEFAULT_PRESET = "3m"
STEPS = {"dag": "day", "week": "week", "maand": "month"}
STEP_LABELS = {"dag": "Per dag", "week": "Per week", "maand": "Per maand"}
MAX_DAYS = 3 * 366  # a longer range says little and only costs time
MAX_DAILY_DAYS = 92  # more day points than this do not fit a chart or a table
# When a share counts as good or as too low: the tiles and the heat map colour by these,
# and always say it in words too. The Antwoord© norm is 80% (shared/DOMAIN.md).
GOOD, FAIR = 0.9, 0.75


# -- Filters --------------------------------------------------------------------------


class InsightFilterForm(forms.Form):
    """The filters, from the query string. A range is either a preset (``periode``, the
    links above the form) or two dates (``van``, ``tot``), which then win."""

    periode = forms.ChoiceField(
        label="Periode", required=False, choices=[(key, p[0]) for key, p in PRESETS.items()]
    )
    van = forms.DateField(
        label="Van",
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"placeholder": "dd-mm-jjjj"}, format="%d-%m-%Y"),
    )
    tot = forms.DateField(
        label="Tot en met",
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"placeholder": "dd-mm-jjjj"}, format="%d-%m-%Y"),
    )
    stap = forms.ChoiceField(
        label="Stap", required=False, choices=[("", "Vanzelf"), *STEP_LABELS.items()]
    )
    kanaal = forms.ChoiceField(
        label="Kanaal", required=False, choices=[("", "Alle kanalen"), *Channel.choices]
    )
    product = forms.TypedChoiceField(label="Product", required=False, coerce=int, empty_value=None)
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        invalid = "Kies een {} uit de lijst."
        self.fields["product"].choices = [("", "Alle producten"), *product_choices()]
        self.fields["team"].choices = [("", "Alle teams"), *team_choices()]
        for name, what in (
            ("periode", "periode"),
            ("stap", "stap"),
            ("kanaal", "kanaal"),
            ("product", "product"),
            ("team", "team"),
        ):
            self.fields[name].error_messages["invalid_choice"] = invalid.format(what)
        for name in ("van", "tot"):
            self.fields[name].error_messages["invalid"] = (
                "Vul een datum in als 25-01-2027 (dag-maand-jaar)."
            )

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        first, last = data.get("van"), data.get("tot")
        if first or last:
            if not (first and last):
                raise forms.ValidationError("Vul zowel 'Van' als 'Tot en met' in.")
            if first > last:
                raise forms.ValidationError("'Van' ligt na 'Tot en met'. Draai de datums om.")
            if (last - first).days >= MAX_DAYS:
                raise forms.ValidationError("Kies een periode van hoogstens 3 jaar.")
            step, preset = data.get("stap") or _step_for(last - first), ""
        else:
            preset = data.get("periode") or DEFAULT_PRESET
            _, back, default_step = PRESETS[preset]
            step = data.get("stap") or default_step
            last = self.today
            # Whole periods only: a half first month would look like a dip.
            first = period_start(last - back + timedelta(days=1), STEPS[step])
        if step == "dag" and (last - first).days >= MAX_DAILY_DAYS:
            self.add_error(
                "stap", "Per dag kan voor hoogstens 3 maanden. Kies per week of per maand."
            )
            return data
        data.update(van=first, tot=last, stap=step, periode=preset)
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            first=data["van"],
            last=data["tot"],
            period=STEPS[data["stap"]],
            channel=data["kanaal"] or None,
            product_id=data["product"],
            team_id=data["team"],
        )


def _step_for(length: timedelta) -> str:
    if length.days < 45:
        return "dag"
    return "week" if length.days < 200 else "maand"


def parse_filters(request: HttpRequest) -> tuple[InsightFilterForm, Filters | None]:
    """The filter form bound to the query string, and its Filters (None if invalid)."""
    form = InsightFilterForm(request.GET, today=timezone.localdate())
    return form, (form.filters() if form.is_valid() else None)


def keep_preset_views() -> None:
    """The active organisation's preset views (the default one among them), computed and
    kept under the aggregates' version: the worker calls this after each update
    (``insights.services.keep_after_update``, registered in ``DeskConfig.ready``)."""
    state = aggregates_state()
    if state is None or state.complete_until is None:
        return
    today = timezone.localdate()
    for key in PRESETS:
        form = InsightFilterForm({"periode": key}, today=today)
        if form.is_valid():
            dashboard(form.filters(), form.cleaned_data["stap"], version=state.version)


def filter_query(data: dict, **changes) -> str:
    """The query string of the chosen filters: a preset stays a preset (it rolls on)."""
    data = {**data, **changes}
    pairs = {"periode": data.get("periode")}
    if not data.get("periode"):
        pairs.update(van=data.get("van"), tot=data.get("tot"))
    pairs.update(
        stap=data.get("stap"),
        kanaal=data.get("kanaal"),
        product=data.get("product"),
        team=data.get("team"),
    )
    return urlencode({key: str(value) for key, value in pairs.items() if value})


# How far two channels of one product may differ before the heat map marks the product.
SPREAD_ALERT_POINTS = 20
SPREAD_ALERT_DAYS = 5


def level(value: float | None) -> tuple[str, str]:
    """The colour class of a share, and the same judgement in words."""
    if value is None:
        return "none", "geen cijfers"
    if value >= GOOD:
        return "good", "op orde"
    return ("fair", "let op") if value >= FAIR else ("bad", "te laag")


def _days(value: int | None) -> str:
    if value is None:
        return "—"
    return f"{value} werkdag{'en' if value != 1 else ''}"


def tiles(board: Dashboard) -> list[dict]:
    t = board.total

    def share(label, value, sub, judged=True):
        status, words = level(value) if judged else ("neutral", "")
        return {
            "label": label,
            "value": percent(value),
            "sub": sub,
            "status": status if value is not None else "none",
            "words": words,
        }

    csat_sub = (
        f"{charts.number(t.ratings)} beoordelingen"
        if t.csat is not None
        else f"te weinig beoordelingen ({t.ratings}, minimaal 10)"
    )
    return [
        {
            "label": "Contacten",
            "value": charts.number(t.contacts),
            "status": "neutral",
            "sub": f"{charts.number(t.contacts_fcr_eligible)} met een bekende inwoner",
        },
        {
            "label": "Zaken binnen",
            "value": charts.number(t.cases_in),
            "status": "neutral",
            "sub": f"{charts.number(t.cases_closed)} afgehandeld",
        },
        share(
            "Eerste keer goed",
            t.first_contact_resolution,
            "vraag beantwoord, niet binnen 7 dagen terug",
            judged=False,
        ),
        share(
            "Binnen de servicenorm",
            t.norm_compliance,
            f"{charts.number(t.cases_closed_within_norm)} van "
            f"{charts.number(t.cases_closed_with_norm)} zaken"
            if t.cases_closed_with_norm
            else "geen afgehandelde zaken met een servicenorm",
        ),
        share(
            "Binnen de wettelijke termijn",
            t.legal_compliance,
            f"{charts.number(t.cases_decided_within_legal_term)} van "
            f"{charts.number(t.cases_decided_with_legal_term)} besluiten",
        ),
        {
            "label": "Doorlooptijd (mediaan)",
            "value": _days(t.lead_time_median),
            "status": "neutral",
            "sub": f"90% binnen {_days(t.lead_time_p90)}",
        },
        share("Tevreden inwoners", t.csat, csat_sub, judged=False),
        share(
            "Digitaal via Mijn omgeving",
            t.digid_share,
            f"van de zaken met DigiD; {percent(t.messages_read_share)} van de berichten gelezen",
            judged=False,
        ),
    ]


def term_tiles(board: Dashboard) -> list[dict]:
    t = board.total
    euros = Table("", "", []).format(Column("", "euro"), t.penalty_euros)

    def count(label: str, value: int, sub: str) -> dict:
        return {
            "label": label,
            "value": charts.number(value),
            "sub": sub,
            "status": "bad" if value else "neutral",
        }

    return [
        count(
            "Servicenorm overschreden", t.norm_breaches, "zaken die op hun normdag nog open waren"
        ),
        count("Van rechtswege verleend", t.lex_silencio, "geen besluit op tijd (Awb 4:20b)"),
        {
            "label": "Dwangsom",
            "value": euros,
            "status": "bad" if t.penalty_cases else "neutral",
            "sub": f"{charts.number(t.penalty_cases)} "
            f"{'zaak' if t.penalty_cases == 1 else 'zaken'} met een dwangsom (Awb 4:17)",
        },
        {
            "label": "Opschortingen en verlengingen",
            "status": "neutral",
            "value": f"{charts.number(t.suspensions)} en {charts.number(t.extensions)}",
            "sub": "klok stilgezet, en termijn verlengd",
        },
        {
            "label": "Contactverzoeken binnen de norm",
            "value": percent(t.requests_in_time),
            "status": level(t.requests_in_time)[0] if t.requests_in_time is not None else "none",
            "sub": f"{charts.number(t.requests_closed_in_time)} van "
            f"{charts.number(t.requests_closed)} teruggebeld of afgehandeld",
        },
    ]


def heat_map(board: Dashboard) -> dict:
    """Product × channel: norm compliance and median lead time per cell, the least
    consistent product first (the selectors' order)."""
    channels = board.heat_channels()
    rows = []
    for product in board.consistency.products:
        if not any(cell.cases_closed for cell in product.cells.values()):
            continue  # only contacts or open cases: no service level to compare yet
        cells = []
        for channel in channels:
            cell = product.cells.get(channel)
            if cell is None:
                cells.append(None)
                continue
            status, words = level(cell.norm_compliance)
            if not cell.cases_closed:
                status = "empty"  # only contacts or open cases on this channel
            elif cell.norm_compliance is None:
                status, words = "nonorm", "geen servicenorm"
            cells.append(
                {
                    "channel": channel_label(channel),
                    "status": status,
                    "words": words,
                    "value": percent(cell.norm_compliance),
                    "median": _days(cell.lead_time_median),
                    "cases": cell.cases_closed,
                    # Too few to count in the product's spread (the selectors leave it out).
                    "few": 0 < cell.cases_closed < MIN_CASES_PER_CELL,
                }
            )
        points, days = product.compliance_spread, product.lead_time_spread
        rows.append(
            {
                "name": board.product_name(product.product_id),
                "cells": cells,
                "points": None if points is None else round(points),
                "days": days,
                "score": None if product.score is None else round(product.score),
                "alert": (points or 0) >= SPREAD_ALERT_POINTS or (days or 0) >= SPREAD_ALERT_DAYS,
            }
        )
    index = board.consistency.index
    return {
        "channels": [channel_label(c) for c in channels],
        "rows": rows,
        "index": None if index is None else round(index),
        "min_cases": MIN_CASES_PER_CELL,
    }


def _series(table: Table, last_columns: int = 0) -> list[charts.Series]:
    """One line per channel column of a per-period table (column 0 is the period); each
    channel keeps its own colour, dash and marker in every chart."""
    end = len(table.columns) - last_columns
    return [
        charts.Series(
            column.label, [row[index] for row in table.rows], CHANNEL_STYLE.get(column.label)
        )
        for index, column in enumerate(table.columns[1:end], start=1)
    ]


CHANNEL_STYLE = {label: index for index, (_, label) in enumerate(Channel.choices)}


def chart_set(board: Dashboard, tables: dict[str, Table]) -> dict:
    x_labels = [
        period_label(row[0], board.step, short=True)
        for row in tables["normhaling-per-periode"].rows
    ]
    span = f"{long_date(board.filters.first)} tot en met {long_date(board.filters.last)}"
    norm_series = _series(tables["normhaling-per-periode"], last_columns=1)
    volume_series = _series(tables["contacten-per-periode"], last_columns=2)
    channels = [(channel, board.by_channel[channel]) for channel in channel_order(board.by_channel)]
    return {
        "norm_trend": charts.line_chart(
            "chart-norm-trend",
            title="Binnen de servicenorm, per kanaal",
            desc=f"Lijngrafiek: het deel van de zaken dat binnen de servicenorm is afgehandeld, "
            f"per kanaal, {STEP_LABELS[board.step].lower()}, {span}. "
            "De cijfers staan in de tabel onder de grafiek.",
            x_labels=x_labels,
            series=norm_series,
            fmt=charts.percent,
            y_max=1,
        )
        if norm_series
        else None,
        "volume_trend": charts.line_chart(
            "chart-volume-trend",
            title="Contacten per kanaal",
            desc=f"Lijngrafiek: het aantal contacten per kanaal, "
            f"{STEP_LABELS[board.step].lower()}, {span}. "
            "De cijfers staan in de tabel onder de grafiek.",
            x_labels=x_labels,
            series=volume_series,
        )
        if volume_series
        else None,
        "channel_bars": charts.bar_chart(
            "chart-channel-bars",
            title="Binnen de servicenorm per kanaal",
            desc=f"Staafdiagram: per kanaal het deel van de zaken binnen de servicenorm, {span}. "
            "De cijfers staan in de tabel onder de grafiek.",
            bars=[(channel_label(c), f.norm_compliance) for c, f in channels],
            fmt=charts.percent,
            x_max=1,
            notes=[f"({charts.number(f.cases_closed_with_norm)} zaken)" for _, f in channels],
        )
        if any(f.norm_compliance is not None for _, f in channels)
        else None,
        # Without a service norm in the selection: how fast each channel is, instead.
        "channel_speed": charts.bar_chart(
            "chart-channel-speed",
            title="Doorlooptijd per kanaal (mediaan)",
            desc=f"Staafdiagram: per kanaal in hoeveel werkdagen de helft van de zaken klaar "
            f"was, {span}. De cijfers staan in de tabel onder de grafiek.",
            bars=[(channel_label(c), f.lead_time_median) for c, f in channels],
            fmt=lambda days: f"{round(days)} werkdag{'en' if round(days) != 1 else ''}",
            notes=[f"({charts.number(f.cases_closed)} zaken)" for _, f in channels],
        )
        if any(f.lead_time_median is not None for _, f in channels)
        else None,
        "backlog": charts.column_chart(
            "chart-backlog",
            title="Open zaken naar leeftijd",
            desc="Staafdiagram: het aantal open zaken aan het eind van de periode, naar het "
            "aantal werkdagen dat ze open staan. De cijfers staan in de tabel eronder.",
            columns=[(row[0], row[1]) for row in tables["werkvoorraad"].rows],
            x_title="werkdagen open",
        ),
    }


TEMPLATE = "desk/insights/dashboard.html"


@login_required
@permission_required("insights.view_insights", raise_exception=True)
def insights_dashboard(request: HttpRequest) -> HttpResponse:
    """Inzicht. Bad filters give the page with the reason (400), never a 500."""
    state = aggregates_state()
    form, filters = parse_filters(request)
    context: dict = {"state": state, "form": form}
    if state is None or state.complete_until is None:
        context["suggest_from"] = (timezone.localdate() - relativedelta(months=12)).replace(day=1)
        return render(request, TEMPLATE, {**context, "no_aggregates": True})
    if filters is None:
        # A way out: each preset, without the filters that did not work.
        context["presets"] = [
            {"label": label, "url": f"?periode={key}", "current": False}
            for key, (label, _, _) in PRESETS.items()
        ]
        return render(request, TEMPLATE, context, status=400)
    data = form.cleaned_data
    board = dashboard(filters, data["stap"], version=state.version)
    tables = board.tables()
    query = filter_query(data)
    context.update(
        form=InsightFilterForm(
            initial={**data, **({"van": None, "tot": None} if data["periode"] else {})},
            today=timezone.localdate(),
        ),
        board=board,
        tables=tables,
        t={key.replace("-", "_"): table for key, table in tables.items()},
        tiles=tiles(board),
        term_tiles=term_tiles(board),
        heat=heat_map(board),
        charts=chart_set(board, tables) if not board.empty else {},
        span=f"{long_date(filters.first)} tot en met {long_date(filters.last)}",
        step_label=STEP_LABELS[data["stap"]].lower(),
        presets=[
            {
                "label": label,
                "url": "?" + filter_query(data, periode=key, stap=None),
                "current": data["periode"] == key,
            }
            for key, (label, _, _) in PRESETS.items()
        ],
        export_query=query,
        scope=scope_text(filters, board),
        updated=_moment(state.updated_at),
        incomplete_before=(
            long_date(state.complete_from)
            if state.complete_from and filters.first < state.complete_from
            else None
        ),
    )
    return render(request, TEMPLATE, context)


def _moment(moment) -> str | None:
    if moment is None:
        return None
    local = timezone.localtime(moment)
    return f"{long_date(local.date())} om {local:%H:%M}"
