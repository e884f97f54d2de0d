"""From committed domain events to HTTP POSTs at the abonnementen's callbacks (worker only).

``notifications_dispatch`` is the worker's periodic job (``notificaties.dispatch``):

1. **Fan-out.** Every committed ``notify.DomainEvent`` of an organisation with an abonnement
   (or of every organisation, when forwarding is on) becomes one :class:`Notification` (at
   most one per event: a unique key, so a second run or a second worker makes none) and
   one :class:`Delivery` per abonnement whose kanaal and filters match and that existed
   when the event happened, plus one to the external Notificaties API when
   ``NOTIFICATIES_FORWARD_URL`` is set. A per-organisation :class:`FanOutCursor` (the
   highest event id already done) means each run reads only newer events.
2. **Delivery.** The due deliveries are claimed in one update (a claim token, so two
   workers never send one at once) and POSTed as JSON with the abonnement's
   ``Authorization`` value (for a forward: a fresh ZGW JWT), the header
   ``X-Notificatie-Id`` (the notification's uuid, the same on every attempt) and a timeout.
   Each target gets its own thread (``NOTIFICATIES_DELIVERY_THREADS`` at once), so a slow
   or dead callback only holds up its own deliveries; after a timeout or a refused
   connection the rest of that target's batch waits for the next run. A 2xx answer is
   delivered; anything else is retried after 1, 2, 4 … times
   ``NOTIFICATIES_RETRY_BASE_SECONDS``; after ``NOTIFICATIES_MAX_ATTEMPTS`` failures the
   delivery is ``dead`` (dead letter), shown in the admin, which can replay it.

At least once: a worker that dies between the POST and marking the row leaves a stale
claim, and the delivery is sent again with the same ``X-Notificatie-Id``.

Only the HTTP requests run in the threads; every query stays in the calling thread.
"""

import json
import logging
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

import jwt
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F, Max, Min, Q
from django.utils import timezone

from achterkant.api.notificaties.message import MessageBuilder
from achterkant.api.notificaties.models import (
    Abonnement,
    AbonnementKanaal,
    Delivery,
    DeliveryStatus,
    FanOutCursor,
    Notification,
)
from achterkant.notify.models import DomainEvent
from achterkant.tenancy.models import Organisation

logger = logging.getLogger(__name__)

# A claim older than this belongs to a worker that died mid-send.
STALE_CLAIM = timedelta(minutes=10)
BATCH = 500
# A run delivers at most this many batches, so one run never goes on for ever.
MAX_BATCHES_PER_RUN = 20
ID_HEADER = "X-Notificatie-Id"
# How long the fan-out waits for the lock that fixes the horizon (PostgreSQL): intake
# queues behind a waiting SHARE lock, so the wait is kept short; without the lock this
# run reads the events as always but leaves the cursor where it is.
HORIZON_LOCK_TIMEOUT = "200ms"
FORWARD = "forward"


def notifications_dispatch() -> int:
    """The periodic job: fan out new events, then deliver what is due. Returns how many
    deliveries succeeded in this run."""
    events_fan_out()
    return deliveries_deliver_due()


# --- forwarding --------------------------------------------------------------------------


def forwarding_enabled() -> bool:
    return bool(getattr(settings, "NOTIFICATIES_FORWARD_URL", ""))


def forward_url() -> str:
    """``<NOTIFICATIES_FORWARD_URL>/notificaties``: where the standard takes a publish."""
    return settings.NOTIFICATIES_FORWARD_URL.rstrip("/") + "/notificaties"


def forward_authorization() -> str:
    """A fresh ZGW JWT for the external Notificaties API (HS256, as api/auth.py checks)."""
    client_id = settings.NOTIFICATIES_FORWARD_CLIENT_ID
    token = jwt.encode(
        {
            "iss": client_id,
            "client_id": client_id,
            "iat": int(time.time()),
            "user_id": "",
            "user_representation": "",
        },
        settings.NOTIFICATIES_FORWARD_SECRET,
        algorithm="HS256",
    )
    return f"Bearer {token}"


# --- fan-out -----------------------------------------------------------------------------


def filters_match(filters: dict, kenmerken: dict) -> bool:
    """Every filter holds: the kenmerk has that value, or the filter is ``*``."""
    return all(value == "*" or kenmerken.get(key) == value for key, value in filters.items())


@dataclass(frozen=True)
class _Subscription:
    abonnement_id: int
    kanaal: str
    filters: dict
    created_at: object


def _subscriptions(organisation_id: int) -> list[_Subscription]:
    rows = AbonnementKanaal.all_tenants.filter(organisation_id=organisation_id).values_list(
        "abonnement_id", "kanaal__naam", "filters", "abonnement__created_at"
    )
    return [_Subscription(a, k, f or {}, c) for a, k, f, c in rows]


