"""Letters: an agent uploads the scan; it becomes a letter-channel contact (and maybe a case)."""

import uuid

from django.core.files.uploadedfile import UploadedFile

from achterkant.catalog.models import Channel, Product
from achterkant.contacts.models import Contact, Outcome
from achterkant.contacts.services.receive import contact_receive


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
    """Register a received letter with its scan, exactly once: :func:`contact_receive`.

    The answer is due per the letter norm. With ``start_case`` a case is opened and the
    scan is also its document.
    """
    return contact_receive(
        actor=actor, channel=Channel.LETTER, question=question, subject=subject, bsn=bsn,
        product=product, outcome=Outcome.CASE if start_case else Outcome.OPEN,
        attachments=[scan], idempotency_key=idempotency_key,
    )  # fmt: skip
