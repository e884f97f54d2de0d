"""A citizen logs in with (mock) DigiD and sees the case an agent started by phone."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_end_to_end import log_in, site_url

pytestmark = pytest.mark.e2e


def test_citizen_sees_the_phone_case_with_the_case_workers_status_and_date(
    live_server, tenant_a, page
):
    case = tenant_a.open_case(channel="phone")
    base = site_url(live_server, tenant_a.host)

    # What the case worker sees.
    log_in(page, base, "worker-a")
    page.goto(f"{base}/desk/zaken/{case.number}/")
    worker_date = page.get_by_test_id("latest-end-date").inner_text()
    page.get_by_role("button", name="Uitloggen").click()

    # The citizen, through the library's mock DigiD IdP.
    page.goto(f"{base}/mijn/")
    page.get_by_role("link", name="Inloggen met DigiD (testomgeving)").click()
    page.locator("a[href*='inloggen_bsn']").first.click()
    page.locator("input[name='auth_bsn']").fill(tenant_a.person.bsn)
    page.locator("#submit-button").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn overzicht")
    card = page.get_by_test_id(f"case-{case.number}")
    expect(card).to_contain_text("telefoon")
    expect(card.get_by_test_id("status")).to_have_text("Ontvangen")
    expect(card.get_by_test_id("expected-date")).to_have_text(worker_date)


def test_worker_asks_citizen_answers_with_a_file_and_the_clock_resumes(
    live_server, tenant_a, page, settings, tmp_path
):
    from datetime import timedelta

    from django.utils import timezone

    settings.MEDIA_ROOT = str(tmp_path)
    case = tenant_a.open_case(channel="phone")
    base = site_url(live_server, tenant_a.host)

    log_in(page, base, "worker-a")
    page.goto(f"{base}/desk/zaken/{case.number}/")
    page.get_by_label("Welke informatie heeft u nodig?").fill("Stuur een foto van de lantaarnpaal.")
    respond = (timezone.localdate() + timedelta(days=14)).strftime("%d-%m-%Y")
    page.get_by_label("Reageren vóór").fill(respond)
    page.get_by_role("button", name="Informatie vragen").click()
    expect(page.get_by_test_id("clock-stopped")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    page.goto(f"{base}/mijn/inloggen/digid-test/")
    page.locator("a[href*='inloggen_bsn']").first.click()
    page.locator("input[name='auth_bsn']").fill(tenant_a.person.bsn)
    page.locator("#submit-button").click()
    card = page.get_by_test_id(f"case-{case.number}")
    expect(card.get_by_test_id("waiting")).to_contain_text("Stuur een foto van de lantaarnpaal.")
    card.get_by_label("Uw antwoord").fill("Hierbij de foto.")
    scan = tmp_path / "foto.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n")
    card.get_by_label("Bijlage (PDF, PNG, JPEG, docx of odt) (niet verplicht)").set_input_files(
        str(scan)
    )
    card.get_by_role("button", name="Reactie versturen").click()
    expect(page.get_by_role("status")).to_contain_text("Wij gaan verder met uw zaak")
    page.get_by_role("button", name="Uitloggen").click()

    log_in(page, base, "worker-a")
    page.goto(f"{base}/desk/zaken/{case.number}/")
    expect(page.get_by_test_id("clock-stopped")).to_have_count(0)
    expect(page.get_by_test_id("history")).to_contain_text("informatie ontvangen")
    expect(page.get_by_test_id("history")).to_contain_text("Reactie van de aanvrager")


def test_a_business_logs_in_with_eherkenning_and_sees_only_its_cases(live_server, tenant_a, page):
    from tests.portal.test_portal import _company_case

    ours, theirs = _company_case(tenant_a), _company_case(tenant_a, kvk_number="69599068")
    base = site_url(live_server, tenant_a.host)
    page.goto(f"{base}/mijn/")
    page.get_by_role("link", name="Inloggen met eHerkenning (testomgeving)").click()
    page.get_by_label("KvK-nummer").fill("69599084")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn overzicht")
    expect(page.get_by_test_id(f"case-{ours.number}")).to_be_visible()
    expect(page.get_by_test_id(f"case-{theirs.number}")).to_have_count(0)
