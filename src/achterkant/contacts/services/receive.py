"""Receiving a contact: the one gate for every channel.

A phone call or counter visit recorded at the desk, a scanned letter, an e-mail from the
mailbox: each channel only translates its input into one :func:`contact_receive` call.
The rules live here, once: who may register, what an outcome needs, when the answer is
due (``contacts.norms``), which files are kept, whether a case or a contact request
follows, the processing log, and the acknowledgement for a written contact.

A written contact that comes without a product (an e-mail, a letter, the e-loket's general
request) is classified on the way in (``contact_routing.triage_new_contact``, issue 18):
when the organisation's model is sure enough, it gets the product before its norm is
looked up, so the answer is due as if the citizen had picked the product; otherwise it
waits in the desk's review queue.
"""

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from achterkant.audit.models import Action
from achterkant.audit.services import (
    Purpose,
    processing_log_entries,
    processing_log_record,
    processing_log_write,
)
from achterkant.cases.models import Case
from achterkant.cases.services import open_case
from achterkant.cases.services.documents import ALLOWED_CONTENT_TYPES
from achterkant.catalog.models import Channel, NormUnit, Product
from achterkant.contacts.models import Contact, KnowledgeArticle, Outcome
from achterkant.contacts.norms import Norm
from achterkant.contacts.services.attachments import attachment_store
from achterkant.contacts.services.contact_requests import (
    ContactRequestDraft,
    contact_request_create,
)
from achterkant.contacts.services.contact_routing import (
    WRITTEN_CHANNELS,
    response_norm,
    triage_new_contact,
)
from achterkant.identity.actors import Citizen, NotPermitted, as_actor, require, user_of
from achterkant.identity.lookup import LookupContext, PersonLookupError, get_person_lookup
from achterkant.identity.validators import clean_bsn, clean_kvk_number
from achterkant.notify.events import message_event
from achterkant.notify.services import PendingRecords, event_emit, message_enqueue

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Acknowledgement:
    event_code: str
    # A reply to an e-mail goes to the sender's address only, not to the berichtenbox.
    reply_by_email_only: bool


ACKNOWLEDGEMENTS = {
    Channel.EMAIL: _Acknowledgement("contact.email_acknowledged", reply_by_email_only=True),
    Channel.LETTER: _Acknowledgement("contact.letter_acknowledged", reply_by_email_only=False),
}
_SHOWS_TIME = (NormUnit.SECONDS, NormUnit.MINUTES, NormUnit.WORKING_HOURS)


def contact_receive(*, actor, **details) -> Contact:
    """Register one incoming contact, on any channel, exactly once. Returns the Contact.

    The arguments and what happens: :func:`contact_receive_or_get`, which also tells
    whether the contact is new.
    """
    return contact_receive_or_get(actor=actor, **details)[0]


