"""E-mail intake: every message that reaches the mailbox becomes a contact or is quarantined.

One message, one transaction: the raw bytes (always kept), the :class:`InboundMail` row,
the e-mail :class:`Contact` with its attachments, the processing-log entry and the
acknowledgement in the outbox commit together, or none of them do. Ingesting the same
message again (same Message-ID, in the same organisation) returns the first result and
writes nothing. Bad input never raises: a message we cannot or will not read is stored
*in quarantine*, with a Dutch reason, for an agent to look at. Only infrastructure errors
(database, disk) raise, so a caller that fetches from a mailbox leaves the message there.

This module stores messages and is the public entry point. Reading a message from its
bytes is :mod:`achterkant.contacts.mail.parsing`, fetching from a mailbox
:mod:`achterkant.contacts.mail.imap`. See ``docs/mail-intake.md`` for what happens to a
message and why.
"""

import hashlib
import logging
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.services.documents import ALLOWED_CONTENT_TYPES
from achterkant.catalog.models import Channel, NormUnit, Product
from achterkant.contacts.mail import imap, parsing
from achterkant.contacts.mail.imap import MailIntakeError
from achterkant.contacts.mail.parsing import NOT_STORED_HEADING, TRUNCATED_NOTE
from achterkant.contacts.mail.report import IngestReport
from achterkant.contacts.mail.text import html_to_text
from achterkant.contacts.models import Contact, InboundMail, Outcome
from achterkant.contacts.norms import due_at, norm_for
from achterkant.contacts.services.attachments import attachment_store
from achterkant.identity.models import Person
from achterkant.notify.services import outbox_email_enqueue
from achterkant.tenancy.context import require_organisation

__all__ = [
    "NOT_STORED_HEADING",
    "TRUNCATED_NOTE",
    "IngestReport",
    "MailIntakeError",
    "html_to_text",
    "ingest_eml_files",
    "ingest_imap",
    "ingest_message",
    "ingest_or_get",
]

logger = logging.getLogger(__name__)

SYSTEM = "e-mailintake"  # the actor in the processing log
ACKNOWLEDGEMENT_EVENT = "contact.email_acknowledged"
ACKNOWLEDGEMENT_TEMPLATE = "contacts/email/acknowledgement.txt"


# --- Storing -----------------------------------------------------------------------------


def _person_bsn(address: str) -> str:
    """The BSN of the one person in this organisation with this e-mail address, else ""."""
    bsns = list(Person.objects.filter(email__iexact=address).values_list("bsn", flat=True)[:2])
    return bsns[0] if len(bsns) == 1 else ""


def _store(
    analysis: parsing.Analysis,
    *,
    raw: bytes,
    sha256: str,
    product: Product | None,
    received_at: datetime,
) -> InboundMail:
    """Write one message in one transaction. Files written are removed if it fails."""
    written = []
    try:
        with transaction.atomic():
            mail = InboundMail(
                message_id=analysis.message_id,
                sha256=sha256,
                size=len(raw),
                from_address=analysis.from_address,
                subject=analysis.subject,
                status=InboundMail.Status.QUARANTINED
                if analysis.quarantine_reason
                else InboundMail.Status.ACCEPTED,
                quarantine_reason=analysis.quarantine_reason,
            )
            mail.organisation = require_organisation()
            mail.raw.save(f"{sha256}.eml", ContentFile(raw), save=False)
            written.append(mail.raw)
            if not analysis.quarantine_reason:
                mail.contact = _contact(analysis, product, received_at, written)
            mail.save()
            # received_at is auto_now_add; align it with the moment the mailbox got it.
            InboundMail.objects.filter(pk=mail.pk).update(received_at=received_at)
            mail.received_at = received_at
            return mail
    except BaseException:
        for stored in written:
            stored.storage.delete(stored.name)
        raise


def _contact(
    analysis: parsing.Analysis, product: Product | None, received_at: datetime, written: list
) -> Contact:
    norm = norm_for(Channel.EMAIL, product)
    due = due_at(norm, received_at) if norm else None
    bsn = _person_bsn(analysis.from_address)
    contact = Contact(
        channel=Channel.EMAIL,
        bsn=bsn,
        product=product,
        subject=analysis.subject[:200],
        question=parsing.question_text(analysis),
        outcome=Outcome.OPEN,
        started_at=received_at,
        ended_at=received_at,
        response_due_at=due,
    )
    contact.full_clean(exclude=["organisation", "case", "agent", "product"])
    contact.save()
    for attachment in analysis.attachments:
        if not attachment.refusal:
            upload = SimpleUploadedFile(attachment.name, attachment.data)
            written.append(attachment_store(contact=contact, upload=upload).file)
    if bsn:
        processing_log_record(
            actor=None,
            system=SYSTEM,
            action=Action.CREATE,
            bsns=[bsn],
            purpose=Purpose.CONTACT_HANDLING,
            object_type="klantcontact",
            object_id=contact.pk,
        )
    if analysis.no_acknowledgement:
        logger.info("No acknowledgement for %s: %s", analysis.message_id,
                    analysis.no_acknowledgement)  # fmt: skip
    else:
        _acknowledge(analysis, contact, norm, bsn)
    return contact


