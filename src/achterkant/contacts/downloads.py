"""Downloading an attachment of a contact (an e-mail's files, a letter's scan).

Staff with ``contacts.view_contact`` read the attachments of the active organisation's
contacts; anyone else gets :class:`NotPermitted`, and an attachment of another
organisation is :class:`~achterkant.cases.downloads.DocumentNotFound`. Every download is
written to the processing log. The same safe file name and headers as case documents.
"""

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.downloads import DocumentDownload, DocumentNotFound, download_name
from achterkant.contacts.models import ContactAttachment
from achterkant.identity.actors import require


def attachment_for_download(*, actor, attachment_id: int) -> DocumentDownload:
    """The attachment, opened for reading, if ``actor`` may read it; logged as a read."""
    actor = require(
        actor, "contacts.view_contact", message="U heeft geen toestemming om bijlagen te bekijken."
    )
    attachment = ContactAttachment.objects.select_related("contact").filter(pk=attachment_id)
    attachment = attachment.first()
    if attachment is None or not attachment.file:
        raise DocumentNotFound("Deze bijlage bestaat niet.")
    try:
        file = attachment.file.open("rb")
    except OSError as error:  # the row is there but the bytes are gone
        raise DocumentNotFound("Deze bijlage bestaat niet.") from error
    processing_log_record(
        actor=actor,
        action=Action.READ,
        bsns=[attachment.contact.bsn],
        purpose=Purpose.CONTACT_HANDLING,
        object_type="bijlage",
        object_id=attachment.pk,
    )
    return DocumentDownload(
        document=attachment,
        file=file,
        filename=download_name(attachment),
        content_type=attachment.content_type or "application/octet-stream",
    )
