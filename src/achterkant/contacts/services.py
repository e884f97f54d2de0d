"""Recording contacts. A contact may start a case through the case engine."""

import uuid
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.services import open_case
from achterkant.catalog.models import Product
from achterkant.contacts.models import Contact
from achterkant.identity.validators import clean_bsn


def contact_register(
    *,
    actor,
    channel: str,
    bsn: str,
    product: Product | None,
    subject: str,
    question: str,
    answer: str,
    answered_at_first_contact: bool,
    started_at: datetime,
    ended_at: datetime,
    start_case: bool = False,
    idempotency_key: uuid.UUID | None = None,
) -> Contact:
    """Record a contact (and optionally open a case for its product) exactly once.

    With an idempotency key, a repeat of the same submission returns the first
    contact instead of recording a second one.
    """
    if idempotency_key is not None:
        existing = Contact.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            return _register(
                actor=actor,
                channel=channel,
                bsn=bsn,
                product=product,
                subject=subject,
                question=question,
                answer=answer,
                answered_at_first_contact=answered_at_first_contact,
                started_at=started_at,
                ended_at=ended_at,
                start_case=start_case,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        # A concurrent submit with the same key won the race; return its contact.
        if idempotency_key is None:
            raise
        return Contact.objects.get(idempotency_key=idempotency_key)


def _register(*, actor, bsn: str, product, start_case: bool, **fields) -> Contact:
    bsn = clean_bsn(bsn) if bsn else ""
    contact = Contact(agent=actor, bsn=bsn, product=product, **fields)
    contact.full_clean(exclude=["organisation", "case", "agent"])
    if start_case:
        if not bsn:
            raise ValidationError({"bsn": "Voor een zaak is het BSN van de aanvrager nodig."})
        if product is None or not product.case_type_identification:
            raise ValidationError({"product": "Voor dit product kunt u geen zaak starten."})
        contact.case = open_case(
            actor=actor,
            case_type_identification=product.case_type_identification,
            channel=contact.channel,
            initiator_bsn=bsn,
            product=product,
            description=contact.subject or contact.question,
            explanation=contact.question,
            start_date=timezone.localdate(contact.started_at),
        )
    contact.save()
    if bsn:
        processing_log_record(
            actor=actor,
            action=Action.CREATE,
            bsns=[bsn],
            purpose=Purpose.CONTACT_HANDLING,
            object_type="klantcontact",
            object_id=contact.pk,
        )
    return contact
