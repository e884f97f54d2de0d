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

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from achterkant.catalog.models import Channel, Product
from achterkant.contacts.mail import authentication, imap, parsing
from achterkant.contacts.mail.imap import MailIntakeError
from achterkant.contacts.mail.parsing import NOT_STORED_HEADING, TRUNCATED_NOTE
from achterkant.contacts.mail.report import IngestReport
from achterkant.contacts.mail.text import html_to_text
from achterkant.contacts.models import Contact, InboundMail
from achterkant.contacts.services.receive import contact_receive, person_with_email
from achterkant.identity.actors import system
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

# Who acts: named in the processing log, allowed to register contacts and nothing more.
SYSTEM = "e-mailintake"
INTAKE = system(SYSTEM, {"contacts.add_contact"})


# --- Storing -----------------------------------------------------------------------------


def _store(
    analysis: parsing.Analysis,
    *,
    raw: bytes,
    sha256: str,
    product: Product | None,
    received_at: datetime,
    sender_verified: bool = False,
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
                sender_verified=sender_verified,
            )
            mail.organisation = require_organisation()
            mail.raw.save(f"{sha256}.eml", ContentFile(raw), save=False)
            written.append(mail.raw)
            if not analysis.quarantine_reason:
                mail.contact = _contact(analysis, product, received_at, written, sender_verified)
                if not mail.contact.bsn and not sender_verified:
                    # Not linked: tell the agent whose address it is, to confirm or not.
                    mail.register_bsn = person_with_email(INTAKE, analysis.from_address)
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
    analysis: parsing.Analysis,
    product: Product | None,
    received_at: datetime,
    written: list,
    sender_verified: bool,
) -> Contact:
    """The e-mail as a contact, through the one gate every channel uses. It is linked to
    the person with the sender's address only when our mail server authenticated the
    sender (:mod:`achterkant.contacts.mail.authentication`)."""
    if analysis.no_acknowledgement:
        logger.info("No acknowledgement for %s: %s", analysis.message_id,
                    analysis.no_acknowledgement)  # fmt: skip
    return contact_receive(
        actor=INTAKE,
        channel=Channel.EMAIL,
        email=analysis.from_address,
        email_verified=sender_verified,
        product=product,
        subject=analysis.subject[:200],
        question=parsing.question_text(analysis),
        started_at=received_at,
        attachments=[
            SimpleUploadedFile(attachment.name, attachment.data)
            for attachment in analysis.attachments
            if not attachment.refusal
        ],
        refused_attachments=sum(1 for a in analysis.attachments if a.refusal),
        acknowledge=not analysis.no_acknowledgement,
        stored_files=written,
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
    verified = authentication.sender_verified(headers, analysis.from_address)
    arguments = {"raw": raw, "sha256": sha256, "product": product, "received_at": received_at,
                 "sender_verified": verified}  # fmt: skip
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
