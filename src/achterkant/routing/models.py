from django.conf import settings
from django.db import models

from achterkant.tenancy.models import TenantModel


class Team(TenantModel):
    """Organisatorische eenheid: a team that owns queues and work.

    Minimal for the contact centre; routing rules and skills come with the desk.
    """

    identification = models.SlugField("code", max_length=24)
    name = models.CharField("naam", max_length=100)
    email = models.EmailField("e-mailadres", blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="teams", blank=True, verbose_name="leden"
    )

    class Meta:
        verbose_name = "team"
        verbose_name_plural = "teams"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "identification"], name="team_unique_identification"
            )
        ]

    def __str__(self) -> str:
        return self.name
