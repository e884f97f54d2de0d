"""Files that come with a contact, checked like case documents (by their real bytes)."""

import hashlib

from django.core.files.uploadedfile import UploadedFile

from achterkant.cases.services.documents import check_upload
from achterkant.contacts.models import Contact, ContactAttachment


def attachment_store(*, contact: Contact, upload: UploadedFile) -> ContactAttachment:
    """Check and store one file. Raises ValidationError (Dutch) and stores nothing if bad."""
    content_type = check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = ContactAttachment(
        contact=contact,
        file_name=(upload.name or "bijlage")[:255],
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
    )
    attachment.organisation = contact.organisation
    attachment.file.save(attachment.sha256, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment
