"""Reading one message from its bytes, before anything touches the database.

:func:`analyse` never raises: what cannot or will not be read (too big, too deeply nested,
too many parts or attachments, no sender, an unknown or wrong charset, damaged base64) gets
a Dutch quarantine reason instead. It also decides whether the sender gets an
acknowledgement (RFC 3834, mail loops) and :func:`question_text` makes the contact's text.
"""

import email
import email.errors
import email.policy
import logging
import re
import urllib.parse
from dataclasses import dataclass, field
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import validate_email
from django.template.defaultfilters import filesizeformat

from achterkant.cases.services.documents import check_upload
from achterkant.contacts.mail.text import clean_line, clean_text, html_to_text

# The intake logs under one name, whichever of its modules writes.
logger = logging.getLogger("achterkant.contacts.mail_intake")

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
DEFAULT_MAX_ATTACHMENTS = 20
DEFAULT_MAX_PARTS = 100
DEFAULT_MAX_DEPTH = 10
DEFAULT_MAX_HEADERS = 1000
DEFAULT_MAX_QUESTION_CHARS = 20_000
# Headers of a real message fit in far less; a longer "header" is garbage anyway.
_HEADER_SCAN_BYTES = 1024 * 1024
_MESSAGE_ID_MAX = 998  # InboundMail.message_id

TRUNCATED_NOTE = "[… ingekort: de volledige tekst staat in het originele bericht]"
NOT_STORED_HEADING = "Bijlagen die niet zijn opgeslagen (ze staan wel in het originele bericht):"


def _setting(name: str, default):
    return getattr(settings, f"MAIL_INTAKE_{name}", default)


@dataclass
class _Attachment:
    name: str
    data: bytes
    refusal: str = ""  # why it is not stored; empty when it is


@dataclass
class Analysis:
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


def _header(message: Message, name: str) -> str:
    """A decoded header (RFC 2047), cleaned; "" when absent or unparseable."""
    try:
        value = message.get(name)
    except Exception:  # a header so broken the policy cannot even represent it
        return ""
    return clean_line(str(value)) if value is not None else ""


def parse_headers(raw: bytes) -> Message:
    """The headers alone, from the first MiB at most; an empty message if unparseable."""
    try:
        return BytesParser(policy=email.policy.default).parsebytes(
            raw[:_HEADER_SCAN_BYTES], headersonly=True
        )
    except Exception:
        return EmailMessage()


def message_id_of(headers: Message, sha256: str) -> str:
    """The Message-ID (angle brackets kept), or one made from the bytes if none is usable."""
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
            return clean_line(f"{address.username}@{address.domain.lower()}")[:320]
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
    return clean_text(text)


def _is_body_candidate(part: Message) -> bool:
    return part.get_content_type() in ("text/plain", "text/html") and not part.is_attachment()


def _attachment_name(part: Message, number: int) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    name = clean_line(str(name)).replace("\\", "/").rsplit("/", 1)[-1].lstrip(". ")
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


# --- The pre-scan: bounding the work before the full parse -------------------------------
#
# The full parse (``email`` with ``policy.default``) costs time and memory per part, also
# for parts without a Content-Type, so a message of a million empty parts must be refused
# before it. Every MIME part of a multipart starts with a delimiter line ``--boundary``, so
# counting those lines bounds the number of parts; a stack of the boundaries seen gives
# the nesting depth. The scan reads the bytes once with a regular expression and stops as
# soon as the parts limit is passed.

# A boundary parameter in any form Python's parser accepts: boundary=x, boundary="x",
# RFC 2231 boundary*=charset'lang'x and continuations boundary*0=… (whose first piece is
# then a prefix of the boundary).
_BOUNDARY_PARAM = re.compile(
    rb"(?i)boundary[ \t]*(\*[ \t]*(\d*)[ \t]*(\*?))?[ \t]*=[ \t\r\n]*"
    rb'("(?:[^"\\\r\n]|\\.)*"|[^\s;]+)'
)
_HEADER_FIELD = re.compile(rb"(?m)^[!-9;-~]+[ \t]*:")
_BLANK_LINE = re.compile(rb"\r?\n\r?\n|\r\r")
# A part's header block is looked for in this many bytes after its delimiter line.
_PART_HEADER_WINDOW = 64 * 1024


def _declared_boundaries(raw: bytes) -> tuple[set[bytes], set[bytes]]:
    """(exact boundaries, boundary prefixes) declared anywhere in the message. Lenient on
    purpose: declaring one too many only means a line that is no delimiter may be counted."""
    exact: set[bytes] = set()
    prefixes: set[bytes] = set()
    for found in _BOUNDARY_PARAM.finditer(raw):
        star, number, encoded_star, value = found.groups()
        if value.startswith(b'"'):
            value = re.sub(rb"\\(.)", rb"\1", value[1:-1])
        if star and (not number or encoded_star):  # RFC 2231 charset'language'%-encoded
            value = urllib.parse.unquote_to_bytes(value.split(b"'", 2)[-1])
        if not value:
            continue
        if star and number:  # a continuation: only the piece *0 starts the value
            if not number.strip(b"0"):
                prefixes.add(value)
            continue
        exact.add(value)
    return exact, prefixes


