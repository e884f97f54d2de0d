"""Issue 17, tables and drop-downs: at 1024 px the work lists fit without sideways
scrolling, no word is broken in the middle, and a select shows its arrow."""

import pytest
from django.db.models import F

from achterkant.catalog.models import Product
from tests.e2e.test_desk import desk  # noqa: F401  (the fixture: a team, a rule, a norm)
from tests.e2e.test_end_to_end import log_in, site_url

pytestmark = pytest.mark.e2e

# Every word of every table cell: the lines its letters are on. A word on two lines was
# broken in the middle (a hyphen the browser added, or a break anywhere).
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll("table th, table td")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""
# What sticks out sideways: the page, a table wider than its box, or a table reaching past
# the content column it stands in.
SIDEWAYS = """() => {
  const out = [document.documentElement, ...document.querySelectorAll("table")]
    .filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.tagName);
  for (const table of document.querySelectorAll("table")) {
    const box = table.parentElement, style = getComputedStyle(box);
    const right = box.getBoundingClientRect().right - parseFloat(style.paddingRight);
    if (table.getBoundingClientRect().right > right + 1) out.push("TABLE past its column");
  }
  return out;
}"""


def test_work_lists_fit_a_small_laptop_and_keep_words_whole(live_server, desk, tenant_a, page):  # noqa: F811
    with tenant_a.active():
        # The longest single word of the demo catalogue, as a product name.
        Product.objects.filter(pk=tenant_a.product.pk).update(
            name="Evenementenvergunningaanvraag", code=F("code")
        )
    cases = [desk.open_case(channel=channel) for channel in ("web", "phone", "email")]
    base = site_url(live_server, desk.host)
    # The team lead's queue is the widest list: it has a checkbox column for bulk assign.
    log_in(page, base, "lead-a")
    for width in (1366, 1024):
        page.set_viewport_size({"width": width, "height": 800})
        for path in ("/desk/teams/stadsbeheer/", "/desk/zaken/", "/desk/teamleider/"):
            page.goto(base + path)
            if path != "/desk/teamleider/":  # the overview lists only cases at risk
                assert page.get_by_text(cases[0].number).count(), path
            assert page.evaluate(SIDEWAYS) == [], (width, path)
            assert page.evaluate(BROKEN_WORDS) == [], (width, path)


def test_a_drop_down_shows_its_arrow(live_server, desk, page):  # noqa: F811
    case = desk.open_case()
    base = site_url(live_server, desk.host)
    log_in(page, base, "worker-a")
    page.goto(f"{base}/desk/zaken/{case.number}/")
    select = page.locator("select").first
    image = select.evaluate("(el) => getComputedStyle(el).backgroundImage")
    assert "svg" in image


def test_a_checkbox_sits_before_its_label_on_one_line(live_server, desk, page):  # noqa: F811
    base = site_url(live_server, desk.host)
    page.set_viewport_size({"width": 1024, "height": 800})
    log_in(page, base, "worker-a")
    page.goto(f"{base}/desk/zaken/")
    label = page.locator("label", has_text="Alleen te laat")
    box, checkbox = label.bounding_box(), page.get_by_label("Alleen te laat").bounding_box()
    assert box["height"] < 48  # one line (it was one letter pair per line)
    assert checkbox["x"] < box["x"] + 30  # the box first, then the words
    assert "niet verplicht" not in label.inner_text()
