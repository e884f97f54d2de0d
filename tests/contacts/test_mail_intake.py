"""E-mail intake, with real RFC 822 files from tests/contacts/mail/ and generated bombs."""

import hashlib
import io
from datetime import datetime, time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from achterkant.audit.models import ProcessingLogEntry
from achterkant.audit.services import Purpose
from achterkant.catalog.models import Product, ServiceNorm
from achterkant.contacts import mail_intake
from achterkant.contacts.mail_intake import (
    NOT_STORED_HEADING,
    TRUNCATED_NOTE,
    html_to_text,
    ingest_eml_files,
    ingest_message,
    ingest_or_get,
)
from achterkant.contacts.models import Contact, ContactAttachment, InboundMail, Outcome
from achterkant.identity.models import Person
from achterkant.notify.models import OutboxMessage
from achterkant.worktime.calendar import AMSTERDAM, add_working_days
from tests.conftest import BSN_A, BSN_B

MAIL = Path(__file__).parent / "mail"
FILES = sorted(MAIL.glob("*.eml"))

DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
    "september", "oktober", "november", "december",
]  # fmt: skip


def raw(name: str) -> bytes:
    return (MAIL / name).read_bytes()


def dutch_date(moment: datetime) -> str:
    day = moment.astimezone(AMSTERDAM)
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


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


def ingest(tenant, content: bytes, **kwargs) -> InboundMail:
    with tenant.active():
        return ingest_message(content, **kwargs)


# --- Accepted messages -------------------------------------------------------------------


def test_a_plain_message_becomes_an_open_email_contact_of_the_matched_person(tenant_a, media):
    content = raw("plain.eml")
    mail = ingest(tenant_a, content, source="test")
    with tenant_a.active():
        contact = Contact.objects.get()
        log = ProcessingLogEntry.objects.get()
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
    # Due at the end of the second working day after receipt (the e-mail default).
    due_day = add_working_days(contact.started_at.astimezone(AMSTERDAM).date(), 2)
    assert contact.response_due_at == datetime.combine(due_day, time.max, tzinfo=AMSTERDAM)
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
    assert message.subject == "Ontvangen: Vraag over mijn afvalcontainer"
    assert message.bsn == BSN_A  # so the delivery is logged for this person
    assert message.reference == f"klantcontact-{contact.pk}"
    body = message.body
    assert body.startswith("Geachte heer, mevrouw,")
    assert 'met het onderwerp "Vraag over mijn afvalcontainer"' in body
    assert "U krijgt binnen 2 werkdagen antwoord" in body
    assert f"uiterlijk op {dutch_date(contact.response_due_at)}." in body
    assert "Gemeente A" in body
    # No personal data beyond the sender's own subject: no name, BSN or message text.
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
    assert log_entries == 1
    assert stored_files(media) == files


def test_ingesting_takes_a_fixed_number_of_queries(
    tenant_a, django_assert_max_num_queries, django_assert_num_queries
):
    with tenant_a.active():
        with django_assert_max_num_queries(16):
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
        assert ProcessingLogEntry.objects.get().bsn == BSN_B


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
    assert contact.response_due_at == datetime.combine(due_day, time.max, tzinfo=AMSTERDAM)
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


PLAIN = raw("plain.eml")


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


# --- Quarantine --------------------------------------------------------------------------


def assert_quarantined(tenant, content: bytes, reason: str) -> InboundMail:
    mail = ingest(tenant, content)
    assert mail.status == InboundMail.Status.QUARANTINED
    assert reason in mail.quarantine_reason
    assert mail.contact is None
    with mail.raw.open("rb") as stored:
        assert stored.read() == content  # never lose the original
    assert mail.sha256 == hashlib.sha256(content).hexdigest()
    with tenant.active():
        assert not Contact.objects.exists()
        assert not ContactAttachment.objects.exists()
        assert not OutboxMessage.objects.exists()
        assert not ProcessingLogEntry.objects.exists()
        # Quarantine is idempotent too.
        again, created = ingest_or_get(content)
        assert (again.pk, created) == (mail.pk, False)
    return mail


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("garbage.eml", "Dit is geen leesbaar e-mailbericht: er staan geen kopregels in."),
        ("no-from.eml", "Het bericht heeft geen (geldige) afzender."),
        ("unknown-charset.eml", "onbekende tekenset (x-klingon)"),
        ("invalid-utf8.eml", "klopt niet met de opgegeven tekenset (utf-8)"),
    ],
)
def test_unreadable_messages_are_quarantined_with_a_dutch_reason(tenant_a, name, reason):
    mail = assert_quarantined(tenant_a, raw(name), reason)
    if name == "no-from.eml":
        assert mail.subject == "Van niemand"


