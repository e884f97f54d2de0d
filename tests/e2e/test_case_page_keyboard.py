"""The reworked case page in Chromium (issue 17): every action reachable with the
keyboard, with a visible focus outline; an action answers in place (htmx), a refusal
keeps what was typed and where the worker was; the 360° view by keyboard too."""

import pytest
from playwright.sync_api import expect

from achterkant.catalog.models import DecisionType
from achterkant.routing.models import RoutingRule, Team
from tests.e2e.axe import accessibility_problems, screenshot
from tests.e2e.test_end_to_end import log_in, site_url

pytestmark = pytest.mark.e2e

# The focused element, and whether its focus outline can be seen (computed style).
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    id: el.id, tag: el.tagName, text: (el.innerText || el.value || "").trim().slice(0, 80),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
      && style.outlineColor !== "transparent" && style.outlineColor !== "rgba(0, 0, 0, 0)",
    inPanel: !!el.closest("#case-actions"), inMain: !!el.closest("main"),
  };
}"""
# Every control in ``selector`` a keyboard user must be able to reach (visible, enabled;
# of a radio group the checked one, which is where Tab stops).
CONTROLS = ":is(a[href], button, input:not([type=hidden]), select, textarea)"
REACHABLE = (
    "(selector) => [...document.querySelectorAll(selector + ' " + CONTROLS + "')]"
    ".filter(el => !el.disabled && el.offsetParent !== null"
    " && !(el.type === 'radio' && !el.checked))"
    ".map(el => el.id || el.name + ':' + (el.innerText || el.value || '').trim().slice(0, 40))"
)
KEY = (
    "() => { const el = document.activeElement; return el.id"
    " || el.name + ':' + (el.innerText || el.value || '').trim().slice(0, 40); }"
)
SCROLLED = "() => [window.scrollY, document.querySelector('#case-actions').scrollTop]"


@pytest.fixture
def desk(tenant_a):
    with tenant_a.active():
        team = Team.objects.create(identification="stadsbeheer", name="Stadsbeheer")
        team.members.add(tenant_a.staff["worker"], tenant_a.staff["lead"])
        RoutingRule.objects.create(order=1, product_code="melding", team=team)
        decision_type = DecisionType.objects.create(
            catalogue=tenant_a.case_type.catalogue, description="Besluit melding",
            valid_from="2020-01-01",
        )  # fmt: skip
        DecisionType.objects.filter(pk=decision_type.pk).update(is_concept=False)
        decision_type.case_types.add(tenant_a.case_type)
    return tenant_a


def _tab_until(page, predicate, limit=200) -> dict:
    """Tab until the focused element matches; every stop must show its focus outline."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["outline"], f"no visible focus outline on {focused}"
        if predicate(focused):
            return focused
    raise AssertionError("not reached with Tab")


def _tab_through(page, selector: str) -> None:
    """Tab through the whole page once: every control in ``selector`` is reached, each
    with a visible outline (a radio group is one stop: the checked radio)."""
    wanted = set(page.evaluate(REACHABLE, selector))
    assert wanted, selector
    page.locator("body").focus()
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.evaluate("() => window.scrollTo(0, 0)")
    seen = set()
    for _ in range(400):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        key = page.evaluate(KEY)
        if key in seen and not (wanted - seen):
            break
        if focused["tag"] == "BODY":
            break
        assert focused["outline"], f"no visible focus outline on {focused}"
        seen.add(key)
    assert not (wanted - seen), f"not reachable with Tab: {sorted(wanted - seen)}"


