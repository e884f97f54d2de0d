"""Written contacts without a product are classified at the one contact gate (issue 18).

Above the organisation's threshold the product is set before the norm is looked up, so
the answer is due as if the citizen had picked it, and the product's team gets it; below
it the contact waits for review with the top 3. Real model (trained per test on the
fixture's examples), real database, real e-mail intake.
"""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from achterkant.catalog.models import Channel
from achterkant.contacts.mail_intake import ingest_message
from achterkant.contacts.models import Contact, InboundMail, TriageStatus
from achterkant.contacts.services import contact_receive
from achterkant.contacts.services.contact_routing import response_norm
from achterkant.contacts.triage import suggest
from achterkant.contacts.triage.model import model_path
from achterkant.contacts.triage.models import TriageExample, TriageSettings
from achterkant.notify.models import OutboxMessage
from tests.triage_intake.conftest import set_threshold

PASSPORT_QUESTION = "Mijn paspoort is verlopen. Hoe vraag ik een nieuw paspoort aan?"


def _receive(tenant, **overrides):
    arguments = {
        "actor": tenant.staff["agent"], "channel": Channel.EMAIL,
        "question": PASSPORT_QUESTION, "subject": "Paspoort", "email": "iemand@example.org",
    }  # fmt: skip
    with tenant.active():
        return contact_receive(**{**arguments, **overrides})


def test_above_the_threshold_the_product_its_norm_and_its_team_are_set(trained):
    set_threshold(trained, 0.3)
    started = timezone.now() - timedelta(hours=1)
    contact = _receive(trained, started_at=started)
    picked = _receive(trained, started_at=started, product=trained.products["paspoort"])

    assert contact.triage_status == TriageStatus.AUTO
    assert contact.product == trained.products["paspoort"]
    assert contact.team == trained.teams["paspoort"]
    # The same due time as when the product was given, and it is the product's own norm
    # (5 working days), not the e-mail default (2).
    assert contact.response_due_at == picked.response_due_at
    with trained.active():
        norm, due = response_norm(Channel.EMAIL, trained.products["paspoort"], started)
    assert norm.amount == 5 and contact.response_due_at == due
    assert contact.triage_suggestions[0]["code"] == "paspoort"
    assert contact.triage_suggestions[0]["zekerheid"] >= 0.3
    assert len(contact.triage_suggestions) <= 3
    # The channel's product is never second-guessed; it is still routed by the same rule.
    assert picked.triage_status == TriageStatus.NONE
    assert picked.triage_suggestions == []
    assert picked.team == trained.teams["paspoort"]


def test_the_acknowledgement_states_the_classified_products_promise(trained):
    set_threshold(trained, 0.3)
    contact = _receive(trained)
    with trained.active():
        message = OutboxMessage.objects.get(reference=f"klantcontact-{contact.pk}")
    assert "binnen 5 werkdagen antwoord" in message.body


def test_below_the_threshold_it_waits_for_review_with_the_top_three(trained):
    set_threshold(trained, 0.999)
    contact = _receive(trained)

    assert contact.triage_status == TriageStatus.REVIEW
    assert contact.product is None and contact.team is None
    # The e-mail default norm applies until an agent chooses the product.
    with trained.active():
        assert contact.response_due_at == response_norm(Channel.EMAIL, None, contact.started_at)[1]
        stored = Contact.objects.get(pk=contact.pk).triage_suggestions
    assert [s["code"] for s in stored][0] == "paspoort"
    assert 1 <= len(stored) <= 3
    assert set(stored[0]) == {"product_id", "code", "naam", "zekerheid"}
    assert stored[0]["product_id"] == trained.products["paspoort"].pk
    assert stored == sorted(stored, key=lambda s: -s["zekerheid"])


def test_conversations_are_not_classified(trained):
    set_threshold(trained, 0.0)
    now = timezone.now()
    contact = _receive(
        trained, channel=Channel.PHONE, outcome="answered", answer="Maak een afspraak.",
        started_at=now, ended_at=now, email="",
    )  # fmt: skip
    assert contact.triage_status == TriageStatus.NONE
    assert contact.product is None and contact.team is None


