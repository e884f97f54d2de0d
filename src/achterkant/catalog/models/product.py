from django.db import models

from achterkant.identity.assurance import AssuranceLevel
from achterkant.tenancy.models import TenantModel


class Channel(models.TextChoices):
    """The ways a citizen or business reaches the organisation."""

    PHONE = "phone", "telefoon"
    COUNTER = "counter", "balie"
    EMAIL = "email", "e-mail"
    WEB = "web", "website"
    LETTER = "letter", "brief"
    CHAT = "chat", "chat"
    SOCIAL = "social", "sociale media"
    API = "api", "koppeling (API)"


class Product(TenantModel):
    """A product or service (PDC) that citizens ask for, on any channel."""

    code = models.SlugField("code", max_length=50)
    name = models.CharField("naam", max_length=200)
    description = models.TextField("omschrijving", blank=True)
    # Words citizens use for this product; the free-text triage learns from them (issue 18).
    synonyms = models.TextField(
        "synoniemen",
        blank=True,
        help_text="Eén per regel: woorden die inwoners gebruiken, bijv. 'id-kaart' of 'pas'.",
    )
    # The case type by identification, not by version: a case binds to the version
    # that is valid on its start date.
    case_type_identification = models.CharField(
        "zaaktype (identificatie)",
        max_length=50,
        blank=True,
        help_text="Leeg als een vraag over dit product nooit tot een zaak leidt.",
    )
    assurance_level = models.CharField(
        "betrouwbaarheidsniveau",
        max_length=12,
        choices=AssuranceLevel.choices,
        default=AssuranceLevel.MIDDEN,
        help_text="Het niveau waarmee iemand minstens moet inloggen om dit online aan te vragen.",
    )

    class Meta:
        verbose_name = "product"
        verbose_name_plural = "producten"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="product_unique_code")
        ]

    def __str__(self) -> str:
        return self.name


class NormUnit(models.TextChoices):
    SECONDS = "seconds", "seconden"
    MINUTES = "minutes", "minuten"
    WORKING_HOURS = "working_hours", "werkuren"
    WORKING_DAYS = "working_days", "werkdagen"
    CALENDAR_DAYS = "calendar_days", "kalenderdagen"
    WEEKS = "weeks", "weken"


class ServiceNorm(TenantModel):
    """What the organisation promises for a product on one channel."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="service_norms")
    channel = models.CharField("kanaal", max_length=10, choices=Channel.choices)
    amount = models.PositiveIntegerField("termijn")
    unit = models.CharField("eenheid", max_length=15, choices=NormUnit.choices)
    promise = models.CharField(
        "belofte",
        max_length=200,
        help_text="Zoals de inwoner het leest, bijv. 'binnen 2 werkdagen antwoord'.",
    )

    class Meta:
        verbose_name = "servicenorm"
        verbose_name_plural = "servicenormen"
        constraints = [
            models.UniqueConstraint(
                fields=["product", "channel"], name="servicenorm_unique_channel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} via {self.get_channel_display()}: {self.promise}"
