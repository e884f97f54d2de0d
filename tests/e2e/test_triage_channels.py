"""Free text as the front door (issue 18), in Chromium: the e-loket's *Beschrijf uw vraag*
and the proposal on the desk's contact form."""

import pytest
from playwright.sync_api import expect

from achterkant.contacts.models import Contact
from tests.e2e.axe import accessibility_problems, screenshot, sideways_scroll
from tests.e2e.test_end_to_end import site_url
from tests.e2e.test_kcc import identify_by_address
from tests.portal.triage_setup import train_small_model

pytestmark = pytest.mark.e2e
CSP = "Content Security Policy"


@pytest.fixture
def trained(tenant_a, settings, tmp_path):
    return train_small_model(tenant_a, settings, tmp_path)


def _watch_csp(page) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda message: CSP in message.text and violations.append(message.text))
    return violations


def _citizen_logs_in(page, base, bsn):
    page.goto(f"{base}/mijn/inloggen/digid-test/")
    page.locator("a[href*='inloggen_bsn']").first.click()
    page.locator("input[name='auth_bsn']").fill(bsn)
    page.locator("#submit-button").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn overzicht")


def test_a_citizen_types_a_question_and_lands_on_the_matching_form(
    live_server, tenant_a, trained, page
):
    base = site_url(live_server, tenant_a.host)
    violations = _watch_csp(page)
    page.set_viewport_size({"width": 390, "height": 844})
    _citizen_logs_in(page, base, tenant_a.person.bsn)
    page.get_by_role("link", name="Iets aanvragen of melden").click()

    box = page.get_by_label("Beschrijf uw vraag")
    box.press_sequentially("Er ligt een losse tegel op de stoep voor mijn huis", delay=20)
    suggested = page.get_by_test_id("suggested-products")
    expect(suggested.get_by_role("link", name="Melding")).to_be_visible()
    # Only what a citizen can request online: the passport has no web form.
    expect(suggested).not_to_contain_text("Paspoort")
    assert sideways_scroll(page) == 0
    assert accessibility_problems(page) == []
    screenshot(page, "eloket_question_suggestion", widths=(390,))

    # The question went in a POST body: the page's address never changed.
    assert page.url == f"{base}/mijn/aanvragen/"
    suggested.get_by_role("link", name="Melding").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Melding")
    assert page.url == f"{base}/mijn/aanvragen/melding/"
    assert violations == []


def test_a_citizen_whose_question_fits_no_form_asks_the_municipality(
    live_server, tenant_a, trained, page
):
    base = site_url(live_server, tenant_a.host)
    page.set_viewport_size({"width": 390, "height": 844})
    _citizen_logs_in(page, base, tenant_a.person.bsn)
    page.goto(f"{base}/mijn/aanvragen/")
    question = "Mag ik een feest geven in het buurthuis op zaterdag?"
    page.get_by_label("Beschrijf uw vraag").press_sequentially(question, delay=10)
    ask = page.get_by_role("button", name="Stel uw vraag aan de gemeente")
    expect(ask).to_be_visible()
    expect(page.get_by_test_id("suggested-products")).to_have_count(0)
    screenshot(page, "eloket_question_no_match", widths=(390,))
    ask.dblclick()  # an impatient double click files one question

    expect(page.get_by_role("heading", level=1)).to_have_text("Wij hebben uw vraag ontvangen")
    expect(page.get_by_test_id("question")).to_have_text(question)
    expect(page.get_by_test_id("next-steps")).to_be_visible()
    screenshot(page, "eloket_question_received", widths=(390,))
    with tenant_a.active():
        assert Contact.objects.filter(question=question).count() == 1


def test_the_agent_picks_the_proposed_product_with_one_click(live_server, tenant_a, trained, page):
    base = site_url(live_server, tenant_a.host)
    violations = _watch_csp(page)
    passport = trained["products"]["paspoort"]
    identify_by_address(page, base)

    page.get_by_label("Vraag", exact=True).press_sequentially(
        "Mijn paspoort is verlopen en ik ga volgende maand op reis", delay=10
    )
    proposal = page.get_by_test_id("product-proposal")
    expect(proposal).to_contain_text("Voorstel: Paspoort aanvragen (waarschijnlijk)")
    suggested = page.get_by_test_id("kb-suggested")
    expect(suggested).to_contain_text("Hoe vraag ik een paspoort aan?")
    expect(page.get_by_label("Product (niet verplicht)")).to_have_value("")
    proposal.get_by_role("button", name="Kies Paspoort aanvragen").click()
    expect(page.get_by_label("Product (niet verplicht)")).to_have_value(str(passport.pk))
    expect(page.get_by_role("status").filter(has_text="Product ingevuld")).to_have_text(
        "Product ingevuld: Paspoort aanvragen."
    )
    suggested.get_by_label("Gebruikt: Hoe vraag ik een paspoort aan?").check()
    screenshot(page, "desk_contact_proposal")

    page.get_by_label("Antwoord (niet verplicht)").fill("Afspraak maken bij de balie.")
    page.get_by_label("in één keer beantwoord").check()
    page.get_by_role("button", name="Contact opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Contact vastgelegd.")
    with tenant_a.active():
        contact = Contact.objects.get(question__startswith="Mijn paspoort is verlopen")
        assert contact.product_id == passport.pk
        assert [a.question for a in contact.articles.all()] == ["Hoe vraag ik een paspoort aan?"]
    assert violations == []
