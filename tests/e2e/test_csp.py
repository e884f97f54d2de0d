"""The Content-Security-Policy breaks nothing in Chromium (issue 12, defect 10).

Chromium reports every resource, inline style or script it refuses under the policy on the
console ("… violates the following Content Security Policy directive …"). A desk page with
htmx and a logged-in portal page with the session timer must show none.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_end_to_end import log_in, site_url

pytestmark = pytest.mark.e2e

CSP = "Content Security Policy"


def _csp_violations(page) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda message: CSP in message.text and violations.append(message.text))
    return violations


def test_desk_and_portal_pages_show_no_csp_violation(live_server, tenant_a, page):
    case = tenant_a.open_case(channel="phone")
    base = site_url(live_server, tenant_a.host)
    violations = _csp_violations(page)

    # Desk: the log-in page, the KCC search (htmx) and a case page.
    log_in(page, base, "worker-a")
    for path in ("/desk/", f"/desk/zaken/{case.number}/"):
        response = page.goto(f"{base}{path}")
        assert response.status == 200
        assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_test_id("latest-end-date")).to_be_visible()

    # Portal: the mock DigiD round trip (its own relaxed policy) and the overview, with the
    # session timer's script running.
    page.goto(f"{base}/mijn/inloggen/digid-test/")
    page.locator("a[href*='inloggen_bsn']").first.click()
    page.locator("input[name='auth_bsn']").fill(tenant_a.person.bsn)
    page.locator("#submit-button").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn overzicht")
    response = page.goto(f"{base}/mijn/berichten/")
    assert "style-src 'self'" in response.headers["content-security-policy"]

    # The listener does see a violation: an inline <style> added to the page is refused.
    # Waiting for that message also delivers every console message before it.
    with page.expect_console_message(lambda message: CSP in message.text) as refused:
        page.evaluate(
            "document.head.appendChild(Object.assign(document.createElement('style'),"
            " {textContent: 'body { color: red; }'}))"
        )
    assert "style-src" in refused.value.text
    assert violations == [refused.value.text]
