"""Issue 17, the 360° view: the history on the left and the contact form on the right on a
wide screen, the history first on a narrow one, and the whole page usable by keyboard."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from achterkant.contacts.mail_intake import ingest_message
from achterkant.identity.models import Company
from tests.e2e.test_end_to_end import log_in, site_url
from tests.e2e.test_kcc import identify_by_address

pytestmark = pytest.mark.e2e
MAIL = Path(__file__).parent.parent / "contacts" / "mail"
KVK = "69599084"
SIDEWAYS = "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"


@pytest.fixture
def history(tenant_a):
    """Sophie de Vries with two cases and an e-mail: a history with links in it."""
    tenant_a.open_case(channel="web")
    tenant_a.open_case(channel="phone")
    with tenant_a.active():
        ingest_message((MAIL / "plain.eml").read_bytes(), source="test")
    return tenant_a


def boxes(page) -> tuple[dict, dict]:
    history = page.get_by_role("region", name="Geschiedenis")
    form = page.get_by_test_id("contact-form")
    expect(history.get_by_test_id("cases")).to_be_visible()
    return history.bounding_box(), form.bounding_box()


def test_history_left_of_the_form_on_a_wide_screen_above_it_on_a_narrow_one(
    live_server, history, page
):
    base = site_url(live_server, history.host)
    page.set_viewport_size({"width": 1366, "height": 900})
    identify_by_address(page, base)
    left, right = boxes(page)
    assert left["x"] + left["width"] <= right["x"]
    assert right["y"] < left["y"] + left["height"]  # side by side, not below each other
    assert not page.evaluate(SIDEWAYS)

    for width in (1024, 800):
        page.set_viewport_size({"width": width, "height": 900})
        assert not page.evaluate(SIDEWAYS), width

    top, below = boxes(page)  # 800 px: one column
    assert top["y"] + top["height"] <= below["y"]
    assert top["width"] == pytest.approx(below["width"], abs=1)


def test_the_company_view_has_the_same_two_columns(live_server, tenant_a, page):
    with tenant_a.active():
        Company.objects.create(kvk_number=KVK, name="Bakkerij De Korenschoof")
    base = site_url(live_server, tenant_a.host)
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base, "agent-a")
    page.get_by_label("KvK-nummer").fill(KVK)
    page.get_by_role("button", name="Zoek bedrijf").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bakkerij De Korenschoof")
    left = page.get_by_role("region", name="Geschiedenis").bounding_box()
    right = page.get_by_test_id("contact-form").bounding_box()
    assert left["x"] + left["width"] <= right["x"]
    page.set_viewport_size({"width": 1024, "height": 900})
    assert not page.evaluate(SIDEWAYS)


def test_tab_from_the_skip_link_through_the_history_into_the_form(live_server, history, page):
    base = site_url(live_server, history.host)
    page.set_viewport_size({"width": 1366, "height": 900})
    identify_by_address(page, base)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")

    visited = []  # the test ids of the history tables and the form the focus passed
    for _ in range(40):
        page.keyboard.press("Tab")
        place = page.evaluate(
            """() => {
              const el = document.activeElement;
              if (el.closest(".achterkant-party__history")) return "history";
              if (el.closest("[data-testid=contact-form]")) return el.name || el.id;
              return el.tagName;
            }"""
        )
        visited.append(place)
        if place not in ("history", "BODY"):
            break
    assert visited[0] == "history", visited  # the first stop after the skip link: a case
    assert visited[-1] == "channel", visited  # then straight into the form's first field

    channel = page.get_by_label("Kanaal")
    expect(channel).to_be_focused()
    outline = channel.evaluate("(el) => getComputedStyle(el).outlineStyle")
    assert outline != "none"
