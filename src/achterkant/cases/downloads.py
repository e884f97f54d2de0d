"""Downloading a case document: the one gate for every channel (desk, portal, ...).

Who may read which document:

* staff (and systems, API applications) with ``cases.view_case``: every document of
  the active organisation's cases; without it :class:`NotPermitted`;
* a citizen: documents of their own cases (``initiator_bsn``) that are shared with them
  (:func:`cases.selectors.shared_with_initiator`, the rule the portal's list uses);
* a company: for cases in which it (or its branch) has a role, only documents marked
  for those involved or more open, never what the applicant sent in
  (:func:`cases.selectors.shared_with`).

Anything else, another organisation's document included, is :class:`DocumentNotFound`:
the same answer as a document that does not exist, so nothing is given away. Every
download is written to the processing log.
"""

import mimetypes
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from django.core.exceptions import ObjectDoesNotExist

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.models import Document
from achterkant.cases.selectors import party_cases, shared_with
from achterkant.identity.actors import Citizen, Company, NotPermitted, as_actor

VIEW_PERMISSION = "cases.view_case"
MAX_NAME_LENGTH = 120


class DocumentNotFound(ObjectDoesNotExist):
    """No such document for this actor. Channels answer "not found", never why."""


@dataclass(frozen=True)
class DocumentDownload:
    document: Document
    file: IO[bytes]  # open for reading; the caller's response closes it
    filename: str  # safe to put in a Content-Disposition header
    content_type: str  # as sniffed from the bytes at upload


def document_for_download(
    *, actor, document_id: int, case_number: str | None = None
) -> DocumentDownload:
    """The document, opened for reading, if ``actor`` may read it; logged as a read.

    ``case_number``: the document must belong to that case (the desk's URL names it).
    """
    actor = as_actor(actor)
    documents = Document.objects.select_related("case").filter(pk=document_id)
    if case_number is not None:
        documents = documents.filter(case__number=case_number)
    if isinstance(actor, Citizen | Company):
        documents = documents.filter(shared_with(actor)).filter(case__in=_party_case_ids(actor))
        purpose = Purpose.SELF_SERVICE
    elif actor.has_perm(VIEW_PERMISSION):
        purpose = Purpose.CASE_HANDLING
    else:
        raise NotPermitted("U heeft geen toestemming om documenten van zaken te bekijken.")
    document = documents.first()
    if document is None or not document.file:
        raise DocumentNotFound("Dit document bestaat niet.")
    try:
        file = document.file.open("rb")
    except OSError as error:  # the row is there but the bytes are gone
        raise DocumentNotFound("Dit document bestaat niet.") from error
    processing_log_record(
        actor=actor,
        action=Action.READ,
        bsns=[document.case.initiator_bsn],
        purpose=purpose,
        object_type="document",
        object_id=document.pk,
    )
    return DocumentDownload(
        document=document,
        file=file,
        filename=download_name(document),
        content_type=document.content_type or "application/octet-stream",
    )


def _party_case_ids(actor):
    from achterkant.cases.models import Case

    return Case.objects.filter(party_cases(actor)).values("pk")


def download_name(document) -> str:
    """A file name safe for any browser and file system, with the right extension.

    From the uploaded name (or the title): no folders, no control or odd characters, not
    too long, and ending in the extension of the stored (sniffed) content type.
    """
    raw = (document.file_name or "").replace("\\", "/")
    name = PurePosixPath(raw).name or getattr(document, "title", "") or "document"
    name = unicodedata.normalize("NFC", name)
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = re.sub(r"[^\w .()+-]", "_", name).strip(" .") or "document"
    stem, dot, current = name.rpartition(".")
    accepted = _extensions_for(document.content_type)
    if dot and stem and (not accepted or f".{current.lower()}" in accepted):
        extension = f".{current}"  # the uploader's own, when it fits the content
    else:
        stem, extension = name, accepted[0] if accepted else ""
    return stem[: MAX_NAME_LENGTH - len(extension)].rstrip(" .") + extension


KNOWN_EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
}


def _extensions_for(content_type: str) -> tuple[str, ...]:
    """The extensions that fit a content type, the usual one first."""
    if content_type in KNOWN_EXTENSIONS:
        return KNOWN_EXTENSIONS[content_type]
    guessed = mimetypes.guess_extension(content_type or "")
    return (guessed,) if guessed else ()
