"""Mail bombs are refused from the raw bytes, before the full parse (issue 12, defect 9)."""

import hashlib

import pytest

from achterkant.contacts.mail import parsing
from achterkant.contacts.models import Contact, ContactAttachment, InboundMail
from tests.contacts.mail_helpers import ingest

HEAD = (
    b"From: bom@example.org\r\nSubject: Veel\r\nMIME-Version: 1.0\r\n"
    b"Message-ID: <bom-%d@example.org>\r\n"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def no_full_parse(monkeypatch):
    """The full parser fails the test if it is reached at all."""
    calls = []

    def refuse(raw):
        calls.append(len(raw))
        raise AssertionError("the full parser was called")

    monkeypatch.setattr(parsing, "_parse_full", refuse)
    return calls


def bomb(parts: int, *, content_type: bool = False, boundary: bytes = b"x",
         declaration: bytes | None = None, newline: bytes = b"\r\n") -> bytes:  # fmt: skip
    """A multipart message of ``parts`` empty parts (by default without a Content-Type)."""
    part = b"--" + boundary + newline
    if content_type:
        part += b"Content-Type: text/plain" + newline
    part += newline
    declaration = declaration or b"boundary=" + boundary
    head = HEAD % parts + b"Content-Type: multipart/mixed; " + declaration + b"\r\n\r\n"
    return (head + part * parts + b"--" + boundary + b"--" + newline).replace(b"\r\n", newline)


def assert_quarantined_unparsed(tenant, content: bytes, reason: str, calls) -> InboundMail:
    mail = ingest(tenant, content)
    assert mail.status == InboundMail.Status.QUARANTINED
    assert reason in mail.quarantine_reason
    assert calls == []  # refused by the pre-scan
    with mail.raw.open("rb") as stored:
        assert stored.read() == content  # kept as for any quarantined message
    assert mail.sha256 == hashlib.sha256(content).hexdigest()
    with tenant.active():
        assert not Contact.objects.exists()
    return mail


TOO_MANY = "Het bericht bestaat uit te veel onderdelen (meer dan 100); mogelijk een mailbom."


def test_100000_empty_parts_without_content_type_are_refused_before_parsing(
    tenant_a, no_full_parse
):
    content = bomb(100_000)
    assert b"Content-Type: text" not in content and len(content) > 500_000
    mail = assert_quarantined_unparsed(tenant_a, content, TOO_MANY, no_full_parse)
    assert mail.from_address == "bom@example.org"  # from the headers, for the agent


def test_the_message_from_the_issue_a_million_parts_is_caught_by_the_pre_scan(
    tenant_a, no_full_parse
):
    content = bomb(1_000_000)
    assert len(content) > 6_000_000
    assert_quarantined_unparsed(tenant_a, content, TOO_MANY, no_full_parse)


@pytest.mark.parametrize(
    ("declaration", "boundary", "newline"),
    [
        (b'boundary="a b\\"c"', b'a b"c', b"\r\n"),  # quoted, with an escape
        (b"BOUNDARY = x", b"x", b"\n"),  # spaces, upper case, LF only
        (b"boundary=x", b"x", b"\r"),  # lone CR line endings, as Python's parser splits
        (b"boundary*=us-ascii'en'%41b", b"Ab", b"\r\n"),  # RFC 2231 encoded
        (b'boundary*0="ab"; boundary*1="cd"', b"abcd", b"\r\n"),  # RFC 2231 continuation
    ],
)
def test_every_way_to_declare_the_boundary_is_counted(
    tenant_a, no_full_parse, declaration, boundary, newline
):
    content = bomb(500, boundary=boundary, declaration=declaration, newline=newline)
    assert_quarantined_unparsed(tenant_a, content, TOO_MANY, no_full_parse)


def test_the_pre_scan_counts_what_the_parser_counts(tenant_a):
    """The same ways of declaring a boundary, under the limit, parse into those parts."""
    for declaration, boundary in ((b"boundary*=us-ascii'en'%41b", b"Ab"),
                                  (b'boundary*0="ab"; boundary*1="cd"', b"abcd")):  # fmt: skip
        message = parsing._parse_full(bomb(5, boundary=boundary, declaration=declaration))
        assert parsing._walk(message) == (6, 2)


def test_lines_that_only_look_like_delimiters_are_not_counted(tenant_a):
    content = bomb(1, content_type=True).replace(
        b"\r\n\r\n--x--", b"\r\n" + b"-- \r\n--y\r\n------\r\n" * 200 + b"\r\n--x--"
    )
    mail = ingest(tenant_a, content)
    assert mail.status == InboundMail.Status.ACCEPTED


def test_deep_nesting_is_refused_before_parsing(tenant_a, no_full_parse, settings):
    settings.MAIL_INTAKE_MAX_PARTS = 1_000_000
    body = b"Content-Type: text/plain\r\n\r\nBoem\r\n"
    for level in range(20):
        boundary = b"n%d" % level
        body = (b"Content-Type: multipart/mixed; boundary=" + boundary + b"\r\n\r\n--"
                + boundary + b"\r\n" + body + b"--" + boundary + b"--\r\n")  # fmt: skip
    content = HEAD % 1 + body
    assert_quarantined_unparsed(
        tenant_a, content, "te diep genest (21 niveaus, maximaal 10)", no_full_parse
    )


def test_too_many_header_fields_are_refused_before_parsing(tenant_a, no_full_parse, settings):
    settings.MAIL_INTAKE_MAX_HEADERS = 50
    content = bomb(1).replace(b"--x\r\n\r\n", b"--x\r\n" + b"X-Veel: ja\r\n" * 60 + b"\r\n")
    assert_quarantined_unparsed(tenant_a, content, "te veel kopregels (meer dan 50)", no_full_parse)


def test_the_limits_follow_the_settings(tenant_a, settings, no_full_parse):
    settings.MAIL_INTAKE_MAX_PARTS = 10
    assert_quarantined_unparsed(
        tenant_a, bomb(10), "te veel onderdelen (meer dan 10)", no_full_parse
    )


def test_a_normal_multipart_message_with_attachments_still_passes(tenant_a, settings):
    settings.MAIL_INTAKE_MAX_PARTS = 6
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
    content = (
        HEAD % 0 + b"Content-Type: multipart/mixed; boundary=\"=_buiten\"\r\n\r\n"
        b"--=_buiten\r\nContent-Type: multipart/alternative; boundary=\"=_binnen\"\r\n\r\n"
        b"--=_binnen\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nZie de bijlagen.\r\n"
        b"--=_binnen\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Zie de bijlagen.</p>\r\n"
        b"--=_binnen--\r\n"
        b"--=_buiten\r\nContent-Type: application/pdf\r\n"
        b"Content-Disposition: attachment; filename=\"een.pdf\"\r\n\r\n" + pdf + b"\r\n"
        b"--=_buiten\r\nContent-Type: application/pdf\r\n"
        b"Content-Disposition: attachment; filename=\"twee.pdf\"\r\n\r\n" + pdf + b"\r\n"
        b"--=_buiten--\r\n"
    )  # fmt: skip
    # Six parts, exactly the limit: the message, the alternative and its two texts, two files.
    mail = ingest(tenant_a, content)
    assert mail.status == InboundMail.Status.ACCEPTED, mail.quarantine_reason
    assert "Zie de bijlagen." in mail.contact.question
    with tenant_a.active():
        assert sorted(ContactAttachment.objects.values_list("file_name", flat=True)) == [
            "een.pdf", "twee.pdf",
        ]  # fmt: skip
