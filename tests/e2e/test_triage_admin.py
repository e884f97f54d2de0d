"""A functional admin teaches the classifier: examples from a CSV file in the admin (issue 18).

A file with one bad row imports nothing and names the row; the corrected file imports
every row, and the examples are listed for the next training.
"""

import pytest
from playwright.sync_api import expect

from achterkant.contacts.triage.models import TriageExample
from tests.e2e.axe import screenshot, sideways_scroll
from tests.e2e.test_admin_look import beheerder  # noqa: F401
from tests.e2e.test_end_to_end import log_in, site_url

pytestmark = pytest.mark.e2e

GOOD = (
    "product_code,text\n"
    'melding,"Er ligt al dagen een omgevallen boom op het fietspad"\n'
    "melding,De stoeptegels bij de bushalte liggen los\n"
)
BAD = GOOD + "bestaat-niet,Een product dat hier niet bestaat\n"


def test_a_functional_admin_imports_examples_from_a_csv_file(
    live_server,
    tenant_a,
    beheerder,  # noqa: F811
    page,
    tmp_path,
):
    bad, good = tmp_path / "fout.csv", tmp_path / "voorbeelden.csv"
    bad.write_text(BAD, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    base = site_url(live_server, tenant_a.host)
    log_in(page, base, "beheerder")

    page.goto(f"{base}/admin/triage/triageexample/")
    page.get_by_role("link", name="CSV importeren").click()
    expect(page.get_by_role("heading", name="Voorbeeldteksten importeren")).to_be_visible()
    page.get_by_label("CSV-bestand").set_input_files(str(bad))
    page.get_by_role("button", name="Importeren").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("Het bestand is niet geïmporteerd")
    expect(errors).to_contain_text("bestaat-niet")
    screenshot(page, "admin_triage_import_fout")
    with tenant_a.active():
        assert not TriageExample.objects.exists()  # nothing half-imported

    page.get_by_label("CSV-bestand").set_input_files(str(good))
    page.get_by_role("button", name="Importeren").click()
    expect(page.locator(".messagelist")).to_contain_text("2 voorbeelden geïmporteerd")
    expect(page.locator("#result_list")).to_contain_text("omgevallen boom")
    for width in (1366, 1024):
        page.set_viewport_size({"width": width, "height": 900})
        assert sideways_scroll(page) == 0, width
    screenshot(page, "admin_triage_voorbeelden")
    with tenant_a.active():
        sources = set(TriageExample.objects.values_list("source", flat=True))
        assert TriageExample.objects.count() == 2 and sources == {"csv"}