@pytest.mark.parametrize(
    "content",
    [b"", b"\r\n\r\n", b"From: \r\n\r\nhallo", b"From: niemand\r\nSubject: x\r\n\r\nhallo"],
)
def test_empty_and_addressless_messages_are_quarantined(tenant_a, content):
    mail = ingest(tenant_a, content)
    assert mail.status == InboundMail.Status.QUARANTINED
    assert mail.quarantine_reason


def test_a_damaged_base64_body_is_quarantined(tenant_a):
    content = (
        PLAIN.replace(
            b"Content-Transfer-Encoding: 8bit\n\n", b"Content-Transfer-Encoding: base64\n\nQUJDR\n"
        ).split(b"QUJDR\n")[0]
        + b"QUJDR\n"
    )
    assert_quarantined(tenant_a, content, "beschadigd (ongeldige base64-codering)")


def test_an_oversized_message_is_quarantined_whole(tenant_a, settings):
    settings.MAIL_INTAKE_MAX_BYTES = 50_000
    content = PLAIN + b"x" * 60_000
    mail = assert_quarantined(tenant_a, content, "Het bericht is te groot (")
    assert "Het mag maximaal 48,8\xa0KB zijn." in mail.quarantine_reason
    assert mail.from_address == "Sophie@example.nl"  # from the headers, for the agent
    assert mail.size == len(content)


def nested(levels: int) -> bytes:
    body = b"Content-Type: text/plain\r\n\r\nBoem\r\n"
    for level in range(levels):
        boundary = f"b{level}".encode()
        body = (
            b"Content-Type: multipart/mixed; boundary=" + boundary + b"\r\n\r\n--" + boundary
            + b"\r\n" + body + b"--" + boundary + b"--\r\n"
        )  # fmt: skip
    return b"From: bom@example.org\r\nSubject: Bom\r\nMIME-Version: 1.0\r\n" + body


def many_parts(count: int, content_type: bytes = b"text/plain", data: bytes = b"x") -> bytes:
    part = b"--p\r\nContent-Type: " + content_type + b"\r\n\r\n" + data + b"\r\n"
    return (
        b"From: bom@example.org\r\nSubject: Veel\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: multipart/mixed; boundary=p\r\n\r\n" + part * count + b"--p--\r\n"
    )


def test_a_deeply_nested_message_is_quarantined_as_a_possible_mail_bomb(tenant_a):
    assert_quarantined(tenant_a, nested(50), "te diep genest (51 niveaus, maximaal 10)")


def test_nesting_deeper_than_python_can_parse_is_quarantined(tenant_a, settings):
    settings.MAIL_INTAKE_MAX_PARTS = 1_000_000  # let it reach the parser
    assert_quarantined(tenant_a, nested(3000), "te diep genest")


def test_a_message_of_thousands_of_parts_is_refused_before_parsing(tenant_a):
    assert_quarantined(tenant_a, many_parts(5000), "te veel onderdelen (meer dan 100)")


def test_a_message_with_too_many_attachments_is_quarantined(tenant_a):
    pdf = b"%PDF-1.4\n%%EOF\n"
    content = many_parts(21, b"application/pdf", pdf)
    assert_quarantined(tenant_a, content, "te veel bijlagen (21, maximaal 20)")


def test_up_to_the_limit_of_attachments_is_fine(tenant_a, settings):
    settings.MAIL_INTAKE_MAX_ATTACHMENTS = 3
    content = many_parts(3, b"application/pdf", b"%PDF-1.4\n%%EOF\n")
    mail = ingest(tenant_a, content)
    assert mail.status == InboundMail.Status.ACCEPTED
    with tenant_a.active():
        assert ContactAttachment.objects.count() == 3


