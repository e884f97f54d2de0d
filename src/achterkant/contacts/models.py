from django.conf import settings
from django.db import models

from achterkant.cases.models import Case
from achterkant.catalog.models import Channel, Product
from achterkant.tenancy.models import TenantModel


class Contact(TenantModel):
    """Klantcontact: one conversation with a citizen, on any channel."""

    channel = models.CharField("kanaal", max_length=10, choices=Channel.choices)
    # Empty for an anonymous caller.
    bsn = models.CharField("BSN", max_length=9, blank=True)
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, null=True, blank=True, verbose_name="product"
    )
    subject = models.CharField("onderwerp", max_length=200, blank=True)
    question = models.TextField("vraag")
    answer = models.TextField("antwoord", blank=True)
    answered_at_first_contact = models.BooleanField("in één keer beantwoord", default=False)
    started_at = models.DateTimeField("begin")
    ended_at = models.DateTimeField("einde")
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    # From the form, so a double submit or a retried request records one contact.
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "klantcontact"
        verbose_name_plural = "klantcontacten"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "idempotency_key"], name="contact_unique_idempotency"
            ),
            models.CheckConstraint(
                condition=models.Q(ended_at__gte=models.F("started_at")),
                name="contact_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "bsn", "-started_at"], name="contact_bsn")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.started_at:%d-%m-%Y %H:%M}"
