"""Letters: an agent uploads the scan; it becomes a letter-channel contact (and maybe a case)."""

import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.services import add_document, open_case
from achterkant.catalog.models import Product
from achterkant.contacts.models import Contact, Outcome
from achterkant.contacts.norms import response_due
from achterkant.contacts.services.attachments import attachment_store
from achterkant.identity.validators import clean_bsn


@transaction.atomic
def letter_register(
    *,
    actor,
    scan: UploadedFile,
    subject: str,
    question: str,
    bsn: str = "",
    product: Product | None = None,
    start_case: bool = False,
    idempotency_key: uuid.UUID | None = None,
) -> Contact:
    """Register a received letter with its scan. Answer due per the letter norm."""
    if idempotency_key is not None:
        existing = Contact.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    bsn = clean_bsn(bsn) if bsn else ""
    if start_case and (not bsn or product is None or not product.case_type_identification):
        raise ValidationError(
            {"product": "Voor een zaak zijn het BSN en een product met een zaaktype nodig."}
        )
    now = timezone.now()
    contact = Contact(
        channel="letter",
        bsn=bsn,
        product=product,
        subject=subject,
        question=question,
        outcome=Outcome.CASE if start_case else Outcome.OPEN,
        started_at=now,
        ended_at=now,
        response_due_at=response_due("letter", product, now),
        agent=actor,
        idempotency_key=idempotency_key,
    )
    contact.full_clean(exclude=["organisation", "case", "agent", "product"])
    contact.save()
    attachment_store(contact=contact, upload=scan)
    if start_case:
        contact.case = open_case(
            actor=actor, case_type_identification=product.case_type_identification,
            channel="letter", initiator_bsn=bsn, product=product, description=subject,
            explanation=question,
        )  # fmt: skip
        contact.save(update_fields=["case"])
        scan.seek(0)
        add_document(actor=actor, case=contact.case, upload=scan, title=f"Brief: {subject}")
    if bsn:
        processing_log_record(
            actor=actor, action=Action.CREATE, bsns=[bsn], purpose=Purpose.CONTACT_HANDLING,
            object_type="klantcontact", object_id=contact.pk,
        )  # fmt: skip
    return contact