def test_control_characters_nuls_and_raw_8bit_headers_are_cleaned(tenant_a):
    content = PLAIN.replace(
        b"Subject: Vraag over", b"Subject: Caf\xc3\xa9 \xe9\x00\x07 vraag over"
    ).replace(b"Beste gemeente,", b"Beste\x00 gemeente,\x1b\x08")
    mail = ingest(tenant_a, content)
    assert mail.status == InboundMail.Status.ACCEPTED
    assert mail.subject == "Café \ufffd vraag over mijn afvalcontainer"
    assert "Beste gemeente," in mail.contact.question
    assert "\x00" not in mail.contact.question


def test_mangled_messages_never_raise_and_are_always_kept(tenant_a):
    import random

    rng = random.Random(2025)
    originals = [path.read_bytes() for path in FILES]
    with tenant_a.active():
        for number in range(60):
            content = bytearray(rng.choice(originals))
            for _ in range(rng.randrange(1, 20)):
                content[rng.randrange(len(content))] = rng.randrange(256)
            if number % 3 == 0:
                content = content[: rng.randrange(len(content))]
            mail, created = ingest_or_get(bytes(content), source=f"mangled-{number}")
            assert mail.status in ("accepted", "quarantined")
            if created:  # else the Message-ID survived and it is the first copy
                with mail.raw.open("rb") as stored:
                    assert stored.read() == content


# --- Failures and transactions -----------------------------------------------------------


def test_a_contact_that_cannot_be_written_leaves_the_message_in_quarantine(
    tenant_a, media, monkeypatch
):
    def broken(**kwargs):
        raise OperationalError("outbox is stuk")

    monkeypatch.setattr(mail_intake, "outbox_email_enqueue", broken)
    content = raw("pdf-attachment.eml")
    mail = assert_quarantined(
        tenant_a, content, "Het bericht kon niet als klantcontact worden vastgelegd."
    )
    # Only the original message is on disk: the attachment of the failed try is gone.
    assert stored_files(media) == [Path(mail.raw.path)]


def test_when_nothing_can_be_written_it_raises_and_leaves_no_files(tenant_a, media, monkeypatch):
    def broken(self, *args, **kwargs):
        raise OperationalError("database weg")

    monkeypatch.setattr(InboundMail, "save", broken)
    with tenant_a.active():
        with pytest.raises(OperationalError):
            ingest_message(raw("pdf-attachment.eml"))
        assert not InboundMail.objects.exists()
        assert not Contact.objects.exists()
    assert stored_files(media) == []


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
        ServiceNorm.objects.filter(product=tenant_a.product).update(
            amount=3, promise="binnen 3 werkdagen antwoord"
        )
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


def test_the_imap_command_says_when_the_server_is_unreachable(tenant_a, settings):
    import socket

    with socket.socket() as probe:  # a free port that nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MAIL_INTAKE_IMAP_HOST = "127.0.0.1"
    settings.MAIL_INTAKE_IMAP_PORT = port
    settings.MAIL_INTAKE_IMAP_SSL = False
    with pytest.raises(CommandError, match=f"De IMAP-server 127.0.0.1:{port} is niet bereikbaar"):
        call_command("ingest_mail", "--organisation", "a", "--imap", stdout=io.StringIO())


# --- IMAP, against a real Dovecot --------------------------------------------------------

