"""E-mail intake: every message that reaches the mailbox becomes a contact or is quarantined.

One message, one transaction: the raw bytes (always kept), the :class:`InboundMail` row,
the e-mail :class:`Contact` with its attachments, the processing-log entry and the
acknowledgement in the outbox commit together, or none of them do. Ingesting the same
message again (same Message-ID, in the same organisation) returns the first result and
writes nothing. Bad input never raises: a message we cannot or will not read is stored
*in quarantine*, with a Dutch reason, for an agent to look at. Only infrastructure errors
(database, disk) raise, so a caller that fetches from a mailbox leaves the message there.

See ``docs/mail-intake.md`` for what happens to a message and why.
"""

import contextlib
import email
import email.errors
import email.policy
import hashlib
import imaplib
import logging
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parseaddr
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import timezone, translation

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.services.documents import ALLOWED_CONTENT_TYPES, check_upload
from achterkant.catalog.models import Channel, NormUnit, Product
from achterkant.contacts.models import Contact, InboundMail, Outcome
from achterkant.contacts.norms import due_at, norm_for
from achterkant.contacts.services.attachments import attachment_store
from achterkant.identity.models import Person
from achterkant.notify.services import outbox_email_enqueue
from achterkant.tenancy.context import require_organisation

logger = logging.getLogger(__name__)

SYSTEM = "e-mailintake"  # the actor in the processing log
ACKNOWLEDGEMENT_EVENT = "contact.email_acknowledged"
ACKNOWLEDGEMENT_TEMPLATE = "contacts/email/acknowledgement.txt"

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
DEFAULT_MAX_ATTACHMENTS = 20
DEFAULT_MAX_PARTS = 100
DEFAULT_MAX_DEPTH = 10
DEFAULT_MAX_QUESTION_CHARS = 20_000
# Headers of a real message fit in far less; a longer "header" is garbage anyway.
_HEADER_SCAN_BYTES = 1024 * 1024
_MESSAGE_ID_MAX = 998  # InboundMail.message_id

TRUNCATED_NOTE = "[… ingekort: de volledige tekst staat in het originele bericht]"
NOT_STORED_HEADING = "Bijlagen die niet zijn opgeslagen (ze staan wel in het originele bericht):"


def _setting(name: str, default):
    return getattr(settings, f"MAIL_INTAKE_{name}", default)


class MailIntakeError(Exception):
    """The mailbox could not be read (connection, log-in, mailbox). Message in Dutch."""


@dataclass
class IngestReport:
    """What one run did: counts per outcome, and inputs that could not even be read."""

    accepted: int = 0
    quarantined: int = 0
    duplicates: int = 0
    failed: list[str] = field(default_factory=list)

    def count(self, mail: InboundMail, created: bool) -> None:
        if not created:
            self.duplicates += 1
        elif mail.status == InboundMail.Status.QUARANTINED:
            self.quarantined += 1
        else:
            self.accepted += 1

    def merge(self, other: "IngestReport") -> None:
        self.accepted += other.accepted
        self.quarantined += other.quarantined
        self.duplicates += other.duplicates
        self.failed += other.failed

    def summary(self) -> str:
        text = (
            f"Verwerkt: {self.accepted}, in quarantaine: {self.quarantined}, "
            f"al eerder ontvangen: {self.duplicates}."
        )
        if self.failed:
            text += f" Niet gelezen: {len(self.failed)}."
        return text


# --- Reading a message -------------------------------------------------------------------


@dataclass
class _Attachment:
    name: str
    data: bytes
    refusal: str = ""  # why it is not stored; empty when it is


@dataclass
class _Analysis:
    """Everything taken from the bytes, before anything touches the database."""

    message_id: str
    from_address: str = ""
    subject: str = ""
    quarantine_reason: str = ""
    body: str = ""
    attachments: list[_Attachment] = field(default_factory=list)
    no_acknowledgement: str = ""  # why no acknowledgement is sent; empty when one is


