"""E-mail intake of readable messages: the contact, matching, the acknowledgement, files.

Real RFC 822 files from tests/contacts/mail/; quarantine and IMAP have their own files.
"""

import hashlib
import io
from datetime import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from achterkant.audit.models import ProcessingLogEntry
from achterkant.audit.services import Purpose
from achterkant.catalog.models import Channel, Product, ServiceNorm
from achterkant.contacts.mail_intake import (
    NOT_STORED_HEADING,
    TRUNCATED_NOTE,
    html_to_text,
    ingest_eml_files,
    ingest_message,
    ingest_or_get,
)
from achterkant.contacts.models import Contact, ContactAttachment, InboundMail, Outcome
from achterkant.contacts.norms import due_at, norm_for
from achterkant.identity.models import Person
from achterkant.notify.models import OutboxMessage
from achterkant.worktime.calendar import AMSTERDAM, add_working_days
from tests.conftest import BSN_A, BSN_B
from tests.contacts.mail_helpers import FILES, MAIL, PLAIN, ingest, raw, stored_files

DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
    "september", "oktober", "november", "december",
]  # fmt: skip


def dutch_date(moment: datetime) -> str:
    day = moment.astimezone(AMSTERDAM)
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def attachment_bytes(message: bytes, filename: str) -> bytes:
    import email
    import email.policy

    parsed = email.message_from_bytes(message, policy=email.policy.default)
    for part in parsed.iter_attachments():
        if part.get_filename() == filename:
            return part.get_content()
    raise AssertionError(filename)


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


# --- Accepted messages -------------------------------------------------------------------


def test_a_plain_message_becomes_an_open_email_contact_of_the_matched_person(tenant_a, media):
    content = raw("plain.eml")
    mail = ingest(tenant_a, content, source="test")
    with tenant_a.active():
        contact = Contact.objects.get()
        log = ProcessingLogEntry.objects.get(object_type="klantcontact")
        # Finding whose address it is, is logged too.
        assert ProcessingLogEntry.objects.filter(object_type="persoon", bsn=BSN_A).count() == 1
    assert mail.status == InboundMail.Status.ACCEPTED
    assert mail.message_id == "<20251006091200.plain-1@example.nl>"
    assert mail.from_address == "Sophie@example.nl"
    assert mail.subject == "Vraag over mijn afvalcontainer"
    assert mail.sha256 == hashlib.sha256(content).hexdigest()
    assert mail.size == len(content)
    with mail.raw.open("rb") as stored:
        assert stored.read() == content
    assert mail.contact == contact
    # The contact: e-mail channel, open, matched on the address (case-insensitive).
    assert contact.channel == "email"
    assert contact.outcome == Outcome.OPEN
    assert contact.bsn == BSN_A
    assert contact.agent is None
    assert contact.subject == "Vraag over mijn afvalcontainer"
    assert contact.question.startswith("Vraag over mijn afvalcontainer\n\nBeste gemeente,")
    assert "Wanneer komt de\nvuilniswagen weer langs?" in contact.question
    assert contact.started_at == contact.ended_at == mail.received_at
    # Due on the second working day after receipt, per the e-mail default norm.
    due_day = add_working_days(contact.started_at.astimezone(AMSTERDAM).date(), 2)
    with tenant_a.active():
        assert contact.response_due_at == due_at(norm_for(Channel.EMAIL, None), contact.started_at)
    assert contact.response_due_at.astimezone(AMSTERDAM).date() == due_day
    # The processing log names the intake, not a person.
    assert (log.bsn, log.action, log.purpose) == (BSN_A, "create", Purpose.CONTACT_HANDLING)
    assert (log.actor, log.actor_label) == (None, "e-mailintake")
    assert (log.object_type, log.object_id) == ("klantcontact", str(contact.pk))


