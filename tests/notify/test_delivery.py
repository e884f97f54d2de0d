from datetime import timedelta

from django.core import mail
from django.db import transaction
from django.utils import timezone

from achterkant.audit.models import ProcessingLogEntry
from achterkant.notify.models import OutboxMessage
from achterkant.notify.services import (
    CLAIM_BATCH,
    STALE_CLAIM,
    outbox_deliver_due,
    outbox_email_enqueue,
    outbox_message_deliver,
)
from achterkant.worker.models import Heartbeat
from achterkant.worker.runner import run_once


def _enqueue(tenant):
    with tenant.active(), transaction.atomic():
        return outbox_email_enqueue(
            event_code="test",
            recipient="sophie@example.nl",
            subject="Onderwerp",
            body="Tekst",
            bsn=tenant.person.bsn,
        )


def test_worker_delivers_the_message_through_djangos_mail_backend(transactional_db, tenant_a):
    # Transactional: the worker runs outside any transaction and closes stale connections.
    message = _enqueue(tenant_a)
    run_once(worker_id="test-worker")
    assert [m.to for m in mail.outbox] == [["sophie@example.nl"]]
    message.refresh_from_db()
    assert message.status == "sent" and message.sent_at is not None
    with tenant_a.active():
        assert ProcessingLogEntry.objects.filter(
            action="send", bsn=tenant_a.person.bsn, actor_label="e-mailbezorging"
        ).exists()
    assert Heartbeat.objects.filter(worker_id="test-worker").exists()


def test_a_message_is_sent_once_even_when_delivered_twice(tenant_a):
    message = _enqueue(tenant_a)
    assert outbox_message_deliver(message_id=message.pk) is True
    assert outbox_message_deliver(message_id=message.pk) is False
    assert len(mail.outbox) == 1


def test_a_failed_send_is_kept_and_retried_later(tenant_a, settings):
    settings.EMAIL_BACKEND = "tests.notify.failing_backend.FailingBackend"
    message = _enqueue(tenant_a)
    assert outbox_message_deliver(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.status == "pending"
    assert message.attempts == 1
    assert "SMTP says no" in message.last_error
    assert message.next_attempt_at is not None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.all_tenants.filter(pk=message.pk).update(next_attempt_at=message.created_at)
    assert outbox_deliver_due() == 1
    message.refresh_from_db()
    assert message.status == "sent"
    assert message.attempts == 2


def test_a_message_fails_for_good_after_the_maximum_attempts(tenant_a, settings):
    settings.EMAIL_BACKEND = "tests.notify.failing_backend.FailingBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 2
    message = _enqueue(tenant_a)
    outbox_message_deliver(message_id=message.pk)
    OutboxMessage.all_tenants.filter(pk=message.pk).update(next_attempt_at=message.created_at)
    outbox_deliver_due()
    message.refresh_from_db()
    assert message.status == "failed"
    assert outbox_deliver_due() == 0


def test_a_rolled_back_change_leaves_nothing_to_deliver(tenant_a):
    try:
        with tenant_a.active(), transaction.atomic():
            outbox_email_enqueue(event_code="x", recipient="a@example.nl", subject="s", body="b")
            raise ValueError("change failed")
    except ValueError:
        pass
    assert not OutboxMessage.all_tenants.exists()
    assert outbox_deliver_due() == 0 and mail.outbox == []


def test_the_worker_takes_due_messages_from_the_outbox_in_batches_up_to_its_limit(tenant_a):
    messages = [_enqueue(tenant_a) for _ in range(CLAIM_BATCH + 5)]
    assert outbox_deliver_due(limit=CLAIM_BATCH + 1) == CLAIM_BATCH + 1
    assert outbox_deliver_due() == 4
    assert outbox_deliver_due() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["sophie@example.nl"] * len(messages)
    assert set(OutboxMessage.all_tenants.values_list("status", flat=True)) == {"sent"}


def test_a_retry_waits_for_its_time_and_a_fresh_claim_is_left_alone(tenant_a):
    waiting, claimed, stale = (_enqueue(tenant_a) for _ in range(3))
    now = timezone.now()
    OutboxMessage.all_tenants.filter(pk=waiting.pk).update(
        next_attempt_at=now + timedelta(minutes=2)
    )
    OutboxMessage.all_tenants.filter(pk=claimed.pk).update(status="sending", claimed_at=now)
    OutboxMessage.all_tenants.filter(pk=stale.pk).update(
        status="sending", claimed_at=now - STALE_CLAIM - timedelta(seconds=1)
    )
    assert outbox_deliver_due() == 1  # only the claim of a worker that died
    statuses = dict(OutboxMessage.all_tenants.values_list("pk", "status"))
    assert statuses == {waiting.pk: "pending", claimed.pk: "sending", stale.pk: "sent"}
