"""Documents attached to cases: checked by their real bytes, stored with a checksum."""

import hashlib
import re
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.models import Case, CaseDocument, Document
from achterkant.cases.services import virus_scan
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


# Plain text has no signature to sniff: it is recognised by its bytes (UTF-8, no control
# characters but tab, line ends and form feed). Only a caller that allows it gets it.
TEXT_PLAIN = "text/plain"
_TEXT_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _refused(message: str, code: str) -> ValidationError:
    """A refusal of the file, with its code on the field (the API shows it per field)."""
    return ValidationError({"file": ValidationError(message, code=code)})


def _looks_like_text(upload: UploadedFile) -> bool:
    head = _head(upload, 8192)
    if _TEXT_CONTROL.search(head):
        return False
    # A multi-byte character may be cut at the end of the sample.
    for cut in range(4):
        try:
            head[: len(head) - cut].decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    return False


def check_upload(upload: UploadedFile, *, allowed: dict[str, str] | None = None) -> str:
    """Return the real content type, or raise a Dutch error that says what is allowed.

    The one check for every upload (case documents, contact attachments, e-loket files,
    e-mail attachments and the Documenten API): size, type sniffed from the bytes, no HTML
    hidden in a PDF or image (:func:`_refuse_hidden_html`), no zip bomb in an office file
    (:func:`_refuse_zip_bomb`), and the virus scanner when one is configured.

    ``allowed`` (content type -> name) replaces :data:`ALLOWED_CONTENT_TYPES` for a channel
    that accepts more (the Documenten API: ``DOCUMENTEN_API_EXTRA_CONTENT_TYPES``); every
    other check stays the same.
    """
    allowed = ALLOWED_CONTENT_TYPES if allowed is None else allowed
    limit = settings.DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise _refused(
            f"Het bestand is te groot ({filesizeformat(upload.size)}). "
            f"Het mag maximaal {filesizeformat(limit)} zijn.",
            "too_large",
        )
    if upload.size == 0:
        raise _refused("Het bestand is leeg.", "empty")
    content_type = sniff_content_type(upload)
    if content_type is None and TEXT_PLAIN in allowed and _looks_like_text(upload):
        content_type = TEXT_PLAIN
    if content_type not in allowed:
        names = ", ".join(allowed.values())
        raise _refused(
            f"Dit soort bestand kunnen we niet aannemen. Gebruik {names}.", "forbidden_type"
        )
    _refuse_hidden_html(upload, content_type)
    if content_type in ZIP_CONTENT_TYPES:
        _refuse_zip_bomb(upload)
    virus_scan.scan(upload)
    return content_type


# --- Polyglots: a PDF or image that a browser could also read as HTML ---------------------
#
# The rule: refuse when the first 1 KiB (where browsers and other content sniffers look)
# holds an HTML start (``<!doctype html``, ``<html``, ``<head``, ``<body``, ``<script``,
# ``<iframe``), or when a PDF, PNG or JPEG holds ``<script`` anywhere in its first 64 KiB.
# Case-insensitive, on the raw bytes. An ordinary PDF holds neither: its text and
# JavaScript (``/JS``) live in PDF objects, its streams are compressed, and images keep
# text only in metadata. Downloads are also served as attachments with ``nosniff`` and a
# sandboxing CSP, so this is the second line, not the only one.
HTML_SNIFF_BYTES = 1024
SCRIPT_SCAN_BYTES = 64 * 1024
_HTML_START = re.compile(rb"(?i)<(?:!doctype\s+html|html|head|body|script|iframe)[\s>/]")
_SCRIPT = re.compile(rb"(?i)<script[\s>/]")
_SCRIPT_SCANNED_TYPES = {"application/pdf", "image/png", "image/jpeg"}
_HIDDEN_HTML = (
    "Het bestand bevat HTML of een script, zodat een browser het als webpagina kan "
    "openen. Dat nemen we niet aan."
)


def _head(upload: UploadedFile, size: int) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _refuse_hidden_html(upload: UploadedFile, content_type: str) -> None:
    head = _head(upload, SCRIPT_SCAN_BYTES)
    if _HTML_START.search(head, 0, HTML_SNIFF_BYTES) or (
        content_type in _SCRIPT_SCANNED_TYPES and _SCRIPT.search(head)
    ):
        raise _refused(_HIDDEN_HTML, "hidden_html")


# --- Office files are zip containers: refuse zip bombs without extracting anything ------

ZIP_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
}
DEFAULT_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
ZIP_MAX_ENTRIES = 10_000
ZIP_MAX_RATIO = 100  # uncompressed : compressed, for a member over ZIP_RATIO_MIN_BYTES
ZIP_RATIO_MIN_BYTES = 5 * 1024 * 1024
_ZIP_READ_CHUNK = 1024 * 1024