def test_the_sender_gets_a_dutch_acknowledgement_with_the_promise_and_nothing_more(tenant_a):
    ingest(tenant_a, raw("plain.eml"))
    with tenant_a.active():
        contact = Contact.objects.get()
        message = OutboxMessage.objects.get()
    assert message.event_code == "contact.email_acknowledged"
    assert message.recipient == "Sophie@example.nl"
    assert "ontvangen" in message.subject  # the built-in text: no override in this test
    assert message.bsn == BSN_A  # so the delivery is logged for this person
    assert not message.in_berichtenbox  # a reply by e-mail only (docs/portal.md)
    assert message.reference == f"klantcontact-{contact.pk}"
    body = message.body
    assert body.startswith("Beste meneer, mevrouw,")  # a reply to a forgeable address
    assert "Vraag over mijn afvalcontainer" not in body  # not even the sender's subject
    assert "U krijgt binnen 2 werkdagen antwoord" in body
    assert f"uiterlijk op {dutch_date(contact.response_due_at)}." in body
    assert "Gemeente A" in body
    # No personal data and nothing the sender wrote: no name, BSN, subject or text.
    for private in ("Sophie", "Vries", BSN_A, "vuilniswagen", "&quot;", "&amp;"):
        assert private not in body


def test_re_ingesting_a_message_returns_the_first_and_writes_nothing(tenant_a, media):
    first = ingest(tenant_a, raw("pdf-attachment.eml"))
    files = stored_files(media)
    with tenant_a.active():
        again, created = ingest_or_get(raw("pdf-attachment.eml"))
        counts = [
            model.objects.count()
            for model in (InboundMail, Contact, ContactAttachment, OutboxMessage)
        ]
        log_entries = ProcessingLogEntry.objects.count()
    assert (again.pk, created) == (first.pk, False)
    assert counts == [1, 1, 1, 1]
    assert log_entries == 2  # the contact, and finding whose address it is
    assert stored_files(media) == files


def test_ingesting_takes_a_fixed_number_of_queries(
    tenant_a, django_assert_max_num_queries, django_assert_num_queries
):
    with tenant_a.active():
        # Among them: the contact's own savepoint (2) and the organisation's own
        # acknowledgement text, if it has one (1), and the domain event (1).
        # And the log entry of finding whose address it is (1). A new organisation's
        # settings (opening hours, decree days) are not yet in this process: they are read
        # with its settings version (1 more than when warm; tenancy.settings_cache).
        with django_assert_max_num_queries(22):
            ingest_message(raw("pdf-attachment.eml"))
        with django_assert_num_queries(1):  # a duplicate is one look-up
            ingest_message(raw("pdf-attachment.eml"))


def test_idempotency_and_matching_are_per_organisation(tenant_a, tenant_b):
    mail_a = ingest(tenant_a, raw("plain.eml"))
    mail_b = ingest(tenant_b, raw("plain.eml"))
    assert mail_a.pk != mail_b.pk
    with tenant_a.active():
        assert Contact.objects.get().bsn == BSN_A
    with tenant_b.active():
        assert Contact.objects.get().bsn == BSN_B
        assert set(ProcessingLogEntry.objects.values_list("bsn", flat=True)) == {BSN_B}


def test_an_address_shared_by_two_people_is_left_for_an_agent_to_link(tenant_a):
    with tenant_a.active():
        Person.objects.create(
            bsn="111222333", given_names="Sam", surname="de Vries",
            birth_date="1990-01-01", email="SOPHIE@example.nl",
        )  # fmt: skip
    ingest(tenant_a, raw("plain.eml"))
    with tenant_a.active():
        assert Contact.objects.get().bsn == ""
        assert not ProcessingLogEntry.objects.exists()
        # The sender still gets an acknowledgement, without a BSN on it.
        assert OutboxMessage.objects.get().bsn == ""


def test_multipart_alternative_prefers_the_plain_text_and_decodes_quoted_printable(tenant_a):
    mail = ingest(tenant_a, raw("alternative-qp.eml"))
    contact = mail.contact
    assert mail.subject == "Parkeervergunning aanvragen – vraag"
    assert contact.bsn == ""  # nobody in the register has this address
    assert "voor mijn café aan de Markt." in contact.question
    assert "Dit is een lange regel die met een zachte regelafbreking" in contact.question
    assert "HTML-VERSIE" not in contact.question
    with tenant_a.active():
        assert not ProcessingLogEntry.objects.exists()
        assert OutboxMessage.objects.get().recipient == "jan.jansen@example.org"


