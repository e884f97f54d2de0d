"""Start pages and error pages in Chromium (issue 17): a case worker lands on *Mijn werk*,
and an unknown address shows the Dutch 404 with a way back."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_end_to_end import log_in, site_url

pytestmark = pytest.mark.e2e


def test_a_case_worker_lands_on_mijn_werk_and_finds_the_way_back_from_a_404(
    live_server, tenant_a, page
):
    base = site_url(live_server, tenant_a.host)
    log_in(page, base, "worker-a")
    expect(page).to_have_url(f"{base}/desk/werk/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Mijn werk")).to_have_attribute("aria-current", "page")
    expect(menu.get_by_role("link", name="Teamleider")).to_have_count(0)

    response = page.goto(f"{base}/desk/bestaat-niet/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze pagina bestaat niet")
    expect(page).to_have_title(re.compile("^Deze pagina bestaat niet"))
    page.get_by_role("link", name="Naar de startpagina").click()
    expect(page).to_have_url(f"{base}/desk/werk/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk")
