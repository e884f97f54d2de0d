"""The outbox: write a message with the change, deliver it from the worker."""

import logging
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from achterkant.audit.models import Action, ProcessingLogEntry
from achterkant.audit.services import Purpose, processing_log_record, processing_log_write
from achterkant.notify.links import berichtenbox_link
from achterkant.notify.messages import render_message
from achterkant.notify.models import DomainEvent, OutboxMessage, Status
from achterkant.tenancy.context import require_organisation, use_organisation

logger = logging.getLogger(__name__)

# A claim older than this belongs to a worker that died mid-send.
STALE_CLAIM = timedelta(minutes=10)
# Messages a worker claims at a time: what a worker that dies leaves claimed at most.
CLAIM_BATCH = 20
DELIVERY_SYSTEM = "e-mailbezorging"
BERICHTENBOX = "berichtenbox"


def outbox_email_enqueue(
    *,
    event_code: str,
    recipient: str,
    subject: str,
    body: str,
    bsn: str = "",
    reference: str = "",
    in_berichtenbox: bool = True,
) -> OutboxMessage:
    """Store an e-mail to send. Call inside the transaction of the change it reports.

    With a ``bsn`` the message is also the person's berichtenbox message, unless
    ``in_berichtenbox`` is off; see ``_email_text`` for what the e-mail then says.
    The row is the work: the worker takes pending rows from the outbox on every pass
    (:func:`outbox_deliver_due`), so it commits or rolls back with the change.
    """
    message = OutboxMessage(
        event_code=event_code,
        recipient=recipient,
        subject=subject,
        body=body,
        bsn=bsn,
        reference=reference,
        in_berichtenbox=in_berichtenbox,
        message_id=_new_message_id(),
    )
    # The Message-ID is random and the database keeps it unique: no look-up needed. That
    # is the model's one constraint, so none is checked here (Django would build a tenant
    # query for it only to skip the excluded field).
    message.full_clean(exclude=["organisation", "message_id"], validate_constraints=False)
    message.save()
    return message


def message_enqueue(
    *,
    event_code: str,
    product_code: str = "",
    context: dict,
    recipient: str,
    bsn: str = "",
    reference: str = "",
    in_berichtenbox: bool = True,
) -> OutboxMessage:
    """Render the citizen message for this event and queue it as an e-mail.

    The text is the organisation's template for this product, else its general one, else
    the built-in default (``notify.messages.render_message``). Call inside the
    transaction of the change it reports: the message commits or rolls back with it.
    ``bsn`` goes to the outbox row (for the processing log), never into the text.
    Without a ``recipient`` (no e-mail address known) the message goes only to the
    person's berichtenbox in Mijn gemeente; that needs a ``bsn``. ``in_berichtenbox``
    off keeps an e-mail out of the berichtenbox (see ``outbox_email_enqueue``).
    """
    message = render_message(event_code=event_code, product_code=product_code, context=context)
    if not recipient:
        return _berichtenbox_only(
            event_code=event_code, subject=message.subject, body=message.body, bsn=bsn,
            reference=reference,
        )  # fmt: skip
    return outbox_email_enqueue(
        event_code=event_code,
        recipient=recipient,
        subject=message.subject,
        body=message.body,
        bsn=bsn,
        reference=reference,
        in_berichtenbox=in_berichtenbox,
    )


def _berichtenbox_only(
    *, event_code: str, subject: str, body: str, bsn: str, reference: str
) -> OutboxMessage:
    """A message with nothing to deliver: it is readable in the berichtenbox at once."""
    if not bsn:
        raise ValueError("A message without an e-mail address needs a BSN (berichtenbox).")
    message = OutboxMessage(
        channel=BERICHTENBOX, event_code=event_code, recipient="", subject=subject, body=body,
        bsn=bsn, reference=reference, status=Status.SENT, sent_at=timezone.now(),
    )  # fmt: skip
    # Its one constraint (a unique Message-ID) skips a blank Message-ID: nothing to check,
    # and the check would cost three statements (a savepoint around a SELECT).
    message.full_clean(exclude=["organisation"], validate_constraints=False)
    message.save()
    return message


def _new_message_id(organisation=None) -> str:
    """A Message-ID that is this e-mail's identity for good, on every (re)send.

    Random, so it is unique without knowing the row's key; it names the organisation and
    sits under the domain we send from (``DEFAULT_FROM_EMAIL``), else ``achterkant``.
    Built without a query, so queueing a message costs no extra round trip.
    """
    organisation = organisation or require_organisation()
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "achterkant"
    return f"<outbox-{organisation.slug}-{uuid.uuid4().hex}@{domain}>"


def _claim(message_id: int) -> OutboxMessage | None:
    """Take the message for sending; None when another worker has it or it is done."""
    now = timezone.now()
    claimable = Q(status=Status.PENDING) | Q(
        status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM
    )
    claimed = OutboxMessage.all_tenants.filter(claimable, pk=message_id).update(
        status=Status.SENDING, claimed_at=now
    )
    if not claimed:
        return None
    return OutboxMessage.all_tenants.select_related("organisation").get(pk=message_id)