def test_a_letter_without_a_product_is_classified(trained):
    set_threshold(trained, 0.3)
    contact = _receive(
        trained, channel=Channel.LETTER, email="", bsn=trained.person.bsn,
        subject="Grofvuil",
        question="Mijn oude bank en matras moeten weg. Komen jullie die ophalen?",
    )  # fmt: skip
    assert contact.triage_status == TriageStatus.AUTO
    assert contact.product == trained.products["grofvuil"]
    assert contact.team == trained.teams["grofvuil"]


QUOTED_REPLY = (
    "From: Sophie de Vries <sophie@example.nl>\r\n"
    "To: gemeente@example.org\r\n"
    "Subject: Re: Uw vraag\r\n"
    "Message-ID: <reply-1@example.nl>\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "Goedemiddag,\r\n"
    "\r\n"
    "Mijn paspoort is verlopen en ik ga over drie weken op reis.\r\n"
    "Hoe vraag ik snel een nieuw paspoort aan?\r\n"
    "\r\n"
    "Met vriendelijke groet,\r\n"
    "Sophie de Vries\r\n"
    "Grofvuilstraat 12, Voorbeeld\r\n"
    "\r\n"
    "Op 3 november 2026 om 10:12 schreef Gemeente Voorbeeld <gemeente@example.org>:\r\n"
    "> Wanneer wordt het grofvuil opgehaald? Het grofvuil wordt opgehaald op afspraak.\r\n"
    "> Maak een afspraak om grofvuil, oude meubels, een matras of een bank op te laten\r\n"
    "> halen. De ophaaldienst voor grofvuil komt dan bij u langs. Grofvuil ophalen kost\r\n"
    "> niets. Zet het grofvuil en de meubels voor zeven uur bij de straat.\r\n"
)


def test_an_email_is_classified_without_its_quoted_reply_and_signature(trained):
    set_threshold(trained, 0.3)
    raw = QUOTED_REPLY.encode()
    with trained.active():
        # Read whole (quoted reply and all, as plain text), it is about bulky waste.
        body = raw.decode().split("\r\n\r\n", 1)[1]
        assert suggest(body.replace("Met vriendelijke groet,", ""), source="text").best.code == (
            "grofvuil"
        )
        mail = ingest_message(raw)
        contact = mail.contact

    assert mail.status == InboundMail.Status.ACCEPTED
    assert contact.triage_status == TriageStatus.AUTO
    assert contact.product == trained.products["paspoort"]
    assert contact.team == trained.teams["paspoort"]
    assert contact.triage_suggestions[0]["code"] == "paspoort"


def test_below_the_threshold_an_email_lands_in_the_review_queue(trained):
    set_threshold(trained, 0.999)
    with trained.active():
        contact = ingest_message(QUOTED_REPLY.encode()).contact
    assert contact.triage_status == TriageStatus.REVIEW
    assert contact.product is None
    assert contact.triage_suggestions[0]["code"] == "paspoort"


def test_without_a_model_intake_goes_on_and_the_contact_waits_for_review(triage_catalogue):
    with triage_catalogue.active():
        mail = ingest_message(QUOTED_REPLY.encode())
        contact = Contact.objects.get(pk=mail.contact_id)
        acknowledged = OutboxMessage.objects.filter(reference=f"klantcontact-{contact.pk}")
        assert acknowledged.exists()
    assert mail.status == InboundMail.Status.ACCEPTED
    assert contact.triage_status == TriageStatus.REVIEW
    assert contact.triage_suggestions == []
    assert contact.product is None
    # The e-mail default norm still gives a due time.
    assert contact.response_due_at is not None


def test_a_corrupt_model_file_falls_back_to_review(trained, caplog):
    set_threshold(trained, 0.3)
    with trained.active():
        token = TriageSettings.objects.get().model_token
    model_path(trained.organisation.pk, token).write_bytes(b"not a model at all")
    contact = _receive(trained)
    assert contact.triage_status == TriageStatus.REVIEW
    assert contact.triage_suggestions == []
    assert contact.product is None and contact.team is None
    assert "cannot be read" in caplog.text


def test_a_contact_without_text_waits_for_review_without_suggestions(trained):
    set_threshold(trained, 0.0)
    contact = _receive(trained, question=" ", subject="")
    assert contact.triage_status == TriageStatus.REVIEW
    assert contact.triage_suggestions == []


