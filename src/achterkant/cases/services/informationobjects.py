"""Informatieobjecten (the Documenten API 1.5): documents with versions, locks, usage
uploads in parts. Their usage rights and dispatches are in ``usage_rights`` and
``dispatches``, their links to cases in ``case_documents``.

A document is the desk's ``Document``; every change makes a new version (kept as a
``DocumentVersion``). The rules the standard gives, each refused with its code:

* a change needs the document locked and the lock id (``unlocked``, ``missing-lock-id``,
  ``incorrect-lock-id``), whatever its status (1.4 dropped "not definitief");
* ``ontvangstdatum`` does not go with status ``in_bewerking`` or ``ter_vaststelling``
  (``invalid_for_received``);
* ``indicatieGebruiksrecht`` true needs gebruiksrechten (``missing-gebruiksrechten``); it
  follows them: true while there are any, empty when the last goes;
* a document linked to a case (or a besluit) is not deleted (``pending-relations``);
* a file, whole or assembled from its parts, passes ``documents.check_upload``: the desk's
  rule, with the types of ``DOCUMENTEN_API_EXTRA_CONTENT_TYPES`` added.

Each change is logged (processing log, per BSN of the linked cases) and announced on the
``documenten`` kanaal in the same transaction; a link to a case also on ``zaken``.
"""

import math
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.models import (
    Case,
    Document,
    DocumentPart,
    DocumentVersion,
)
from achterkant.cases.services.common import authorize
from achterkant.cases.services.documents import ALLOWED_CONTENT_TYPES, check_upload, sha256_of
from achterkant.identity.actors import as_actor, user_of
from achterkant.notify.services import events_emit

CHANNEL = "documenten"
# The API attributes kept per version (DocumentVersion.fields); the file fields apart.
SNAPSHOT_FIELDS = (
    "identification", "source_organisation", "created_on", "title", "confidentiality",
    "author", "status", "content_type", "language", "file_name", "link", "description",
    "received_on", "sent_on", "usage_rights", "appearance", "signature", "integrity",
    "keywords", "content_expired", "document_type_id", "size",
)  # fmt: skip
_DATE_FIELDS = {"created_on", "received_on", "sent_on"}
# What a caller may set (the rest is the service's: version, lock, file, checksum).
WRITABLE = frozenset(SNAPSHOT_FIELDS) - {"document_type_id", "size"} | {"document_type"}
_NOT_RECEIVED = {Document.Status.IN_PROGRESS, Document.Status.FOR_APPROVAL}


def field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def api_content_types() -> dict[str, str]:
    """The types the Documenten API takes: the desk's, and those the operator adds."""
    extra = getattr(settings, "DOCUMENTEN_API_EXTRA_CONTENT_TYPES", ["text/plain"])
    return {**ALLOWED_CONTENT_TYPES, **{kind: kind for kind in extra}}


# --- versions -----------------------------------------------------------------------------


