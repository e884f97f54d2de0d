"""The mailbox page's review queue (Te beoordelen): suggestions as buttons, one POST."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from achterkant.catalog.models import Channel
from achterkant.contacts.models import Contact, TriageStatus
from achterkant.contacts.services import contact_receive
from achterkant.contacts.triage.models import TriageExample
from achterkant.desk.triage_rows import confidence_in_words, first_lines
from tests.triage_intake.conftest import set_threshold

QUESTION = "Mijn paspoort is verlopen.\nHoe vraag ik een nieuw paspoort aan?\n\nGroet, Sophie"


@pytest.fixture
def queued(trained):
    set_threshold(trained, 0.999)
    with trained.active():
        older = contact_receive(
            actor=trained.staff["agent"], channel=Channel.LETTER, subject="Brief over afval",
            question="Mijn oude bank moet worden opgehaald.", bsn=trained.person.bsn,
            started_at=timezone.now() - timedelta(days=2),
        )  # fmt: skip
        newer = contact_receive(
            actor=trained.staff["agent"], channel=Channel.EMAIL, subject="Vraag over reizen",
            question=QUESTION, email="iemand@example.org",
        )  # fmt: skip
    trained.older, trained.newer = older, newer
    return trained


def test_the_queue_shows_each_contact_with_its_suggestions_oldest_first(queued):
    response = queued.client("agent").get("/desk/e-mail/")
    html = response.content.decode()
    assert response.status_code == 200
    section = html[html.index('data-testid="to-review"') :]
    assert section.index("Brief over afval") < section.index("Vraag over reizen")
    assert "Mijn paspoort is verlopen. Hoe vraag ik een nieuw paspoort aan?" in section
    top = queued.newer.triage_suggestions[0]
    assert f'name="product" value="{top["product_id"]}"' in section
    assert confidence_in_words(top["zekerheid"]) in section
    # A drop-down of every product for a correction, and no team yet.
    assert section.count('<option value="') >= 2 * 3
    assert "nog geen team" in section
    # Te beoordelen comes first on the page.
    assert html.index("Te beoordelen") < html.index("Nog niet gekoppeld")


def test_one_click_confirms_and_the_contact_leaves_the_queue(queued):
    client = queued.client("agent")
    product = queued.products["paspoort"]
    response = client.post(f"/desk/e-mail/{queued.newer.pk}/product/", {"product": product.pk})
    assert response.status_code == 302 and response.url == "/desk/e-mail/"
    page = client.get(response.url).content.decode()
    assert "Product ‘Paspoort aanvragen’ vastgelegd. Het staat nu bij Burgerzaken." in page
    with queued.active():
        contact = Contact.objects.get(pk=queued.newer.pk)
        assert TriageExample.objects.get(contact_id=contact.pk).source == "confirmed"
    assert contact.triage_status == TriageStatus.CONFIRMED
    queue = page[page.index('data-testid="to-review"') : page.index("Nog niet gekoppeld")]
    assert "Vraag over reizen" not in queue
    assert "Brief over afval" in queue


def test_a_double_click_writes_once_and_says_so(queued):
    client = queued.client("agent")
    url = f"/desk/e-mail/{queued.newer.pk}/product/"
    client.post(url, {"product": queued.products["paspoort"].pk})
    response = client.post(url, {"product": queued.products["grofvuil"].pk}, follow=True)
    assert "al bevestigd" in response.content.decode()
    with queued.active():
        assert TriageExample.objects.filter(contact_id=queued.newer.pk).count() == 1
        assert Contact.objects.get(pk=queued.newer.pk).product.code == "paspoort"


def test_no_product_or_an_unknown_one_is_a_dutch_error(queued):
    client = queued.client("agent")
    url = f"/desk/e-mail/{queued.newer.pk}/product/"
    for data in ({}, {"product": "999999"}, {"product": "abc"}):
        page = client.post(url, data, follow=True).content.decode()
        assert re.search(r"Kies een product( uit de lijst)?\.", page)
    with queued.active():
        assert Contact.objects.get(pk=queued.newer.pk).triage_status == TriageStatus.REVIEW


def test_another_organisations_contact_or_product_is_not_found(queued, tenant_b):
    response = tenant_b.client("agent").post(
        f"/desk/e-mail/{queued.newer.pk}/product/", {"product": queued.products["paspoort"].pk}
    )
    assert response.status_code == 404
    with tenant_b.active():
        product_b = tenant_b.product.pk
    page = (
        queued.client("agent")
        .post(f"/desk/e-mail/{queued.newer.pk}/product/", {"product": product_b}, follow=True)
        .content.decode()
    )
    assert "Kies een product uit de lijst." in page
    with queued.active():
        assert Contact.objects.get(pk=queued.newer.pk).triage_status == TriageStatus.REVIEW


def test_only_post_and_only_with_the_permission(queued):
    url = f"/desk/e-mail/{queued.newer.pk}/product/"
    assert queued.client("agent").get(url).status_code == 405
    product = queued.products["paspoort"].pk
    assert queued.client("worker").post(url, {"product": product}).status_code == 403


def test_the_team_is_shown_for_a_routed_contact(trained):
    set_threshold(trained, 0.3)
    with trained.active():
        contact_receive(
            actor=trained.staff["agent"], channel=Channel.EMAIL, subject="Paspoort",
            question="Mijn paspoort is verlopen, hoe vraag ik een nieuw paspoort aan?",
            bsn=trained.person.bsn, email="sophie@example.nl",
        )  # fmt: skip
    page = trained.client("agent").get("/desk/e-mail/").content.decode()
    answer = page[page.index('data-testid="to-answer"') :]
    assert "Burgerzaken" in answer
    assert "Er is niets te beoordelen." in page


@pytest.mark.parametrize(
    ("confidence", "words"),
    [(0.93, "zeer waarschijnlijk (93%)"), (0.5, "waarschijnlijk (50%)"),
     (0.21, "misschien (21%)"), (0.05, "onwaarschijnlijk (5%)")],
)  # fmt: skip
def test_confidence_in_plain_dutch(confidence, words):
    assert confidence_in_words(confidence) == words


def test_first_lines_are_short():
    assert first_lines("a\n\n b \nc\nd") == "a b c"
    assert len(first_lines("woord " * 200)) == 240
    assert first_lines("Op reis\n\nMijn paspoort", subject="Op reis") == "Mijn paspoort"
