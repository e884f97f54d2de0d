from django.db import models

from achterkant.tenancy.models import TenantModel


class Status(models.TextChoices):
    PENDING = "pending", "wacht op verzending"
    SENDING = "sending", "wordt verzonden"
    SENT = "sent", "verzonden"
    FAILED = "failed", "mislukt"


class OutboxMessage(TenantModel):
    """A message to send, written in the same transaction as the change it reports.

    The worker delivers it. A rolled-back change leaves no message; a crashed
    worker leaves the row pending, and the next sweep retries it.
    """

    channel = models.CharField("kanaal", max_length=10, default="email")
    event_code = models.CharField("gebeurtenis", max_length=50)
    recipient = models.CharField("ontvanger", max_length=254)
    bsn = models.CharField("BSN ontvanger", max_length=9, blank=True)
    subject = models.CharField("onderwerp", max_length=200)
    body = models.TextField("tekst")
    reference = models.CharField("kenmerk", max_length=50, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("pogingen", default=0)
    last_error = models.TextField("laatste fout", blank=True)
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)
    next_attempt_at = models.DateTimeField("volgende poging", null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField("verzonden", null=True, blank=True)

    class Meta:
        verbose_name = "bericht"
        verbose_name_plural = "berichten"
        indexes = [
            models.Index(fields=["organisation", "status", "-id"], name="outbox_org_status"),
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipient}"
