"""The contact centre, clicked through in Chromium as an agent and a team member would."""

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from achterkant.contacts.mail_intake import ingest_message
from achterkant.contacts.models import KnowledgeArticle
from achterkant.routing.models import Team
from tests.e2e.test_end_to_end import log_in, log_out, site_url

pytestmark = pytest.mark.e2e
MAIL = Path(__file__).parent.parent / "contacts" / "mail"


@pytest.fixture
def kcc(tenant_a):
    with tenant_a.active():
        KnowledgeArticle.objects.create(
            question="Mijn paspoort is verlopen, wat nu?",
            answer="Maak een afspraak bij de balie en neem een pasfoto mee.",
            keywords="paspoort verlopen vernieuwen", valid_from=timezone.localdate(),
        )  # fmt: skip
        KnowledgeArticle.objects.create(
            question="Wanneer wordt het grofvuil opgehaald?",
            answer="Maak online een afspraak.", valid_from=timezone.localdate(),
        )  # fmt: skip
        team = Team.objects.create(identification="kcc", name="Klantcontactcentrum")
        team.members.add(tenant_a.staff["worker"])
    return tenant_a


def identify_by_address(page, base):
    log_in(page, base, "agent-a")
    page.get_by_role("textbox", name="Postcode", exact=True).fill("1011 AB")
    page.get_by_role("spinbutton", name="Huisnummer", exact=True).fill("12")
    page.get_by_role("button", name="Zoek op adres").click()
    page.get_by_role("button", name="Kies Sophie de Vries").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sophie de Vries")
    # The page's deferred scripts (htmx, the contact form's) run before "load": typing or
    # tabbing earlier can beat them (a search that never fires, a field hidden under focus).
    page.wait_for_load_state("load")


def test_identify_by_address_answer_from_the_knowledge_base(live_server, kcc, page):
    base = site_url(live_server, kcc.host)
    identify_by_address(page, base)

    page.get_by_label("Vraag", exact=True).fill("Mijn paspoort is verlopen. Wat moet ik doen?")
    page.get_by_label("Zoek een antwoord").fill("paspoort verlopen")
    hits = page.get_by_test_id("knowledge-hits")
    expect(hits).to_contain_text("Mijn paspoort is verlopen, wat nu?")
    hits.get_by_label("Gebruikt: Mijn paspoort is verlopen, wat nu?").check()
    page.get_by_label("Antwoord (niet verplicht)").fill("Afspraak maken bij de balie.")
    page.get_by_label("in één keer beantwoord").check()
    page.get_by_role("button", name="Contact opslaan").click()

    expect(page.get_by_role("status")).to_contain_text("Contact vastgelegd.")
    contacts = page.get_by_test_id("contacts")
    expect(contacts).to_contain_text("in één keer beantwoord")
    expect(contacts).to_contain_text("Mijn paspoort is verlopen")


def test_a_contact_request_reaches_the_team_queue_and_is_closed(live_server, kcc, page):
    base = site_url(live_server, kcc.host)
    identify_by_address(page, base)
    page.get_by_label("Vraag", exact=True).fill("Wil de vergunningverlener mij terugbellen?")
    page.get_by_label("terugbelverzoek of taak gemaakt").check()
    page.get_by_label("Terugbellen door team (niet verplicht)").select_option(
        label="Klantcontactcentrum"
    )
    page.get_by_label("Ander nummer", exact=True).check()
    page.get_by_label("Telefoonnummer (verplicht bij ‘Ander nummer’)").fill("0612345678")
    page.get_by_role("button", name="Contact opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("terugbelverzoek gemaakt")
    expect(page.get_by_test_id("open-requests")).to_contain_text("Wil de vergunningverlener")
    log_out(page)

    log_in(page, base, "worker-a")
    page.get_by_role("link", name="Contactverzoeken").click()
    queue = page.get_by_test_id("request-queue")
    expect(queue).to_contain_text("Wil de vergunningverlener")
    queue.get_by_role("link", name="Sophie de Vries").click()
    page.get_by_label("afgehandeld").check()
    page.get_by_label("Toelichting (niet verplicht)").fill("Teruggebeld, vraag beantwoord.")
    page.get_by_role("button", name="Poging vastleggen").click()
    expect(page.get_by_test_id("request-status")).to_have_text("afgehandeld")
    page.get_by_role("link", name="Contactverzoeken").click()
    expect(page.get_by_text("Er staan geen contactverzoeken open.")).to_be_visible()


def test_an_ingested_email_appears_for_the_matching_person(live_server, kcc, page):
    with kcc.active():
        mail = ingest_message((MAIL / "plain.eml").read_bytes(), source="test")
    assert mail.status == "accepted" and mail.contact.bsn == kcc.person.bsn
    base = site_url(live_server, kcc.host)
    identify_by_address(page, base)
    contacts = page.get_by_test_id("contacts")
    expect(contacts).to_contain_text("e-mail")
    expect(contacts).to_contain_text("Vraag over mijn afvalcontainer")