def test_the_case_page_works_with_the_keyboard_only(live_server, desk, page):
    case = desk.open_case()
    base = site_url(live_server, desk.host)
    log_in(page, base, "worker-a")
    page.goto(f"{base}/desk/zaken/{case.number}/")
    _tab_through(page, "#case-workspace")

    # The skip link takes the keyboard to the actions; the note form is a few Tabs on.
    page.evaluate("() => window.scrollTo(0, 0)")
    page.locator("h1").click()  # start from the top of the content, as after loading
    _tab_until(page, lambda f: f["text"] == "Naar de handelingen")
    page.keyboard.press("Enter")
    _tab_until(page, lambda f: f["id"] == "id_note_text")
    page.keyboard.type("Met de melder gebeld; de monteur komt dinsdag.")
    radio = _tab_until(page, lambda f: f["tag"] == "INPUT")
    assert radio["id"] == "id_note_visibility_0"  # "Alleen intern" is chosen already
    page.keyboard.press("ArrowDown")  # "Ook zichtbaar voor de inwoner"
    expect(page.locator("#id_note_visibility_1")).to_be_checked()
    _tab_until(page, lambda f: f["id"] == "action-note-submit")
    page.keyboard.press("Enter")

    history = page.get_by_test_id("history")
    expect(history).to_contain_text("de monteur komt dinsdag")
    expect(history.locator("li", has_text="de monteur komt dinsdag")).to_contain_text(
        "zichtbaar voor de inwoner"
    )
    expect(page.get_by_role("status")).to_contain_text("De aanvrager kan haar lezen")
    # Swapped in place: the keyboard stays on the button, the note field is empty again.
    assert page.evaluate("() => document.activeElement.id") == "action-note-submit"
    expect(page.locator("#id_note_text")).to_have_value("")
    assert accessibility_problems(page, "#case-workspace") == []


def test_a_refusal_keeps_the_text_and_the_scroll_position(live_server, desk, page):
    case = desk.open_case()
    base = site_url(live_server, desk.host)
    page.set_viewport_size({"width": 1024, "height": 700})
    log_in(page, base, "worker-a")
    page.goto(f"{base}/desk/zaken/{case.number}/")
    page.get_by_role("textbox", name="Notitie", exact=True).fill("Dit blijft staan")
    status = page.locator("#action-status")
    status.get_by_label("Nieuwe status").select_option(label="Opgelost")
    status.get_by_role("textbox", name="Toelichting").fill("Klaar, denk ik")
    status.get_by_role("button", name="Status zetten").scroll_into_view_if_needed()
    before = page.evaluate(SCROLLED)
    status.get_by_role("button", name="Status zetten").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#action-status").get_by_role("alert")).to_contain_text(
        "Leg eerst het resultaat vast"
    )
    # Only the section came back: what was typed here and elsewhere is still there.
    expect(page.locator("#action-status").get_by_role("textbox", name="Toelichting")).to_have_value(
        "Klaar, denk ik"
    )
    expect(page.get_by_role("textbox", name="Notitie", exact=True)).to_have_value(
        "Dit blijft staan"
    )
    after = page.evaluate(SCROLLED)
    assert after == before
    expect(page.get_by_test_id("current-status")).to_have_text("Ontvangen")


def test_the_360_view_works_with_the_keyboard(live_server, desk, page):
    case = desk.open_case()
    base = site_url(live_server, desk.host)
    log_in(page, base, "worker-a")
    page.goto(f"{base}/desk/zaken/{case.number}/")
    page.locator("h1").click()
    _tab_until(page, lambda f: "naar het 360°-beeld" in f["text"])
    page.keyboard.press("Enter")
    page.wait_for_url("**/desk/persoon/**")
    _tab_through(page, "main")


@pytest.mark.parametrize("width", [1366, 1024])
def test_screenshots_of_the_case_page(live_server, desk, page, width):
    case = desk.open_case()
    base = site_url(live_server, desk.host)
    log_in(page, base, "lead-a")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base}/desk/zaken/{case.number}/")
    page.get_by_role("textbox", name="Notitie", exact=True).fill("Gebeld, niet thuis.")
    page.get_by_role("button", name="Notitie opslaan").click()
    expect(page.get_by_test_id("history")).to_contain_text("Gebeld, niet thuis.")
    # To look at: var/test-output/screenshots/case_page_<width>.png (tests/e2e/axe.py),
    # from the top, where the side panel starts beside the summary.
    page.evaluate("() => window.scrollTo(0, 0)")
    screenshot(page, f"case_page_{width}", widths=(width,))
    page.set_viewport_size({"width": width, "height": 900})
    # Nothing runs out of the window sideways.
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
