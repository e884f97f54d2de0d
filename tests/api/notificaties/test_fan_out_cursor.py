"""The fan-out's high-water mark: each run reads only events above the organisation's
cursor, makes one notification per event whatever runs how often, and never skips an
event that commits late with an id below a newer, already visible one."""

import threading

import pytest
from django.db import connection, transaction

from achterkant.api.notificaties import delivery
from achterkant.api.notificaties.delivery import events_fan_out, notifications_dispatch
from achterkant.api.notificaties.models import FanOutCursor, Notification
from achterkant.notify.models import DomainEvent
from achterkant.notify.services import events_emit
from tests.api.notificaties.support import Notificaties, Subscriber

AUTH = "Bearer afnemer-geheim"


@pytest.fixture(autouse=True)
def _delivery_settings(settings):
    settings.PUBLIC_URL_TEMPLATE = "http://{host}"
    settings.NOTIFICATIES_RETRY_BASE_SECONDS = 0
    settings.NOTIFICATIES_TIMEOUT_SECONDS = 2


def _subscribe(tenant, url: str = "http://127.0.0.1:9/callback") -> None:
    nrc = Notificaties(tenant, "afnemer")
    body = {"callbackUrl": url, "auth": AUTH, "kanalen": [{"naam": "zaken"}]}
    assert nrc.post("/abonnement", body).status_code == 201


def _cursor(tenant) -> int:
    return FanOutCursor.all_tenants.get(organisation=tenant.organisation).last_event_id


def _event_ids(tenant, **filters) -> list[int]:
    with tenant.active():
        return list(
            DomainEvent.objects.filter(**filters).order_by("pk").values_list("pk", flat=True)
        )


def _notified_event_ids(tenant) -> list[int]:
    with tenant.active():
        return sorted(Notification.objects.values_list("event_id", flat=True))


def _emit(number: str) -> None:
    events_emit(
        channel="zaken", main_reference=number, events=[{"resource": "zaak", "action": "update"}]
    )


def test_runs_twice_nothing_twice_and_the_cursor_follows(tenant_a):
    with Subscriber() as subscriber:
        _subscribe(tenant_a, subscriber.url)
        tenant_a.open_case()
        assert events_fan_out() == 2
        assert _cursor(tenant_a) == max(_event_ids(tenant_a))
        assert events_fan_out() == 0
        notifications_dispatch()
        notifications_dispatch()
    assert len(subscriber.received) == 2
    zaken_events = _event_ids(tenant_a, channel="zaken")
    assert _notified_event_ids(tenant_a) == zaken_events


def test_history_below_the_cursor_is_not_read_again(tenant_a):
    """An event below the cursor (history) is never looked at: runs cost only new events."""
    _subscribe(tenant_a)
    tenant_a.open_case()
    events_fan_out()
    with tenant_a.active():
        _emit("ZAAK-OUD")
        old = DomainEvent.objects.order_by("pk").last().pk
    # Pretend the cursor already passed it (as for events from before the first abonnement).
    FanOutCursor.all_tenants.filter(organisation=tenant_a.organisation).update(last_event_id=old)
    assert events_fan_out() == 0
    assert old not in _notified_event_ids(tenant_a)


def test_events_before_the_first_abonnement_are_not_sent(tenant_a):
    tenant_a.open_case()  # before anyone subscribed
    before = max(_event_ids(tenant_a))
    _subscribe(tenant_a)
    tenant_a.open_case()
    assert events_fan_out() == 2
    assert min(_notified_event_ids(tenant_a)) > before


def test_without_the_horizon_the_cursor_stays_and_nothing_is_missed(tenant_a, monkeypatch):
    _subscribe(tenant_a)
    tenant_a.open_case()
    events_fan_out()
    start = _cursor(tenant_a)
    monkeypatch.setattr(delivery, "safe_horizon", lambda: None)  # the lock was not granted
    tenant_a.open_case()
    assert events_fan_out() == 2  # the new events are sent all the same
    assert _cursor(tenant_a) == start
    monkeypatch.undo()
    assert events_fan_out() == 0  # read again from the old cursor: nothing made twice
    assert _cursor(tenant_a) == max(_event_ids(tenant_a))
    assert len(_notified_event_ids(tenant_a)) == len(set(_notified_event_ids(tenant_a))) == 4


def test_a_full_batch_moves_the_cursor_only_past_what_it_read(tenant_a, monkeypatch):
    monkeypatch.setattr(delivery, "BATCH", 3)
    _subscribe(tenant_a)
    for _ in range(3):
        tenant_a.open_case()  # six events
    ids = _event_ids(tenant_a, channel="zaken")[-6:]
    assert events_fan_out() == 3
    assert _cursor(tenant_a) == ids[2]
    assert events_fan_out() == 3
    assert events_fan_out() == 0
    assert _notified_event_ids(tenant_a)[-6:] == ids


@pytest.mark.django_db(transaction=True)
def test_an_event_committed_late_below_the_newest_is_not_skipped(tenant_a):
    """PostgreSQL: a transaction takes event id N and commits after N+1 was committed and
    read. The cursor must not pass N meanwhile (delivery.safe_horizon). SQLite has one
    writer at a time, so ids become visible in order there."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite commits one writer at a time: ids appear in order")
    _subscribe(tenant_a)
    inserted, release = threading.Event(), threading.Event()
    late: dict = {}

    def slow_transaction() -> None:
        try:
            with tenant_a.active(), transaction.atomic():
                _emit("ZAAK-LAAT")
                late["id"] = DomainEvent.objects.order_by("pk").last().pk
                inserted.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=slow_transaction)
    thread.start()
    try:
        assert inserted.wait(30)
        tenant_a.open_case()  # newer ids, committed at once
        newer = max(_event_ids(tenant_a))
        assert newer > late["id"]
        assert events_fan_out() == 2  # the visible ones
        assert late["id"] not in _notified_event_ids(tenant_a)
        assert _cursor(tenant_a) < late["id"]  # the open transaction kept the horizon back
    finally:
        release.set()
        thread.join(30)
    assert events_fan_out() == 1
    assert late["id"] in _notified_event_ids(tenant_a)
    assert _cursor(tenant_a) >= newer
    assert events_fan_out() == 0


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_make_each_notification_once(tenant_a):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the unique key is tested above")
    _subscribe(tenant_a)
    for _ in range(10):
        tenant_a.open_case()
    made: list[int] = []
    start = threading.Barrier(2)

    def worker() -> None:
        try:
            start.wait(30)
            made.append(events_fan_out())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(made) == 20
    notified = _notified_event_ids(tenant_a)
    assert len(notified) == len(set(notified)) == 20
