"""The agent confirms the product of an incoming e-mail in the review queue (issue 18)."""

import re

import pytest
from playwright.sync_api import expect

from achterkant.contacts.mail_intake import ingest_message
from achterkant.contacts.models import Contact, TriageStatus
from achterkant.contacts.triage.models import TriageExample
from tests.e2e.axe import accessibility_problems, screenshot
from tests.e2e.test_end_to_end import log_in, site_url

# The fixtures of tests/triage_intake: three products, a team each, a trained model.
from tests.triage_intake.conftest import set_threshold, trained, triage_catalogue  # noqa: F401

pytestmark = pytest.mark.e2e

MAIL = (
    "From: Sophie de Vries <sophie@example.nl>\r\n"
    "To: gemeente@example.org\r\n"
    "Subject: Op reis\r\n"
    "Message-ID: <e2e-triage-1@example.nl>\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "Goedemiddag,\r\n\r\n"
    "Mijn paspoort is verlopen en ik ga binnenkort op reis. Wat moet ik doen?\r\n\r\n"
    "Met vriendelijke groet,\r\nSophie de Vries\r\n"
)


def test_an_agent_confirms_a_suggested_product_with_one_click(
    live_server,
    trained,  # noqa: F811
    page,
):
    set_threshold(trained, 0.999)  # not sure enough: the e-mail waits for an agent
    with trained.active():
        contact = ingest_message(MAIL.encode()).contact
    assert contact.triage_status == TriageStatus.REVIEW
    base = site_url(live_server, trained.host)

    log_in(page, base, "agent-a")
    page.goto(f"{base}/desk/e-mail/")
    queue = page.get_by_test_id("to-review")
    item = queue.get_by_test_id("review-item").filter(has_text="Op reis")
    expect(item).to_contain_text("Mijn paspoort is verlopen")
    expect(item).to_contain_text("nog geen team")
    button = item.get_by_role("button", name=re.compile(r"^Paspoort aanvragen .*\d+%"))
    expect(button).to_be_visible()
    expect(item.get_by_label("Ander product")).to_be_visible()
    screenshot(page, "mailbox_te_beoordelen")
    assert accessibility_problems(page, context="#main") == []

    button.click()
    expect(page.get_by_role("status")).to_contain_text(
        "Product ‘Paspoort aanvragen’ vastgelegd. Het staat nu bij Burgerzaken."
    )
    expect(page.get_by_test_id("to-review")).to_have_count(0)
    expect(page.get_by_text("Er is niets te beoordelen.")).to_be_visible()
    screenshot(page, "mailbox_bevestigd")
    with trained.active():
        stored = Contact.objects.get(pk=contact.pk)
        example = TriageExample.objects.get(contact_id=contact.pk)
    assert stored.triage_status == TriageStatus.CONFIRMED
    assert stored.team == trained.teams["paspoort"]
    assert example.source == "confirmed"
