"""Two-factor authentication in a real browser: passkeys through Chromium's virtual
authenticator (DevTools protocol, WebAuthn domain), the real WebAuthn ceremony end to end.
"""

import pytest
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from achterkant.staff.models import User
from tests.conftest import PASSWORD, next_totp_code, totp_device
from tests.e2e.axe import SCREENSHOTS as SHOTS
from tests.e2e.test_end_to_end import log_out, site_url

pytestmark = pytest.mark.e2e


def virtual_authenticator(page) -> tuple[object, str]:
    """A platform authenticator with user verification, like a laptop's fingerprint reader."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def password_step(page, base: str, username: str) -> None:
    page.goto(f"{base}/medewerker/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def screenshots(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 1024):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"2fa_{name}_{width}.png"), full_page=True)


def test_enrol_a_passkey_then_log_in_with_it(live_server, tenant_a, page):
    base = site_url(live_server, tenant_a.host)
    user = tenant_a.staff["agent"]
    cdp, authenticator = virtual_authenticator(page)

    # First log-in: no second factor yet, so the staff member sets one up.
    password_step(page, base, "agent-a")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    expect(page.get_by_test_id("totp-secret")).to_be_visible()
    screenshots(page, "enrol")
    page.get_by_role("button", name="Passkey instellen").click()

    # Recovery codes, once; then on to the desk.
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw herstelcodes")
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    screenshots(page, "recovery_codes")
    page.get_by_role("link", name="Ik heb de codes bewaard, verder").click()
    expect(page).to_have_url(f"{base}/desk/")
    credential = WebAuthnCredential.objects.get(user=user)
    assert credential.confirmed
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(credentials["credentials"]) == 1
    log_out(page)

    # Next log-in: the passkey is the second step, and the destination is kept.
    totp_device(user)  # an app as well, so the page shows both ways
    page.goto(f"{base}/desk/zaken/")
    page.get_by_label("Gebruikersnaam").fill("agent-a")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede stap van het inloggen")
    screenshots(page, "verify")
    page.get_by_role("button", name="Inloggen met passkey").click()
    expect(page).to_have_url(f"{base}/desk/zaken/")
    credential.refresh_from_db()
    assert credential.sign_count >= 1 or credential.last_used_at is not None


def test_a_wrong_code_is_refused_and_the_right_one_lets_the_staff_member_in(
    live_server, tenant_a, page
):
    base = site_url(live_server, tenant_a.host)
    user = User.objects.get(username="worker-a")
    totp_device(user)
    password_step(page, base, "worker-a")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede stap van het inloggen")
    right = next_totp_code(user)
    page.get_by_label("Code uit de app").fill(f"{(int(right) + 1) % 1_000_000:06d}")
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_text("De code klopt niet.")).to_be_visible()
    screenshots(page, "verify_wrong_code")
    # Throttled for a second after one failure; then the right code works.
    page.wait_for_timeout(1100)
    page.get_by_label("Code uit de app").fill(next_totp_code(user))
    page.get_by_role("button", name="Controleren").click()
    # In, on a case worker's own start page (desk.landing): Mijn werk.
    expect(page).to_have_url(f"{base}/desk/werk/")