def _deliveries_for(
    notification: Notification, subscriptions: list[_Subscription], *, since=None
) -> list[Delivery]:
    """One delivery per matching abonnement (made at or before ``since``, when given), and
    one forward when forwarding is on."""
    kenmerken = notification.message.get("kenmerken") or {}
    abonnement_ids = sorted(
        {
            row.abonnement_id
            for row in subscriptions
            if row.kanaal == notification.kanaal
            and (since is None or row.created_at <= since)
            and filters_match(row.filters, kenmerken)
        }
    )
    deliveries = [
        Delivery(
            organisation_id=notification.organisation_id,
            notification=notification,
            abonnement_id=abonnement_id,
        )
        for abonnement_id in abonnement_ids
    ]
    if forwarding_enabled():
        deliveries.append(
            Delivery(organisation_id=notification.organisation_id, notification=notification,
                     forward=True)
        )  # fmt: skip
    return deliveries


def notification_fan_out(notification: Notification, *, since=None) -> int:
    """A delivery for every matching abonnement of the notification's organisation
    (created at or before ``since``, when given), and the forward. Returns how many
    deliveries were made."""
    deliveries = _deliveries_for(
        notification, _subscriptions(notification.organisation_id), since=since
    )
    Delivery.all_tenants.bulk_create(deliveries, ignore_conflicts=True)
    return len(deliveries)


def safe_horizon() -> int | None:
    """The highest event id below which no event can still appear; None if unknown now.

    Ids come from a sequence when the row is inserted, but transactions commit in any
    order: on PostgreSQL event 103 may still be uncommitted (invisible) while 105 is
    already there. A cursor moved to 105 would skip 103 for good. So the cursor only moves
    to an id read under ``LOCK … IN SHARE MODE``: that lock waits for every transaction
    that inserted an event (they hold ROW EXCLUSIVE until they end), so every id up to the
    max read then is final, committed or rolled back. The lock is held for one statement
    and waited for at most ``HORIZON_LOCK_TIMEOUT`` (new inserts queue behind a waiting
    lock, so intake could pause that long); when it times out the cursor stays and the
    next run tries again. A time-based safety window would be cheaper but wrong for a
    transaction that stays open longer than the window.

    SQLite has one writer at a time, and a writer's rowid is above every committed one:
    the max that a reader sees is final.
    """
    table = connection.ops.quote_name(DomainEvent._meta.db_table)
    column = connection.ops.quote_name(DomainEvent._meta.pk.column)
    if connection.vendor == "sqlite":
        return DomainEvent.all_tenants.aggregate(top=Max("pk"))["top"] or 0
    if connection.vendor != "postgresql":
        return None
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('lock_timeout')")
            (previous,) = cursor.fetchone()
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [HORIZON_LOCK_TIMEOUT])
            cursor.execute(f"LOCK TABLE {table} IN SHARE MODE")  # noqa: S608 - our own names
            cursor.execute(f"SELECT max({column}) FROM {table}")  # noqa: S608
            (top,) = cursor.fetchone()
            # Inside an outer transaction (tests) the setting would outlive this block.
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
    except OperationalError:  # lock_timeout: events are being written right now
        logger.info("Notificaties: horizon lock not granted; the cursor stays this run")
        return None
    return top or 0


def _organisations() -> dict[int, object]:
    """The organisations to fan out for, with the moment their first abonnement was made
    (None: no abonnement, only forwarding)."""
    firsts = dict(
        Abonnement.all_tenants.values("organisation_id")
        .annotate(first=Min("created_at"))
        .values_list("organisation_id", "first")
    )
    if forwarding_enabled():
        for organisation_id in Organisation.objects.values_list("pk", flat=True):
            firsts.setdefault(organisation_id, None)
    return firsts


def _cursor(organisation_id: int, first) -> FanOutCursor:
    """The organisation's cursor; a new one starts after the events from before its first
    abonnement (or, for forwarding only, after every event there is now): history is
    never sent."""
    cursor = FanOutCursor.all_tenants.filter(organisation_id=organisation_id).first()
    if cursor is not None:
        return cursor
    events = DomainEvent.all_tenants.filter(organisation_id=organisation_id)
    if first is not None:
        events = events.filter(created_at__lt=first)
    start = events.aggregate(top=Max("pk"))["top"] or 0
    try:
        with transaction.atomic():
            return FanOutCursor.all_tenants.create(
                organisation_id=organisation_id, last_event_id=start
            )
    except IntegrityError:  # another worker made it first
        return FanOutCursor.all_tenants.get(organisation_id=organisation_id)