def _claim_due(count: int) -> list[OutboxMessage]:
    """Take up to ``count`` due messages for sending: new ones, retries whose time has
    come, and claims of a worker that died (older than ``STALE_CLAIM``).

    ``FOR UPDATE SKIP LOCKED`` (PostgreSQL): two workers claiming at once get different
    rows and neither waits. The claim is committed before anything is sent, so a worker
    that dies leaves at most this batch claimed, to be sent again after ``STALE_CLAIM``.
    """
    now = timezone.now()
    due = (
        Q(status=Status.PENDING, next_attempt_at__isnull=True)
        | Q(status=Status.PENDING, next_attempt_at__lte=now)
        | Q(status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM)
    )
    with transaction.atomic():
        # No ORDER BY: the due rows are found through their index (``outbox_due``); an
        # order by key would walk the key index through every message ever sent.
        ids = list(
            OutboxMessage.all_tenants.filter(due)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:count]
        )
        if ids:
            OutboxMessage.all_tenants.filter(pk__in=ids).update(
                status=Status.SENDING, claimed_at=now
            )
    return list(
        OutboxMessage.all_tenants.select_related("organisation").filter(pk__in=ids).order_by("pk")
    )


def outbox_message_deliver(*, message_id: int) -> bool:
    """Send one message through Django's e-mail backend. Returns whether it was sent.

    Safe to call twice at once: only the caller that claims the row sends it. Delivery is
    at least once: a worker that dies after the send and before marking the row leaves a
    stale claim, and the worker sends it again, with the same Message-ID (``message_id``),
    so the copies are recognisably one e-mail. Exactly once is impossible over SMTP.
    """
    message = _claim(message_id)
    if message is None:
        return False
    return _send_claimed(message)


def _send_claimed(message: OutboxMessage) -> bool:
    with use_organisation(message.organisation):
        _record_attempt(message)
        subject, body = _email_text(message)
        email = EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            headers=_headers(message),
        )
        try:
            email.send(fail_silently=False)
        except Exception as error:  # any transport error: keep the row, retry later
            _record_failure(message, error)
            return False
        with transaction.atomic():
            message.status = Status.SENT
            message.sent_at = timezone.now()
            message.attempts += 1
            message.last_error = ""
            message.save(update_fields=["status", "sent_at", "attempts", "last_error"])
            processing_log_record(
                actor=None,
                system=DELIVERY_SYSTEM,
                action=Action.SEND,
                bsns=[message.bsn],
                purpose=Purpose.CITIZEN_NOTIFICATION,
                object_type="bericht",
                object_id=message.pk,
            )
    return True


def _email_text(message: OutboxMessage) -> tuple[str, str]:
    """What the e-mail says. To a person we know by BSN: only that there is a message.

    The message itself waits in the berichtenbox of Mijn gemeente, behind DigiD, so no
    personal data travels by e-mail. Someone we know only by e-mail address (an
    acknowledgement of their e-mail) gets the text itself: they cannot log in.
    The link comes from the portal (``notify.links``); without one, the e-mail only says
    where to read the message.
    """
    if not message.for_berichtenbox:
        return message.subject, message.body
    organisation = message.organisation
    link = berichtenbox_link(organisation)
    where = f"Lees het in Mijn gemeente: {link}\n" if link else "Lees het in Mijn gemeente.\n"
    return (
        f"U heeft een nieuw bericht van {organisation.name}",
        "Beste meneer, mevrouw,\n\n"
        f"U heeft een nieuw bericht van {organisation.name}.\n"
        f"{where}"
        "U logt in met DigiD.\n\n"
        "Dit is een automatisch bericht. U hoeft hier niet op te antwoorden.\n\n"
        f"Met vriendelijke groet,\n{organisation.name}\n",
    )


def _record_attempt(message: OutboxMessage) -> None:
    """Write down that we are about to hand the message over, before we do.

    A message that was claimed before and has an attempt on record may already have
    reached the mail server (the worker died between sending and marking it sent). It goes
    out again with its own Message-ID, so the receiver and we can see it is the same one.
    A message from before Message-IDs were stored gets one now, kept from then on.
    """
    fields = ["send_attempted_at"]
    if message.send_attempted_at is not None:
        logger.warning(
            "Outbox message %s may have been sent before (attempt at %s); "
            "resending with the same Message-ID %s",
            message.pk,
            message.send_attempted_at.isoformat(),
            message.message_id,
        )
    if not message.message_id:
        message.message_id = _new_message_id(message.organisation)
        fields.append("message_id")
    message.send_attempted_at = timezone.now()
    message.save(update_fields=fields)


