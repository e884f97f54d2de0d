"""The one upload check (issue 12, defect 11): polyglots, zip bombs, the virus scanner, and
downloads that a browser can never run as a page."""

import io
import os
import socket
import socketserver
import struct
import tempfile
import threading
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from achterkant.cases.models import Document
from achterkant.cases.services import add_document, documents, virus_scan
from achterkant.cases.services.documents import check_upload
from achterkant.contacts.models import ContactAttachment, InboundMail
from tests.contacts.mail_helpers import ingest
from tests.portal.test_portal import PDF, log_in

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
POLYGLOT = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n" + PDF[9:]
# The EICAR anti-virus test file: harmless, and every scanner reports it.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CLAMD_SOCKET = ""
    settings.CLAMD_HOST = ""
    return tmp_path / "media"


def upload(content: bytes, name: str = "bestand") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refused(content: bytes, message: str, name: str = "bestand") -> None:
    with pytest.raises(ValidationError, match=message):
        check_upload(upload(content, name))


def docx(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A zip shaped like a docx: filetype sees word/ as the first entry."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in {"word/document.xml": b"<w:document/>", **members}.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", ODT.encode(), compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", b"<office:document-content/>" * 100,
                         compress_type=zipfile.ZIP_DEFLATED)  # fmt: skip
    return buffer.getvalue()


# --- Polyglots ---------------------------------------------------------------------------


def test_an_ordinary_pdf_png_docx_and_odt_pass():
    assert check_upload(upload(PDF)) == "application/pdf"
    assert check_upload(upload(PNG)) == "image/png"
    assert check_upload(upload(docx({"word/styles.xml": b"<w:styles/>" * 1000}))) == DOCX
    assert check_upload(upload(odt())) == ODT


def test_a_pdf_that_mentions_script_outside_html_or_past_64_kib_passes():
    # Words and PDF JavaScript are no HTML; the scan stops at 64 KiB (documented).
    text = b"1 0 obj << /S /JavaScript /JS (app.alert('script')) >> endobj\n"
    assert check_upload(upload(PDF + text)) == "application/pdf"
    late = PDF + b"0" * (64 * 1024) + b"(<script>) Tj\n"
    assert check_upload(upload(late)) == "application/pdf"


@pytest.mark.parametrize(
    "content",
    [
        POLYGLOT,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n<!DOCTYPE html>\n" + PDF,
        b"%PDF-1.4\n<BODY onload=x>\n" + PDF,
        b"%PDF-1.4\n<Html>\n" + PDF,
        b"%PDF-1.4\n<iframe src=x>\n" + PDF,
        PDF + b"0" * 5000 + b"<SCRIPT src=//evil>",  # past 1 KiB, within 64 KiB
        PNG + b"tEXtComment\x00<script>alert(1)</script>",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\xff\xfe\x00\x20<script>alert(1)</script>",
    ],
    ids=["polyglot", "doctype", "body", "html", "iframe", "late-script", "png", "jpeg"],
)
def test_a_pdf_or_image_with_html_in_it_is_refused(content):
    assert documents.sniff_content_type(upload(content)) in (
        "application/pdf", "image/png", "image/jpeg",
    )  # fmt: skip
    refused(content, "bevat HTML of een script")


def test_a_polyglot_case_document_is_refused_and_nothing_is_stored(tenant_a, _media):
    case = tenant_a.open_case()
    with tenant_a.active():
        with pytest.raises(ValidationError, match="bevat HTML of een script"):
            add_document(actor=tenant_a.staff["worker"], case=case, title="x",
                         upload=upload(POLYGLOT, "besluit.pdf"))  # fmt: skip
        assert not Document.objects.exists()
    assert not any(p.is_file() for p in _media.rglob("*"))


def test_a_polyglot_e_mail_attachment_is_skipped_and_noted(tenant_a):
    message = (
        (
            b"From: sophie@example.nl\r\nSubject: Bijlage\r\nMessage-ID: <poly@example.nl>\r\n"
            b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
            b"--b\r\nContent-Type: text/plain\r\n\r\nZie bijlage.\r\n"
            b"--b\r\nContent-Type: application/pdf\r\n"
            b'Content-Disposition: attachment; filename="brief.pdf"\r\n\r\n'
        )
        + POLYGLOT
        + b"\r\n--b--\r\n"
    )
    mail = ingest(tenant_a, message)
    assert mail.status == InboundMail.Status.ACCEPTED
    assert "brief.pdf: Het bestand bevat HTML of een script" in mail.contact.question
    with tenant_a.active():
        assert not ContactAttachment.objects.exists()


# --- Zip bombs in office files -------------------------------------------------------------


def test_a_docx_shaped_zip_bomb_is_refused_by_its_compression_ratio():
    bomb = docx({"word/media/image1.png": b"\x00" * (10 * 1024 * 1024)})
    assert len(bomb) < 100 * 1024  # ~10 MiB packed over 100:1
    refused(bomb, "mogelijk een zipbom")


def test_an_office_file_that_unpacks_past_the_limit_is_refused(settings):
    settings.DOCUMENT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    refused(docx({"word/media/image1.jpg": os.urandom(600 * 1024),
                  "word/media/image2.jpg": os.urandom(600 * 1024)}),
            "mogelijk een zipbom")  # fmt: skip
    settings.DOCUMENT_MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024
    assert check_upload(upload(docx({"word/media/image1.jpg": os.urandom(600 * 1024)}))) == DOCX


