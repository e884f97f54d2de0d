from django.conf import settings
from django.db import models

from achterkant.cases.models import Case
from achterkant.catalog.models import Channel, Product
from achterkant.routing.models import Team
from achterkant.tenancy.models import TenantModel


class Outcome(models.TextChoices):
    """How a contact ended; the first one is what first-contact resolution counts."""

    ANSWERED = "answered", "in één keer beantwoord"
    CONTACT_REQUEST = "contact_request", "terugbelverzoek of taak gemaakt"
    CASE = "case", "zaak gestart"
    REFERRED = "referred", "doorverwezen"
    OPEN = "open", "nog niet afgehandeld"


class TriageStatus(models.TextChoices):
    """Whether the product of a written contact came from the classifier (issue 18)."""

    NONE = "", "niet geclassificeerd"  # the channel gave the product, or a conversation
    AUTO = "auto", "automatisch gerouteerd"
    REVIEW = "review", "te beoordelen"
    CONFIRMED = "confirmed", "beoordeeld"


class Contact(TenantModel):
    """Klantcontact: one conversation with a citizen or business, on any channel."""

    channel = models.CharField("kanaal", max_length=10, choices=Channel.choices)
    # Who: a person (BSN), a business (KvK), or nobody known (anonymous caller, unmatched mail).
    bsn = models.CharField("BSN", max_length=9, blank=True)
    kvk_number = models.CharField("KvK-nummer", max_length=8, blank=True)
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, null=True, blank=True, verbose_name="product"
    )
    subject = models.CharField("onderwerp", max_length=200, blank=True)
    question = models.TextField("vraag")
    answer = models.TextField("antwoord", blank=True)
    outcome = models.CharField(
        "uitkomst", max_length=16, choices=Outcome.choices, default=Outcome.OPEN
    )
    # Stored, not derived, so insights count first-contact resolution without joins.
    answered_at_first_contact = models.BooleanField("in één keer beantwoord", default=False)
    referred_to = models.CharField("doorverwezen naar", max_length=200, blank=True)
    articles = models.ManyToManyField(
        "contacts.KnowledgeArticle", blank=True, related_name="contacts",
        verbose_name="geraadpleegde kennisartikelen",
    )  # fmt: skip
    started_at = models.DateTimeField("begin")
    ended_at = models.DateTimeField("einde")
    handling_seconds = models.PositiveIntegerField("afhandeltijd (seconden)", default=0)
    # For channels with a response norm (e-mail, letter): when an answer was due and given.
    response_due_at = models.DateTimeField("antwoord uiterlijk", null=True, blank=True)
    responded_at = models.DateTimeField("beantwoord op", null=True, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    # From the form, so a double submit or a retried request records one contact.
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)
    # The team that handles it: routed by the product (routing.route), like a case.
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts",
        verbose_name="team",
    )  # fmt: skip
    triage_status = models.CharField(
        "beoordeling product", max_length=10, choices=TriageStatus.choices, blank=True,
        default=TriageStatus.NONE,
    )  # fmt: skip
    # The classifier's top 3 at intake, kept as it said then (the model changes nightly):
    # [{"product_id", "code", "naam", "zekerheid"}], best first.
    triage_suggestions = models.JSONField("voorgestelde producten", default=list, blank=True)

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
        indexes = [
            models.Index(fields=["organisation", "bsn", "-started_at"], name="contact_bsn"),
            models.Index(fields=["organisation", "kvk_number", "-started_at"], name="contact_kvk"),
            models.Index(fields=["organisation", "channel", "started_at"], name="contact_channel"),
            # The desk's review queue (contacts.selectors.contacts_to_review).
            models.Index(
                fields=["organisation", "triage_status", "started_at"], name="contact_triage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.started_at:%d-%m-%Y %H:%M}"

    @property
    def within_norm(self) -> bool | None:
        if self.response_due_at is None or self.responded_at is None:
            return None
        return self.responded_at <= self.response_due_at


def attachment_path(attachment: "ContactAttachment", filename: str) -> str:
    return f"contacts/{attachment.organisation_id}/{attachment.sha256[:2]}/{attachment.sha256}"


class ContactAttachment(TenantModel):
    """A file that came with a contact: an e-mail attachment or a scanned letter."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="attachments")
    file_name = models.CharField("bestandsnaam", max_length=255)
    file = models.FileField(upload_to=attachment_path, max_length=255)
    content_type = models.CharField("formaat", max_length=100)
    size = models.PositiveBigIntegerField("grootte (bytes)")
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        verbose_name = "bijlage"
        verbose_name_plural = "bijlagen"

    def __str__(self) -> str:
        return self.file_name