def contact_receive_or_get(
    *,
    actor,
    channel: str,
    question: str,
    outcome: str = Outcome.OPEN,
    started_at: datetime | None = None,
    ended_at: datetime | None = None,
    bsn: str = "",
    kvk_number: str = "",
    email: str = "",
    email_verified: bool = False,
    product: Product | None = None,
    subject: str = "",
    answer: str = "",
    referred_to: str = "",
    articles: Sequence[KnowledgeArticle] = (),
    contact_request: ContactRequestDraft | None = None,
    attachments: Sequence[UploadedFile] = (),
    refused_attachments: int = 0,
    acknowledge: bool = True,
    idempotency_key: uuid.UUID | None = None,
    stored_files: list | None = None,
    case: Case | None = None,
    general_request: bool = False,
    key_just_claimed: bool = False,
    pending: PendingRecords | None = None,
) -> tuple[Contact, bool]:
    """Register one incoming contact, on any channel, exactly once: ``(contact, created)``.

    ``created`` is False when the idempotency key was seen before, or a racing submit won
    (like ``get_or_create``); :func:`contact_receive` returns the contact alone.

    ``actor`` (a typed actor, or a staff user) needs ``contacts.add_contact``, and
    ``cases.add_case`` when the outcome opens a case. ``started_at`` is when the contact
    came in (default now; never in the future) and ``ended_at`` when it ended (default:
    the same moment). The outcome decides what else must be given: an answer, a product
    with a case type (a case is opened, and the attachments become its documents too), a
    contact request, or where the caller was referred to.

    The answer is due per the norm for the channel and product (``contacts.norms``), on
    every channel that has one. ``email`` is the sender's address: without a BSN or KvK
    number, the one person with that address in the person source becomes the party, but
    only when ``email_verified`` says the sender was authenticated (anyone can write any
    address in From; see ``contacts.mail.authentication``). Otherwise an agent links it.

    A written contact (e-mail, letter) still open gets one acknowledgement through the
    outbox, in the organisation's own text for the event when it has one; ``acknowledge``
    off skips it (an auto-reply must not be answered). ``refused_attachments`` counts
    files the channel did not accept, for that message.

    With an ``idempotency_key``, a repeated or racing submission returns the first
    contact. ``key_just_claimed`` says the caller inserted a row with the same key under
    its own unique index in this transaction (the e-loket's submission): a repeat stopped
    there, so the read for an earlier contact is skipped, and so is a savepoint: a clash
    with another contact's key raises the IntegrityError, for the caller to answer once
    its block rolled back. ``pending`` comes with ``case``: the gate that
    opened the case collected its processing-log entries and domain events there, and
    writes them with the contact's, which are added to it (``PendingRecords``).
    Everything is written in one transaction; a file stored before a failure is removed.
    ``stored_files``, if given, collects the stored files, so a caller with an outer
    transaction can remove them when that rolls back.

    ``case`` is the case this contact already opened through its own gate (the e-loket's
    ``submit_web_request``, for the citizen's own request on the web): the outcome is then
    that case, not a new one. A citizen registers only that: their own web contact.

    A written contact without a product is classified (``contacts.triage.suggest``): sure
    enough, it gets the product (and so its norm) and the product's team, status "auto";
    otherwise status "review", with the top 3 kept for the desk's queue. A missing or
    broken model never stops intake: the contact waits for review without suggestions.
    ``general_request`` is the e-loket's question for which the citizen found no product
    (``general_requests.general_request_receive``): an open web contact of the citizen's
    own, classified, and always reviewed by an agent; the best guess only picks the team.
    """
    actor = _may_receive(
        actor, channel=channel, bsn=bsn, case=case, outcome=outcome,
        general_request=general_request,
    )  # fmt: skip
    if pending is not None and case is None:
        raise ValueError("Pending records come with the case of the gate that opened it.")
    if idempotency_key is not None and not key_just_claimed:
        existing = _existing(idempotency_key)
        if existing is not None:
            return existing, False
    written = []
    # The case's and the contact's log entries and events, one insert each (in the
    # caller's, if it has them); they reach the caller only if this block commits.
    ours = PendingRecords()
    try:
        # A caller that just claimed the key holds this block in its own, which any error
        # leaves: a savepoint (two statements) would roll back nothing more.
        with transaction.atomic(savepoint=not key_just_claimed):
            contact = _receive(
                pending=ours,
                actor=actor, channel=channel, question=question, outcome=outcome,
                started_at=started_at, ended_at=ended_at, bsn=bsn, kvk_number=kvk_number,
                email=email, email_verified=email_verified, product=product, subject=subject,
                answer=answer, referred_to=referred_to, articles=articles,
                contact_request=contact_request,
                attachments=attachments, refused_attachments=refused_attachments,
                acknowledge=acknowledge, idempotency_key=idempotency_key, written=written,
                case=case, general_request=general_request,
            )  # fmt: skip
            if pending is None:
                ours.write()
    except IntegrityError:
        _remove(written)
        if key_just_claimed:  # the caller's block is rolled back: nothing to read here
            raise
        # A concurrent submit with the same key won the race; return its contact.
        winner = _existing(idempotency_key) if idempotency_key is not None else None
        if winner is None:
            raise
        return winner, False
    except BaseException:
        _remove(written)
        raise
    if stored_files is not None:
        stored_files.extend(written)
    if pending is not None:
        pending.add(ours)
    return contact, True