def _headers(message: OutboxMessage) -> dict:
    """The stable Message-ID, and our own header, so mail intake knows a bounce or
    auto-reply to it. A notice about the berichtenbox carries no case number: nothing in
    that e-mail points to a case."""
    headers = {"Message-ID": message.message_id}
    if message.for_berichtenbox:
        headers["X-Achterkant-Reference"] = f"bericht-{message.pk}"
    elif message.reference:
        headers["X-Achterkant-Reference"] = message.reference
    return headers


def message_mark_read(message: OutboxMessage) -> None:
    """The citizen opened the message in the berichtenbox; the first time counts."""
    if message.read_at is None:
        message.read_at = timezone.now()
        OutboxMessage.objects.filter(pk=message.pk, read_at__isnull=True).update(
            read_at=message.read_at
        )


def _record_failure(message: OutboxMessage, error: Exception) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        message.status = Status.FAILED
    else:
        message.status = Status.PENDING
        # Back off: 1, 2, 4, 8… minutes.
        message.next_attempt_at = timezone.now() + timedelta(minutes=2 ** (message.attempts - 1))
    message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    logger.warning("Delivery of outbox message %s failed: %s", message.pk, message.last_error)


def outbox_deliver_due(*, limit: int = 500) -> int:
    """Deliver the messages that are due, at most ``limit``. Returns how many were sent.

    The outbox is the worker's queue: the worker runs this on every pass
    (``WORKER_INTERVAL_SECONDS``). A new message is due at once; a failed one when its
    back-off has passed (``next_attempt_at``). Messages are claimed a batch at a time
    (:func:`_claim_due`), so several workers share the work and never send one twice.
    """
    sent = handled = 0
    while handled < limit:
        batch = _claim_due(min(CLAIM_BATCH, limit - handled))
        if not batch:
            break
        sent += sum(_send_claimed(message) for message in batch)
        handled += len(batch)
    return sent


@dataclass
class PendingRecords:
    """Processing-log entries and domain events of one transaction, not yet written.

    A change that spans services (the e-loket: a case, then its contact) collects them
    here and writes them once at its end: one insert for the log and one for the events,
    instead of one of each per service. Same rows, same order, the same transaction.
    :meth:`write` must run before anything else in that transaction logs or emits
    directly, or the order would change; it may run more than once.
    """

    log_entries: list[ProcessingLogEntry] = field(default_factory=list)
    events: list[DomainEvent] = field(default_factory=list)
    # Reads of personal data done for the change: logged ahead of the rest, and logged
    # even if the change rolls back (``write_reads``), since the data was read anyway.
    reads: list[ProcessingLogEntry] = field(default_factory=list)

    def add(self, other: "PendingRecords") -> None:
        """Take over what ``other`` collected, after it (a nested block that committed)."""
        self.reads += other.reads
        self.log_entries += other.log_entries
        self.events += other.events

    def write(self) -> None:
        processing_log_write(self.reads + self.log_entries)
        if self.events:
            DomainEvent.objects.bulk_create(self.events)
        self.reads, self.log_entries, self.events = [], [], []

    def write_reads(self) -> None:
        """After the change rolled back: log its reads, which did happen, on their own."""
        processing_log_write(self.reads)
        self.reads = []


def event_emit(
    *,
    channel: str,
    resource: str,
    action: str,
    main_reference: str,
    resource_reference: str = "",
    attributes: dict | None = None,
    actor=None,
    pending: PendingRecords | None = None,
) -> DomainEvent:
    """Record a domain event. Call inside the transaction of the change it reports.

    ``actor`` (a typed actor or a staff user) is kept by name only: an event carries no
    personal data, so no BSN goes into ``attributes``. With ``pending`` the event is
    collected there, to be written with the transaction's others.
    """
    return events_emit(
        channel=channel,
        main_reference=main_reference,
        events=[{"resource": resource, "action": action, "reference": resource_reference}],
        attributes=attributes,
        actor=actor,
        pending=pending,
    )[0]


def events_emit(
    *,
    channel: str,
    main_reference: str,
    events: list[dict],
    attributes: dict | None = None,
    actor=None,
    pending: PendingRecords | None = None,
) -> list[DomainEvent]:
    """Several domain events of one change, in this order, in one insert: each
    ``{"resource", "action", "reference"}`` (the reference defaults to ``main_reference``).
    As :func:`event_emit`: inside the change's transaction, the actor by name only; with
    ``pending`` collected there instead of inserted now."""
    label = getattr(actor, "log_label", None) or (
        actor.get_username() if hasattr(actor, "get_username") else ""
    )
    organisation = require_organisation()  # bulk_create skips save(), which sets it
    built = [
        DomainEvent(
            organisation=organisation,
            channel=channel,
            resource=event["resource"],
            action=event["action"],
            main_reference=str(main_reference),
            resource_reference=str(event.get("reference") or ""),
            attributes=attributes or {},
            actor_label=label,
        )
        for event in events
    ]
    if pending is not None:
        pending.events += built
        return built
    return DomainEvent.objects.bulk_create(built)
