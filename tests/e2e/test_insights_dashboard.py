"""Inzicht in Chromium: a manager opens it on a year of demo history, filters on one
product, sees the channel heat map and downloads a table. Screenshots at 1366 and 1024
pixels wide go to the same folder as the other browser tests' (to look at, not compared).
"""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from achterkant.demo.seed import seed_demo
from achterkant.demo.seed_insights import seed_service_history
from achterkant.staff import roles
from achterkant.staff.services import staff_member_ensure
from achterkant.tenancy.context import use_organisation
from achterkant.tenancy.models import Organisation
from tests.conftest import PASSWORD
from tests.e2e.axe import SCREENSHOTS as SHOTS
from tests.e2e.axe import accessibility_problems
from tests.e2e.test_end_to_end import log_in, site_url

pytestmark = pytest.mark.e2e

HOST = "voorbeeld.localhost"


def screenshots(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 1024):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"inzicht_{name}_{width}.png"), full_page=True)
        # Wide tables scroll inside their own box; the page itself never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1366, "height": 900})


@pytest.fixture
def voorbeeld(transactional_db):
    seed_demo(persons_per_organisation=40)
    organisation = Organisation.objects.get(slug="voorbeeld")
    with use_organisation(organisation):
        assert seed_service_history(months=12, volume=0.3) > 0
        staff_member_ensure(
            organisation=organisation, username="manager-e2e", password=PASSWORD,
            first_name="Mira", last_name="Manager", role=roles.MANAGER,
        )  # fmt: skip
    return organisation


def test_a_manager_filters_on_a_product_sees_the_heat_map_and_downloads(
    live_server, voorbeeld, page
):
    base = site_url(live_server, HOST)
    refused = []  # the strict Content-Security-Policy: the charts need no inline style
    page.on("console", lambda m: "Content Security Policy" in m.text and refused.append(m.text))
    log_in(page, base, "manager-e2e")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Inzicht").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inzicht")

    page.get_by_role("link", name="Laatste 12 maanden").click()
    expect(page.get_by_role("link", name="Laatste 12 maanden")).to_have_attribute(
        "aria-current", "true"
    )
    expect(page.get_by_test_id("tiles")).to_contain_text("Binnen de servicenorm")
    heat_map = page.get_by_test_id("heatmap")
    expect(heat_map).to_be_visible()
    products_in_map = heat_map.locator("tbody th").count()
    assert products_in_map > 1
    expect(page.get_by_test_id("consistency-index")).to_contain_text("van 100")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    screenshots(page, "overzicht")
    assert accessibility_problems(page) == []

    # The product whose channels differ most (the heat map's top row): filter on it.
    top = heat_map.locator("tbody th").first.inner_text().split("\n")[0].strip()
    page.get_by_label("Product", exact=True).select_option(label=top)
    page.get_by_role("button", name="Toon cijfers").click()
    expect(page.get_by_test_id("insights-scope")).to_contain_text(f"product {top}")
    expect(heat_map.locator("tbody tr")).to_have_count(1)
    expect(heat_map.locator("tbody th")).to_contain_text(top)
    # Per channel: the norm compliance, or (a product without a norm) the lead time.
    per_channel = page.locator("[data-testid^=chart-channel-] svg[role=img]")
    expect(per_channel).to_have_count(1)
    expect(per_channel).to_be_visible()
    screenshots(page, "product")

    channels = page.get_by_role("region", name="Per kanaal", exact=True)
    channels.get_by_text("Cijfers als tabel").click()
    expect(channels.get_by_test_id("table-per-kanaal")).to_be_visible()
    with page.expect_download() as info:
        channels.get_by_test_id("export-per-kanaal-csv").click()
    download = info.value
    assert download.suggested_filename.startswith("inzicht-per-kanaal-")
    content = Path(download.path()).read_bytes()
    assert content.startswith("\ufeff".encode())  # Excel reads UTF-8 with the BOM
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Kanaal", "Contacten", "Zaken binnen"]
    assert rows[-1][0] == "Alle kanalen"
    assert len(rows) > 2
    assert refused == []

    # A date that does not exist: the page says what to fix, it does not fail.
    page.goto(f"{base}/desk/inzicht/?van=31-02-2026&tot=31-03-2026")
    expect(page.get_by_test_id("filter-error")).to_contain_text("Vul een datum in als")
    screenshots(page, "foutieve_datum")