def test_an_html_only_message_is_read_as_text(tenant_a):
    question = ingest(tenant_a, raw("html-only.eml")).contact.question
    assert "Beste gemeente,\n\nWij organiseren een buurtfeest op 12 juli & willen" in question
    assert "subsidie aanvragen.\nKan dat nog?" in question
    assert "- Datum: 12 juli\n- Plaats: Dorpsplein" in question
    assert "Groet,\nHet bestuur" in question
    for hidden in ("<", "alert", "color", "Geheime titel"):
        assert hidden not in question


def test_html_to_text_survives_broken_markup():
    assert html_to_text("<p>Open <b>zonder <i>einde") == "Open zonder einde"
    assert html_to_text("<script>nooit gesloten") == ""
    assert html_to_text("a &lt;b&gt; &#8364; &euro; &amp") == "a <b> € € &"


@pytest.mark.parametrize(
    ("name", "subject", "text"),
    [
        (
            "latin1.eml",
            "Geluidsoverlast café op het plein",
            "Het café op het plein maakt 's nachts veel lawaai. Ik ben naïef geweest",
        ),
        (
            "windows-1252.eml",
            "Boete van € 25 – bezwaar",
            "Ik kreeg een boete van € 25 voor „verkeerd parkeren” – maar ik had een",
        ),
    ],
)
def test_non_utf8_bodies_and_encoded_subjects_are_decoded(tenant_a, name, subject, text):
    mail = ingest(tenant_a, raw(name))
    assert mail.status == InboundMail.Status.ACCEPTED
    assert mail.subject == subject
    assert mail.contact.subject == subject
    assert text in mail.contact.question


def test_a_pdf_attachment_is_stored_with_its_checksum(tenant_a):
    content = raw("pdf-attachment.eml")
    pdf = attachment_bytes(content, "aanvraag.pdf")
    mail = ingest(tenant_a, content)
    with tenant_a.active():
        attachment = ContactAttachment.objects.get()
    assert attachment.contact == mail.contact
    assert attachment.file_name == "aanvraag.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(pdf)
    assert attachment.sha256 == hashlib.sha256(pdf).hexdigest()
    with attachment.file.open("rb") as stored:
        assert stored.read() == pdf
    assert mail.contact.bsn == BSN_A
    assert NOT_STORED_HEADING not in mail.contact.question


def test_a_disallowed_attachment_is_skipped_and_noted_the_rest_is_kept(tenant_a, media):
    content = raw("exe-attachment.eml")
    mail = ingest(tenant_a, content)
    assert mail.status == InboundMail.Status.ACCEPTED
    with tenant_a.active():
        attachment = ContactAttachment.objects.get()
        acknowledgement = OutboxMessage.objects.get().body
    assert attachment.file_name == "foto.png"
    assert attachment.content_type == "image/png"
    question = mail.contact.question
    assert NOT_STORED_HEADING in question
    assert "- factuur.pdf.exe: Dit soort bestand kunnen we niet aannemen." in question
    assert "Wij konden 1 bijlage niet aannemen." in acknowledgement
    assert "factuur.pdf.exe" not in acknowledgement  # no file names, only the count
    # The executable exists only inside the original message.
    exe = attachment_bytes(content, "factuur.pdf.exe")
    assert all(path.read_bytes() != exe for path in stored_files(media))
    with mail.raw.open("rb") as stored:
        assert stored.read() == content


def test_an_attachment_over_the_document_limit_is_skipped_and_noted(tenant_a, settings):
    settings.DOCUMENT_MAX_BYTES = 100
    mail = ingest(tenant_a, raw("pdf-attachment.eml"))
    assert mail.status == InboundMail.Status.ACCEPTED
    assert "- aanvraag.pdf: Het bestand is te groot" in mail.contact.question
    with tenant_a.active():
        assert not ContactAttachment.objects.exists()
        assert "Wij konden 1 bijlage niet aannemen" in OutboxMessage.objects.get().body


