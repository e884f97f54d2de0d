"""Issue 17: the admin looks like the desk (same font, header colour, focus outline) and a
functional admin creates a staff member there, who sets their own password from the link.

Set ``ACHTERKANT_SHOTS`` to a folder to keep screenshots of the admin at 1366 and 1024 px.
"""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from achterkant.staff import roles
from achterkant.staff.models import User
from achterkant.staff.services import staff_member_ensure
from tests.conftest import PASSWORD
from tests.e2e.test_end_to_end import log_in, site_url

pytestmark = pytest.mark.e2e

STYLE = """(selector) => {
  const style = getComputedStyle(document.querySelector(selector));
  return {font: style.fontFamily, background: style.backgroundColor, color: style.color};
}"""
DJANGO_BLUE = "rgb(65, 118, 144)"  # Django admin's own header colour (--secondary)
# What sticks out sideways: the page, or a change list's table out of its scrolling box.
SIDEWAYS = """() => [document.documentElement, ...document.querySelectorAll(".results")]
  .filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.className || el.tagName)"""


def shoot(page, name: str) -> None:
    folder = os.environ.get("ACHTERKANT_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"]
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)


@pytest.fixture
def beheerder(tenant_a):
    """The demo's functional admin (achterkant.demo.seed), in the test organisation."""
    return staff_member_ensure(
        organisation=tenant_a.organisation,
        username="beheerder",
        password=PASSWORD,
        first_name="Bram",
        last_name="Beheer",
        role=roles.FUNCTIONAL_ADMIN,
    )


def test_the_admin_wears_the_desks_house_style(live_server, tenant_a, beheerder, page):
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    base = site_url(live_server, tenant_a.host)
    log_in(page, base, "beheerder")
    page.goto(base + reverse("desk:knowledge"))  # the functional admin's desk page
    desk_body = page.evaluate(STYLE, "body")
    desk_header = page.evaluate(STYLE, ".achterkant-header")

    page.goto(f"{base}/admin/")
    admin_body = page.evaluate(STYLE, "body")
    admin_header = page.evaluate(STYLE, "#header")
    assert "Noto Sans" in admin_body["font"]
    assert admin_body["font"] == desk_body["font"]
    assert admin_header["background"] == desk_header["background"] != DJANGO_BLUE
    assert admin_header["color"] == desk_header["color"]
    # The organisation's name in the header bar, as on the desk; the way back to the desk.
    expect(page.get_by_test_id("admin-organisation")).to_have_text("Gemeente A")
    expect(page.get_by_test_id("admin-desk-link")).to_have_text("Naar de werkplek")
    # No dark mode toggle: the theme has no dark variant.
    assert page.locator(".theme-toggle").count() == 0

    # The focus outline is the theme's (dashed), on the admin's links as on the desk.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "dashed"

    for width in (1366, 1024):
        page.set_viewport_size({"width": width, "height": 800})
        for name, path in (
            ("index", "/admin/"),
            ("user-list", "/admin/staff/user/"),
            ("user-add", "/admin/staff/user/add/"),
            ("user-change", f"/admin/staff/user/{tenant_a.staff['agent'].pk}/change/"),
        ):
            page.goto(base + path)
            expect(page.locator("#header")).to_be_visible()
            assert page.evaluate(SIDEWAYS) == [], (width, path)
            shoot(page, name)
    assert problems == []


def test_a_functional_admin_creates_a_staff_member_who_then_sets_a_password(
    live_server, tenant_a, beheerder, page
):
    base = site_url(live_server, tenant_a.host)
    log_in(page, base, "beheerder")
    page.goto(f"{base}/admin/staff/user/")
    page.get_by_role("link", name=re.compile("Medewerker toevoegen", re.I)).click()
    page.get_by_label("gebruikersnaam").fill("nina")
    page.get_by_label("voornaam").fill("Nina")
    page.get_by_label("achternaam").fill("Nieuw")
    page.get_by_label("e-mailadres").fill("nina@example.nl")
    page.get_by_label(roles.AGENT).check()
    page.get_by_role("button", name="Opslaan", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Uitnodiging voor Nina Nieuw")
    shoot(page, "user-invitation")
    link = page.get_by_test_id("invitation-url").input_value()
    member = User.objects.get(username="nina")
    assert member.organisation == tenant_a.organisation
    assert list(member.groups.values_list("name", flat=True)) == [roles.AGENT]

    # The new staff member opens the link (logged out) and sets a password.
    page.get_by_role("button", name="Uitloggen").click()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Wachtwoord instellen")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("Een-lang-wachtwoord-42")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("Een-lang-wachtwoord-42")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen voor medewerkers")
    expect(page.get_by_text("Uw wachtwoord is ingesteld")).to_be_visible()
    member.refresh_from_db()
    assert member.check_password("Een-lang-wachtwoord-42")


def test_a_functional_admin_sends_a_colleague_a_new_log_in_link(
    live_server, tenant_a, beheerder, page, mailoutbox
):
    """A forgotten password: the functional admin sends a new link from the colleague's
    page; the old password stops working, the link sets a new one (staff.services)."""
    member = tenant_a.staff["worker"]
    User.objects.filter(pk=member.pk).update(email="worker-a@example.nl")
    member.refresh_from_db()
    base = site_url(live_server, tenant_a.host)
    log_in(page, base, "beheerder")
    page.goto(f"{base}/admin/staff/user/{member.pk}/change/")
    page.get_by_test_id("password-link").click()
    expect(page.get_by_text(member.email)).to_be_visible()
    shoot(page, "user-password-link")
    page.get_by_role("button", name="Nieuwe inloglink sturen").click()
    expect(page.get_by_text("Nieuwe inloglink gestuurd")).to_be_visible()

    (mail,) = mailoutbox
    assert mail.to == [member.email]
    link = re.search(r"https?://\S+/medewerker/uitnodiging/\S+", mail.body).group(0)
    member.refresh_from_db()
    assert not member.check_password(PASSWORD)

    page.get_by_role("button", name="Uitloggen").click()
    page.goto(link.replace(re.match(r"https?://[^/]+", link).group(0), base))
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("Weer-een-lang-wachtwoord-7")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("Weer-een-lang-wachtwoord-7")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    # (The worker never logged in, so the page greets as for a new account.)
    expect(page.get_by_text(re.compile("Uw (nieuwe )?wachtwoord is ingesteld"))).to_be_visible()
    member.refresh_from_db()
    assert member.check_password("Weer-een-lang-wachtwoord-7")