def _delimiter_lines(exact: set[bytes], prefixes: set[bytes]) -> re.Pattern:
    """Lines "--boundary" or "--boundary--" of the declared boundaries, with any line
    ending (CRLF, LF or a lone CR, as Python's parser splits lines)."""
    alternatives = [re.escape(b) for b in sorted(exact, key=len, reverse=True)]
    alternatives += [re.escape(p) + rb"[^\r\n]*?" for p in prefixes]
    return re.compile(
        rb"(?:\A|(?<=[\r\n]))--(" + b"|".join(alternatives) + rb")(--)?[ \t]*(?=[\r\n]|\Z)"
    )


def prescan(raw: bytes, *, max_parts: int, max_depth: int, max_headers: int) -> None:
    """Refuse a mail bomb from its bytes alone, before the full parse: more than
    ``max_parts`` parts (delimiter lines of a declared boundary, or Content-Type headers),
    nesting deeper than ``max_depth`` (a stack of the boundaries), or more than
    ``max_headers`` header fields in the header blocks. One pass over the bytes, which
    stops as soon as the parts limit is passed (so the rest is bounded by it)."""
    too_many = _Unreadable(
        f"Het bericht bestaat uit te veel onderdelen (meer dan {max_parts}); mogelijk een mailbom."
    )
    if len(re.findall(rb"(?im)^content-type:", raw)) > max_parts:
        raise too_many
    exact, prefixes = _declared_boundaries(raw)
    if len(exact) + len(prefixes) > max_parts:  # each declaration is a multipart part
        raise too_many
    end_of_headers = _BLANK_LINE.search(raw)
    headers = len(_HEADER_FIELD.findall(raw, 0, end_of_headers.start() if end_of_headers
                                        else len(raw)))  # fmt: skip
    parts = 1
    deepest = 1
    stack: list[bytes] = []  # the open multiparts, outermost first
    lines = _delimiter_lines(exact, prefixes).finditer(raw) if exact or prefixes else ()
    for line in lines:
        token, closing = line.group(1), bool(line.group(2))
        if token in stack:
            del stack[stack.index(token) + (0 if closing else 1) :]
        elif not closing:
            stack.append(token)
        if closing:
            continue
        parts += 1
        deepest = max(deepest, len(stack) + 1)
        if parts > max_parts:
            raise too_many
        # The part's own header block: from the delimiter line to the first blank line.
        window = min(len(raw), line.end() + _PART_HEADER_WINDOW)
        blank = _BLANK_LINE.search(raw, line.end(), window)
        headers += len(_HEADER_FIELD.findall(raw, line.end(), blank.start() if blank
                                             else window))  # fmt: skip
    if deepest > max_depth:  # counted to the end: the parts limit bounds the work
        raise _Unreadable(
            f"Het bericht is te diep genest ({deepest} niveaus, maximaal {max_depth}); "
            "mogelijk een mailbom."
        )
    if headers > max_headers:
        raise _Unreadable(
            f"Het bericht heeft te veel kopregels (meer dan {max_headers}); mogelijk een mailbom."
        )


def _parse_full(raw: bytes) -> Message:
    """The full parse, only after :func:`prescan` has bounded its work."""
    return email.message_from_bytes(raw, policy=email.policy.default)


def analyse(raw: bytes, headers: Message, message_id: str) -> Analysis:
    """Read the message. Never raises: what cannot be read gets a quarantine reason."""
    analysis = Analysis(
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


def _read(raw: bytes, headers: Message, analysis: Analysis) -> None:
    max_bytes = _setting("MAX_BYTES", DEFAULT_MAX_BYTES)
    if len(raw) > max_bytes:
        raise _Unreadable(
            f"Het bericht is te groot ({filesizeformat(len(raw))}). "
            f"Het mag maximaal {filesizeformat(max_bytes)} zijn."
        )
    if not raw.strip() or not headers.keys():
        raise _Unreadable("Dit is geen leesbaar e-mailbericht: er staan geen kopregels in.")
    max_parts = _setting("MAX_PARTS", DEFAULT_MAX_PARTS)
    max_depth = _setting("MAX_DEPTH", DEFAULT_MAX_DEPTH)
    # Cheap guard before the full parse: a bomb of many tiny parts is refused unparsed.
    prescan(raw, max_parts=max_parts, max_depth=max_depth,
            max_headers=_setting("MAX_HEADERS", DEFAULT_MAX_HEADERS))  # fmt: skip
    message = _parse_full(raw)
    parts, depth = _walk(message)
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


def question_text(analysis: Analysis) -> str:
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