def _acknowledge(analysis: parsing.Analysis, contact: Contact, norm, bsn: str) -> None:
    names = list(ALLOWED_CONTENT_TYPES.values())
    context = {
        "organisation": require_organisation(),
        "subject": analysis.subject,
        "received_at": contact.started_at,
        "promise": norm.promise if norm else "",
        "due_at": contact.response_due_at,
        "due_shows_time": bool(norm)
        and norm.unit in (NormUnit.SECONDS, NormUnit.MINUTES, NormUnit.WORKING_HOURS),
        "skipped_attachments": sum(1 for a in analysis.attachments if a.refusal),
        "allowed_types": ", ".join(names[:-1]) + " en " + names[-1],
        "max_attachment_size": settings.DOCUMENT_MAX_BYTES,
    }
    with translation.override("nl"), timezone.override("Europe/Amsterdam"):
        body = render_to_string(ACKNOWLEDGEMENT_TEMPLATE, context).strip() + "\n"
    subject = f"Ontvangen: {analysis.subject}" if analysis.subject else "Uw e-mail is ontvangen"
    outbox_email_enqueue(
        event_code=ACKNOWLEDGEMENT_EVENT,
        recipient=analysis.from_address,
        subject=subject[:200],
        body=body,
        bsn=bsn,
        reference=f"klantcontact-{contact.pk}",
        in_berichtenbox=False,  # a reply to the e-mail itself, by e-mail only
    )


# --- Entry points ------------------------------------------------------------------------


def ingest_or_get(
    raw: bytes,
    *,
    source: str = "",
    product: Product | None = None,
    received_at: datetime | None = None,
) -> tuple[InboundMail, bool]:
    """:func:`ingest_message`, also telling whether the message was new (like get_or_create)."""
    raw = bytes(raw)
    sha256 = hashlib.sha256(raw).hexdigest()
    headers = parsing.parse_headers(raw)
    message_id = parsing.message_id_of(headers, sha256)
    existing = InboundMail.objects.filter(message_id=message_id).first()
    if existing is not None:
        return existing, False
    now = timezone.now()
    received_at = min(received_at or now, now)
    analysis = parsing.analyse(raw, headers, message_id)
    arguments = {"raw": raw, "sha256": sha256, "product": product, "received_at": received_at}
    try:
        mail = _store(analysis, **arguments)
    except IntegrityError:
        # Another process stored the same Message-ID in the meantime.
        existing = InboundMail.objects.filter(message_id=message_id).first()
        if existing is not None:
            return existing, False
        if analysis.quarantine_reason:
            raise
        logger.exception("E-mail %s (%s) could not be stored", message_id, source or "-")
    except Exception:
        if analysis.quarantine_reason:
            raise  # even the bare message cannot be stored: the database or disk is at fault
        logger.exception("E-mail %s (%s) could not be stored", message_id, source or "-")
    else:
        logger.info("E-mail %s (%s): %s", message_id, source or "-", mail.status)
        return mail, True
    # The message was readable but storing it as a contact failed: keep it in quarantine.
    analysis.quarantine_reason = "Het bericht kon niet als klantcontact worden vastgelegd."
    return _store(analysis, **arguments), True


def ingest_message(
    raw: bytes,
    *,
    source: str = "",
    product: Product | None = None,
    received_at: datetime | None = None,
) -> InboundMail:
    """Take in one RFC 822 message for the active organisation; returns its InboundMail.

    Idempotent per Message-ID (without one: ``<sha256-of-the-bytes@achterkant>``): a
    message seen before returns the existing row and writes nothing. ``product`` gives the
    service norm (else the e-mail default of 2 working days); ``received_at`` is when the
    mailbox got it (default now, never in the future). ``source`` is for the log only.
    """
    return ingest_or_get(raw, source=source, product=product, received_at=received_at)[0]


def ingest_eml_files(
    paths: Iterable[str | Path], *, product: Product | None = None
) -> IngestReport:
    """Ingest ``.eml`` files (one RFC 822 message each) for the active organisation."""
    report = IngestReport()
    for path in paths:
        try:
            raw = Path(path).read_bytes()
        except OSError as error:
            report.failed.append(f"{path}: {error.strerror or error}")
            continue
        report.count(*ingest_or_get(raw, source=str(path), product=product))
    return report


def ingest_imap(
    *,
    host: str,
    port: int,
    user: str,
    password: str,
    mailbox: str = "INBOX",
    use_ssl: bool = True,
    timeout: float | None = 60,
    product: Product | None = None,
) -> IngestReport:
    """Ingest every unread message in an IMAP mailbox for the active organisation.

    Each message is fetched without marking it (``BODY.PEEK[]``), ingested and committed
    in its own transaction, and only then flagged ``\\Seen``; a crash in between leaves it
    unread, and the next run finds it a duplicate and flags it then. Must run outside a
    transaction (a durable block checks that), or a rollback would lose flagged messages.
    Raises :class:`MailIntakeError` when the server, the log-in or the mailbox fails.
    """
    return imap.ingest_imap(
        host=host,
        port=port,
        user=user,
        password=password,
        mailbox=mailbox,
        use_ssl=use_ssl,
        timeout=timeout,
        product=product,
        ingest=ingest_or_get,  # looked up now, so a test can stand in for it
    )
