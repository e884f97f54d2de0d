from django.contrib.auth.models import AbstractUser
from django.db import models

from achterkant.tenancy.models import Organisation


class User(AbstractUser):
    """A staff member. Staff work for exactly one organisation."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="staff",
        null=True,
        blank=True,
        help_text="Leeg alleen voor technisch beheer (superuser).",
    )

    class Meta:
        verbose_name = "medewerker"
        verbose_name_plural = "medewerkers"

    def __str__(self) -> str:
        return self.get_full_name() or self.username
