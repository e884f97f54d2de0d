"""Contacts after they came in: linking a person, answering, starting a case.

Registering a contact, on any channel, is :func:`~.receive.contact_receive`;
:func:`contact_register` is the desk's name for it and only passes through.
"""

import uuid
from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from achterkant.audit.models import Action
from achterkant.cases.services import open_case
from achterkant.catalog.models import Channel, Product
from achterkant.contacts.models import Contact, KnowledgeArticle, Outcome, TriageStatus
from achterkant.contacts.services.contact_requests import ContactRequestDraft
from achterkant.contacts.services.contact_routing import WRITTEN_CHANNELS
from achterkant.contacts.services.receive import (
    contact_receive,
    emit_contact_event,
    log_contact,
)
from achterkant.contacts.services.triage_review import record_triage_choice
from achterkant.identity.actors import require, user_of
from achterkant.identity.validators import clean_bsn


def contact_register(
    *,
    actor,
    channel: str,
    question: str,
    outcome: str,
    started_at: datetime,
    ended_at: datetime,
    bsn: str = "",
    kvk_number: str = "",
    product: Product | None = None,
    subject: str = "",
    answer: str = "",
    referred_to: str = "",
    articles: Sequence[KnowledgeArticle] = (),
    contact_request: ContactRequestDraft | None = None,
    idempotency_key: uuid.UUID | None = None,
) -> Contact:
    """Record a conversation (phone, counter, chat…) exactly once: :func:`contact_receive`."""
    return contact_receive(
        actor=actor, channel=channel, question=question, outcome=outcome,
        started_at=started_at, ended_at=ended_at, bsn=bsn, kvk_number=kvk_number,
        product=product, subject=subject, answer=answer, referred_to=referred_to,
        articles=articles, contact_request=contact_request, idempotency_key=idempotency_key,
    )  # fmt: skip


@transaction.atomic
def contact_link_person(*, actor, contact: Contact, bsn: str) -> Contact:
    """Link an unmatched contact (e.g. an e-mail from an unknown address) to a person."""
    actor = require(actor, "contacts.add_contact")
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.bsn:
        raise ValidationError({"bsn": "Dit contact is al aan een persoon gekoppeld."})
    contact.bsn = clean_bsn(bsn)
    contact.save(update_fields=["bsn"])
    log_contact(actor, contact, Action.UPDATE)
    _emit(actor, contact)
    return contact


@transaction.atomic
def contact_answer(*, actor, contact: Contact, answer: str, outcome: str = Outcome.ANSWERED):
    """Answer a written contact (e-mail, letter): the response time counts against its norm."""
    actor = require(actor, "contacts.add_contact")
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.responded_at is not None:
        raise ValidationError({"answer": "Dit contact is al beantwoord."})
    if not answer.strip():
        raise ValidationError({"answer": "Vul het antwoord in."})
    contact.answer = answer
    contact.outcome = outcome
    contact.responded_at = timezone.now()
    contact.agent = contact.agent or user_of(actor)
    contact.save(update_fields=["answer", "outcome", "responded_at", "agent"])
    log_contact(actor, contact, Action.UPDATE)
    _emit(actor, contact)
    return contact


@transaction.atomic
def contact_start_case(*, actor, contact: Contact, product: Product) -> Contact:
    """Start a case from a contact that came in earlier (an e-mail, a letter).

    The case opens on the contact's channel with the day it came in as its start date
    (Awb 4:13: the term runs from receipt), through the same ``open_case`` as every other
    channel, and the contact's attachments become its documents. The contact counts as
    answered.
    """
    actor = require(actor, "contacts.add_contact")
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.case_id is not None:
        raise ValidationError({"product": "Voor dit contact is al een zaak gestart."})
    if contact.channel not in WRITTEN_CHANNELS or contact.outcome != Outcome.OPEN:
        # A conversation already ended with its outcome; that record stays as it is.
        raise ValidationError(
            {"product": "Alleen voor een e-mail of brief die nog open staat kunt u hier een "
                        "zaak starten."}
        )  # fmt: skip
    if not contact.bsn:
        raise ValidationError({"bsn": "Koppel het contact eerst aan een persoon."})
    if not product.case_type_identification:
        raise ValidationError({"product": "Kies een product waarvoor u een zaak kunt starten."})
    title = f"{Channel(contact.channel).label.capitalize()}: {contact.subject or contact.question}"
    files = [File(a.file.open("rb"), name=a.file_name) for a in contact.attachments.all()]
    try:
        contact.case = open_case(
            actor=actor,
            case_type_identification=product.case_type_identification,
            channel=contact.channel,
            initiator_bsn=contact.bsn,
            product=product,
            description=contact.subject or contact.question,
            explanation=contact.question,
            start_date=timezone.localdate(contact.started_at),
            documents=[(file, title[:200]) for file in files],
        )
    finally:
        for file in files:
            file.close()
    contact.product = product
    contact.outcome = Outcome.CASE
    contact.responded_at = contact.responded_at or timezone.now()
    contact.agent = contact.agent or user_of(actor)
    # Starting a case names the product as surely as the review queue does: the same
    # labelled example for the next training (issue 18's feedback loop).
    classified = contact.triage_status in (TriageStatus.REVIEW, TriageStatus.AUTO)
    if classified:
        contact.triage_status = TriageStatus.CONFIRMED
        record_triage_choice(actor=actor, contact=contact, product=product)
    contact.save(
        update_fields=["case", "product", "outcome", "responded_at", "agent", "triage_status"]
    )
    log_contact(actor, contact, Action.UPDATE)
    _emit(actor, contact)
    return contact


def _emit(actor, contact: Contact) -> None:
    emit_contact_event(
        actor=actor, resource="klantcontact", action="partial_update",
        reference=f"klantcontact-{contact.pk}", attributes={"kanaal": contact.channel},
    )  # fmt: skip
