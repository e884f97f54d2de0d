"""E-mail intake of messages that cannot or will not be read: quarantine, bombs, failures."""

import hashlib
from pathlib import Path

import pytest
from django.db import OperationalError

from achterkant.audit.models import ProcessingLogEntry
from achterkant.contacts.mail_intake import ingest_message, ingest_or_get
from achterkant.contacts.models import Contact, ContactAttachment, InboundMail
from achterkant.contacts.services import receive
from achterkant.notify.models import OutboxMessage
from tests.contacts.mail_helpers import FILES, PLAIN, ingest, raw, stored_files


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


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

    monkeypatch.setattr(receive, "message_enqueue", broken)
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
