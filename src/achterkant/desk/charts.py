"""Small server-rendered SVG charts for Inzicht: lines, horizontal bars and columns.

Why our own renderer: the page must work without JavaScript and under a strict
Content-Security-Policy (no inline style or script), and these three chart types are all
it needs. Colours are set with SVG presentation attributes, which that policy allows.

Every chart is an ``<svg role="img">`` named by its ``<title>`` and ``<desc>``, and never
relies on colour alone: each line has its own dash pattern and marker shape, and every bar
carries its value as text. The figures themselves are in the table the page shows below
each chart.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

# Okabe–Ito colours: told apart by people with a colour-vision deficiency too.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999933")
DASHES = ("", "8 4", "2 3", "10 3 2 3", "4 4", "1 2", "12 4", "6 2 2 2")
MARKERS = ("circle", "square", "triangle", "diamond", "circle", "square", "triangle", "diamond")
INK = "#1a1a1a"
SUBTLE = "#5c5c5c"
GRID = "#d9d9d9"
BAR = "#0072B2"
FONT = 'font-family="inherit"'
LEGEND_COLUMNS = 4

Format = Callable[[float], str]


def percent(value: float) -> str:
    """0.87 → "87%"."""
    return f"{round(value * 100)}%"


def number(value: float) -> str:
    """12345 → "12.345" (Dutch thousands separator)."""
    return f"{round(value):,}".replace(",", ".")


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]  # one per x label; None: no figure (the line breaks)
    # Which colour, dash and marker: give the same number for the same thing (a channel)
    # in every chart. Default: the series' position.
    style: int | None = None

    def style_at(self, position: int) -> int:
        return position if self.style is None else self.style


def _text(
    x: float,
    y: float,
    content: str,
    *,
    anchor: str = "start",
    size: int = 12,
    fill: str = INK,
    weight: str = "normal",
    extra: str = "",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" '
        f'text-anchor="{anchor}" font-weight="{weight}" {FONT}{extra}>{escape(content)}</text>'
    )


def _open(chart_id: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg class="achterkant-chart__svg" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def _nice_max(value: float) -> float:
    """A round upper bound for an axis: 1, 2, 2.5, 5 or 10 times a power of ten."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1) if value >= 1 else 1
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if shape == "triangle":
        points = f"{x:.1f},{y - 4.5:.1f} {x + 4.5:.1f},{y + 3.5:.1f} {x - 4.5:.1f},{y + 3.5:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if shape == "diamond":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def line_chart(
    chart_id: str,
    *,
    title: str,
    desc: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    fmt: Format = number,
    y_max: float | None = None,
    target: tuple[float, str] | None = None,
) -> SafeString:
    """One line per series over ``x_labels``. ``y_max``: a fixed top (1.0 for shares);
    ``target``: a dotted reference line with its label (a norm of 80%, say)."""
    legend_rows = -(-len(series) // LEGEND_COLUMNS)
    width, left, right, top, plot_h = 760, 56, 36, 16, 190
    height = top + plot_h + 44 + 20 * legend_rows
    plot_w = width - left - right
    values = [v for s in series for v in s.values if v is not None]
    top_value = y_max or _nice_max(max(values, default=0))
    parts = _open(chart_id, width, height, title, desc)

    def y_of(value: float) -> float:
        return top + plot_h - (value / top_value) * plot_h

    count = len(x_labels)

    def x_of(index: int) -> float:
        return left + (plot_w / 2 if count == 1 else index * plot_w / (count - 1))

    for step in range(5):
        value = top_value * step / 4
        y = y_of(value)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(_text(left - 8, y + 4, fmt(value), anchor="end", size=11, fill=SUBTLE))
    if target is not None:
        y = y_of(target[0])
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="1 4"/>'
        )
        parts.append(_text(width - right - 4, y - 6, target[1], anchor="end", size=11))
    # At most about ten x labels, so they never overlap.
    every = max(1, -(-count // 10))
    for index, label in enumerate(x_labels):
        if index % every == 0:
            parts.append(
                _text(x_of(index), top + plot_h + 18, label, anchor="middle", size=11, fill=SUBTLE)
            )
    for position, line in enumerate(series):
        style = line.style_at(position)
        colour = PALETTE[style % len(PALETTE)]
        dash = DASHES[style % len(DASHES)]
        shape = MARKERS[style % len(MARKERS)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        segment: list[str] = []
        segments = [segment]
        for index, value in enumerate(line.values):
            if value is None:
                segment = []
                segments.append(segment)
                continue
            segment.append(f"{x_of(index):.1f},{y_of(value):.1f}")
        for points in segments:
            if len(points) > 1:
                parts.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2.5" stroke-linejoin="round"{dash_attr}/>'
                )
        if count <= 40:
            for index, value in enumerate(line.values):
                if value is not None:
                    label = f"{line.label}, {x_labels[index]}: {fmt(value)}"
                    parts.append(
                        f"<g>{_marker(shape, x_of(index), y_of(value), colour)}"
                        f"<title>{escape(label)}</title></g>"
                    )
    parts.extend(_legend(series, top=top + plot_h + 44, left=left, width=plot_w))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)


def _legend(series: Sequence[Series], *, top: float, left: float, width: float) -> list[str]:
    parts = []
    per_row = LEGEND_COLUMNS
    column = width / per_row
    for position, line in enumerate(series):
        style = line.style_at(position)
        row, col = divmod(position, per_row)
        x, y = left + col * column, top + row * 20
        colour = PALETTE[style % len(PALETTE)]
        dash = DASHES[style % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x:.1f}" x2="{x + 28:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{colour}" '
            f'stroke-width="2.5"{dash_attr}/>'
        )
        parts.append(_marker(MARKERS[style % len(MARKERS)], x + 14, y, colour))
        parts.append(_text(x + 36, y + 4, line.label, size=12))
    return parts


def bar_chart(
    chart_id: str,
    *,
    title: str,
    desc: str,
    bars: Sequence[tuple[str, float | None]],
    fmt: Format = number,
    x_max: float | None = None,
    notes: Sequence[str] | None = None,
) -> SafeString:
    """Horizontal bars, one per (label, value), the value written after each bar; a bar
    without a value says "geen cijfers". ``notes``: a short text after each value."""
    row_h, label_w, value_w = 34, 150, 190
    width = 760
    height = max(1, len(bars)) * row_h + 12
    plot_w = width - label_w - value_w
    values = [v for _, v in bars if v is not None]
    top_value = x_max or _nice_max(max(values, default=0))
    parts = _open(chart_id, width, height, title, desc)
    for index, (label, value) in enumerate(bars):
        y = 6 + index * row_h
        parts.append(_text(label_w - 10, y + 21, label, anchor="end", size=13))
        parts.append(
            f'<rect x="{label_w}" y="{y + 6}" width="{plot_w}" height="{row_h - 12}" '
            f'fill="#f2f2f2"/>'
        )
        if value is None:
            parts.append(_text(label_w + 8, y + 21, "geen cijfers", size=12, fill=SUBTLE))
            continue
        bar_w = max(2.0, plot_w * min(value, top_value) / top_value) if value else 0
        parts.append(
            f'<rect x="{label_w}" y="{y + 6}" width="{bar_w:.1f}" height="{row_h - 12}" '
            f'fill="{BAR}"/>'
        )
        note = f"  {notes[index]}" if notes and notes[index] else ""
        parts.append(
            _text(label_w + plot_w + 10, y + 21, f"{fmt(value)}{note}", size=13, weight="bold")
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)


def column_chart(
    chart_id: str,
    *,
    title: str,
    desc: str,
    columns: Sequence[tuple[str, float]],
    fmt: Format = number,
    x_title: str = "",
) -> SafeString:
    """Vertical columns, one per (label, value), each value written above its column."""
    width, height = 760, 260
    left, right, top, bottom = 24, 24, 28, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max((v for _, v in columns), default=0))
    parts = _open(chart_id, width, height, title, desc)
    slot = plot_w / max(1, len(columns))
    bar_w = min(90.0, slot * 0.6)
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" '
        f'stroke="{SUBTLE}" stroke-width="1"/>'
    )
    for index, (label, value) in enumerate(columns):
        centre = left + slot * index + slot / 2
        bar_h = plot_h * value / top_value if value else 0
        y = top + plot_h - bar_h
        parts.append(
            f'<rect x="{centre - bar_w / 2:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
            f'height="{bar_h:.1f}" fill="{BAR}"/>'
        )
        parts.append(_text(centre, y - 8, fmt(value), anchor="middle", size=13, weight="bold"))
        parts.append(_text(centre, top + plot_h + 20, label, anchor="middle", size=12))
    if x_title:
        parts.append(_text(width / 2, height - 8, x_title, anchor="middle", size=12, fill=SUBTLE))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)
