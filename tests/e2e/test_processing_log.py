"""The Verwerkingenlog in Chromium: a team lead filters on a person, pages, and exports
the CSV for an inzageverzoek. Screenshots at 1366, 1024 and 390 pixels wide go to the
browser tests' folder (to look at, not compared)."""

import csv
import io

import pytest
from playwright.sync_api import expect

from tests.audit.test_log_selectors import OTHER_BSN, log
from tests.e2e.axe import SCREENSHOTS as SHOTS
from tests.e2e.axe import accessibility_problems
from tests.e2e.test_end_to_end import log_in, site_url

pytestmark = pytest.mark.e2e


def test_a_team_lead_filters_pages_and_exports_the_log(live_server, tenant_a, page):
    log(tenant_a, n=52)  # more than a page of 50
    log(tenant_a, bsn=OTHER_BSN, actor="worker")
    base = site_url(live_server, tenant_a.host)
    log_in(page, base, "lead-a")
    page.goto(f"{base}/desk/verwerkingen/")
    page.get_by_label("BSN").fill(tenant_a.person.bsn)
    page.get_by_label("Medewerker").select_option(label="Agent A")
    page.get_by_role("button", name="Toon verwerkingen").click()
    table = page.get_by_test_id("processing-log")
    expect(table.locator("tbody tr")).to_have_count(50)
    expect(table).not_to_contain_text(OTHER_BSN)
    assert tenant_a.person.bsn not in page.url  # the filters stay out of the URL
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 1024, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"verwerkingenlog_{width}.png"), full_page=True)
        # The table scrolls in its own box on a phone; the page never sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1366, "height": 900})
    # The page's own content: the header and menu are checked with every desk page
    # (tests/e2e/test_accessibility.py).
    assert accessibility_problems(page, context="#main") == []

    page.get_by_test_id("next-page").click()
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(page.get_by_label("BSN")).to_have_value(tenant_a.person.bsn)

    with page.expect_download() as download:
        page.get_by_test_id("log-export").click()
    body = download.value.path().read_bytes()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Tijdstip", "Medewerker", "Handeling", "BSN"]
    assert len(rows) == 1 + 52 and {row[3] for row in rows[1:]} == {tenant_a.person.bsn}

    # A wrong date: a Dutch message at the field, no table.
    page.get_by_label("Van").fill("31-02-2026")
    page.get_by_role("button", name="Toon verwerkingen").click()
    expect(page.get_by_text("Vul een datum in, bijvoorbeeld 1-11-2026.")).to_be_visible()
    expect(page.get_by_test_id("processing-log")).to_have_count(0)
