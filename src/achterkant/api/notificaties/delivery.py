"""From committed domain events to HTTP POSTs at the abonnementen's callbacks (worker only).

``notifications_dispatch`` is the worker's periodic job (``notificaties.dispatch``):

1. **Fan-out.** Every committed ``notify.DomainEvent`` of an organisation with an abonnement
   (and not older than its first abonnement) becomes one :class:`Notification` (at most
   one per event: a unique key, so a second run makes none) and one :class:`Delivery` per
   abonnement whose kanaal and filters match and that existed when the event happened.
2. **Delivery.** Every due delivery is claimed (so two workers never send one at once) and
   POSTed as JSON with the abonnement's ``Authorization`` value, the header
   ``X-Notificatie-Id`` (the notification's uuid, the same on every attempt) and a timeout.
   A 2xx answer is delivered; anything else is retried after 1, 2, 4 … times
   ``NOTIFICATIES_RETRY_BASE_SECONDS``; after ``NOTIFICATIES_MAX_ATTEMPTS`` failures the
   delivery is ``dead`` (dead letter), shown in the admin, which can replay it.

At least once: a worker that dies between the POST and marking the row leaves a stale
claim, and the delivery is sent again with the same ``X-Notificatie-Id``.
"""

import json
import logging
from datetime import timedelta

import httpx
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Min, Q
from django.utils import timezone

from achterkant.api.notificaties.models import (
    Abonnement,
    AbonnementKanaal,
    Delivery,
    DeliveryStatus,
    Notification,
)
from achterkant.api.resources import CATALOGI, ZAKEN
from achterkant.cases.models import Case
from achterkant.notify.models import DomainEvent
from achterkant.tenancy.models import Hostname

logger = logging.getLogger(__name__)

# A claim older than this belongs to a worker that died mid-send.
STALE_CLAIM = timedelta(minutes=10)
BATCH = 500
ID_HEADER = "X-Notificatie-Id"


def notifications_dispatch() -> int:
    """The periodic job: fan out new events, then deliver what is due. Returns how many
    deliveries succeeded in this run."""
    events_fan_out()
    return deliveries_deliver_due()


# --- fan-out -----------------------------------------------------------------------------


def _base_url(organisation_id: int) -> str:
    hostname = (
        Hostname.objects.filter(organisation_id=organisation_id)
        .order_by("pk")
        .values_list("hostname", flat=True)
        .first()
    )
    return f"{settings.NOTIFICATIES_URL_SCHEME}://{hostname or 'localhost'}"


def _case_urls(event: DomainEvent, base_url: str) -> tuple[str, str]:
    """The zaak's Zaken API URL and its zaaktype's Catalogi API URL, when the hoofdobject
    is a case number of this organisation; else (a deleted zaak, another kind of object) a
    URN that names it, and no zaaktype URL."""
    row = (
        Case.all_tenants.filter(organisation_id=event.organisation_id, number=event.main_reference)
        .values_list("uuid", "case_type__uuid")
        .first()
    )
    if row is not None:
        case_uuid, case_type_uuid = row
        return (
            f"{base_url}{ZAKEN}/zaken/{case_uuid}",
            f"{base_url}{CATALOGI}/zaaktypen/{case_type_uuid}",
        )
    return f"urn:achterkant:{event.channel}:{event.main_reference}", ""


def notification_message(event: DomainEvent, base_url: str) -> dict:
    """The ZGW ``Message`` of one domain event."""
    main_url, zaaktype_url = _case_urls(event, base_url)
    kenmerken = {k: "" if v is None else str(v) for k, v in event.attributes.items()}
    if zaaktype_url and "zaaktype" in kenmerken:
        # The event names the case type by its identification; the standard by its URL.
        kenmerken["zaaktype"] = zaaktype_url
    return {
        "kanaal": event.channel,
        "hoofdObject": main_url,
        "resource": event.resource,
        # Only a zaak's own URL can be derived from the event; a part of a zaak (status,
        # rol, …) points at its zaak.
        "resourceUrl": main_url,
        "actie": event.action,
        "aanmaakdatum": event.created_at.isoformat().replace("+00:00", "Z"),
        "kenmerken": kenmerken,
    }


def filters_match(filters: dict, kenmerken: dict) -> bool:
    """Every filter holds: the kenmerk has that value, or the filter is ``*``."""
    return all(value == "*" or kenmerken.get(key) == value for key, value in filters.items())