IMAP_USER = "intake"
IMAP_PASSWORD = "test-geheim"
DOVECOT_CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = 1
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={mail_user} gid={mail_group} home={root}/home/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def dovecot():
    """A throw-away Dovecot (Debian package dovecot-imapd) on a free loopback port."""
    import grp
    import os
    import pwd
    import shutil
    import subprocess
    import tempfile
    import time as clock

    binary = shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/sbin")
    if binary is None:
        pytest.skip("Dovecot is not installed (Debian package dovecot-imapd)")
    root = Path(tempfile.mkdtemp(prefix="achterkant-dovecot-"))
    root.chmod(0o755)
    (root / "home").mkdir()
    if os.geteuid() == 0:
        # Dovecot runs its login and mail processes as unprivileged users: the package's own.
        try:
            mail_user = pwd.getpwnam("dovecot")
            pwd.getpwnam("dovenull")
        except KeyError:
            shutil.rmtree(root, ignore_errors=True)
            pytest.skip("The dovecot and dovenull users of the dovecot-core package are missing")
        names = {
            "internal_user": "dovecot", "internal_group": grp.getgrgid(mail_user.pw_gid).gr_name,
            "login_user": "dovenull", "mail_user": mail_user.pw_uid, "mail_group": mail_user.pw_gid,
        }  # fmt: skip
        os.chown(root / "home", mail_user.pw_uid, mail_user.pw_gid)
    else:
        me = pwd.getpwuid(os.getuid())
        group = grp.getgrgid(os.getgid()).gr_name
        names = {
            "internal_user": me.pw_name, "internal_group": group, "login_user": me.pw_name,
            "mail_user": me.pw_uid, "mail_group": os.getgid(),
        }  # fmt: skip
    port = _free_port()
    config = root / "dovecot.conf"
    config.write_text(DOVECOT_CONFIG.format(root=root, port=port, password=IMAP_PASSWORD, **names))
    process = subprocess.Popen(  # noqa: S603 - our own binary and config
        [binary, "-F", "-c", str(config)],
        stdout=subprocess.DEVNULL, stderr=(root / "stderr.log").open("wb"),
    )  # fmt: skip
    try:
        deadline = clock.monotonic() + 20
        while True:
            try:
                imaplib.IMAP4("127.0.0.1", port, timeout=5).logout()
                break
            except OSError:
                if process.poll() is not None or clock.monotonic() > deadline:
                    log = (root / "stderr.log").read_text(errors="replace")
                    if (root / "dovecot.log").exists():
                        log += (root / "dovecot.log").read_text(errors="replace")
                    pytest.skip(f"Dovecot could not be started: {log[-800:]}")
                clock.sleep(0.1)
        yield {"host": "127.0.0.1", "port": port, "user": IMAP_USER, "password": IMAP_PASSWORD}
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)


import imaplib  # noqa: E402 - used by the fixture above and the tests below


def mailbox_client(server) -> imaplib.IMAP4:
    client = imaplib.IMAP4(server["host"], server["port"], timeout=10)
    client.login(server["user"], server["password"])
    return client


def append(server, names, mailbox="INBOX", date_time=None) -> None:
    client = mailbox_client(server)
    try:
        for name in names:
            status, _ = client.append(mailbox, None, date_time, raw(name))
            assert status == "OK"
    finally:
        client.logout()


def search(server, criterion: str, mailbox="INBOX") -> list[bytes]:
    client = mailbox_client(server)
    try:
        client.select(mailbox, readonly=True)
        status, data = client.uid("SEARCH", None, criterion)
        assert status == "OK"
        return data[0].split()
    finally:
        client.logout()


def run_imap(tenant, server, **overrides):
    arguments = {**server, "use_ssl": False, "timeout": 10, **overrides}
    with tenant.active():
        return mail_intake.ingest_imap(**arguments)


IMAP_FILES = [
    "plain.eml", "alternative-qp.eml", "pdf-attachment.eml", "no-from.eml", "auto-reply.eml",
    "windows-1252.eml",
]  # fmt: skip


def test_imap_ingests_unread_mail_marks_it_seen_and_a_second_run_finds_nothing(tenant_a, dovecot):
    append(dovecot, IMAP_FILES)
    assert len(search(dovecot, "UNSEEN")) == len(IMAP_FILES)
    report = run_imap(tenant_a, dovecot)
    assert (report.accepted, report.quarantined, report.duplicates) == (5, 1, 0)
    assert search(dovecot, "UNSEEN") == []
    assert len(search(dovecot, "SEEN")) == len(IMAP_FILES)
    with tenant_a.active():
        contacts = Contact.objects.order_by("pk")
        assert [c.subject for c in contacts][:2] == [
            "Vraag over mijn afvalcontainer", "Parkeervergunning aanvragen – vraag",
        ]  # fmt: skip
        assert contacts[0].bsn == BSN_A
        assert ContactAttachment.objects.get().file_name == "aanvraag.pdf"
        assert InboundMail.objects.get(status="quarantined").subject == "Van niemand"
        # The IMAP bytes are the appended bytes (line endings as the server keeps them).
        stored = InboundMail.objects.get(message_id="<pdf-6@example.nl>")
        with stored.raw.open("rb") as handle:
            assert handle.read().replace(b"\r\n", b"\n") == raw("pdf-attachment.eml")
        # Acknowledged: everyone but the auto-reply and the quarantined message.
        assert OutboxMessage.objects.count() == 4
    again = run_imap(tenant_a, dovecot)
    assert (again.accepted, again.quarantined, again.duplicates) == (0, 0, 0)
    with tenant_a.active():
        assert Contact.objects.count() == 5