def test_sizes_that_lie_in_the_zip_directory_are_caught_when_decompressing(settings):
    """The directory says 10 bytes, the member holds 200 KiB: the CRC check fails."""
    honest = docx({"word/media/big.bin": b"a" * 200 * 1024})
    real = struct.pack("<L", 200 * 1024)
    assert honest.count(real) == 2  # local header and central directory
    liar = honest.replace(real, struct.pack("<L", 10))
    refused(liar, "beschadigd")


def test_an_office_file_with_absurdly_many_entries_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "ZIP_MAX_ENTRIES", 5)
    refused(docx({f"word/part{n}.xml": b"x" for n in range(10)}), "te veel onderdelen")


def test_a_docx_shaped_file_that_is_no_valid_zip_is_refused():
    good = docx({"word/styles.xml": b"<w:styles/>" * 1000})
    refused(good[: len(good) // 2], "beschadigd")


# --- Downloads -----------------------------------------------------------------------------

SANDBOX = "sandbox; default-src 'none'"


def test_staff_and_citizen_downloads_are_sandboxed_attachments(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        document = add_document(actor=tenant_a.staff["worker"], case=case, title="Besluit",
                                upload=upload(PDF, "besluit.pdf"))  # fmt: skip
    staff = tenant_a.client("agent").get(f"/desk/zaken/{case.number}/documenten/{document.pk}/")
    citizen = tenant_a.client()
    log_in(citizen, tenant_a.person.bsn)
    own = citizen.get(f"/mijn/documenten/{document.pk}/")
    for response in (staff, own):
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == SANDBOX


# --- The virus scanner (clamd INSTREAM), faked at the socket ---------------------------------


class FakeClamd(socketserver.StreamRequestHandler):
    """Speaks clamd's INSTREAM: reads the length-prefixed chunks and answers like clamd."""

    received: list[bytes] = []
    answer: bytes | None = None  # a fixed answer instead of looking for EICAR

    def handle(self):
        command = b""
        while not command.endswith(b"\0"):
            command += self.rfile.read(1)
        assert command == b"zINSTREAM\0"
        data = b""
        while size := struct.unpack("!L", self.rfile.read(4))[0]:
            data += self.rfile.read(size)
        self.received.append(data)
        if self.answer is not None:
            reply = self.answer
        elif EICAR in data:
            reply = b"stream: Eicar-Test-Signature FOUND"
        else:
            reply = b"stream: OK"
        self.wfile.write(reply + b"\0")


class TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True


class UnixServer(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True


def serve(server):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture
def clamd(settings):
    FakeClamd.received, FakeClamd.answer = [], None
    server = serve(TCPServer(("127.0.0.1", 0), FakeClamd))
    settings.CLAMD_HOST, settings.CLAMD_PORT = server.server_address
    yield FakeClamd
    server.shutdown()
    server.server_close()


def test_a_clean_upload_is_scanned_whole_and_passes(clamd):
    big = PDF + os.urandom(200 * 1024)  # more than one INSTREAM chunk
    assert check_upload(upload(big)) == "application/pdf"
    assert clamd.received == [big]


def test_an_infected_upload_is_refused(clamd):
    refused(PDF + EICAR, "bevat een virus")
    with pytest.raises(ValidationError, match="bevat een virus"):
        virus_scan.scan(upload(EICAR))


def test_a_scanner_error_refuses_the_upload(clamd):
    clamd.answer = b"INSTREAM size limit exceeded. ERROR"
    refused(PDF, "kan nu niet worden gecontroleerd op virussen, probeer het later opnieuw")


def test_a_configured_but_unreachable_scanner_fails_closed(settings):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        settings.CLAMD_HOST, settings.CLAMD_PORT = free.getsockname()
    # Nothing listens there now.
    refused(PDF, "kan nu niet worden gecontroleerd op virussen, probeer het later opnieuw")
    settings.CLAMD_HOST, settings.CLAMD_SOCKET = "", "/nonexistent/clamd.sock"
    refused(PDF, "probeer het later opnieuw")


def test_the_unix_socket_is_used_when_configured(settings):
    FakeClamd.received, FakeClamd.answer = [], None
    path = Path(tempfile.mkdtemp(prefix="clamd")) / "clamd.sock"
    server = serve(UnixServer(str(path), FakeClamd))
    try:
        settings.CLAMD_SOCKET = str(path)
        assert check_upload(upload(PDF)) == "application/pdf"
        refused(PDF + EICAR, "bevat een virus")
        assert FakeClamd.received == [PDF, PDF + EICAR]
    finally:
        server.shutdown()
        server.server_close()
        path.unlink(missing_ok=True)
        path.parent.rmdir()


def test_without_a_configured_scanner_nothing_is_scanned(settings, monkeypatch):
    def no_connection(*args, **kwargs):
        raise AssertionError("no scanner is configured")

    monkeypatch.setattr(virus_scan, "_connect", no_connection)
    assert check_upload(upload(PDF + EICAR)) == "application/pdf"