class _Unreadable(Exception):
    """The message (or its text) cannot be read; the message is the Dutch reason."""


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean_text(text: str) -> str:
    """Text that every database takes: no lone surrogates, NULs or control characters."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_CHARACTERS.sub("", text)
    text = re.sub(r"[ \t\u00a0]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _clean_line(text: str) -> str:
    """One line: header values, file names. No line breaks (header injection)."""
    return " ".join(_clean_text(text).split())


def _header(message: Message, name: str) -> str:
    """A decoded header (RFC 2047), cleaned; "" when absent or unparseable."""
    try:
        value = message.get(name)
    except Exception:  # a header so broken the policy cannot even represent it
        return ""
    return _clean_line(str(value)) if value is not None else ""


def _message_id(headers: Message, sha256: str) -> str:
    value = _header(headers, "Message-ID")
    found = re.search(r"<[^<>\s]+>", value)
    message_id = found.group(0) if found else value
    if not message_id or len(message_id) > _MESSAGE_ID_MAX:
        return f"<{sha256}@achterkant>"
    return message_id


def _from_address(message: Message) -> str:
    """The first usable address in From, lower-cased domain; "" if there is none."""
    try:
        addresses = message["From"].addresses if message["From"] is not None else ()
    except Exception:
        addresses = ()
    for address in addresses:
        if address.username and address.domain:
            return _clean_line(f"{address.username}@{address.domain.lower()}")[:320]
    return ""


def _walk(message: Message) -> tuple[int, int]:
    """(number of MIME parts, deepest nesting), counted without recursion."""
    parts = 0
    deepest = 0
    stack = [(message, 1)]
    while stack:
        part, depth = stack.pop()
        parts += 1
        deepest = max(deepest, depth)
        if part.is_multipart():
            stack.extend((child, depth + 1) for child in part.get_payload())
    return parts, deepest


def _leaves(message: Message) -> list[Message]:
    """The non-container parts in order. A forwarded message (message/rfc822) is one leaf."""
    leaves = []
    stack = [message]
    while stack:
        part = stack.pop()
        if part.get_content_maintype() == "multipart" and part.is_multipart():
            stack.extend(reversed(part.get_payload()))
        else:
            leaves.append(part)
    return leaves


class _HtmlToText(HTMLParser):
    """HTML to readable text: blocks become lines, scripts and styles disappear."""

    BLOCKS = {
        "address", "article", "blockquote", "dd", "div", "dl", "dt", "footer", "h1", "h2",
        "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table",
        "tr", "ul",
    }  # fmt: skip
    HIDDEN = {"head", "script", "style", "template", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.chunks.append("\n")
        elif tag == "li":
            self.chunks.append("\n- ")
        elif tag in ("td", "th"):
            self.chunks.append(" ")
        elif tag in self.BLOCKS:
            self.chunks.append("\n\n" if tag == "p" else "\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag not in self.HIDDEN:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS and tag != "li":
            self.chunks.append("\n\n" if tag == "p" else "\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.chunks.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    parser = _HtmlToText()
    parser.feed(html)
    parser.close()
    lines = (line.strip() for line in "".join(parser.chunks).split("\n"))
    return _clean_text("\n".join(lines))


# Labels that mean "no charset declared" in practice; we then try UTF-8, then Windows-1252.
_UNDECLARED_CHARSETS = {"us-ascii", "ascii", "unknown-8bit", "x-unknown", "default"}


def _decode_bytes(payload: bytes, charset: str | None) -> str:
    if charset is None or charset in _UNDECLARED_CHARSETS:
        try:
            return payload.decode("utf-8")
        except UnicodeDecodeError:
            return payload.decode("windows-1252", errors="replace")
    try:
        return payload.decode(charset)
    except LookupError as error:
        raise _Unreadable(
            f"De tekst van het bericht staat in een onbekende tekenset ({charset[:40]})."
        ) from error
    except UnicodeDecodeError as error:
        raise _Unreadable(
            f"De tekst van het bericht klopt niet met de opgegeven tekenset ({charset[:40]})."
        ) from error


def _body_text(part: Message | None) -> str:
    """The decoded text of the body part (quoted-printable, base64, any charset)."""
    if part is None:
        return ""
    payload = part.get_payload(decode=True) or b""
    if any(isinstance(d, email.errors.InvalidBase64LengthDefect) for d in part.defects):
        raise _Unreadable("De tekst van het bericht is beschadigd (ongeldige base64-codering).")
    text = _decode_bytes(payload, part.get_content_charset())
    if part.get_content_type() == "text/html":
        return html_to_text(text)
    return _clean_text(text)


def _is_body_candidate(part: Message) -> bool:
    return part.get_content_type() in ("text/plain", "text/html") and not part.is_attachment()


def _attachment_name(part: Message, number: int) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    name = _clean_line(str(name)).replace("\\", "/").rsplit("/", 1)[-1].lstrip(". ")
    if not name:
        return f"bijlage-{number}"
    if len(name) > 255:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: 254 - len(extension)] + dot + extension) if dot else name[:255]
    return name


def _attachments(message: Message, body: Message | None) -> list[_Attachment]:
    found = []
    for part in _leaves(message):
        if part is body or _is_body_candidate(part):
            continue
        number = len(found) + 1
        name = _attachment_name(part, number)
        if part.get_content_maintype() == "message":
            found.append(_Attachment(name, b"", "Een doorgestuurd e-mailbericht slaan we niet "
                                                "apart op."))  # fmt: skip
            continue
        try:
            data = part.get_payload(decode=True) or b""
        except Exception:
            data = b""
        if any(isinstance(d, email.errors.InvalidBase64LengthDefect) for d in part.defects):
            found.append(_Attachment(name, b"", "De bijlage is beschadigd (ongeldige codering)."))
            continue
        attachment = _Attachment(name, data)
        try:
            check_upload(SimpleUploadedFile(name, data))
        except ValidationError as error:
            attachment.refusal = " ".join(error.messages)
        found.append(attachment)
    return found


def _no_acknowledgement_reason(message: Message, from_address: str) -> str:
    """Why this sender gets no acknowledgement (RFC 3834, mail loops); "" if they do."""
    auto_submitted = _header(message, "Auto-Submitted").split(";")[0].strip().lower()
    if auto_submitted and auto_submitted != "no":
        return "automatisch verstuurd bericht (Auto-Submitted)"
    if _header(message, "Precedence").lower() in {"bulk", "junk", "list", "auto_reply"}:
        return "massa- of automatisch bericht (Precedence)"
    if any(_header(message, name) for name in ("X-Autoreply", "X-Autorespond")):
        return "automatisch antwoord"
    suppress = _header(message, "X-Auto-Response-Suppress").lower()
    if any(word in suppress for word in ("all", "autoreply", "oof")):
        return "afzender wil geen automatische antwoorden"
    if _header(message, "List-Id") or _header(message, "List-Unsubscribe"):
        return "bericht van een mailinglijst"
    if _header(message, "Return-Path") == "<>":
        return "onbestelbaar-bericht (leeg Return-Path)"
    local_part = from_address.split("@")[0].lower()
    if local_part in {"mailer-daemon", "postmaster"}:
        return "onbestelbaar-bericht (mailer-daemon)"
    if _header(message, "X-Achterkant-Reference"):
        return "bericht van Achterkant zelf"
    own = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower()
    if own and from_address.lower() == own:
        return "bericht van ons eigen afzenderadres"
    try:
        validate_email(from_address)
    except ValidationError:
        return "geen geldig afzenderadres om op te antwoorden"
    return ""


def _analyse(raw: bytes, headers: Message, message_id: str) -> _Analysis:
    """Read the message. Never raises: what cannot be read gets a quarantine reason."""
    analysis = _Analysis(
        message_id=message_id,
        from_address=_from_address(headers),
        subject=_header(headers, "Subject")[:500],
    )
    try:
        _read(raw, headers, analysis)
    except _Unreadable as reason:
        analysis.quarantine_reason = str(reason)
    except RecursionError:
        analysis.quarantine_reason = (
            "Het bericht is te diep genest om te lezen (mogelijk een mailbom)."
        )
    except Exception:
        logger.exception("E-mail %s could not be read", message_id)
        analysis.quarantine_reason = "Het bericht kon niet worden gelezen (onverwachte fout)."
    return analysis


def _read(raw: bytes, headers: Message, analysis: _Analysis) -> None:
    max_bytes = _setting("MAX_BYTES", DEFAULT_MAX_BYTES)
    if len(raw) > max_bytes:
        raise _Unreadable(
            f"Het bericht is te groot ({filesizeformat(len(raw))}). "
            f"Het mag maximaal {filesizeformat(max_bytes)} zijn."
        )
    if not raw.strip() or not headers.keys():
        raise _Unreadable("Dit is geen leesbaar e-mailbericht: er staan geen kopregels in.")
    max_parts = _setting("MAX_PARTS", DEFAULT_MAX_PARTS)
    # Cheap guard before the full parse: a bomb of many tiny parts is refused unparsed.
    if len(re.findall(rb"(?im)^content-type:", raw)) > max_parts:
        raise _Unreadable(
            f"Het bericht bestaat uit te veel onderdelen (meer dan {max_parts}); "
            "mogelijk een mailbom."
        )
    message = email.message_from_bytes(raw, policy=email.policy.default)
    parts, depth = _walk(message)
    max_depth = _setting("MAX_DEPTH", DEFAULT_MAX_DEPTH)
    if depth > max_depth:
        raise _Unreadable(
            f"Het bericht is te diep genest ({depth} niveaus, maximaal {max_depth}); "
            "mogelijk een mailbom."
        )
    if parts > max_parts:
        raise _Unreadable(
            f"Het bericht bestaat uit te veel onderdelen ({parts}, maximaal {max_parts}); "
            "mogelijk een mailbom."
        )
    analysis.from_address = _from_address(message)
    analysis.subject = _header(message, "Subject")[:500]
    if not analysis.from_address:
        raise _Unreadable("Het bericht heeft geen (geldige) afzender.")
    assert isinstance(message, EmailMessage)  # policy.default guarantees it
    body = message.get_body(preferencelist=("plain", "html"))
    analysis.body = _body_text(body)
    analysis.attachments = _attachments(message, body)
    max_attachments = _setting("MAX_ATTACHMENTS", DEFAULT_MAX_ATTACHMENTS)
    if len(analysis.attachments) > max_attachments:
        raise _Unreadable(
            f"Het bericht heeft te veel bijlagen ({len(analysis.attachments)}, "
            f"maximaal {max_attachments})."
        )
    analysis.no_acknowledgement = _no_acknowledgement_reason(message, analysis.from_address)


def _question(analysis: _Analysis) -> str:
    """Subject and body, with a note on refused attachments, within the maximum length."""
    limit = _setting("MAX_QUESTION_CHARS", DEFAULT_MAX_QUESTION_CHARS)
    refused = [a for a in analysis.attachments if a.refusal]
    note = ""
    if refused:
        lines = "\n".join(f"- {a.name}: {a.refusal}" for a in refused)
        note = f"\n\n{NOT_STORED_HEADING}\n{lines}"[: limit // 4]
    head = analysis.subject
    body = analysis.body
    room = max(0, limit - len(head) - len(note) - len(TRUNCATED_NOTE) - 4)
    if len(body) > room:
        body = body[:room].rstrip() + "\n" + TRUNCATED_NOTE
    text = "\n\n".join(p for p in (head, body) if p) or "(leeg bericht)"
    return (text + note)[:limit]


# --- Storing -----------------------------------------------------------------------------


def _person_bsn(address: str) -> str:
    """The BSN of the one person in this organisation with this e-mail address, else ""."""
    bsns = list(Person.objects.filter(email__iexact=address).values_list("bsn", flat=True)[:2])
    return bsns[0] if len(bsns) == 1 else ""


def _store(
    analysis: _Analysis,
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
    analysis: _Analysis, product: Product | None, received_at: datetime, written: list
) -> Contact:
    norm = norm_for(Channel.EMAIL, product)
    due = due_at(norm, received_at) if norm else None
    bsn = _person_bsn(analysis.from_address)
    contact = Contact(
        channel=Channel.EMAIL,
        bsn=bsn,
        product=product,
        subject=analysis.subject[:200],
        question=_question(analysis),
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


def _acknowledge(analysis: _Analysis, contact: Contact, norm, bsn: str) -> None:
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
    )


# --- Entry points ------------------------------------------------------------------------


def _parse_headers(raw: bytes) -> Message:
    try:
        return BytesParser(policy=email.policy.default).parsebytes(
            raw[:_HEADER_SCAN_BYTES], headersonly=True
        )
    except Exception:
        return EmailMessage()


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
    headers = _parse_headers(raw)
    message_id = _message_id(headers, sha256)
    existing = InboundMail.objects.filter(message_id=message_id).first()
    if existing is not None:
        return existing, False
    now = timezone.now()
    received_at = min(received_at or now, now)
    analysis = _analyse(raw, headers, message_id)
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


def _imap_quote(mailbox: str) -> str:
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _fetched(data) -> tuple[bytes | None, datetime | None]:
    """The message bytes and INTERNALDATE from a FETCH (BODY.PEEK[] INTERNALDATE) answer."""
    raw = None
    received_at = None
    for item in data or ():
        if isinstance(item, tuple):
            meta, raw = item[0], item[1]
        else:
            meta = item
        if isinstance(meta, bytes) and b"INTERNALDATE" in meta:
            moment = imaplib.Internaldate2tuple(meta)
            if moment is not None:
                received_at = datetime.fromtimestamp(time.mktime(moment), tz=UTC)
    return raw, received_at


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
    report = IngestReport()
    where = f"{host}:{port}"

    def imap(call, *args, failure: str):
        try:
            status, data = call(*args)
        except (OSError, imaplib.IMAP4.error) as error:
            raise MailIntakeError(f"{failure} ({where}): {error}") from error
        if status != "OK":
            raise MailIntakeError(f"{failure} ({where}).")
        return data

    client_class = imaplib.IMAP4_SSL if use_ssl else imaplib.IMAP4
    try:
        client = client_class(host, port, timeout=timeout)
    except (OSError, imaplib.IMAP4.error) as error:
        raise MailIntakeError(f"De IMAP-server {where} is niet bereikbaar: {error}") from error
    try:
        imap(client.login, user, password, failure=f"Inloggen als {user} is mislukt")
        imap(client.select, _imap_quote(mailbox), failure=f"De map {mailbox} kan niet open")
        data = imap(client.uid, "SEARCH", None, "UNSEEN", failure=f"Zoeken in {mailbox} mislukt")
        uids = data[0].split() if data and data[0] else []
        for uid in uids:
            data = imap(client.uid, "FETCH", uid, "(BODY.PEEK[] INTERNALDATE)",
                        failure=f"Ophalen van bericht {uid.decode()} mislukt")  # fmt: skip
            raw, received_at = _fetched(data)
            if raw is None:
                continue  # removed from the mailbox meanwhile
            source = f"imap:{mailbox}/{uid.decode()}"
            with transaction.atomic(durable=True):
                mail, created = ingest_or_get(raw, source=source, product=product,
                                        received_at=received_at)  # fmt: skip
            # Committed: only now may it leave the unread list.
            imap(client.uid, "STORE", uid, "+FLAGS.SILENT", r"(\Seen)",
                 failure=f"Markeren van bericht {uid.decode()} als gelezen mislukt")  # fmt: skip
            report.count(mail, created)
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            client.logout()
    return report
