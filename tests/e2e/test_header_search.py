"""The header search box in Chromium: a BSN, a case number and a bad date, typed by an agent."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_end_to_end import log_in, site_url

pytestmark = pytest.mark.e2e


def _search(page, text: str) -> None:
    box = page.get_by_role("search").get_by_role(
        "searchbox", name="Zoek een persoon, bedrijf of zaak"
    )
    box.fill(text)
    box.press("Enter")


def test_type_a_bsn_then_a_case_number_in_the_header(live_server, tenant_a, page):
    case = tenant_a.open_case()
    base = site_url(live_server, tenant_a.host)
    log_in(page, base, "agent-a")

    # A BSN, with the dots people type: straight to the 360° view.
    _search(page, "9999.93.653")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sophie de Vries")

    # A case number in lower case with spaces: straight to the case page, which names the
    # initiator with a way back to the 360° view.
    _search(page, case.number.lower().replace("-", " "))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Zaak {case.number}")
    initiator = page.get_by_test_id("initiator")
    expect(initiator).to_contain_text("Sophie de Vries")
    initiator.get_by_role("button").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sophie de Vries")


def test_a_bad_date_gets_a_message_and_keeps_what_was_typed(live_server, tenant_a, page):
    base = site_url(live_server, tenant_a.host)
    log_in(page, base, "agent-a")
    _search(page, "de Vries 31-02-1985")
    expect(page.get_by_test_id("search-message")).to_contain_text("31 februari 1985 bestaat niet.")
    expect(page.get_by_role("searchbox", name="Zoek een persoon, bedrijf of zaak")).to_have_value(
        "de Vries 31-02-1985"
    )
    _search(page, "Vries, de 14031985")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sophie de Vries")
