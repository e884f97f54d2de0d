"""Import labelled examples from a CSV file (product_code,text): all rows or none."""

import csv
import io
from dataclasses import dataclass

from django.db import transaction

from achterkant.catalog.models import Product
from achterkant.contacts.triage.models import ExampleSource
from achterkant.contacts.triage.services import record_example

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_TEXT = 10_000
SHOWN_ERRORS = 25


@dataclass
class CsvImportError(Exception):
    """The file was refused; ``errors`` are Dutch, one per problem (row numbers as in a
    spreadsheet: the header is row 1)."""

    errors: list[str]


def import_examples_csv(*, actor, data: bytes) -> int:
    """Add every row of the file as an example of the active organisation. Returns the count.

    Comma or semicolon separated (a spreadsheet saved as CSV in Dutch settings uses ';'),
    UTF-8 with or without BOM. Any bad row refuses the whole file: nothing half-imported.
    """
    if len(data) > MAX_BYTES:
        raise CsvImportError([f"Het bestand is groter dan {MAX_BYTES // (1024 * 1024)} MB."])
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CsvImportError(
            ["Het bestand is geen UTF-8-tekst. Sla het op als 'CSV UTF-8'."]
        ) from error
    if not content.strip():
        raise CsvImportError(["Het bestand is leeg."])
    first_line = content.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader)]
    if header[:2] != ["product_code", "text"]:
        raise CsvImportError(
            ["De eerste regel moet de kolomnamen 'product_code' en 'text' bevatten."]
        )
    products = {p.code: p for p in Product.objects.all()}
    rows: list[tuple[Product, str]] = []
    errors: list[str] = []
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue  # an empty line, e.g. at the end
            if len(rows) + len(errors) >= MAX_ROWS:
                errors.append(f"Meer dan {MAX_ROWS} regels: splits het bestand.")
                break
            code = cells[0].strip() if cells else ""
            text = cells[1].strip() if len(cells) > 1 else ""
            if len(cells) > 2 and any(cell.strip() for cell in cells[2:]):
                errors.append(
                    f"Regel {number}: meer dan twee kolommen. Zet de tekst tussen "
                    'aanhalingstekens (") als er een scheidingsteken in staat.'
                )
            elif not code:
                errors.append(f"Regel {number}: de productcode ontbreekt.")
            elif code not in products:
                errors.append(f"Regel {number}: onbekende productcode '{code[:50]}'.")
            elif not text:
                errors.append(f"Regel {number}: de tekst ontbreekt.")
            elif len(text) > MAX_TEXT:
                errors.append(f"Regel {number}: de tekst is langer dan {MAX_TEXT} tekens.")
            else:
                rows.append((products[code], text))
    except csv.Error as error:
        errors.append(f"Het bestand is geen geldige CSV: {error}.")
    if errors:
        shown = errors[:SHOWN_ERRORS]
        if len(errors) > SHOWN_ERRORS:
            shown.append(f"En nog {len(errors) - SHOWN_ERRORS} fouten.")
        raise CsvImportError(shown)
    if not rows:
        raise CsvImportError(["Het bestand bevat geen voorbeelden."])
    with transaction.atomic():
        for product, text in rows:
            record_example(actor=actor, text=text, product=product, source=ExampleSource.CSV)
    return len(rows)


__all__ = ["CsvImportError", "import_examples_csv"]
