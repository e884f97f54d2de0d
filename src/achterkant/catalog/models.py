from django.db import models

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


class CaseType(TenantModel):
    """Zaaktype (minimal; the Case engine issue completes it to Catalogi API level)."""

    code = models.SlugField("code", max_length=50)
    name = models.CharField("omschrijving", max_length=200)
    # Doorlooptijd: the Awb decision term for Awb cases, else the target lead time.
    lead_time = models.DurationField("doorlooptijd")

    class Meta:
        verbose_name = "zaaktype"
        verbose_name_plural = "zaaktypen"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="casetype_unique_code")
        ]

    def __str__(self) -> str:
        return self.name


class StatusType(TenantModel):
    case_type = models.ForeignKey(CaseType, on_delete=models.CASCADE, related_name="status_types")
    sequence = models.PositiveSmallIntegerField("volgnummer")
    name = models.CharField("omschrijving", max_length=100)
    citizen_text = models.CharField("tekst voor de inwoner", max_length=300, blank=True)
    # Informeren: the initiator gets a message when the case reaches this status.
    inform_citizen = models.BooleanField("inwoner informeren", default=False)

    class Meta:
        verbose_name = "statustype"
        verbose_name_plural = "statustypen"
        ordering = ["case_type", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["case_type", "sequence"], name="statustype_unique_seq")
        ]

    def __str__(self) -> str:
        return f"{self.sequence}. {self.name}"


class Product(TenantModel):
    """A product or service (PDC) that citizens ask for, on any channel."""

    code = models.SlugField("code", max_length=50)
    name = models.CharField("naam", max_length=200)
    description = models.TextField("omschrijving", blank=True)
    case_type = models.ForeignKey(
        CaseType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
        verbose_name="zaaktype",
        help_text="Leeg als een vraag over dit product nooit tot een zaak leidt.",
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
