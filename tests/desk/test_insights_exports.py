"""Inzicht's downloads: every table as CSV (Dutch Excel: ``;``, decimal comma, UTF-8 BOM)
and as XLSX, with the page's own filters, read back to check the figures."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from achterkant.desk.insight_exports import table_csv, table_xlsx
from achterkant.desk.insight_tables import Column, Table
from tests.desk.test_insights import MARCH, seed

TABLES = ("kerncijfers", "normhaling-per-periode", "contacten-per-periode", "per-kanaal",
          "per-product", "consistentie", "werkvoorraad", "termijnen")  # fmt: skip


@pytest.fixture
def history(tenant_a):
    return seed(tenant_a, offset=0)


def export(client, table: str, fmt: str, query: dict):
    return client.get(reverse("desk:insights_export", args=[table, fmt]), query)


def read_csv(response) -> list[list[str]]:
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_every_table_downloads_as_csv_and_xlsx(tenant_a, history):
    client = tenant_a.client("lead")
    for table in TABLES:
        response = export(client, table, "csv", MARCH)
        assert response.status_code == 200, table
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == (
            f'attachment; filename="inzicht-{table}-2026-03-02-2026-03-31.csv"'
        )
        assert len(read_csv(response)) >= 2, table
        xlsx = export(client, table, "xlsx", MARCH)
        assert xlsx.status_code == 200, table
        book = load_workbook(io.BytesIO(xlsx.content))
        assert book.sheetnames == [table[:31], "Toelichting"]


def test_the_csv_holds_the_page_s_figures(tenant_a, history):
    rows = read_csv(export(tenant_a.client("lead"), "per-kanaal", "csv", MARCH))
    header = rows[0]
    assert header[:4] == ["Kanaal", "Contacten", "Zaken binnen", "Zaken afgehandeld"]
    assert "Binnen servicenorm (%)" in header and "Mediaan (werkdagen)" in header
    by_channel = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(by_channel) == {"telefoon", "balie", "website", "brief", "Alle kanalen"}
    assert by_channel["website"]["Zaken binnen"] == "6"
    assert by_channel["website"]["Binnen servicenorm (%)"] == "100,0"
    assert by_channel["brief"]["Binnen servicenorm (%)"] == "33,3"  # decimal comma
    assert by_channel["Alle kanalen"]["Binnen servicenorm (%)"] == "76,5"  # 13 of 17
    assert by_channel["telefoon"]["Binnen servicenorm (%)"] == ""  # nothing closed: empty


def test_the_export_follows_the_filters(tenant_a, history):
    client = tenant_a.client("lead")
    rows = read_csv(export(client, "per-kanaal", "csv", {**MARCH, "kanaal": "web"}))
    assert [row[0] for row in rows[1:]] == ["website", "Alle kanalen"]
    weekly = read_csv(export(client, "normhaling-per-periode", "csv", MARCH))
    assert [row[0] for row in weekly[1:]] == [
        "2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30",
    ]  # fmt: skip
    monthly = read_csv(export(client, "normhaling-per-periode", "csv", {**MARCH, "stap": "maand"}))
    assert [row[0] for row in monthly[1:]] == ["2026-03-01"]


def test_the_xlsx_has_numbers_with_formats_and_says_what_made_it(tenant_a, history):
    response = export(tenant_a.client("lead"), "per-kanaal", "xlsx", {**MARCH, "kanaal": "letter"})
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["per-kanaal"]
    header = [cell.value for cell in sheet[1]]
    letter = dict(zip(header, [cell for cell in sheet[2]], strict=True))
    assert letter["Kanaal"].value == "brief"
    assert letter["Zaken binnen"].value == 6
    assert letter["Binnen servicenorm (%)"].value == pytest.approx(2 / 6)
    assert letter["Binnen servicenorm (%)"].number_format == "0%"
    about = {row[0].value: row[1].value for row in book["Toelichting"].iter_rows()}
    assert about["Periode"] == "2 maart 2026 tot en met 31 maart 2026"
    assert about["Selectie"] == "kanaal brief"


def test_unknown_tables_formats_and_bad_filters_are_refused_clearly(tenant_a, history):
    client = tenant_a.client("lead")
    assert export(client, "geheim", "csv", MARCH).status_code == 404
    assert export(client, "per-kanaal", "pdf", MARCH).status_code == 404
    bad = export(client, "per-kanaal", "csv", {"van": "gisteren", "tot": "2026-03-31"})
    assert bad.status_code == 400
    assert bad["Content-Type"] == "text/plain; charset=utf-8"
    assert "Vul een datum in als 25-01-2027" in bad.content.decode()


def test_without_aggregates_the_export_says_so(tenant_a):
    response = export(tenant_a.client("lead"), "per-kanaal", "csv", MARCH)
    assert response.status_code == 404
    assert "achterkant insights rebuild" in response.content.decode()


def test_a_name_that_looks_like_a_formula_stays_text():
    """CSV/formula injection: a product named '=HYPERLINK(…)' must not run in Excel."""
    table = Table("per-product", "Per product", [Column("Product", "text"), Column("Zaken"),
                  Column("Dwangsom", "euro"), Column("Week", "period")])  # fmt: skip
    table.rows.append(['=HYPERLINK("http://x")', 3, Decimal("1234.5"), date(2026, 3, 2)])
    rows = list(csv.reader(io.StringIO(table_csv(table).decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == ['\'=HYPERLINK("http://x")', "3", "1234,50", "2026-03-02"]
    sheet = load_workbook(io.BytesIO(table_xlsx(table, about=[])))["per-product"]
    name, cases, euros, week = (cell for cell in sheet[2])
    assert (name.value, name.data_type) == ('=HYPERLINK("http://x")', "s")
    assert cases.value == 3 and euros.value == pytest.approx(1234.5)
    assert week.value.date() == date(2026, 3, 2) and week.number_format == "d mmmm yyyy"
