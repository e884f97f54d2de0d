"""Mijn gemeente's case page on a phone (390 px), through the real mock DigiD log-in."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from achterkant.cases.services import add_decision, add_document, set_status
from achterkant.cases.services.assignment import add_note
from achterkant.cases.services.information import request_information
from achterkant.catalog.models import DecisionType
from achterkant.catalog.services import decision_type_publish
from tests.e2e.axe import screenshot
from tests.e2e.test_end_to_end import site_url
from tests.portal.test_feedback import _closed_case

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _digid_log_in(page, base: str, bsn: str) -> None:
    """Through the library's mock DigiD IdP, as a citizen does it."""
    page.goto(f"{base}/mijn/")
    page.get_by_role("button", name="Inloggen met DigiD (testomgeving)").click()
    page.locator("a[href*='inloggen_bsn']").first.click()
    page.locator("input[name='auth_bsn']").fill(bsn)
    page.locator("#submit-button").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn overzicht")


def _fits_the_screen(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways: {width} px wide"


def test_a_citizen_follows_a_case_on_a_phone(live_server, tenant_a, phone, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    case = tenant_a.open_case()
    worker = tenant_a.staff["worker"]
    with tenant_a.active():
        set_status(
            actor=worker, case=case, status_type=tenant_a.status_type(2),
            note="De monteur komt in de week van 14 december.", shared_with_party=True,
        )  # fmt: skip
        add_note(actor=worker, case=case, text="Buurman belde ook al.", shared_with_party=True)
        add_note(actor=worker, case=case, text="Alleen voor ons: lastige plek.")
        add_document(
            actor=worker,
            case=case,
            title="Brief aan u",
            upload=SimpleUploadedFile("brief.pdf", PDF),
        )
        decision_type = DecisionType.objects.create(
            catalogue=tenant_a.case_type.catalogue, description="Vergunning verleend",
            valid_from=date(2020, 1, 1),
        )  # fmt: skip
        decision_type.case_types.add(tenant_a.case_type)
        decision_type = decision_type_publish(decision_type=decision_type)
        add_decision(
            actor=worker, case=case, decision_type=decision_type,
            decided_on=date(2026, 3, 1), effective_from=date(2026, 3, 2),
        )  # fmt: skip
        request_information(
            actor=worker, case=case, question="Stuur een foto van de lantaarnpaal.",
            respond_before=timezone.localdate() + timedelta(days=14),
        )  # fmt: skip
    base = site_url(live_server, tenant_a.host)
    page = phone

    _digid_log_in(page, base, tenant_a.person.bsn)
    expect(page.get_by_test_id("logged-in-as")).to_have_text("Sophie de Vries")
    page.get_by_test_id(f"case-{case.number}").get_by_role("link").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Melding openbare ruimte")
    steps = page.get_by_role("list", name="Waar staat uw zaak?")
    expect(steps.get_by_role("listitem")).to_have_count(3)
    current = steps.locator("[aria-current='step']")
    expect(current).to_contain_text("Ingepland")
    expect(current).to_contain_text("Hier is uw zaak nu")
    expect(steps.get_by_role("listitem").nth(0)).to_contain_text("Klaar")
    expect(steps.get_by_role("listitem").nth(2)).to_contain_text("Nog niet")
    expect(page.get_by_test_id("expected-date")).to_be_visible()
    expect(page.get_by_test_id("waiting")).to_contain_text("Stuur een foto van de lantaarnpaal.")
    expect(page.get_by_test_id("decision-outcome")).to_have_text("Uitkomst: vergunning verleend")
    expect(page.get_by_test_id("objection-date")).to_have_text("maandag 13 april 2026")
    # What the worker chose to share is there; what they kept internal is not.
    expect(current).to_contain_text("De monteur komt in de week van 14 december.")
    expect(page.get_by_text("Buurman belde ook al.")).to_be_visible()
    expect(page.get_by_text("lastige plek")).to_have_count(0)
    _fits_the_screen(page)
    # To look at: var/test-output/screenshots/portal_case_detail_390.png.
    screenshot(page, "portal_case_detail", widths=(390,))
    page.set_viewport_size({"width": 390, "height": 844})

    with page.expect_download() as download:
        page.get_by_role("link", name="Brief aan u").click()
    assert download.value.suggested_filename == "brief.pdf"
    # An open case is not rated.
    expect(page.get_by_text("Hoe tevreden bent u?")).to_have_count(0)


def test_a_closed_case_is_rated_on_a_phone(live_server, tenant_a, phone):
    case = _closed_case(tenant_a)
    base = site_url(live_server, tenant_a.host)
    page = phone
    _digid_log_in(page, base, tenant_a.person.bsn)
    page.goto(f"{base}/mijn/zaken/{case.number}/")
    steps = page.get_by_role("list", name="Waar staat uw zaak?")
    expect(steps.locator("[data-state='done']")).to_have_count(3)

    page.get_by_text("Hoe tevreden bent u?").click()
    group = page.get_by_role("group", name="Wat vindt u van hoe wij u hebben geholpen?")
    expect(group.get_by_role("radio")).to_have_count(5)
    _fits_the_screen(page)
    group.get_by_role("radio", name="Tevreden", exact=True).check()
    page.get_by_role("button", name="Mening versturen").click()
    expect(page.get_by_role("status")).to_contain_text("Dank u wel voor uw beoordeling")
    expect(page.get_by_role("heading", level=1)).to_have_text("Melding openbare ruimte")
    expect(page.get_by_text("Hoe tevreden bent u?")).to_have_count(0)
