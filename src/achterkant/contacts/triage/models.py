"""Labelled examples and per-organisation settings of the free-text triage."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from achterkant.catalog.models import Product
from achterkant.tenancy.models import TenantModel

# Chosen from `achterkant triage evaluate` on the held-out set (docs/triage.md).
DEFAULT_THRESHOLD = 0.4


class ExampleSource(models.TextChoices):
    CONFIRMED = "confirmed", "bevestigd door medewerker"
    CORRECTED = "corrected", "verbeterd door medewerker"
    ADMIN = "admin", "ingevoerd door beheerder"
    CSV = "csv", "geïmporteerd (CSV)"
    STARTER = "starter", "startset"


# Examples from daily work: the feedback loop, counted in the live accuracy figures.
DAILY_WORK_SOURCES = (ExampleSource.CONFIRMED, ExampleSource.CORRECTED)


class TriageExample(TenantModel):
    """A text labelled with the product it is about. It trains this organisation's model only."""

    text = models.TextField("tekst")
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="+", verbose_name="product"
    )
    source = models.CharField("bron", max_length=10, choices=ExampleSource.choices)
    # The model's top-1 at the time of the confirmation, so live accuracy can be reported.
    suggested_code = models.CharField("voorgesteld product (code)", max_length=50, blank=True)
    # A plain id, not a foreign key: the example outlives the contact's retention period.
    contact_id = models.BigIntegerField("klantcontact (id)", null=True, blank=True)
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="aangemaakt door",
    )

    class Meta:
        verbose_name = "voorbeeldtekst"
        verbose_name_plural = "voorbeeldteksten"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "created_at"], name="triage_ex_org_created")
        ]

    def __str__(self) -> str:
        return self.text[:60]


class TriageSettings(TenantModel):
    """One row per organisation: the auto-route threshold and the current model."""

    threshold = models.FloatField(
        "drempel voor automatisch doorzetten",
        default=DEFAULT_THRESHOLD,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=(
            "Een e-mail of brief gaat vanzelf naar het team van het product als het model "
            "minstens zo zeker is (0 tot 1). Hoger: minder automatisch, minder fouten."
        ),
    )
    # Names the model file; a new token per training, so every process sees the change
    # and a model file can never belong to another database's organisation.
    model_token = models.CharField(max_length=32, blank=True, editable=False)
    trained_at = models.DateTimeField("laatst getraind", null=True, blank=True, editable=False)
    trained_examples = models.PositiveIntegerField(
        "aantal voorbeelden bij training", default=0, editable=False
    )
    trained_last_example_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "instelling vraagherkenning"
        verbose_name_plural = "instellingen vraagherkenning"
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="triage_settings_one_per_org")
        ]

    def __str__(self) -> str:
        return "Instellingen vraagherkenning"