def _json(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def snapshot(document: Document) -> dict:
    """The API attributes of the document as they are now, JSON-ready."""
    return {name: _json(getattr(document, name)) for name in SNAPSHOT_FIELDS}


def as_of_version(document: Document, version: DocumentVersion) -> Document:
    """An unsaved copy of ``document`` as it was in ``version`` (for ``?versie=``)."""
    from datetime import date

    copy = Document(pk=document.pk, uuid=document.uuid, organisation_id=document.organisation_id)
    copy.case_id = document.case_id
    copy.lock = document.lock
    copy.uploaded_at = document.uploaded_at
    for name, value in version.fields.items():
        if name in _DATE_FIELDS and isinstance(value, str):
            value = date.fromisoformat(value)
        setattr(copy, name, value)
    copy.file = version.file.name
    copy.sha256 = version.sha256
    copy.size = version.size
    copy.version = version.number
    copy.registered_at = version.registered_at
    copy.shown_version = version
    return copy


def record_version(document: Document) -> DocumentVersion:
    """Keep the document's current state as its version ``document.version``."""
    version = DocumentVersion(
        document=document,
        number=document.version,
        fields=snapshot(document),
        file=document.file.name or "",
        file_name=document.file_name,
        content_type=document.content_type,
        size=document.size,
        sha256=document.sha256,
        registered_at=document.registered_at,
    )
    version.organisation_id = document.organisation_id
    version.save()
    return version


def assign_identification(document: Document) -> None:
    """An identificatie when none was given: unique, as the standard asks per
    bronorganisatie, and meaningless (no counter to guess)."""
    if not document.identification:
        document.identification = f"DOCUMENT-{document.uuid.hex[:12].upper()}"


# --- events and logging -------------------------------------------------------------------


def emit_document_events(*, actor, document: Document, events: Iterable[tuple]) -> None:
    """The domain events of one change (kanaal ``documenten``): each event
    ``(resource, action, row)``; the reference is the row's uuid."""
    events_emit(
        channel=CHANNEL,
        main_reference=str(document.uuid),
        events=[
            {"resource": resource, "action": action, "reference": str(row.uuid)}
            for resource, action, row in events
        ],
        attributes={
            "bronorganisatie": document.source_organisation,
            "informatieobjecttype": str(document.document_type.uuid)
            if document.document_type_id
            else "",
            "vertrouwelijkheidaanduiding": document.confidentiality,
        },
        actor=actor,
    )


def _log(*, actor, document: Document, action: Action) -> None:
    """The processing log: a document is personal data of the initiators of its cases."""
    bsns = list(
        Case.objects.filter(document_links__document=document).values_list(
            "initiator_bsn", flat=True
        )
    )
    if action == Action.READ and not any(bsns):
        return  # a document of no one's case: nobody's data was read
    processing_log_record(
        actor=actor,
        action=action,
        bsns=bsns,
        purpose=Purpose.CASE_HANDLING,
        object_type="document",
        object_id=document.identification,
    )


def log_document_read(*, actor, document: Document) -> None:
    """Log that ``actor`` read a document (its metadata or its file) of a person's case."""
    _log(actor=actor, document=document, action=Action.READ)


# --- rules --------------------------------------------------------------------------------


def _check_rules(document: Document, *, creating: bool) -> None:
    if document.received_on and document.status in _NOT_RECEIVED:
        raise field_error(
            "status",
            "Een document met een ontvangstdatum is niet 'in bewerking' of 'ter vaststelling'.",
            "invalid_for_received",
        )
    if document.usage_rights is True and (creating or not document.usage_rights_set.exists()):
        raise field_error(
            "usage_rights",
            "Leg eerst de gebruiksrechten vast; die zetten de indicatie gebruiksrecht.",
            "missing-gebruiksrechten",
        )
    if document.document_type_id and document.document_type.is_concept:
        raise field_error(
            "document_type", "Dit informatieobjecttype is nog niet gepubliceerd.", "not-published"
        )


def _check_lock(document: Document, lock: str | None) -> None:
    if not document.lock:
        raise field_error("__all__", "Vergrendel (lock) het document eerst.", "unlocked")
    if not lock:
        raise field_error("__all__", "Geef het lock-id van het document mee.", "missing-lock-id")
    if not secrets.compare_digest(str(lock), document.lock):
        raise field_error(
            "__all__", "Dit lock-id hoort niet bij het document.", "incorrect-lock-id"
        )


def _check_size(upload: UploadedFile | None, size: int | None) -> None:
    if upload is not None and size is not None and size != upload.size:
        raise field_error(
            "size",
            f"De bestandsomvang ({size}) is niet de grootte van de inhoud ({upload.size}).",
            "file-size",
        )


def _store(document: Document, upload: UploadedFile) -> None:
    """Check the file (the desk's rule, API types) and put it on the document."""
    content_type = check_upload(upload, allowed=api_content_types())
    document.content_type = content_type
    document.size = upload.size
    document.sha256 = sha256_of(upload)
    document.file.save(document.sha256, upload, save=False)


def _parts_for(document: Document, size: int) -> None:
    """An upload in parts: ``size`` bytes in parts of ``DOCUMENT_PART_BYTES``, each to
    be sent with the lock id; the file is joined when the document is unlocked."""
    _discard_parts(document)
    if size > settings.DOCUMENT_MAX_BYTES:
        raise field_error(
            "size",
            f"Het bestand is te groot ({size} bytes). "
            f"Het mag maximaal {settings.DOCUMENT_MAX_BYTES} bytes zijn.",
            "too_large",
        )
    chunk = settings.DOCUMENT_PART_BYTES
    count = max(1, math.ceil(size / chunk))
    for number in range(1, count + 1):
        part = DocumentPart(
            document=document,
            number=number,
            size=min(chunk, size - (number - 1) * chunk),
            lock=document.lock,
        )
        part.organisation_id = document.organisation_id
        part.save()


def _discard_parts(document: Document) -> None:
    for part in document.parts.all():
        if part.file:
            transaction.on_commit(lambda f=part.file: f.delete(save=False))
    document.parts.all().delete()


# --- informatieobjecten -------------------------------------------------------------------


@transaction.atomic
def document_create(
    *, actor, data: dict, upload: UploadedFile | None = None, size: int | None = None
) -> Document:
    """A new informatieobject (version 1), not yet linked to anything.

    With ``upload`` the file is checked and stored; without it but with a ``size``, the
    document is created locked for an upload in parts (``document.lock`` tells the id).
    """
    actor = authorize(actor, "cases.add_document", message="U mag geen documenten aanmaken.")
    unknown = set(data) - WRITABLE
    if unknown:
        raise ValueError(f"Not writable: {sorted(unknown)}")
    document = Document(**data)
    if not document.confidentiality and document.document_type_id:
        document.confidentiality = document.document_type.confidentiality
    document.created_on = document.created_on or timezone.localdate()
    document.origin = Document.Origin.API if user_of(actor) is None else Document.Origin.STAFF
    document.uploaded_by = user_of(actor)
    document.registered_at = timezone.now()
    assign_identification(document)
    _check_rules(document, creating=True)
    _check_size(upload, size)
    if upload is not None:
        _store(document, upload)
        document.file_name = document.file_name or (upload.name or "")[:255]
    document.save()
    if upload is None and size:
        document.lock = secrets.token_hex(16)
        document.save(update_fields=["lock"])
        _parts_for(document, size)
    record_version(document)
    _log(actor=actor, document=document, action=Action.CREATE)
    emit_document_events(
        actor=actor, document=document, events=[("enkelvoudiginformatieobject", "create", document)]
    )
    return document


def locked_document(document: Document) -> Document:
    # Lock only the document row: PostgreSQL refuses FOR UPDATE on an outer join's side.
    return (
        Document.objects.select_for_update(of=("self",))
        .select_related("document_type")
        .get(pk=document.pk)
    )


@transaction.atomic
def document_update(
    *,
    actor,
    document: Document,
    changes: dict,
    lock: str | None,
    upload: UploadedFile | None = None,
    size: int | None = None,
    partial: bool = False,
) -> Document:
    """A new version of the document with ``changes`` (model field names). Needs the lock.

    ``upload`` replaces the file; without it, a ``size`` different from the current one
    (or sent with no content) starts an upload in parts.
    """
    permission = "cases.change_document"
    actor = authorize(actor, permission, message="U mag dit document niet wijzigen.")
    document = locked_document(document)
    _check_lock(document, lock)
    # No "status not definitief" check: Documenten API 1.4 dropped it (gemma-zaken #2241);
    # geforceerd-bijwerken is then only another scope that may write (docs/api-documenten.md).
    unknown = set(changes) - WRITABLE
    if unknown:
        raise ValueError(f"Not writable: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(document, name, value)
    if "confidentiality" in changes and not document.confidentiality:
        document.confidentiality = (
            document.document_type.confidentiality if document.document_type_id else "openbaar"
        )
    _check_rules(document, creating=False)
    _check_size(upload, size)
    if upload is not None:
        _store(document, upload)
        _discard_parts(document)
    elif size is not None and (size != document.size or not document.file):
        _parts_for(document, size)
    document.version += 1
    document.registered_at = timezone.now()
    document.save()
    record_version(document)
    _log(actor=actor, document=document, action=Action.UPDATE)
    emit_document_events(
        actor=actor,
        document=document,
        events=[
            ("enkelvoudiginformatieobject", "partial_update" if partial else "update", document)
        ],
    )
    return document


def is_linked(document: Document) -> bool:
    """Whether the document hangs from a case or records a besluit."""
    return document.case_links.exists() or document.decisions.exists()


@transaction.atomic
def document_delete(*, actor, document: Document) -> None:
    """Remove the document with its versions, usage rights and dispatches. A document
    linked to a case or a besluit stays: the link goes first (``pending-relations``)."""
    actor = authorize(actor, "cases.delete_document", message="U mag geen documenten verwijderen.")
    document = locked_document(document)
    if is_linked(document):
        raise field_error(
            "__all__",
            "Dit document hoort bij een zaak of besluit; verwijder eerst die koppeling.",
            "pending-relations",
        )
    names = set(document.versions.values_list("file", flat=True)) | {document.file.name}
    _log(actor=actor, document=document, action=Action.UPDATE)
    emit_document_events(
        actor=actor,
        document=document,
        events=[("enkelvoudiginformatieobject", "destroy", document)],
    )
    _discard_parts(document)
    organisation_id = document.organisation_id
    document.delete()
    # A file is named by its checksum: another document may hold the same bytes.
    for name in filter(None, names):
        transaction.on_commit(lambda n=name: _delete_if_unused(organisation_id, n))


def _delete_if_unused(organisation_id: int, name: str) -> None:
    from django.core.files.storage import default_storage

    used = (
        Document.all_tenants.filter(organisation_id=organisation_id, file=name).exists()
        or DocumentVersion.all_tenants.filter(organisation_id=organisation_id, file=name).exists()
    )
    if not used:
        default_storage.delete(name)


# --- lock, unlock, parts ------------------------------------------------------------------


@transaction.atomic
def document_lock(*, actor, document: Document) -> str:
    """Check the document out: the lock id every change (and the unlock) needs."""
    authorize(actor, "cases.lock_document", message="U mag dit document niet vergrendelen.")
    document = locked_document(document)
    if document.lock:
        raise field_error("__all__", "Het document is al vergrendeld.", "existing-lock")
    document.lock = secrets.token_hex(16)
    document.save(update_fields=["lock"])
    return document.lock


def document_unlock(*, actor, document: Document, lock: str | None) -> Document:
    """Check the document in. With the right lock id: a finished upload in parts is joined
    and checked; refused, the parts are emptied (committed) and the document stays locked
    for a new try. Without it: only with ``cases.force_unlock_document``, and an unfinished
    upload is dropped."""
    try:
        return _unlock(actor=actor, document=document, lock=lock)
    except RefusedParts as refused:
        # The refusal rolled the unlock back; the useless parts go in a change of their own.
        with transaction.atomic():
            for part in DocumentPart.objects.filter(document=document).exclude(file=""):
                transaction.on_commit(lambda f=part.file: f.delete(save=False))
            DocumentPart.objects.filter(document=document).update(file="")
        raise refused.error from refused


class RefusedParts(Exception):
    def __init__(self, error: ValidationError) -> None:
        super().__init__(str(error))
        self.error = error


@transaction.atomic
def _unlock(*, actor, document: Document, lock: str | None) -> Document:
    actor = as_actor(actor)
    document = locked_document(document)
    right = bool(lock) and bool(document.lock) and secrets.compare_digest(str(lock), document.lock)
    if not right:
        if not actor.has_perm("cases.force_unlock_document"):
            raise field_error(
                "__all__",
                "Dit lock-id hoort niet bij het document; ontgrendelen kan alleen geforceerd.",
                "incorrect-lock-id",
            )
        _discard_parts(document)
    else:
        authorize(actor, "cases.lock_document", message="U mag dit document niet ontgrendelen.")
        parts = list(document.parts.all())
        if parts:
            if not all(part.completed for part in parts):
                raise field_error(
                    "__all__",
                    "Nog niet alle bestandsdelen zijn verstuurd.",
                    "incomplete-upload",
                )
            _join_parts(actor=actor, document=document, parts=parts)
    document.lock = ""
    document.save(update_fields=["lock"])
    return document


def _join_parts(*, actor, document: Document, parts: list[DocumentPart]) -> None:
    """Join the parts into one file, check it as any upload, make it the new version."""
    from tempfile import NamedTemporaryFile

    with NamedTemporaryFile(suffix=".upload") as joined:
        for part in parts:
            with part.file.open("rb") as source:
                for chunk in source.chunks():
                    joined.write(chunk)
        joined.flush()
        joined.seek(0)
        upload = UploadedFile(
            file=joined, name=document.file_name or "bestand", size=joined.tell() or None
        )
        upload.size = sum(part.size for part in parts)
        try:
            _store(document, upload)
        except ValidationError as error:
            # The parts are of no use: the client sends new ones (the lock holds).
            raise RefusedParts(error) from error
    _discard_parts(document)
    document.save()
    DocumentVersion.objects.filter(document=document, number=document.version).update(
        file=document.file.name,
        content_type=document.content_type,
        size=document.size,
        sha256=document.sha256,
        fields=snapshot(document),
    )
    _log(actor=actor, document=document, action=Action.UPDATE)


@transaction.atomic
def part_upload(*, actor, part: DocumentPart, lock: str | None, content: File) -> DocumentPart:
    """Store one part of an upload in parts; it must have exactly the announced size."""
    authorize(actor, "cases.change_document", message="U mag dit document niet wijzigen.")
    document = locked_document(part.document)
    part = DocumentPart.objects.select_for_update().get(pk=part.pk)
    if not document.lock or not lock or not secrets.compare_digest(str(lock), document.lock):
        raise field_error("lock", "Dit lock-id hoort niet bij het document.", "incorrect-lock-id")
    if content is None or content.size != part.size:
        raise field_error(
            "inhoud",
            f"Dit bestandsdeel moet {part.size} bytes zijn.",
            "file-size",
        )
    if part.file:
        old = part.file
        transaction.on_commit(lambda f=old: f.delete(save=False))
    part.file.save(str(part.uuid), content, save=False)
    part.save(update_fields=["file"])
    return part


__all__ = [
    "api_content_types",
    "as_of_version",
    "document_create",
    "document_delete",
    "document_lock",
    "document_unlock",
    "document_update",
    "emit_document_events",
    "field_error",
    "is_linked",
    "locked_document",
    "log_document_read",
    "part_upload",
    "record_version",
    "snapshot",
]
