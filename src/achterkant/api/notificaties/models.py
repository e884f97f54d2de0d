"""Kanalen, abonnementen and the notifications delivered to them (Notificaties API 1.0).

Everything belongs to one organisation: a kanaal name is unique within it, and an
abonnement only hears of its own organisation's events.
"""

import uuid

from django.db import models
from django.db.models import Q

from achterkant.notify.models import DomainEvent
from achterkant.tenancy.models import TenantModel

# The kanalen every organisation has (seeded on first use, selectors.kanalen_ensure).
STANDARD_KANALEN = {
    "zaken": ["bronorganisatie", "zaaktype", "vertrouwelijkheidaanduiding"],
    "documenten": ["bronorganisatie", "informatieobjecttype", "vertrouwelijkheidaanduiding"],
    "besluiten": ["verantwoordelijkeOrganisatie", "besluittype"],
    "zaaktypen": ["catalogus"],
    "besluittypen": ["catalogus"],
    "informatieobjecttypen": ["catalogus"],
    "autorisaties": [],
}


class Kanaal(TenantModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    naam = models.CharField("naam", max_length=50)
    documentatie_link = models.CharField("documentatielink", max_length=200, blank=True)
    filters = models.JSONField("filters", default=list, blank=True)

    class Meta:
        ordering = ["naam", "pk"]
        verbose_name = "kanaal"
        verbose_name_plural = "kanalen"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "naam"], name="notificaties_kanaal_uniq"
            )
        ]

    def __str__(self) -> str:
        return self.naam


class Abonnement(TenantModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    callback_url = models.CharField("callback-URL", max_length=200)
    auth = models.CharField("Authorization-header", max_length=1000)
    client_id = models.CharField("aangemaakt door client-id", max_length=50, blank=True)
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "abonnement"
        verbose_name_plural = "abonnementen"

    def __str__(self) -> str:
        return self.callback_url


class AbonnementKanaal(TenantModel):
    """One kanaal of an abonnement, with its filters (``{kenmerk: waarde}``)."""

    abonnement = models.ForeignKey(Abonnement, on_delete=models.CASCADE, related_name="kanalen")
    kanaal = models.ForeignKey(Kanaal, on_delete=models.PROTECT, related_name="+")
    filters = models.JSONField("filters", default=dict, blank=True)
    position = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "kanaal van een abonnement"
        verbose_name_plural = "kanalen van een abonnement"

    def __str__(self) -> str:
        return f"{self.kanaal_id}: {self.filters}"


class Notification(TenantModel):
    """One ZGW notification message: from a domain event, or published by a client.

    ``uuid`` is its identity for good: every delivery (and redelivery) carries it, so a
    subscriber can drop a copy it already has.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # One notification per domain event, at most: a second dispatch run makes none.
    event = models.OneToOneField(
        DomainEvent,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="zgw_notification",
    )
    kanaal = models.CharField("kanaal", max_length=50)
    message = models.JSONField("bericht", default=dict)
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "notificatie"
        verbose_name_plural = "notificaties"

    def __str__(self) -> str:
        return f"{self.kanaal} {self.message.get('resource', '')} {self.uuid}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "te bezorgen"
    SENDING = "sending", "wordt bezorgd"
    DELIVERED = "delivered", "bezorgd"
    DEAD = "dead", "opgegeven (dead letter)"


class Delivery(TenantModel):
    """One notification to one abonnement, or to the external Notificaties API
    (``forward``, ``NOTIFICATIES_FORWARD_URL``): tried until delivered or given up."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    # Empty for a forward: that target is the setting, not a row.
    abonnement = models.ForeignKey(
        Abonnement, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    forward = models.BooleanField("doorsturen naar externe Notificaties API", default=False)
    status = models.CharField(
        "status", max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("pogingen", default=0)
    next_attempt_at = models.DateTimeField("volgende poging", null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The worker run that claimed it: that run alone records the answer.
    claim = models.UUIDField(null=True, blank=True, editable=False)
    last_status_code = models.PositiveSmallIntegerField("laatste HTTP-status", null=True)
    last_error = models.TextField("laatste fout", blank=True)
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)
    delivered_at = models.DateTimeField("bezorgd", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "bezorging"
        verbose_name_plural = "bezorgingen"
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "abonnement"], name="notificaties_delivery_uniq"
            ),
            models.UniqueConstraint(
                fields=["notification"],
                condition=Q(forward=True),
                name="notificaties_delivery_forward_uniq",
            ),
            models.CheckConstraint(
                condition=Q(forward=True, abonnement__isnull=True)
                | Q(forward=False, abonnement__isnull=False),
                name="notificaties_delivery_target",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notif_delivery_due"),
            models.Index(fields=["claim"], name="notif_delivery_claim"),
        ]

    def __str__(self) -> str:
        target = "doorsturen" if self.forward else self.abonnement_id
        return f"{self.notification_id} → {target} ({self.status})"

    @property
    def target(self) -> str:
        """Where it goes, for the admin: the callback, or the external Notificaties API."""
        if self.forward:
            return "externe Notificaties API"
        return self.abonnement.callback_url if self.abonnement_id else ""


class FanOutCursor(TenantModel):
    """How far the worker has turned an organisation's domain events into notifications.

    Every event with an id up to ``last_event_id`` is done (or was before the first
    abonnement): the next run reads only newer ones, never the whole history. It only
    moves forward, and only to an id below which no event can still appear
    (``delivery.safe_horizon``).
    """

    last_event_id = models.BigIntegerField("laatste gebeurtenis", default=0)
    updated_at = models.DateTimeField("bijgewerkt", auto_now=True)

    class Meta:
        verbose_name = "voortgang notificaties"
        verbose_name_plural = "voortgang notificaties"
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="notificaties_cursor_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.last_event_id}"
