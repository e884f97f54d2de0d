from django.db import models

from achterkant.contacts.models.contact import Contact
from achterkant.tenancy.models import TenantModel


def raw_mail_path(message: "InboundMail", filename: str) -> str:
    return f"mail/{message.organisation_id}/{message.sha256[:2]}/{message.sha256}.eml"


class InboundMail(TenantModel):
    """Every message that reached the mailbox, accepted or quarantined. Never dropped."""

    class Status(models.TextChoices):
        ACCEPTED = "accepted", "verwerkt"
        QUARANTINED = "quarantined", "in quarantaine"

    message_id = models.CharField("Message-ID", max_length=998)
    sha256 = models.CharField("SHA-256", max_length=64)
    raw = models.FileField("origineel bericht", upload_to=raw_mail_path, max_length=255)
    size = models.PositiveBigIntegerField("grootte (bytes)")
    from_address = models.CharField("afzender", max_length=320, blank=True)
    subject = models.CharField("onderwerp", max_length=500, blank=True)
    received_at = models.DateTimeField("ontvangen", auto_now_add=True)
    status = models.CharField(max_length=12, choices=Status.choices)
    quarantine_reason = models.TextField("reden quarantaine", blank=True)
    # Our receiving server authenticated the From domain (contacts.mail.authentication).
    # Only then is the e-mail linked to a person automatically; otherwise an agent does.
    sender_verified = models.BooleanField("afzender geverifieerd", default=False)
    # Unverified: whom the person register knows this address of, for the agent to
    # confirm. Not a link: the contact stays without a BSN until an agent links it.
    register_bsn = models.CharField("BSN bij dit adres in het register", max_length=9, blank=True)
    contact = models.OneToOneField(
        Contact, on_delete=models.PROTECT, null=True, blank=True, related_name="inbound_mail"
    )

    class Meta:
        verbose_name = "ontvangen e-mail"
        verbose_name_plural = "ontvangen e-mails"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "message_id"], name="inbound_mail_unique_message_id"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "-received_at"], name="mail_status")
        ]

    def __str__(self) -> str:
        return self.subject or self.message_id
