"""The contact form shows the callback fields only for a callback (issue 17), in Chromium:
the static script hides and shows them as the agent picks the outcome."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_end_to_end import site_url
from tests.e2e.test_kcc import identify_by_address

pytestmark = pytest.mark.e2e


def test_the_callback_fields_follow_the_chosen_outcome(live_server, tenant_a, page):
    base = site_url(live_server, tenant_a.host)
    identify_by_address(page, base)
    callback = page.get_by_test_id("callback-fields")
    referral = page.get_by_test_id("referral-fields")
    # The form opens on "in één keer beantwoord": neither follow-up shows.
    expect(page.get_by_label("in één keer beantwoord")).to_be_checked()
    expect(callback).to_be_hidden()
    expect(referral).to_be_hidden()

    page.get_by_label("terugbelverzoek of taak gemaakt").check()
    expect(callback).to_be_visible()
    expect(page.get_by_label("Voorkeursdag (niet verplicht)")).to_be_visible()
    expect(referral).to_be_hidden()

    page.get_by_label("doorverwezen", exact=True).check()
    expect(callback).to_be_hidden()
    expect(page.get_by_label("Doorverwezen naar (niet verplicht)")).to_be_visible()

    # By keyboard: arrow keys move through the radio group, and the fields follow.
    page.get_by_label("doorverwezen", exact=True).focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(page.get_by_label("terugbelverzoek of taak gemaakt")).to_be_checked()
    expect(callback).to_be_visible()