def test_the_products_email_norm_sets_the_due_time_and_the_promise(tenant_a):
    with tenant_a.active():
        product = Product.objects.create(code="paspoort", name="Paspoort")
        ServiceNorm.objects.create(
            product=product, channel="email", amount=5, unit="working_days",
            promise="binnen 5 werkdagen antwoord",
        )  # fmt: skip
        mail = ingest_message(raw("plain.eml"), product=product)
        body = OutboxMessage.objects.get().body
    contact = mail.contact
    assert contact.product == product
    due_day = add_working_days(contact.started_at.astimezone(AMSTERDAM).date(), 5)
    assert contact.response_due_at.astimezone(AMSTERDAM).date() == due_day
    assert "U krijgt binnen 5 werkdagen antwoord, uiterlijk op" in body


def test_a_working_hours_norm_shows_the_time_in_the_acknowledgement(tenant_a):
    with tenant_a.active():
        product = Product.objects.create(code="spoed", name="Spoed")
        ServiceNorm.objects.create(
            product=product, channel="email", amount=90, unit="minutes",
            promise="binnen anderhalf uur antwoord",
        )  # fmt: skip
        mail = ingest_message(raw("plain.eml"), product=product)
        body = OutboxMessage.objects.get().body
    due = mail.contact.response_due_at.astimezone(AMSTERDAM)
    assert f"uiterlijk op {dutch_date(due)} om {due:%H:%M} uur." in body


def test_a_very_long_body_is_trimmed_and_says_so(tenant_a, settings):
    settings.MAIL_INTAKE_MAX_QUESTION_CHARS = 500
    long_message = raw("plain.eml").replace(b"Sophie\n", b"Sophie\n" + b"bla " * 5000)
    mail = ingest(tenant_a, long_message)
    question = mail.contact.question
    assert len(question) <= 500
    assert question.startswith("Vraag over mijn afvalcontainer\n\nBeste gemeente,")
    assert question.endswith(TRUNCATED_NOTE)
    assert mail.size == len(long_message)  # the original is whole


def test_received_at_is_when_the_mailbox_got_it_but_never_in_the_future(tenant_a):
    earlier = datetime(2025, 10, 3, 16, 0, tzinfo=AMSTERDAM)  # a Friday
    mail = ingest(tenant_a, raw("plain.eml"), received_at=earlier)
    with tenant_a.active():
        mail.refresh_from_db()
    assert mail.received_at == earlier == mail.contact.started_at
    assert mail.contact.response_due_at.date() == datetime(2025, 10, 7).date()  # Tuesday
    future = datetime(2999, 1, 1, tzinfo=AMSTERDAM)
    later = ingest(tenant_a, raw("alternative-qp.eml"), received_at=future)
    assert later.contact.started_at < future


# --- No acknowledgement ------------------------------------------------------------------


def with_header(header: bytes, content: bytes = PLAIN) -> bytes:
    return header + b"\n" + content


@pytest.mark.parametrize(
    "content",
    [
        raw("auto-reply.eml"),
        with_header(b"Auto-Submitted: auto-generated"),
        with_header(b"Precedence: bulk"),
        with_header(b"Precedence: list"),
        with_header(b"Precedence: auto_reply"),
        with_header(b"List-Id: <buurt.lists.example.nl>"),
        with_header(b"X-Autoreply: yes"),
        with_header(b"X-Auto-Response-Suppress: All"),
        with_header(b"X-Achterkant-Reference: klantcontact-1"),
        PLAIN.replace(b"Return-Path: <Sophie@Example.NL>", b"Return-Path: <>"),
        PLAIN.replace(b'"Sophie de Vries" <Sophie@Example.NL>', b"MAILER-DAEMON@example.nl"),
        PLAIN.replace(b'"Sophie de Vries" <Sophie@Example.NL>', b"noreply@achterkant.localhost"),
    ],
    ids=[
        "auto-replied", "auto-generated", "bulk", "list", "auto_reply", "list-id",
        "x-autoreply", "suppress", "our-reference", "bounce", "mailer-daemon", "our-address",
    ],
)  # fmt: skip
def test_automatic_mail_and_our_own_mail_are_recorded_but_not_acknowledged(tenant_a, content):
    mail = ingest(tenant_a, content)
    assert mail.status == InboundMail.Status.ACCEPTED
    assert mail.contact is not None
    with tenant_a.active():
        assert not OutboxMessage.objects.exists()


