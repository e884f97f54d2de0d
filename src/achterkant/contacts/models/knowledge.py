from django.db import models

from achterkant.catalog.models import Product
from achterkant.routing.models import Team
from achterkant.tenancy.models import TenantModel


class KnowledgeArticle(TenantModel):
    """Kennisartikel (vraag en antwoord): what agents answer from, on any channel."""

    class Audience(models.TextChoices):
        CITIZENS = "citizens", "inwoners"
        BUSINESSES = "businesses", "ondernemers"
        EVERYONE = "everyone", "iedereen"
        INTERNAL = "internal", "alleen medewerkers"

    question = models.CharField("vraag", max_length=255)
    answer = models.TextField("antwoord")
    keywords = models.CharField("trefwoorden", max_length=255, blank=True)
    products = models.ManyToManyField(Product, blank=True, related_name="knowledge_articles")
    audience = models.CharField(
        "doelgroep", max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    valid_from = models.DateField("geldig vanaf")
    valid_until = models.DateField("geldig tot en met", null=True, blank=True)
    owner_team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, verbose_name="eigenaar (team)"
    )
    updated_at = models.DateTimeField("bijgewerkt", auto_now=True)

    class Meta:
        verbose_name = "kennisartikel"
        verbose_name_plural = "kennisartikelen"
        ordering = ["question"]
        permissions = [("edit_knowledge", "Mag kennisartikelen schrijven")]

    def __str__(self) -> str:
        return self.question
