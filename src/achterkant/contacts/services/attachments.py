"""Files that come with a contact, checked and stored like case documents."""

from django.core.files.uploadedfile import UploadedFile

from achterkant.cases.services.documents import check_upload, save_with_file, sha256_of
from achterkant.contacts.models import Contact, ContactAttachment


def attachment_store(*, contact: Contact, upload: UploadedFile) -> ContactAttachment:
    """Check and store one file. Raises ValidationError (Dutch) and stores nothing if bad."""
    content_type = check_upload(upload)
    attachment = ContactAttachment(
        contact=contact,
        file_name=(upload.name or "bijlage")[:255],
        content_type=content_type,
        size=upload.size,
        sha256=sha256_of(upload),
    )
    attachment.organisation = contact.organisation
    return save_with_file(attachment, upload)