def _may_receive(
    actor, *, channel: str, bsn: str, case: Case | None, outcome: str, general_request: bool
):
    """Staff and systems by permission; a citizen only their own web contact: the one of
    their web request's case, or their own open general request."""
    actor = as_actor(actor)
    if general_request and (channel != Channel.WEB or case is not None):
        raise ValidationError({"channel": "Een algemene vraag komt via de website binnen."})
    if isinstance(actor, Citizen):
        if case is not None:
            own = actor.owns_bsn(bsn) and case.initiator_bsn == actor.bsn
        else:
            own = general_request and outcome == Outcome.OPEN and actor.owns_bsn(bsn)
        if channel == Channel.WEB and own:
            return actor
        raise NotPermitted("U kunt hier alleen uw eigen aanvraag of melding doen.")
    return require(actor, "contacts.add_contact")


def _existing(idempotency_key: uuid.UUID) -> Contact | None:
    return Contact.objects.filter(idempotency_key=idempotency_key).first()


def _remove(written: list) -> None:
    for stored in written:
        stored.storage.delete(stored.name)


def _receive(
    *, actor, channel, question, outcome, started_at, ended_at, bsn, kvk_number, email,
    email_verified, product, subject, answer, referred_to, articles, contact_request, attachments,
    refused_attachments, acknowledge, idempotency_key, written, case, general_request,
    pending: PendingRecords,
) -> Contact:  # fmt: skip
    if channel not in Channel.values:
        raise ValidationError({"channel": "Kies een bestaand kanaal."})
    bsn = clean_bsn(bsn) if bsn else ""
    kvk_number = clean_kvk_number(kvk_number) if kvk_number else ""
    _check_outcome(
        outcome=outcome, bsn=bsn, product=product, answer=answer, referred_to=referred_to,
        contact_request=contact_request,
    )  # fmt: skip
    if case is not None and (outcome != Outcome.CASE or case.initiator_bsn != bsn):
        raise ValidationError({"case": "Deze zaak hoort niet bij dit contact."})
    if outcome == Outcome.CASE and case is None:
        require(actor, "cases.add_case", message="U mag geen zaak starten.")
    if not bsn and not kvk_number and email and email_verified:
        bsn = person_with_email(actor, email)
    now = timezone.now()
    started = min(started_at or now, now)  # nothing comes in from the future
    ended = ended_at or started
    triage = triage_new_contact(
        channel=channel, product=product, case=case, subject=subject, question=question,
        general_request=general_request,
    )  # fmt: skip
    product = triage.product
    norm, response_due_at = response_norm(channel, product, started, written=general_request)
    contact = Contact(
        channel=channel,
        bsn=bsn,
        kvk_number=kvk_number,
        product=product,
        subject=subject,
        question=question,
        answer=answer,
        outcome=outcome,
        referred_to=referred_to,
        started_at=started,
        ended_at=ended,
        answered_at_first_contact=outcome == Outcome.ANSWERED,
        handling_seconds=max(0, int((ended - started).total_seconds())),
        response_due_at=response_due_at,
        responded_at=ended if _responded(channel, outcome) else None,
        agent=user_of(actor),
        idempotency_key=idempotency_key,
        team=triage.team,
        triage_status=triage.status,
        triage_suggestions=triage.suggestions,
    )
    _full_clean(contact)
    if case is not None:
        contact.case = case  # opened by its own gate, with its files
    elif outcome == Outcome.CASE:
        # The files that came with it are the case's documents too.
        title = f"{Channel(channel).label.capitalize()}: {subject or question}"[:200]
        # Inside this function's atomic block, which any error leaves: no savepoint.
        contact.case = open_case(
            actor=actor,
            savepoint=False,
            case_type_identification=product.case_type_identification,
            channel=channel,
            initiator_bsn=bsn,
            product=product,
            description=subject or question,
            explanation=question,
            start_date=timezone.localdate(started),
            documents=[(upload, title) for upload in attachments],
            stored_files=written,
            pending=pending,
        )
    contact.save()
    if articles:
        contact.articles.set(articles)
    for upload in attachments:
        upload.seek(0)  # a case may have read it first
        written.append(attachment_store(contact=contact, upload=upload).file)
    if outcome == Outcome.CONTACT_REQUEST:
        pending.write()  # what is pending goes first: the request logs and emits itself
        contact_request_create(
            actor=actor, draft=contact_request, contact=contact, bsn=bsn,
            kvk_number=kvk_number, product=product,
        )  # fmt: skip
    log_contact(actor, contact, Action.CREATE, pending=pending)
    emit_contact_event(
        actor=actor, resource="klantcontact", action="create",
        reference=f"klantcontact-{contact.pk}", attributes={"kanaal": channel},
        pending=pending,
    )  # fmt: skip
    if acknowledge and outcome == Outcome.OPEN and channel in ACKNOWLEDGEMENTS:
        pending.write()  # the acknowledgement logs its address lookup after these
        _acknowledge(contact, norm=norm, email=email,
                     refused_attachments=refused_attachments)  # fmt: skip
    return contact


