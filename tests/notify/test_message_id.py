"""Every outbox e-mail has one Message-ID for good (issue 12, defect 8).

Delivery is at least once: after a crash between sending and marking the row sent, the
message is sent again, with the same Message-ID, so the copies are recognisably one.
"""

import os
import re
import signal
import subprocess
import sys
import time
from datetime import timedelta
from email import message_from_binary_file, policy
from io import BytesIO
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from achterkant.notify.models import OutboxMessage, Status
from achterkant.notify.services import (
    STALE_CLAIM,
    outbox_deliver_due,
    outbox_email_enqueue,
    outbox_message_deliver,
)

MESSAGE_ID = re.compile(r"^<outbox-[\w-]+-[0-9a-f]{32}@[^>\s]+>$")


def _enqueue(tenant, n: int = 0):
    with tenant.active(), transaction.atomic():
        return outbox_email_enqueue(
            event_code="test",
            recipient=f"burger{n}@example.nl",
            subject=f"Onderwerp {n}",
            body="Tekst",
            bsn=tenant.person.bsn,
        )


def _sent_ids():
    return [email.message()["Message-ID"] for email in mail.outbox]


def test_the_header_is_the_stored_message_id(tenant_a):
    message = _enqueue(tenant_a)
    assert MESSAGE_ID.match(message.message_id)
    assert message.message_id.startswith(f"<outbox-{tenant_a.organisation.slug}-")
    assert outbox_message_deliver(message_id=message.pk) is True
    assert _sent_ids() == [message.message_id]
    message.refresh_from_db()
    assert message.send_attempted_at is not None


def test_every_message_gets_its_own_id(tenant_a):
    ids = {_enqueue(tenant_a, n).message_id for n in range(5)}
    assert len(ids) == 5


def test_a_retry_after_a_failed_attempt_keeps_the_id(tenant_a, settings):
    settings.EMAIL_BACKEND = "tests.notify.failing_backend.FailingBackend"
    message = _enqueue(tenant_a)
    assert outbox_message_deliver(message_id=message.pk) is False

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.all_tenants.filter(pk=message.pk).update(next_attempt_at=message.created_at)
    assert outbox_deliver_due() == 1
    stored = OutboxMessage.all_tenants.get(pk=message.pk)
    assert stored.message_id == message.message_id
    assert _sent_ids() == [message.message_id]


def test_a_message_reclaimed_after_a_stale_claim_is_resent_with_the_same_id(tenant_a):
    """The worker sent it, then died before marking it sent: the sweep sends it again."""
    message = _enqueue(tenant_a)
    assert outbox_message_deliver(message_id=message.pk) is True
    first = OutboxMessage.all_tenants.get(pk=message.pk)
    # Put the row back as the dead worker left it: claimed, attempt recorded, not marked.
    long_ago = timezone.now() - STALE_CLAIM - timedelta(minutes=1)
    OutboxMessage.all_tenants.filter(pk=message.pk).update(
        status=Status.SENDING, sent_at=None, claimed_at=long_ago, send_attempted_at=long_ago
    )
    assert outbox_deliver_due() == 1
    assert _sent_ids() == [first.message_id, first.message_id]
    again = OutboxMessage.all_tenants.get(pk=message.pk)
    assert again.message_id == first.message_id and again.status == Status.SENT
    assert again.send_attempted_at > long_ago


def test_a_message_from_before_message_ids_gets_one_on_its_first_send_and_keeps_it(
    tenant_a, settings
):
    settings.EMAIL_BACKEND = "tests.notify.failing_backend.FailingBackend"
    message = _enqueue(tenant_a)
    OutboxMessage.all_tenants.filter(pk=message.pk).update(message_id="")
    outbox_message_deliver(message_id=message.pk)
    given = OutboxMessage.all_tenants.get(pk=message.pk).message_id
    assert MESSAGE_ID.match(given)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.all_tenants.filter(pk=message.pk).update(next_attempt_at=message.created_at)
    outbox_deliver_due()
    assert _sent_ids() == [given]


# --- kill -9 of a real worker process (PostgreSQL only) -------------------------------

MESSAGES = 500
KILLS = 10
OVERALL_TIMEOUT = 120  # seconds; generous, never asserted on as a timing


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _start_worker(tmp_path: Path, log) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "WORKER_INTERVAL_SECONDS": "0.05",
        "ACHTERKANT_HOME": str(tmp_path),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "achterkant.cli", "worker"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _sent_count() -> int:
    return OutboxMessage.all_tenants.filter(status=Status.SENT).count()


def _as_if_long_ago() -> None:
    """What ten minutes of waiting would do: the dead worker's claims are stale, and
    messages whose task it took are due for the sweep."""
    long_ago = timezone.now() - STALE_CLAIM - timedelta(minutes=1)
    OutboxMessage.all_tenants.filter(status=Status.SENDING).update(claimed_at=long_ago)
    OutboxMessage.all_tenants.filter(status=Status.PENDING).update(created_at=long_ago)


def _delivered_message_ids(mail_dir: Path) -> list[str]:
    """The Message-ID of every e-mail the file backend wrote (partial last writes of a
    killed worker included, when their headers made it)."""
    ids = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if not chunk.strip():
                continue
            parsed = message_from_binary_file(BytesIO(chunk), policy=policy.compat32)
            if parsed["Message-ID"]:
                ids.append(parsed["Message-ID"].strip())
    return ids


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: the worker process must see the test database",
)
def test_kill_9_of_the_worker_loses_nothing_and_duplicates_share_one_id(
    transactional_db, tenant_a, tmp_path
):
    for n in range(MESSAGES):
        _enqueue(tenant_a, n)
    deadline = time.monotonic() + OVERALL_TIMEOUT
    (tmp_path / "mail").mkdir()
    log = (tmp_path / "worker.log").open("wb")
    kills = 0
    try:
        while kills < KILLS and time.monotonic() < deadline:
            worker = _start_worker(tmp_path, log)
            # Let it deliver some (or all; then the kill tests the idle loop), then kill.
            target = min(MESSAGES, _sent_count() + 15)
            while _sent_count() < target and time.monotonic() < deadline:
                time.sleep(0.01)
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
            kills += 1
            _as_if_long_ago()
        worker = _start_worker(tmp_path, log)
        try:
            while _sent_count() < MESSAGES and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
    finally:
        log.close()

    assert kills == KILLS
    stored = dict(OutboxMessage.all_tenants.values_list("message_id", "pk"))
    assert len(stored) == MESSAGES  # every message its own id
    assert _sent_count() == MESSAGES, (tmp_path / "worker.log").read_text()[-3000:]
    delivered = _delivered_message_ids(tmp_path / "mail")
    # Every message reached the mail server at least once …
    assert set(stored) <= set(delivered)
    # … and every e-mail that went out is one stored message: a duplicate is a second
    # copy of the same Message-ID, never a new identity.
    assert set(delivered) <= set(stored)
    duplicates = len(delivered) - len(set(delivered))
    print(f"{len(delivered)} e-mails for {MESSAGES} messages, {duplicates} duplicates")