def notification_fan_out(notification: Notification, *, since=None) -> int:
    """A delivery for every matching abonnement of the notification's organisation
    (created at or before ``since``, when given). Returns how many were made."""
    rows = AbonnementKanaal.all_tenants.filter(
        organisation_id=notification.organisation_id, kanaal__naam=notification.kanaal
    )
    if since is not None:
        rows = rows.filter(abonnement__created_at__lte=since)
    kenmerken = notification.message.get("kenmerken") or {}
    abonnement_ids = sorted(
        {row.abonnement_id for row in rows if filters_match(row.filters or {}, kenmerken)}
    )
    Delivery.all_tenants.bulk_create(
        [
            Delivery(
                organisation_id=notification.organisation_id,
                notification=notification,
                abonnement_id=abonnement_id,
            )
            for abonnement_id in abonnement_ids
        ],
        ignore_conflicts=True,
    )
    return len(abonnement_ids)


def events_fan_out() -> int:
    """One notification per new committed event, and its deliveries. Returns how many
    notifications were made."""
    made = 0
    firsts = Abonnement.all_tenants.values("organisation_id").annotate(first=Min("created_at"))
    for row in firsts:
        organisation_id = row["organisation_id"]
        events = list(
            DomainEvent.all_tenants.filter(
                organisation_id=organisation_id,
                created_at__gte=row["first"],
                zgw_notification__isnull=True,
            ).order_by("created_at", "pk")[:BATCH]
        )
        if not events:
            continue
        base_url = _base_url(organisation_id)
        for event in events:
            try:
                with transaction.atomic():
                    notification = Notification.all_tenants.create(
                        organisation_id=organisation_id,
                        event=event,
                        kanaal=event.channel,
                        message=notification_message(event, base_url),
                    )
                    notification_fan_out(notification, since=event.created_at)
            except IntegrityError:  # another worker made it first
                continue
            made += 1
    return made


# --- delivery ----------------------------------------------------------------------------


def _due() -> Q:
    now = timezone.now()
    return Q(status=DeliveryStatus.PENDING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    ) | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - STALE_CLAIM)


def _claim(delivery_id: int) -> Delivery | None:
    claimed = Delivery.all_tenants.filter(_due(), pk=delivery_id).update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now()
    )
    if not claimed:
        return None
    return Delivery.all_tenants.select_related("notification", "abonnement").get(pk=delivery_id)


def delivery_deliver(*, delivery_id: int) -> bool:
    """POST one delivery if it is due and nobody else has it. Returns whether it arrived."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return False
    notification = delivery.notification
    abonnement = delivery.abonnement
    body = json.dumps(notification.message, cls=DjangoJSONEncoder).encode()
    headers = {
        "Content-Type": "application/json",
        "Authorization": abonnement.auth,
        ID_HEADER: str(notification.uuid),
    }
    status_code = None
    try:
        response = httpx.post(
            abonnement.callback_url,
            content=body,
            headers=headers,
            timeout=settings.NOTIFICATIES_TIMEOUT_SECONDS,
            follow_redirects=False,
        )
        status_code = response.status_code
        error = "" if 200 <= status_code < 300 else f"HTTP {status_code}: {response.text[:500]}"
    except Exception as exc:  # timeout, refused, DNS, TLS …: keep the row, retry later
        error = f"{type(exc).__name__}: {exc}"
    delivery.attempts += 1
    delivery.last_status_code = status_code
    if not error:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.last_error = ""
    else:
        delivery.last_error = error[:2000]
        if delivery.attempts >= settings.NOTIFICATIES_MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.DEAD
        else:
            delivery.status = DeliveryStatus.PENDING
            delay = settings.NOTIFICATIES_RETRY_BASE_SECONDS * 2 ** (delivery.attempts - 1)
            delivery.next_attempt_at = timezone.now() + timedelta(seconds=delay)
        logger.warning(
            "Notification %s to abonnement %s failed (attempt %s): %s",
            notification.uuid,
            abonnement.uuid,
            delivery.attempts,
            delivery.last_error,
        )
    delivery.save(
        update_fields=[
            "attempts",
            "last_status_code",
            "status",
            "delivered_at",
            "last_error",
            "next_attempt_at",
        ]
    )
    return not error


def deliveries_deliver_due() -> int:
    """Deliver every due delivery (new, retries, stale claims). Returns how many arrived."""
    due = list(
        Delivery.all_tenants.filter(_due()).order_by("pk").values_list("pk", flat=True)[:BATCH]
    )
    return sum(delivery_deliver(delivery_id=pk) for pk in due)


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
        )
    )