def test_classification_adds_one_query_to_an_auto_routed_email(trained):
    """The model and the threshold are kept in the process; an auto-routed e-mail reads
    only its product once more (for its norm and its routing rule) than the same e-mail
    whose product the channel gave."""
    set_threshold(trained, 0.3)

    def count(number: int, product) -> tuple[int, Contact]:
        raw = QUOTED_REPLY.replace("reply-1", f"reply-{number}").encode()
        with trained.active(), CaptureQueriesContext(connection) as queries:
            contact = ingest_message(raw, product=product).contact
        return len(queries.captured_queries), contact

    count(2, trained.products["paspoort"])  # warm the per-process settings and model
    with trained.active():
        suggest(PASSPORT_QUESTION)
    given, _ = count(3, trained.products["paspoort"])
    classified, contact = count(4, None)
    assert contact.triage_status == TriageStatus.AUTO
    assert classified == given + 1


def test_examples_and_models_stay_per_organisation(trained, tenant_b):
    """Tenant B has no model: its e-mail is not classified with A's."""
    set_threshold(trained, 0.0)
    with tenant_b.active():
        contact = contact_receive(
            actor=tenant_b.staff["agent"], channel=Channel.EMAIL, question=PASSPORT_QUESTION,
            email="iemand@example.org",
        )  # fmt: skip
        assert contact.triage_status == TriageStatus.REVIEW
        assert contact.triage_suggestions == []
        assert not TriageExample.objects.exists()


def test_a_letter_on_the_desk_without_a_product_is_classified(trained):
    from tests.portal.test_portal import PDF

    set_threshold(trained, 0.3)
    client = trained.client("agent")
    response = client.post(
        "/desk/brieven/nieuw/",
        {
            "scan": SimpleUploadedFile("brief.pdf", PDF, content_type="application/pdf"),
            "bsn": trained.person.bsn, "subject": "Paspoort",
            "question": "Mijn paspoort is gestolen, ik heb een nieuw paspoort nodig.",
            "product": "", "idempotency_key": "6d0c2b55-3a3e-4a57-9d55-6a3c7e4b0d11",
        },
    )  # fmt: skip
    assert response.status_code == 302
    with trained.active():
        contact = Contact.objects.get(channel=Channel.LETTER)
        norm, due = response_norm(Channel.LETTER, trained.products["paspoort"], contact.started_at)
    assert contact.triage_status == TriageStatus.AUTO
    assert contact.product == trained.products["paspoort"]
    assert contact.team == trained.teams["paspoort"]
    assert norm.amount == 10 and contact.response_due_at == due


@pytest.mark.parametrize("threshold", [0.999])
def test_a_letter_on_the_desk_below_the_threshold_waits_for_review(trained, threshold):
    from tests.portal.test_portal import PDF

    set_threshold(trained, threshold)
    response = trained.client("agent").post(
        "/desk/brieven/nieuw/",
        {
            "scan": SimpleUploadedFile("brief.pdf", PDF, content_type="application/pdf"),
            "bsn": "", "subject": "Brief", "question": "Wanneer halen jullie mijn oude bank op?",
            "product": "", "idempotency_key": "0f7b0c55-3a3e-4a57-9d55-6a3c7e4b0d12",
        },
    )  # fmt: skip
    assert response.status_code == 302
    with trained.active():
        contact = Contact.objects.get(channel=Channel.LETTER)
    assert contact.triage_status == TriageStatus.REVIEW
    assert contact.triage_suggestions[0]["code"] == "grofvuil"


@pytest.mark.parametrize("channel", [Channel.EMAIL, Channel.LETTER])
def test_every_written_channel_routes_a_recognised_question_as_if_the_product_was_picked(
    trained, channel
):
    """One rule for every written channel: the recognised product gives the same team and
    the same due time as that product given by the channel itself (its own norm)."""
    set_threshold(trained, 0.3)
    started = timezone.now() - timedelta(hours=2)
    common = {"channel": channel, "started_at": started, "bsn": trained.person.bsn, "email": ""}
    guessed = _receive(trained, **common)
    picked = _receive(trained, **common, product=trained.products["paspoort"])
    assert guessed.triage_status == TriageStatus.AUTO
    assert (guessed.product, guessed.team, guessed.response_due_at) == (
        picked.product, picked.team, picked.response_due_at,
    )  # fmt: skip
    with trained.active():
        _norm, due = response_norm(channel, trained.products["paspoort"], started)
    assert guessed.response_due_at == due
