"""axe-core and screenshots for the browser tests.

axe-core itself comes with the ``axe-playwright-python`` package (its ``axe.min.js``, a dev
dependency in pyproject.toml): no npm or network at test time. The rules run are WCAG 2.1
A and AA, the level the Dutch government requires (Digitoegankelijk, EN 301 549).

Screenshots go to ``var/test-output/screenshots/`` (``var/`` is git-ignored), to look at,
not compared; tests/e2e/conftest.py prints the folder at the end of a run that wrote any.
"""

from pathlib import Path

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Only these fail a test: "moderate" and "minor" findings are advice, not a blocker.
BLOCKING = {"serious", "critical"}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "test-output" / "screenshots"


def accessibility_problems(page, context: str | None = None, limit: int = 5) -> list[str]:
    """The serious and critical WCAG 2.1 A/AA violations on ``page`` (within the CSS
    selector ``context``, else the whole document), one readable line per rule with the
    first ``limit`` elements it found, so a failing assertion says what to fix where."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": WCAG_TAGS, "resultTypes": ["violations"]}
    results = Axe().run(page, context=context, options=options)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(f"{n['target']} {n['html'][:120]}" for n in v["nodes"][:limit])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def screenshot(page, name: str, widths: tuple[int, ...] = (1366, 1024)) -> list[Path]:
    """Full-page PNGs of ``page`` at each width (900 px high), as ``<name>_<width>.png``;
    the viewport is 1366 wide again afterwards. Returns the files written."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    written = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        path = SCREENSHOTS / f"{name}_{width}.png"
        page.screenshot(path=str(path), full_page=True)
        written.append(path)
    page.set_viewport_size({"width": 1366, "height": 900})
    return written


def sideways_scroll(page) -> int:
    """How many pixels the page itself scrolls sideways at the current width (0: none)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
