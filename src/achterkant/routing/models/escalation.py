"""The organisation's SLA policy and the escalations it produced."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from achterkant.routing.models.base import RoutingTenantModel
from achterkant.routing.models.teams import Team

DEFAULT_WARNING_FRACTION = Decimal("0.75")
DEFAULT_LEX_SILENCIO_ALERT_WORKING_DAYS = 5


class SlaPolicy(RoutingTenantModel):
    """When work counts as "bijna te laat", and how early lex silencio is flagged.

    One row per organisation; without one the defaults apply (``selectors.sla_policy``).
    """

    warning_fraction = models.DecimalField(
        "waarschuwen na (deel van de termijn)",
        max_digits=3,
        decimal_places=2,
        default=DEFAULT_WARNING_FRACTION,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text="0,75: bijna te laat zodra driekwart van de termijn (in werkdagen) om is.",
    )
    lex_silencio_alert_working_days = models.PositiveSmallIntegerField(
        "waarschuwen voor van rechtswege verlenen (werkdagen)",
        default=DEFAULT_LEX_SILENCIO_ALERT_WORKING_DAYS,
        validators=[MaxValueValidator(60)],
        help_text="Zoveel werkdagen vóór de beslistermijn krijgt de teamleider een signaal.",
    )

    class Meta:
        verbose_name = "SLA-beleid"
        verbose_name_plural = "SLA-beleid"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                name="sla_policy_one_per_org",
                violation_error_message="Er is al SLA-beleid voor deze organisatie.",
            ),
            models.CheckConstraint(
                condition=Q(warning_fraction__gte=0, warning_fraction__lte=1),
                name="sla_policy_fraction_0_1",
                violation_error_message="Vul een deel tussen 0 en 1 in, bijvoorbeeld 0,75.",
            ),
        ]

    def __str__(self) -> str:
        return "SLA-beleid"


class Escalation(RoutingTenantModel):
    """One state change of one work item that a team lead was told about.

    The unique constraint is the "exactly once": two sweeps that see the same change
    both try to insert, and only one row (and one notification) comes out.
    """

    class ItemKind(models.TextChoices):
        CASE = "case", "zaak"
        CONTACT_REQUEST = "contact_request", "contactverzoek"

    class State(models.TextChoices):
        WARNING = "warning", "bijna te laat"
        BREACHED = "breached", "te laat"
        LEX_SILENCIO_RISK = "lex_silencio_risk", "dreigt van rechtswege verleend te worden"

    item_kind = models.CharField("soort", max_length=20, choices=ItemKind.choices)
    item_id = models.BigIntegerField("nummer (intern)")
    state = models.CharField("signaal", max_length=20, choices=State.choices)
    created_at = models.DateTimeField("gesignaleerd op", default=timezone.now)
    notified_team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name="team",
    )
    message = models.TextField("bericht", blank=True)

    class Meta:
        verbose_name = "escalatie"
        verbose_name_plural = "escalaties"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="escalation_recent")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "item_kind", "item_id", "state"], name="escalation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_item_kind_display()} {self.item_id}: {self.get_state_display()}"
