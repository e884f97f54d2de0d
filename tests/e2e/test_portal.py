"""A citizen logs in with (mock) DigiD and sees the case an agent started by phone."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_end_to_end import log_in, site_url

pytestmark = pytest.mark.e2e


def test_citizen_sees_the_phone_case_with_the_case_workers_status_and_date(
    live_server, tenant_a, page
):
    case = tenant_a.open_case(channel="phone")
    base = site_url(live_server, tenant_a.host)

    # What the case worker sees.
    log_in(page, base, "worker-a")
    page.goto(f"{base}/desk/zaken/{case.number}/")
    worker_date = page.get_by_test_id("latest-end-date").inner_text()
    page.get_by_role("button", name="Uitloggen").click()

    # The citizen, through the library's mock DigiD IdP.
    page.goto(f"{base}/mijn/")
    page.get_by_role("link", name="Inloggen met DigiD (testomgeving)").click()
    page.locator("a[href*='inloggen_bsn']").first.click()
    page.locator("input[name='auth_bsn']").fill(tenant_a.person.bsn)
    page.locator("#submit-button").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn overzicht")
    card = page.get_by_test_id(f"case-{case.number}")
    expect(card).to_contain_text("telefoon")
    expect(card.get_by_test_id("status")).to_have_text("Ontvangen")
    expect(card.get_by_test_id("expected-date")).to_have_text(worker_date)
