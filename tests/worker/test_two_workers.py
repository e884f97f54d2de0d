"""Two workers side by side never deliver one message twice (issue 13; docs/scaling.md).

PostgreSQL only. Two real ``achterkant worker`` processes run against the test database,
each writing its e-mails to its own directory (Django's file-based e-mail backend). A few
hundred outbox messages are queued; once all are marked sent, every Message-ID must have
been written exactly once over both directories, and both workers must have taken part.
The outbox is the workers' queue: each claims due messages a batch at a time with
``SELECT … FOR UPDATE SKIP LOCKED`` (``notify.services._claim_due``), committed before it
sends them.

Bounded: every wait has a deadline; nothing is asserted about speed.
"""

import os
import subprocess
import sys
import time
from email import message_from_binary_file, policy
from io import BytesIO
from pathlib import Path

import pytest
from django.db import connection, transaction

from achterkant.notify.models import OutboxMessage, Status
from achterkant.notify.services import outbox_email_enqueue
from achterkant.worker.models import Heartbeat

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: worker processes must see the test database (SKIP LOCKED)",
)

MESSAGES = 300
DEADLINE_SECONDS = 120


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _start_worker(tmp_path: Path, name: str) -> tuple[subprocess.Popen, Path]:
    mail_dir = tmp_path / f"mail-{name}"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "WORKER_INTERVAL_SECONDS": "0.05",
        "ACHTERKANT_HOME": str(tmp_path),
    }
    log = (tmp_path / f"{name}.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "achterkant.cli", "worker"], env=env, stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    log.close()
    return process, mail_dir


def _message_ids(mail_dir: Path) -> list[str]:
    ids = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                parsed = message_from_binary_file(BytesIO(chunk), policy=policy.compat32)
                if parsed["Message-ID"]:
                    ids.append(parsed["Message-ID"].strip())
    return ids


def _wait_until(predicate, deadline: float) -> bool:
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_two_workers_deliver_every_message_exactly_once(transactional_db, tenant_a, tmp_path):
    deadline = time.monotonic() + DEADLINE_SECONDS
    workers = [_start_worker(tmp_path, name) for name in ("one", "two")]
    try:
        # Both are polling before the first message arrives.
        assert _wait_until(lambda: Heartbeat.objects.count() >= 2, deadline)
        with tenant_a.active():
            for n in range(MESSAGES):
                with transaction.atomic():
                    outbox_email_enqueue(
                        event_code="test", recipient=f"burger{n}@example.nl",
                        subject=f"Onderwerp {n}", body="Tekst", bsn=tenant_a.person.bsn,
                    )  # fmt: skip
        sent = OutboxMessage.all_tenants.filter(status=Status.SENT)
        _wait_until(lambda: sent.count() == MESSAGES, deadline)
    finally:
        for process, _ in workers:
            process.kill()
            process.wait(timeout=10)

    logs = "\n".join((tmp_path / f"{n}.log").read_text()[-1500:] for n in ("one", "two"))
    assert sent.count() == MESSAGES, logs
    stored = set(OutboxMessage.all_tenants.values_list("message_id", flat=True))
    per_worker = [_message_ids(mail_dir) for _, mail_dir in workers]
    delivered = per_worker[0] + per_worker[1]
    assert len(stored) == MESSAGES
    assert sorted(delivered) == sorted(stored)  # each Message-ID exactly once, none extra
    assert all(per_worker), "both workers delivered"  # they really ran side by side
    print(f"worker one: {len(per_worker[0])}, worker two: {len(per_worker[1])}")