def _refuse_zip_bomb(upload: UploadedFile) -> None:
    """Read the zip's directory, then decompress every member in memory, counting (never
    to disk): refuse a damaged zip, too many entries, more than
    ``DOCUMENT_MAX_UNCOMPRESSED_BYTES`` in all, or one large member packed over 100:1.
    Decompressing checks each member's CRC, so sizes that lie in the directory are caught
    too; the work stops at the limit."""
    limit = getattr(settings, "DOCUMENT_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES)
    damaged = _refused(
        "Het bestand is beschadigd: het is geen geldig Word- of OpenDocument-bestand.", "damaged"
    )
    bomb = _refused(
        "Het bestand wordt uitgepakt veel te groot (mogelijk een zipbom); dat nemen we niet aan.",
        "zip_bomb",
    )
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload.file) as archive:
            members = archive.infolist()
            if len(members) > ZIP_MAX_ENTRIES:
                raise _refused(
                    f"Het bestand bevat te veel onderdelen ({len(members)}).", "zip_entries"
                )
            if sum(m.file_size for m in members) > limit:
                raise bomb
            for member in members:
                if member.file_size > ZIP_RATIO_MIN_BYTES and (
                    member.file_size > ZIP_MAX_RATIO * max(member.compress_size, 1)
                ):
                    raise bomb
            total = 0
            for member in members:
                if member.is_dir():
                    continue
                with archive.open(member) as data:
                    while chunk := data.read(_ZIP_READ_CHUNK):
                        total += len(chunk)
                        if total > limit:
                            raise bomb
    except ValidationError:
        raise
    except Exception as error:  # BadZipFile, a bad CRC, zlib.error, encryption, …
        raise damaged from error
    finally:
        upload.seek(0)


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
    shared_with_party: bool | None = None,
) -> Document:
    """Attach a file to the case. Nothing is stored when any check fails.

    Staff attach to any case; the applicant only to their own (an answer, a web request).
    ``shared_with_party``: the worker's choice whether the applicant may read it in Mijn
    gemeente (:func:`confidentiality_for`); ``None`` keeps what the type or case gives.
    """
    actor = authorize(actor, "cases.change_case", case=case, owner_may=True)
    case = lock_case(case)
    ensure_open(actor=actor, case=case)
    confidentiality = ""
    if shared_with_party is not None:
        confidentiality = confidentiality_for(
            case=case, document_type=document_type, shared=shared_with_party
        )
    return store_document(actor=actor, case=case, upload=upload, title=title,
                          document_type=document_type,
                          confidentiality=confidentiality)  # fmt: skip


def shared_by_default(*, case: Case, document_type: DocumentType | None = None) -> bool:
    """Whether a document added to ``case`` without a choice reaches the applicant: its
    type's (else the case's) confidentiality is one the portal shows. What the desk's
    form proposes."""
    from achterkant.cases.selectors import SHARED_WITH_INITIATOR

    level = document_type.confidentiality if document_type else case.confidentiality
    return level in SHARED_WITH_INITIATOR


def confidentiality_for(*, case: Case, document_type: DocumentType | None, shared: bool) -> str:
    """The vertrouwelijkheidaanduiding that carries the worker's choice. The portal shows
    a document by this level (``selectors.shared_with_initiator``), so the choice *is* the
    level: the type's or case's own level when it already says the same, else
    zaakvertrouwelijk (shared with those involved) or intern (staff only)."""
    from achterkant.catalog.models import Confidentiality

    level = document_type.confidentiality if document_type else case.confidentiality
    if shared_by_default(case=case, document_type=document_type) == shared:
        return level
    return Confidentiality.ZAAKVERTROUWELIJK if shared else Confidentiality.INTERN


def store_document(
    *, actor, case: Case, upload: UploadedFile, title: str, document_type=None,
    confidentiality: str = "", origin: str = "",
) -> Document:  # fmt: skip
    """Check and store one file of ``case``, logged and announced. The caller has checked
    that ``actor`` may: ``add_document``, or ``open_case`` for the files it came with.

    The document is an informatieobject of the Documenten API at once: version 1, linked to
    the case by a zaakinformatieobject (``CaseDocument``) that carries the document's uuid,
    announced on the ``documenten`` and ``zaken`` kanalen. ``confidentiality`` and
    ``origin`` replace what the actor and type would give (a letter we generate is ours and
    addressed to the applicant, whoever recorded the decision)."""
    from achterkant.cases.services import informationobjects

    if (
        document_type is not None
        and not case.case_type.document_type_links.filter(document_type=document_type).exists()
    ):
        raise ValidationError({"document_type": "Dit documenttype hoort niet bij deze zaak."})
    content_type = check_upload(upload)
    staff_user = user_of(actor)
    document = Document(
        case=case,
        document_type=document_type,
        title=(title or upload.name or "Document")[:200],
        file_name=(upload.name or "")[:255],
        content_type=content_type,
        size=upload.size,
        sha256=sha256_of(upload),
        confidentiality=confidentiality
        or (document_type.confidentiality if document_type else case.confidentiality),
        uploaded_by=staff_user,
        origin=origin
        or (Document.Origin.STAFF if staff_user is not None else Document.Origin.PARTY),
        source_organisation=case.responsible_organisation_rsin[:9],
        created_on=timezone.localdate(),
        author=(str(staff_user) if staff_user is not None else "")[:200],
        # A file that staff or the applicant add to the case carries no restriction beyond
        # consultation (indicatieGebruiksrecht false); only an API client may leave it
        # unknown, and then the case cannot close until it is set (zrc-007q).
        usage_rights=False,
    )
    document.organisation = case.organisation

    def _then() -> None:
        informationobjects.record_version(document)
        link = CaseDocument(case=case, document=document, title=document.title)
        # The zaakinformatieobject of a file added here carries the document's uuid, as
        # those made before the Documenten API do (migration 0011).
        link.uuid = document.uuid
        link.organisation = case.organisation
        link.save()
        processing_log_record(
            actor=actor,
            action=Action.CREATE,
            bsns=[case.initiator_bsn],
            purpose=Purpose.CASE_HANDLING,
            object_type="document",
            object_id=case.number,
        )

    informationobjects.assign_identification(document)
    document = save_with_file(document, upload, then=_then)
    informationobjects.emit_document_events(
        actor=actor, document=document, events=[("enkelvoudiginformatieobject", "create", document)]
    )
    emit_case_event(
        actor=actor, case=case, resource="zaakinformatieobject", action="create",
        reference=str(document.uuid),
    )  # fmt: skip
    return document
