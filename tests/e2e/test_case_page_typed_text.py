"""The case page in Chromium (issue 17): an action that succeeds swaps the workspace
(static/achterkant/case-page.js), and what the worker typed in the other forms stays."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_case_page_keyboard import desk  # noqa: F401 (fixture)
from tests.e2e.test_end_to_end import log_in, site_url

pytestmark = pytest.mark.e2e


def test_a_successful_action_keeps_what_was_typed_in_the_other_forms(
    live_server,
    desk,  # noqa: F811
    page,
):
    case = desk.open_case()
    base = site_url(live_server, desk.host)
    log_in(page, base, "worker-a")
    page.goto(f"{base}/desk/zaken/{case.number}/")
    note = page.get_by_role("textbox", name="Notitie", exact=True)
    note.fill("Half geschreven notitie")
    page.locator("#action-note").get_by_label("Ook zichtbaar voor de inwoner").check()

    status = page.locator("#action-status")
    status.get_by_label("Nieuwe status").select_option(label="Ingepland (inwoner krijgt bericht)")
    status.get_by_role("button", name="Status zetten").click()

    expect(page.get_by_test_id("current-status")).to_have_text("Ingepland")
    # The workspace is new (the status moved on), the half-written note is still there,
    # with the worker's choice; the status form that was sent starts empty.
    expect(note).to_have_value("Half geschreven notitie")
    expect(
        page.locator("#action-note").get_by_label("Ook zichtbaar voor de inwoner")
    ).to_be_checked()
    assert page.locator("#action-status textarea").input_value() == ""
