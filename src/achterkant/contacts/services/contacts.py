"""Recording contacts on any channel. A contact may start a case or a contact request."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.services import open_case
from achterkant.catalog.models import Channel, Product
from achterkant.contacts.models import Contact, KnowledgeArticle, Outcome
from achterkant.contacts.services.contact_requests import (
    ContactRequestDraft,
    contact_request_create,
)
from achterkant.identity.validators import clean_bsn, clean_kvk_number


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
    """Record a contact exactly once, with what followed from it.

    The outcome decides what else must be given: an answer, a product with a case type
    (a case is opened), a contact request, or where the caller was referred to. With an
    idempotency key, a repeated submission returns the first contact.
    """
    if idempotency_key is not None:
        existing = Contact.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            return _register(
                actor=actor,
                bsn=bsn,
                kvk_number=kvk_number,
                product=product,
                articles=articles,
                contact_request=contact_request,
                fields={
                    "channel": channel, "question": question, "outcome": outcome,
                    "started_at": started_at, "ended_at": ended_at, "subject": subject,
                    "answer": answer, "referred_to": referred_to,
                    "idempotency_key": idempotency_key,
                },
            )  # fmt: skip
    except IntegrityError:
        # A concurrent submit with the same key won the race; return its contact.
        if idempotency_key is None:
            raise
        return Contact.objects.get(idempotency_key=idempotency_key)


def _check_outcome(*, outcome, bsn, product, answer, referred_to, contact_request) -> None:
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = "Kies hoe het contact is afgelopen."
    elif outcome == Outcome.ANSWERED and not answer.strip():
        errors["answer"] = "Vul het antwoord in dat u heeft gegeven."
    elif outcome == Outcome.CASE:
        if not bsn:
            errors["bsn"] = "Voor een zaak is het BSN van de aanvrager nodig."
        if product is None or not product.case_type_identification:
            errors["product"] = "Kies een product waarvoor u een zaak kunt starten."
    elif outcome == Outcome.REFERRED and not referred_to.strip():
        errors["referred_to"] = "Vul in waarnaar u heeft doorverwezen."
    elif outcome == Outcome.CONTACT_REQUEST and contact_request is None:
        errors["team"] = "Vul de gegevens voor het terugbelverzoek in."
    if errors:
        raise ValidationError(errors)


def _register(*, actor, bsn, kvk_number, product, articles, contact_request, fields) -> Contact:
    bsn = clean_bsn(bsn) if bsn else ""
    kvk_number = clean_kvk_number(kvk_number) if kvk_number else ""
    if fields["channel"] not in Channel.values:
        raise ValidationError({"channel": "Kies een bestaand kanaal."})
    _check_outcome(
        outcome=fields["outcome"], bsn=bsn, product=product, answer=fields["answer"],
        referred_to=fields["referred_to"], contact_request=contact_request,
    )  # fmt: skip
    started, ended = fields["started_at"], fields["ended_at"]
    contact = Contact(
        agent=actor,
        bsn=bsn,
        kvk_number=kvk_number,
        product=product,
        answered_at_first_contact=fields["outcome"] == Outcome.ANSWERED,
        handling_seconds=max(0, int((ended - started).total_seconds())),
        # A conversation (phone, counter, chat) is answered while it happens.
        responded_at=ended if fields["outcome"] != Outcome.OPEN else None,
        **fields,
    )
    contact.full_clean(exclude=["organisation", "case", "agent", "product"])
    if fields["outcome"] == Outcome.CASE:
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
    if articles:
        contact.articles.set(articles)
    if contact_request is not None and fields["outcome"] == Outcome.CONTACT_REQUEST:
        contact_request_create(
            actor=actor, draft=contact_request, contact=contact, bsn=bsn,
            kvk_number=kvk_number, product=product,
        )  # fmt: skip
    _log(actor, contact, Action.CREATE)
    return contact


def _log(actor, contact: Contact, action: str, system: str | None = None) -> None:
    if contact.bsn:
        processing_log_record(
            actor=actor,
            action=action,
            bsns=[contact.bsn],
            purpose=Purpose.CONTACT_HANDLING,
            object_type="klantcontact",
            object_id=contact.pk,
            system=system,
        )


@transaction.atomic
def contact_link_person(*, actor, contact: Contact, bsn: str) -> Contact:
    """Link an unmatched contact (e.g. an e-mail from an unknown address) to a person."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.bsn:
        raise ValidationError({"bsn": "Dit contact is al aan een persoon gekoppeld."})
    contact.bsn = clean_bsn(bsn)
    contact.save(update_fields=["bsn"])
    _log(actor, contact, Action.UPDATE)
    return contact


@transaction.atomic
def contact_answer(*, actor, contact: Contact, answer: str, outcome: str = Outcome.ANSWERED):
    """Answer a written contact (e-mail, letter): the response time counts against its norm."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.responded_at is not None:
        raise ValidationError({"answer": "Dit contact is al beantwoord."})
    if not answer.strip():
        raise ValidationError({"answer": "Vul het antwoord in."})
    contact.answer = answer
    contact.outcome = outcome
    contact.responded_at = timezone.now()
    contact.agent = contact.agent or actor
    contact.save(update_fields=["answer", "outcome", "responded_at", "agent"])
    _log(actor, contact, Action.UPDATE)
    return contact
