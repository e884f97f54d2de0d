from django.core import mail
from django.db import transaction

from achterkant.audit.models import ProcessingLogEntry
from achterkant.notify.models import OutboxMessage
from achterkant.notify.services import (
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


def test_a_rolled_back_change_leaves_no_message_and_no_task(tenant_a):
    from django_tasks_db.models import DBTaskResult

    try:
        with tenant_a.active(), transaction.atomic():
            outbox_email_enqueue(event_code="x", recipient="a@example.nl", subject="s", body="b")
            raise ValueError("change failed")
    except ValueError:
        pass
    assert not OutboxMessage.all_tenants.exists()
    assert not DBTaskResult.objects.exists()