def _make_notifications(
    events: list[DomainEvent], builder: MessageBuilder, subscriptions: list[_Subscription]
) -> int:
    """Notifications and deliveries for ``events``: in one transaction; if another worker
    made one of them meanwhile (the unique key on the event), one event at a time."""
    builder.prepare(events)
    notifications = [
        Notification(
            organisation_id=builder.organisation_id,
            event=event,
            kanaal=event.channel,
            message=builder.message(event),
        )
        for event in events
    ]
    try:
        with transaction.atomic():
            Notification.all_tenants.bulk_create(notifications)
            _bulk_deliveries(notifications, events, subscriptions)
        return len(notifications)
    except IntegrityError:
        pass
    made = 0
    for notification, event in zip(notifications, events, strict=True):
        notification.pk = None
        notification._state.adding = True
        try:
            with transaction.atomic():
                notification.save()
                _bulk_deliveries([notification], [event], subscriptions)
        except IntegrityError:  # another worker made it first
            continue
        made += 1
    return made


def _bulk_deliveries(notifications, events, subscriptions) -> None:
    if notifications and notifications[0].pk is None:
        # A backend that returns no ids from a bulk insert: read them back.
        ids = dict(Notification.all_tenants.filter(event__in=events).values_list("event_id", "pk"))
        for notification, event in zip(notifications, events, strict=True):
            notification.pk = ids[event.pk]
    deliveries = []
    for notification, event in zip(notifications, events, strict=True):
        deliveries += _deliveries_for(notification, subscriptions, since=event.created_at)
    Delivery.all_tenants.bulk_create(deliveries)


def events_fan_out() -> int:
    """One notification per new committed event, and its deliveries. Returns how many
    notifications were made."""
    organisations = _organisations()
    if not organisations:
        return 0
    cursors = {org: _cursor(org, first) for org, first in organisations.items()}
    # Fixed before the events are read, so every event up to it is visible to the reads;
    # and only taken when there is something new (the lock is not free for intake).
    lowest = min(cursor.last_event_id for cursor in cursors.values())
    new = DomainEvent.all_tenants.filter(pk__gt=lowest).exists()
    horizon = safe_horizon() if new else None
    made = 0
    for organisation_id, first in organisations.items():
        cursor = cursors[organisation_id]
        events = DomainEvent.all_tenants.filter(
            organisation_id=organisation_id,
            pk__gt=cursor.last_event_id,
            zgw_notification__isnull=True,
        )
        if first is not None and not forwarding_enabled():
            events = events.filter(created_at__gte=first)
        events = list(events.order_by("pk")[:BATCH])
        if events:
            builder = MessageBuilder(organisation_id)
            made += _make_notifications(events, builder, _subscriptions(organisation_id))
        if horizon is None:
            continue
        # Every visible event above the cursor is done now (by us, or by a worker whose
        # notification made ours fail); a full batch may have left newer ones.
        reached = horizon if len(events) < BATCH else min(horizon, events[-1].pk)
        FanOutCursor.all_tenants.filter(pk=cursor.pk, last_event_id__lt=reached).update(
            last_event_id=reached, updated_at=timezone.now()
        )
    return made


# --- delivery ----------------------------------------------------------------------------


def _due() -> Q:
    now = timezone.now()
    return Q(status=DeliveryStatus.PENDING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    ) | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - STALE_CLAIM)


@dataclass
class _Outcome:
    delivery_id: int
    status_code: int | None = None
    error: str = ""
    attempted: bool = True
    # A timeout or no connection: the target is unwell, the rest of its batch waits.
    unreachable: bool = False


def _request(delivery: Delivery) -> tuple[str, dict]:
    notification = delivery.notification
    headers = {"Content-Type": "application/json", ID_HEADER: str(notification.uuid)}
    if delivery.forward:
        headers["Authorization"] = forward_authorization()
        return forward_url(), headers
    headers["Authorization"] = delivery.abonnement.auth
    return delivery.abonnement.callback_url, headers


def _send_target(deliveries: list[Delivery]) -> list[_Outcome]:
    """POST one target's deliveries in order, on one connection. Runs in a thread: no
    queries here (every row was loaded with its notification and abonnement)."""
    # Imported here: httpx pulls in rich, click and pygments (~5 MB per web process).
    import httpx

    outcomes = []
    with httpx.Client(
        timeout=settings.NOTIFICATIES_TIMEOUT_SECONDS, follow_redirects=False
    ) as client:
        for index, delivery in enumerate(deliveries):
            outcome = _Outcome(delivery.pk)
            try:
                url, headers = _request(delivery)
                body = json.dumps(delivery.notification.message, cls=DjangoJSONEncoder).encode()
                response = client.post(url, content=body, headers=headers)
                outcome.status_code = response.status_code
                if not 200 <= response.status_code < 300:
                    outcome.error = f"HTTP {response.status_code}: {response.text[:500]}"
            except (httpx.TimeoutException, httpx.NetworkError) as exc:
                outcome.error = f"{type(exc).__name__}: {exc}"
                outcome.unreachable = True
            except Exception as exc:  # a bad URL, TLS, a protocol error …: retry later
                outcome.error = f"{type(exc).__name__}: {exc}"
            outcomes.append(outcome)
            if outcome.unreachable:
                # One timeout per run is what an unwell target costs; the rest waits.
                outcomes += [_Outcome(d.pk, attempted=False) for d in deliveries[index + 1 :]]
                break
    return outcomes


