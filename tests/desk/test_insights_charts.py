"""The SVG charts of Inzicht (desk/charts.py) and how the page presents figures: named
for screen readers, never colour alone, safe with any label, and allowed by the strict
Content-Security-Policy (no style attribute or element)."""

import re
from datetime import date
from xml.etree import ElementTree

from achterkant.desk import charts
from achterkant.desk.insight_tables import Column, Table, long_date, period_label
from achterkant.desk.insight_views import level

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 (our own output)


def test_a_line_chart_is_named_and_tells_its_lines_apart_without_colour():
    svg = charts.line_chart(
        "c1", title="Binnen de norm", desc="Per kanaal per week", x_labels=["1 mrt", "8 mrt"],
        series=[charts.Series("telefoon", [0.5, 0.75]), charts.Series("brief", [0.25, None])],
        fmt=charts.percent, y_max=1,
    )  # fmt: skip
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Binnen de norm"
    assert root.find(f"{SVG}desc").text == "Per kanaal per week"
    lines = root.findall(f"{SVG}polyline")
    assert len(lines) == 1  # brief has one point: no line, only its marker
    dashes = {line.get("stroke-dasharray") for line in root.iter(f"{SVG}line")}
    assert "8 4" in dashes  # the second series' legend sample is dashed
    tooltips = [t.text for t in root.iter(f"{SVG}title")][1:]
    assert "telefoon, 8 mrt: 75%" in tooltips and "brief, 1 mrt: 25%" in tooltips
    assert not any("brief, 8 mrt" in text for text in tooltips)  # a gap stays a gap
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "100%" in labels and "telefoon" in labels and "brief" in labels


def test_labels_are_escaped_and_no_inline_style_is_used():
    svg = charts.bar_chart(
        "c2", title="<script>", desc="a & b",
        bars=[("<b>x</b>", 0.5), ("leeg", None)], fmt=charts.percent, x_max=1,
    )  # fmt: skip
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "<b>" not in svg
    assert not re.search(r"\sstyle=|<style", svg)
    texts = [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert "50%" in texts and "geen cijfers" in texts  # values as text, not only bar length


def test_a_column_chart_writes_each_value_above_its_column():
    svg = charts.column_chart("c3", title="Open zaken", desc="Naar leeftijd",
                              columns=[("0–5", 30), ("6–10", 0)])  # fmt: skip
    texts = [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert texts == ["30", "0–5", "0", "6–10"]  # each value, then its label


def test_dutch_dates_percentages_and_periods():
    assert long_date(date(2027, 1, 25)) == "25 januari 2027"
    assert charts.percent(0.8749) == "87%"
    assert charts.number(12345) == "12.345"
    assert period_label(date(2027, 1, 25), "week") == "week 4 (vanaf 25 januari 2027)"
    assert period_label(date(2027, 1, 1), "maand") == "januari 2027"
    assert period_label(date(2027, 1, 1), "maand", short=True) == "jan 2027"
    table = Table("t", "T", [Column("Product", "text"), Column("Dwangsom", "euro"),
                             Column("Aandeel", "pct")])  # fmt: skip
    cells = zip(table.columns, ["x", 1234.5, None], strict=True)
    assert [table.format(column, value) for column, value in cells] == ["x", "€ 1.234,50", "—"]


def test_table_rows_are_html_with_every_value_escaped():
    table = Table("t", "T", [Column("Product", "text"), Column("Zaken"), Column("Naam", "text")])
    table.rows = [["<b>Paspoort</b>", 1200, 'Jan "J" & co']]
    table.total = ["Alle producten", 1200, ""]
    assert table.body_html == (
        '<tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="row">'
        "&lt;b&gt;Paspoort&lt;/b&gt;</th>"
        '<td class="utrecht-table__cell utrecht-table__cell--numeric-data">1.200</td>'
        '<td class="utrecht-table__cell">Jan &quot;J&quot; &amp; co</td></tr>'
    )
    assert 'class="utrecht-table__row achterkant-insights-table__total"' in table.total_html
    assert Table("e", "E", table.columns).total_html == ""


def test_a_share_is_judged_in_words_as_well_as_colour():
    assert level(0.95) == ("good", "op orde")
    assert level(0.8) == ("fair", "let op")
    assert level(0.5) == ("bad", "te laag")
    assert level(None) == ("none", "geen cijfers")
