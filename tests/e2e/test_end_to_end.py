"""The path that proves the layers fit: phone contact → case → status → e-mail → log."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from achterkant.staff.models import User
from achterkant.worker.runner import run_once
from tests.conftest import PASSWORD, next_totp_code, totp_device

pytestmark = pytest.mark.e2e


def site_url(live_server, host: str) -> str:
    port = urlsplit(live_server.url).port
    return f"http://{host}:{port}"


def log_in(page, base: str, username: str) -> None:
    """Password, then the second step with a real code from the user's authenticator app."""
    user = User.objects.get(username=username)
    totp_device(user)
    page.goto(f"{base}/medewerker/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede stap van het inloggen")
    page.get_by_label("Code uit de app").fill(next_totp_code(user))
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Tweede stap van het inloggen")


def log_out(page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", name="Inloggen voor medewerkers")).to_be_visible()


def test_phone_contact_to_case_to_citizen_email_to_processing_log(
    live_server, tenant_a, page, mailoutbox
):
    base = site_url(live_server, tenant_a.host)
    bsn = tenant_a.person.bsn

    # 1–2. The agent logs in and finds the caller by BSN.
    log_in(page, base, "agent-a")
    page.get_by_role("textbox", name="BSN").fill(bsn)
    page.get_by_role("button", name="Zoek persoon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sophie de Vries")

    # 3. The agent records the phone call and starts a case from it.
    page.get_by_label("Kanaal").select_option(label="telefoon")
    page.get_by_label("Product (niet verplicht)").select_option(label="Melding")
    page.get_by_label("Vraag", exact=True).fill("De lantaarnpaal voor mijn huis is kapot.")
    page.get_by_label("zaak gestart").check()
    page.get_by_role("button", name="Contact opslaan").click()
    notice = page.get_by_role("status")
    expect(notice).to_contain_text(re.compile(r"zaak ZAAK-\d{4}-0000001 gestart"))
    number = re.search(r"ZAAK-\d{4}-\d{7}", notice.inner_text()).group(0)
    expect(page.get_by_test_id("cases")).to_contain_text(number)
    log_out(page)

    # 4. The case worker opens the case and sets a status that informs the citizen.
    log_in(page, base, "worker-a")
    page.get_by_role("link", name="Zaken").click()
    page.get_by_role("link", name=number).click()
    expect(page.get_by_test_id("current-status")).to_have_text("Ontvangen")
    page.get_by_label("Nieuwe status").select_option(label="Ingepland (inwoner krijgt bericht)")
    page.get_by_role("button", name="Status zetten").click()
    expect(page.get_by_test_id("current-status")).to_have_text("Ingepland")

    # 5. After the worker runs, the e-mails show in "Verzonden berichten": the notice of the
    # case that started (every channel sends it) and of the new status.
    run_once(worker_id="e2e-worker")
    assert [m.to for m in mailoutbox] == [["sophie@example.nl"], ["sophie@example.nl"]]
    page.get_by_role("link", name="Verzonden berichten").click()
    sent = page.get_by_test_id("sent-messages")
    expect(sent).to_contain_text("sophie@example.nl")
    expect(sent).to_contain_text(number)
    log_out(page)

    # 6. The processing log shows both the agent's and the case worker's access.
    log_in(page, base, "lead-a")
    page.get_by_role("link", name="Verwerkingenlog").click()
    page.get_by_label("BSN").fill(bsn)
    page.get_by_role("button", name="Toon verwerkingen").click()
    log = page.get_by_test_id("processing-log")
    expect(log).to_contain_text("(agent-a)")
    expect(log).to_contain_text("(worker-a)")
    expect(log).to_contain_text("e-mailbezorging")
    expect(log).to_contain_text("Klantcontact afhandelen")
    expect(log).to_contain_text("Zaak behandelen")
