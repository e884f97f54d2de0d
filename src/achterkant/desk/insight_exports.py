"""Every Inzicht table as a download: CSV for Dutch Excel, and XLSX.

CSV: separator ``;``, decimal comma, UTF-8 with a byte-order mark. That is what Excel with
Dutch regional settings opens correctly on a double click (with ``,`` it puts a whole row
in one cell, and without the BOM it garbles "é" and "€"). Dates are ISO (2027-01-25),
which every spreadsheet reads as a date; percentages are numbers 0–100 with "(%)" in the
header, so they can be calculated with.

XLSX: real numbers with a number format (87% is 0.87 shown as a percentage, euros as
currency, dates as dates), and a second sheet that says which filters made the figures.
"""

import csv
import io
from datetime import date
from decimal import Decimal

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from achterkant.desk.insight_tables import Column, Table, dashboard, long_date, scope_text
from achterkant.desk.insight_views import STEP_LABELS, parse_filters
from achterkant.insights.selectors import aggregates_state

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A text cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def _csv_value(column: Column, value) -> str:
    if value is None:
        return ""
    if column.kind == "pct":
        return f"{value * 100:.1f}".replace(".", ",")
    if column.kind == "euro":
        return f"{Decimal(value):.2f}".replace(".", ",")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return _safe_text(value)
    return str(value)


def table_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.export_label for column in table.columns])
    for row in [*table.rows, *([table.total] if table.total else [])]:
        writer.writerow([_csv_value(c, v) for c, v in zip(table.columns, row, strict=True)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


XLSX_FORMATS = {"pct": "0%", "euro": '"€" #,##0.00', "period": "d mmmm yyyy", "int": "#,##0"}


def table_xlsx(table: Table, *, about: list[tuple[str, str]]) -> bytes:
    # Imported here: openpyxl (with numpy) is ~19 MB per web process, for a rare download.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = table.key[:31]
    sheet.append([column.export_label for column in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in [*table.rows, *([table.total] if table.total else [])]:
        sheet.append([None if v is None else v for v in row])
        for cell, column in zip(sheet[sheet.max_row], table.columns, strict=True):
            if isinstance(cell.value, str):
                # Never a formula: a name like "=SUM(…)" stays text.
                cell.data_type = "s"
            elif column.kind in XLSX_FORMATS and cell.value is not None:
                cell.number_format = XLSX_FORMATS[column.kind]
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns, start=1):
        width = max(len(column.export_label), 12 if column.kind != "period" else 18)
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(width + 2, 48)
    info = book.create_sheet("Toelichting")
    for label, text in [("Tabel", table.title), *about]:
        info.append([label, _safe_text(text)])
        info.cell(info.max_row, 2).data_type = "s"
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 70
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@login_required
@permission_required("insights.view_insights", raise_exception=True)
def insights_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """``/desk/inzicht/export/<table>.<csv|xlsx>?<the page's filters>``."""
    if fmt not in FORMATS:
        raise Http404("Onbekend bestandsformaat.")
    form, filters = parse_filters(request)
    if filters is None:
        reasons = [str(error) for errors in form.errors.values() for error in errors]
        text = "De filters kloppen niet: " + " ".join(reasons)
        return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
    if aggregates_state() is None:
        return HttpResponse(
            "Er zijn nog geen cijfers. Zie 'achterkant insights rebuild'.",
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    data = form.cleaned_data
    board = dashboard(filters, data["stap"])
    tables = board.tables()
    if table not in tables:
        raise Http404("Onbekende tabel.")
    chosen = tables[table]
    name = f"inzicht-{chosen.key}-{filters.first.isoformat()}-{filters.last.isoformat()}.{fmt}"
    if fmt == "csv":
        body = table_csv(chosen)
    else:
        body = table_xlsx(chosen, about=_about(filters, data, board))
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _about(filters, data: dict, board) -> list[tuple[str, str]]:
    return [
        ("Periode", f"{long_date(filters.first)} tot en met {long_date(filters.last)}"),
        ("Stap", STEP_LABELS[data["stap"]]),
        ("Selectie", scope_text(filters, board)),
        ("Gemaakt op", timezone.localtime().strftime("%d-%m-%Y %H:%M")),
        ("Bron", "Achterkant, Inzicht (dagcijfers); docs/insights.md beschrijft elk cijfer"),
    ]