def _full_clean(contact: Contact) -> None:
    """``full_clean`` of a new contact, with its one constraint to check tested here.

    The uniqueness of its idempotency key is the database's (a race is caught by
    ``contact_receive``); that it ends after it starts is tested in Python, with the
    constraint's own message: Django would ask the database, a savepoint and a query.
    """
    errors: dict = {}
    try:
        contact.full_clean(
            exclude=["organisation", "case", "agent", "product", "team"],
            validate_constraints=False,
        )
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    ends_after_start = next(
        c for c in Contact._meta.constraints if c.name == "contact_ends_after_start"
    )
    if (
        not {"started_at", "ended_at"} & errors.keys()
        and contact.started_at is not None
        and contact.ended_at is not None
        and contact.ended_at < contact.started_at
    ):
        violation = ValidationError(
            ends_after_start.get_violation_error_message(),
            code=ends_after_start.violation_error_code,
        )
        errors = violation.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


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


def _responded(channel: str, outcome: str) -> bool:
    """A conversation is answered while it happens, unless it stays open. A written
    contact is answered when the answer itself is recorded (here or ``contact_answer``)."""
    if channel in WRITTEN_CHANNELS:
        return outcome == Outcome.ANSWERED
    return outcome != Outcome.OPEN


def person_with_email(actor, email: str) -> str:
    """The BSN of the one person with this address in the person source, else "".

    Whose address it is, not who sent the message: link a contact to it only for an
    authenticated sender."""
    context = LookupContext(
        purpose=Purpose.CONTACT_HANDLING, processing=Purpose.CONTACT_HANDLING,
        user=actor.username,
    )  # fmt: skip
    try:
        person = get_person_lookup().by_email(email, context=context)
    except PersonLookupError as error:
        # The contact is still registered; an agent links it on the desk's e-mail page.
        logger.warning("No person looked up for an incoming contact: %s", error)
        return ""
    if person is not None:
        # Finding whose address it is, is a processing of that person's data.
        processing_log_record(
            actor=actor, action=Action.READ, bsns=[person.bsn],
            purpose=Purpose.CONTACT_HANDLING, object_type="persoon", object_id=person.bsn,
        )  # fmt: skip
    return person.bsn if person is not None else ""


