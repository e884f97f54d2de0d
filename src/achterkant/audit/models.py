from django.conf import settings
from django.db import models

from achterkant.tenancy.models import TenantModel


class Action(models.TextChoices):
    READ = "read", "ingezien"
    SEARCH = "search", "gezocht"
    CREATE = "create", "vastgelegd"
    UPDATE = "update", "gewijzigd"
    SEND = "send", "verzonden"
    EXPORT = "export", "geëxporteerd"


class ProcessingLogEntry(TenantModel):
    """One processing of personal data (verwerkingenlogging): who, what, whose, why.

    Append-only: nothing in the code updates or deletes these rows.
    """

    at = models.DateTimeField("tijdstip", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="medewerker",
    )
    # For systems (the worker, an API client) and to keep the name after a user is renamed.
    actor_label = models.CharField("door", max_length=200)
    action = models.CharField("handeling", max_length=10, choices=Action.choices)
    bsn = models.CharField("BSN", max_length=9)
    purpose = models.CharField("doel", max_length=200)
    object_type = models.CharField("soort gegeven", max_length=50)
    object_id = models.CharField("kenmerk", max_length=50, blank=True)

    class Meta:
        verbose_name = "verwerking"
        verbose_name_plural = "verwerkingen"
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "bsn", "-at"], name="audit_org_bsn_at"),
            # The Verwerkingenlog pages through everything, newest first (keyset on at, id).
            models.Index(fields=["organisation", "-at", "-id"], name="audit_org_at_id"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_label} {self.get_action_display()} {self.object_type} ({self.purpose})"