def test_auto_submitted_no_is_a_person_writing_and_is_acknowledged(tenant_a):
    ingest(tenant_a, with_header(b"Auto-Submitted: no"))
    with tenant_a.active():
        assert OutboxMessage.objects.count() == 1


def test_our_own_address_is_recognised_in_a_named_from_setting(tenant_a, settings):
    settings.DEFAULT_FROM_EMAIL = "Gemeente A <Info@Gemeente-A.nl>"
    ingest(tenant_a, PLAIN.replace(b"Sophie@Example.NL>", b"info@gemeente-a.nl>"))
    with tenant_a.active():
        assert not OutboxMessage.objects.exists()


# --- Message-ID --------------------------------------------------------------------------


def test_a_message_without_message_id_gets_a_stable_one_from_its_bytes(tenant_a):
    content = raw("no-message-id.eml")
    mail = ingest(tenant_a, content)
    assert mail.message_id == f"<{hashlib.sha256(content).hexdigest()}@achterkant>"
    assert mail.status == InboundMail.Status.ACCEPTED
    with tenant_a.active():
        again, created = ingest_or_get(content)
        assert (again.pk, created) == (mail.pk, False)
        assert Contact.objects.count() == 1


# --- Files and the command ---------------------------------------------------------------


def test_ingesting_all_the_files_reports_what_happened(tenant_a, tmp_path):
    missing = tmp_path / "bestaat-niet.eml"
    with tenant_a.active():
        report = ingest_eml_files([*FILES, missing])
        again = ingest_eml_files(FILES)
        accepted = InboundMail.objects.filter(status="accepted").count()
    quarantined = {"garbage.eml", "no-from.eml", "unknown-charset.eml", "invalid-utf8.eml"}
    assert (report.accepted, report.quarantined) == (len(FILES) - len(quarantined), 4)
    assert report.duplicates == 0
    assert report.failed == [f"{missing}: No such file or directory"]
    assert (again.accepted, again.quarantined, again.duplicates) == (0, 0, len(FILES))
    assert accepted == len(FILES) - 4


def test_the_command_ingests_files_and_stdin_and_prints_a_dutch_summary(tenant_a, monkeypatch):
    out = io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO(raw("latin1.eml")))
    monkeypatch.setattr("sys.stdin", stdin)
    call_command(
        "ingest_mail", "--organisation", "a", str(MAIL / "plain.eml"),
        str(MAIL / "garbage.eml"), str(MAIL / "plain.eml"), "-", stdout=out,
    )  # fmt: skip
    assert out.getvalue().strip() == (
        "Gemeente A: Verwerkt: 2, in quarantaine: 1, al eerder ontvangen: 1."
    )
    with tenant_a.active():
        assert InboundMail.objects.count() == 3


def test_the_command_uses_the_product_given(tenant_a):
    with tenant_a.active():
        # Through the model: norms are kept per settings version, which a save renews.
        norm = ServiceNorm.objects.get(product=tenant_a.product)
        norm.amount, norm.promise = 3, "binnen 3 werkdagen antwoord"
        norm.save()
    call_command("ingest_mail", "--organisation", "a", "--product", "melding",
                 str(MAIL / "plain.eml"), stdout=io.StringIO())  # fmt: skip
    with tenant_a.active():
        assert Contact.objects.get().product == tenant_a.product
        assert "U krijgt binnen 3 werkdagen antwoord" in OutboxMessage.objects.get().body


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--organisation", "a"], "Geef .eml-bestanden op, of --imap"),
        (["--organisation", "nergens", "x.eml"], "Onbekende organisatie: nergens"),
        (["--organisation", "a", "--product", "nope", "x.eml"], "Onbekend product: nope"),
        (["--organisation", "a", "--imap"], "Stel MAIL_INTAKE_IMAP_HOST in"),
        (["--organisation", "a", "/bestaat/niet.eml"], "Niet alle bestanden"),
    ],
)
def test_the_command_refuses_bad_arguments_in_dutch(tenant_a, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("ingest_mail", *arguments, stdout=io.StringIO(), stderr=io.StringIO())