def _acknowledge(contact: Contact, *, norm: Norm | None, email: str,
                 refused_attachments: int) -> None:  # fmt: skip
    """Queue the one acknowledgement of a written contact, if its channel has an event."""
    acknowledgement = ACKNOWLEDGEMENTS[contact.channel]
    try:
        message_event(acknowledgement.event_code)
    except LookupError:
        logger.info("No acknowledgement: message event %s is not defined",
                    acknowledgement.event_code)  # fmt: skip
        return
    # A reply to an e-mail goes to an address anyone can forge: it names no one and repeats
    # nothing the sender wrote (not even the subject: an attacker's text would go out in
    # our name, to the person whose address they forged). A letter's
    # acknowledgement waits behind DigiD, so it greets the person and notifies them.
    person = None if acknowledgement.reply_by_email_only else _addressee(contact)
    recipient = email.strip()
    if not acknowledgement.reply_by_email_only and person is not None:
        recipient = recipient or person.email  # a letter: a notice by e-mail, if known
    if not recipient and (acknowledgement.reply_by_email_only or not contact.bsn):
        return  # nobody to send it to
    names = list(ALLOWED_CONTENT_TYPES.values())
    message_enqueue(
        event_code=acknowledgement.event_code,
        product_code=contact.product.code if contact.product_id else "",
        context={
            "recipient_name": person.full_name if person is not None else "",
            "received_at": contact.started_at,
            "service_promise": norm.promise if norm else "",
            "expected_date": contact.response_due_at,
            "expected_shows_time": bool(norm) and norm.unit in _SHOWS_TIME,
            "skipped_attachments": refused_attachments,
            "allowed_types": ", ".join(names[:-1]) + " en " + names[-1],
            "max_attachment_size": settings.DOCUMENT_MAX_BYTES,
        },
        recipient=recipient,
        bsn=contact.bsn,
        reference=f"klantcontact-{contact.pk}",
        in_berichtenbox=not acknowledgement.reply_by_email_only,
    )


def emit_contact_event(
    *, actor, resource: str, action: str, reference: str, attributes: dict | None = None,
    pending: PendingRecords | None = None,
) -> None:  # fmt: skip
    """The domain event of a contact change (ZGW Notificaties kanaal ``klantcontacten``);
    with ``pending`` collected there, to be written with the transaction's others."""
    event_emit(
        channel="klantcontacten", resource=resource, action=action,
        main_reference=reference, resource_reference=reference, attributes=attributes,
        actor=actor, pending=pending,
    )  # fmt: skip


def _addressee(contact: Contact):
    """The person a written contact came from, for the greeting and the address; like
    every message to a citizen, the lookup is logged. None when unknown or unreachable."""
    if not contact.bsn:
        return None
    context = LookupContext(
        purpose=Purpose.CITIZEN_NOTIFICATION, processing=Purpose.CITIZEN_NOTIFICATION,
        user="systeem",
    )  # fmt: skip
    try:
        person = get_person_lookup().by_bsn(contact.bsn, context=context)
    except PersonLookupError as error:
        logger.warning("No addressee looked up for an acknowledgement: %s", error)
        return None
    processing_log_record(
        actor=None, system="ontvangstbevestiging", action=Action.READ, bsns=[contact.bsn],
        purpose=Purpose.CITIZEN_NOTIFICATION, object_type="persoon", object_id=contact.bsn,
    )  # fmt: skip
    return person


def log_contact(
    actor, contact: Contact, action: str, *, pending: PendingRecords | None = None
) -> None:
    """The processing-log entry for a contact with a person (a BSN); with ``pending``
    collected there, to be written with the transaction's others."""
    if contact.bsn:
        entries = processing_log_entries(
            actor=actor,
            action=action,
            bsns=[contact.bsn],
            purpose=Purpose.CONTACT_HANDLING,
            object_type="klantcontact",
            object_id=contact.pk,
        )
        if pending is not None:
            pending.log_entries += entries
        else:
            processing_log_write(entries)