def _claim(ids: list[int]) -> tuple[uuid.UUID, list[Delivery]]:
    token = uuid.uuid4()
    Delivery.all_tenants.filter(_due(), pk__in=ids).update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now(), claim=token
    )
    rows = list(
        Delivery.all_tenants.filter(claim=token, status=DeliveryStatus.SENDING)
        .select_related("notification", "abonnement")
        .order_by("pk")
    )
    return token, rows


def _record(token: uuid.UUID, deliveries: dict[int, Delivery], outcomes: list[_Outcome]) -> int:
    """Store the answers; only rows this run still holds (``claim``). Returns how many
    arrived."""
    mine = Delivery.all_tenants.filter(claim=token)
    now = timezone.now()
    delivered = [o for o in outcomes if o.attempted and not o.error]
    skipped = [o.delivery_id for o in outcomes if not o.attempted]
    for status_code in {o.status_code for o in delivered}:
        mine.filter(
            pk__in=[o.delivery_id for o in delivered if o.status_code == status_code]
        ).update(
            status=DeliveryStatus.DELIVERED,
            delivered_at=now,
            attempts=F("attempts") + 1,
            last_status_code=status_code,
            last_error="",
            claim=None,
        )
    if skipped:
        mine.filter(pk__in=skipped).update(status=DeliveryStatus.PENDING, claim=None)
    for outcome in outcomes:
        if not outcome.attempted or not outcome.error:
            continue
        delivery = deliveries[outcome.delivery_id]
        attempts = delivery.attempts + 1
        values = {
            "attempts": attempts,
            "last_status_code": outcome.status_code,
            "last_error": outcome.error[:2000],
            "claim": None,
        }
        if attempts >= settings.NOTIFICATIES_MAX_ATTEMPTS:
            values["status"] = DeliveryStatus.DEAD
        else:
            delay = settings.NOTIFICATIES_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
            values["status"] = DeliveryStatus.PENDING
            values["next_attempt_at"] = now + timedelta(seconds=delay)
        mine.filter(pk=outcome.delivery_id).update(**values)
        logger.warning(
            "Notification %s to %s failed (attempt %s): %s",
            delivery.notification.uuid,
            "forward" if delivery.forward else f"abonnement {delivery.abonnement.uuid}",
            attempts,
            outcome.error[:2000],
        )
    return len(delivered)


def _deliver_batch(ids: list[int]) -> int:
    token, rows = _claim(ids)
    if not rows:
        return 0
    by_target: dict[object, list[Delivery]] = defaultdict(list)
    for row in rows:
        by_target[FORWARD if row.forward else row.abonnement_id].append(row)
    groups = list(by_target.values())
    threads = max(1, min(len(groups), settings.NOTIFICATIES_DELIVERY_THREADS))
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="notificaties") as pool:
        outcomes = [o for result in pool.map(_send_target, groups) for o in result]
    return _record(token, {row.pk: row for row in rows}, outcomes)


def deliveries_deliver_due() -> int:
    """Deliver every due delivery (new, retries, stale claims). Returns how many arrived."""
    arrived = 0
    after = 0  # in id order: a retry that falls due during this run waits for the next
    for _ in range(MAX_BATCHES_PER_RUN):
        ids = list(
            Delivery.all_tenants.filter(_due(), pk__gt=after)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            break
        after = ids[-1]
        arrived += _deliver_batch(ids)
        if len(ids) < BATCH:
            break
    return arrived


def delivery_deliver(*, delivery_id: int) -> bool:
    """POST one delivery if it is due and nobody else has it. Returns whether it arrived."""
    return _deliver_batch([delivery_id]) == 1


def deliveries_replay(deliveries) -> int:
    """Give dead (or any undelivered) deliveries a fresh set of attempts, due now."""
    return (
        Delivery.all_tenants.filter(pk__in=[d.pk for d in deliveries])
        .exclude(status=DeliveryStatus.DELIVERED)
        .update(
            status=DeliveryStatus.PENDING,
            attempts=0,
            next_attempt_at=None,
            claimed_at=None,
            claim=None,
        )
    )
