"""Documents attached to cases: checked by their real bytes, stored with a checksum."""

import hashlib

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.models import Case, Document
from achterkant.cases.services.common import authorize, emit_case_event, ensure_open, lock_case
from achterkant.catalog.models import DocumentType
from achterkant.identity.actors import user_of

# What we accept, by content sniffed from the bytes (never by file name or browser claim).
ALLOWED_CONTENT_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (docx)",
    "application/vnd.oasis.opendocument.text": "OpenDocument-tekst (odt)",
}


def sniff_content_type(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def check_upload(upload: UploadedFile) -> str:
    """Return the real content type, or raise a Dutch error that says what is allowed."""
    limit = settings.DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            {"file": f"Het bestand is te groot ({filesizeformat(upload.size)}). "
                     f"Het mag maximaal {filesizeformat(limit)} zijn."},
            code="too_large",
        )  # fmt: skip
    if upload.size == 0:
        raise ValidationError({"file": "Het bestand is leeg."}, code="empty")
    content_type = sniff_content_type(upload)
    if content_type not in ALLOWED_CONTENT_TYPES:
        allowed = ", ".join(ALLOWED_CONTENT_TYPES.values())
        raise ValidationError(
            {"file": f"Dit soort bestand kunnen we niet aannemen. Gebruik {allowed}."},
            code="forbidden_type",
        )
    return content_type


def sha256_of(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def save_with_file(instance, upload: UploadedFile, *, then=None):
    """Store the bytes (named by the instance's checksum), then the row, then ``then()``.

    If the row or ``then`` fails, the bytes are removed again. A rollback of an outer
    transaction can still leave an unreferenced file, named by its checksum only.
    """
    instance.file.save(instance.sha256, upload, save=False)
    try:
        instance.save()
        if then is not None:
            then()
    except Exception:
        instance.file.delete(save=False)
        raise
    return instance


@transaction.atomic
def add_document(
    *,
    actor,
    case: Case,
    upload: UploadedFile,
    title: str,
    document_type: DocumentType | None = None,
) -> Document:
    """Attach a file to the case. Nothing is stored when any check fails.

    Staff attach to any case; the applicant only to their own (an answer, a web request).
    """
    actor = authorize(actor, "cases.change_case", case=case, owner_may=True)
    case = lock_case(case)
    ensure_open(actor=actor, case=case)
    return store_document(actor=actor, case=case, upload=upload, title=title,
                          document_type=document_type)  # fmt: skip


def store_document(
    *, actor, case: Case, upload: UploadedFile, title: str, document_type=None
) -> Document:
    """Check and store one file of ``case``, logged and announced. The caller has checked
    that ``actor`` may: ``add_document``, or ``open_case`` for the files it came with."""
    if (
        document_type is not None
        and not case.case_type.document_type_links.filter(document_type=document_type).exists()
    ):
        raise ValidationError({"document_type": "Dit documenttype hoort niet bij deze zaak."})
    content_type = check_upload(upload)
    document = Document(
        case=case,
        document_type=document_type,
        title=(title or upload.name or "Document")[:200],
        file_name=(upload.name or "")[:255],
        content_type=content_type,
        size=upload.size,
        sha256=sha256_of(upload),
        confidentiality=document_type.confidentiality if document_type else case.confidentiality,
        uploaded_by=user_of(actor),
    )
    document.organisation = case.organisation
    document = save_with_file(
        document,
        upload,
        then=lambda: processing_log_record(
            actor=actor,
            action=Action.CREATE,
            bsns=[case.initiator_bsn],
            purpose=Purpose.CASE_HANDLING,
            object_type="document",
            object_id=case.number,
        ),
    )
    emit_case_event(
        actor=actor, case=case, resource="zaakinformatieobject", action="create",
        reference=document.pk,
    )  # fmt: skip
    return document
