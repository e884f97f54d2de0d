import hashlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from achterkant.cases.models import Document
from achterkant.cases.services import add_document
from achterkant.catalog.models import DocumentType

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.DOCUMENT_MAX_BYTES = 1024
    return tmp_path


def test_a_pdf_is_stored_with_its_real_type_and_checksum(tenant_a, _media):
    case = tenant_a.open_case()
    with tenant_a.active():
        document = add_document(
            actor=tenant_a.staff["worker"], case=case, title="Foto",
            upload=SimpleUploadedFile("foto.jpg", PDF, content_type="image/jpeg"),
        )  # fmt: skip
    assert document.content_type == "application/pdf"  # the bytes decide, not the name
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.size == len(PDF)
    with document.file.open("rb") as stored:
        assert stored.read() == PDF
    assert "foto" not in document.file.name


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00" + b"\x00" * 60, "aanvraag.pdf", "Dit soort bestand"),
        (b"gewone tekst", "brief.pdf", "Dit soort bestand"),
        (PDF + b"\x00" * 2000, "groot.pdf", "te groot"),
        (b"", "leeg.pdf", "leeg"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(tenant_a, _media, content, name, message):
    case = tenant_a.open_case()
    with tenant_a.active():
        with pytest.raises(ValidationError, match=message):
            add_document(actor=tenant_a.staff["worker"], case=case, title="x",
                         upload=SimpleUploadedFile(name, content))  # fmt: skip
        assert not Document.objects.exists()
    assert not any(p.is_file() for p in _media.rglob("*"))


def test_png_is_accepted(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        document = add_document(actor=tenant_a.staff["worker"], case=case, title="Foto",
                                upload=SimpleUploadedFile("foto.png", PNG))  # fmt: skip
    assert document.content_type == "image/png"


def test_a_document_type_not_linked_to_the_case_type_is_refused(tenant_a, _media):
    case = tenant_a.open_case()
    with tenant_a.active():
        loose = DocumentType.objects.create(
            catalogue=tenant_a.case_type.catalogue, description="Los", category="los",
            confidentiality="intern", valid_from=date(2020, 1, 1),
        )  # fmt: skip
        with pytest.raises(ValidationError, match="hoort niet bij deze zaak"):
            add_document(actor=tenant_a.staff["worker"], case=case, title="x",
                         document_type=loose, upload=SimpleUploadedFile("a.pdf", PDF))  # fmt: skip
        assert not Document.objects.exists()
    assert not any(p.is_file() for p in _media.rglob("*"))