def test_imap_uses_the_servers_receipt_time_for_the_norm(tenant_a, dovecot):
    friday = datetime(2025, 10, 3, 16, 0, tzinfo=AMSTERDAM)
    append(dovecot, ["plain.eml"], date_time=friday)
    run_imap(tenant_a, dovecot)
    with tenant_a.active():
        contact = Contact.objects.get()
        assert contact.started_at == friday
        assert contact.inbound_mail.received_at == friday
        # Two working days from Friday: the end of Tuesday.
        assert contact.response_due_at == datetime(2025, 10, 7, 23, 59, 59, 999999, AMSTERDAM)


def test_a_message_is_marked_seen_only_after_it_is_stored(tenant_a, dovecot, monkeypatch):
    append(dovecot, ["plain.eml", "alternative-qp.eml", "latin1.eml"])
    real = mail_intake.ingest_or_get
    calls = []

    def fail_on_the_second(content, **kwargs):
        calls.append(kwargs["source"])
        if len(calls) == 2:
            raise OperationalError("database weg")
        return real(content, **kwargs)

    monkeypatch.setattr(mail_intake, "ingest_or_get", fail_on_the_second)
    with pytest.raises(OperationalError):
        run_imap(tenant_a, dovecot)
    # The first is stored and seen; the failed one and the rest are still unread.
    assert len(search(dovecot, "SEEN")) == 1
    assert len(search(dovecot, "UNSEEN")) == 2
    with tenant_a.active():
        assert Contact.objects.count() == 1
    monkeypatch.setattr(mail_intake, "ingest_or_get", real)
    report = run_imap(tenant_a, dovecot)
    assert (report.accepted, report.duplicates) == (2, 0)
    assert search(dovecot, "UNSEEN") == []


def test_an_unread_copy_of_a_stored_message_is_a_duplicate_and_gets_marked(tenant_a, dovecot):
    with tenant_a.active():
        ingest_message(raw("plain.eml"))
    client = mailbox_client(dovecot)
    client.create('"Gemeente post"')
    client.logout()
    append(dovecot, ["plain.eml", "latin1.eml"], mailbox='"Gemeente post"')
    report = run_imap(tenant_a, dovecot, mailbox="Gemeente post")
    assert (report.accepted, report.duplicates) == (1, 1)
    assert search(dovecot, "UNSEEN", mailbox='"Gemeente post"') == []
    with tenant_a.active():
        assert Contact.objects.count() == 2


def test_imap_errors_are_reported_in_dutch(tenant_a, dovecot):
    with pytest.raises(mail_intake.MailIntakeError, match="De map Bestaat-niet kan niet open"):
        run_imap(tenant_a, dovecot, mailbox="Bestaat-niet")
    # Last: after a failed log-in Dovecot slows down further log-ins from the same address.
    with pytest.raises(mail_intake.MailIntakeError, match="Inloggen als intake is mislukt"):
        run_imap(tenant_a, dovecot, password="fout")


def test_the_command_reads_the_mailbox_from_settings(tenant_a, dovecot, settings):
    append(dovecot, ["plain.eml", "no-from.eml"])
    settings.MAIL_INTAKE_IMAP_HOST = dovecot["host"]
    settings.MAIL_INTAKE_IMAP_PORT = dovecot["port"]
    settings.MAIL_INTAKE_IMAP_USER = dovecot["user"]
    settings.MAIL_INTAKE_IMAP_PASSWORD = dovecot["password"]
    settings.MAIL_INTAKE_IMAP_SSL = False
    out = io.StringIO()
    call_command("ingest_mail", "--organisation", "a", "--imap", stdout=out)
    assert out.getvalue().strip() == (
        "Gemeente A: Verwerkt: 1, in quarantaine: 1, al eerder ontvangen: 0."
    )
