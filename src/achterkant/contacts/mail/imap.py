"""Reading a mailbox over IMAP: every unread message, each committed before it is marked read.

This module only talks to the server; what happens to one message is the ``ingest``
function it is given (:func:`achterkant.contacts.mail_intake.ingest_or_get`).
"""

import contextlib
import imaplib
import time
from collections.abc import Callable
from datetime import UTC, datetime

from django.db import transaction

from achterkant.catalog.models import Product
from achterkant.contacts.mail.report import IngestReport
from achterkant.contacts.models import InboundMail

# Takes in one message: (raw, *, source, product, received_at) -> (InboundMail, created).
Ingest = Callable[..., tuple[InboundMail, bool]]


class MailIntakeError(Exception):
    """The mailbox could not be read (connection, log-in, mailbox). Message in Dutch."""


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
    ingest: Ingest,
) -> IngestReport:
    """Ingest every unread message in an IMAP mailbox for the active organisation.

    Each message is fetched without marking it (``BODY.PEEK[]``), ingested and committed
    in its own transaction, and only then flagged ``\\Seen``; a crash in between leaves it
    unread, and the next run finds it a duplicate and flags it then. Must run outside a
    transaction (a durable block checks that), or a rollback would lose flagged messages.
    Raises :class:`MailIntakeError` when the server, the log-in or the mailbox fails.
    ``ingest`` takes in one message and tells whether it was new.
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
                mail, created = ingest(raw, source=source, product=product, received_at=received_at)
            # Committed: only now may it leave the unread list.
            imap(client.uid, "STORE", uid, "+FLAGS.SILENT", r"(\Seen)",
                 failure=f"Markeren van bericht {uid.decode()} als gelezen mislukt")  # fmt: skip
            report.count(mail, created)
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            client.logout()
    return report
