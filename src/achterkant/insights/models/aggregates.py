"""The aggregate tables behind every insight page (docs/insights.md).

One ``DailyAggregate`` row holds the counts of one organisation, day, channel, product
and team. Every KPI is a ratio or a distribution of these counts, so a page sums rows
and never reads a case or a contact.
"""

import uuid

from django.db import models

from achterkant.catalog.models import Product
from achterkant.routing.models import Team
from achterkant.tenancy.models import TenantModel

# Age of an open case in working days since its start date, upper bounds inclusive.
BACKLOG_BUCKETS = ((5, "0–5"), (10, "6–10"), (20, "11–20"), (40, "21–40"), (None, "meer dan 40"))


class DailyAggregate(TenantModel):
    day = models.DateField("dag")
    channel = models.CharField("kanaal", max_length=10)
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    # Contacts, by the day they started.
    contacts = models.PositiveIntegerField(default=0)
    contacts_fcr_eligible = models.PositiveIntegerField(default=0)  # a known person, handled
    contacts_first_contact_resolved = models.PositiveIntegerField(default=0)

    # Cases in (registration day) and out (end date).
    cases_in = models.PositiveIntegerField(default=0)
    cases_closed = models.PositiveIntegerField(default=0)
    cases_closed_with_norm = models.PositiveIntegerField(default=0)
    cases_closed_within_norm = models.PositiveIntegerField(default=0)
    cases_decided_with_legal_term = models.PositiveIntegerField(default=0)
    cases_decided_within_legal_term = models.PositiveIntegerField(default=0)
    # {"working days": number of cases closed this day}: exact medians and percentiles.
    lead_time_days = models.JSONField(default=dict)
    cases_with_digid_activity = models.PositiveIntegerField(default=0)  # of cases_closed

    # Events on this day.
    norm_breaches = models.PositiveIntegerField(default=0)
    suspensions = models.PositiveIntegerField(default=0)
    extensions = models.PositiveIntegerField(default=0)
    lex_silencio = models.PositiveIntegerField(default=0)
    penalty_cases = models.PositiveIntegerField(default=0)
    penalty_euros = models.DecimalField(max_digits=12, decimal_places=2, default=0)

    # Open cases at the end of the day, by age (BACKLOG_BUCKETS).
    backlog = models.JSONField(default=list)

    # Contact requests, by the day they were closed.
    requests_closed = models.PositiveIntegerField(default=0)
    requests_closed_in_time = models.PositiveIntegerField(default=0)

    # Ratings (1–5), by the day they were given.
    ratings = models.PositiveIntegerField(default=0)
    ratings_satisfied = models.PositiveIntegerField(default=0)  # 4 or 5
    ratings_sum = models.PositiveIntegerField(default=0)

    # Berichtenbox messages about a case, by the day they were sent.
    messages = models.PositiveIntegerField(default=0)
    messages_read = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "dagcijfer"
        verbose_name_plural = "dagcijfers"
        # Who may open Inzicht (team leads, managers); the figures hold no personal data.
        permissions = [("view_insights", "Mag Inzicht bekijken")]
        indexes = [
            models.Index(fields=["organisation", "day"], name="insights_day"),
            models.Index(fields=["organisation", "product", "day"], name="insights_product_day"),
        ]


class AggregateState(TenantModel):
    """One row per organisation: the lock two concurrent updates queue on, and how far
    the aggregates reach."""

    updated_at = models.DateTimeField(null=True, blank=True)
    complete_from = models.DateField(null=True, blank=True)
    complete_until = models.DateField(null=True, blank=True)
    # A new random token with every change of the rows: what pages computed from them is
    # cached under it (``selectors.breakdown``). A token, not the time: two updates in one
    # tick, or a rolled-back one, must never share it.
    version = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = "stand van de dagcijfers"
        constraints = [models.UniqueConstraint(fields=["organisation"], name="insights_state_once")]


class InsightsSettings(TenantModel):
    """What the organisation chooses to share."""

    public_page = models.BooleanField(
        "publieke pagina 'Zo snel helpen wij u'",
        default=False,
        help_text="Toon per product de norm en hoe vaak die vorig kwartaal is gehaald.",
    )
    in_league_table = models.BooleanField(
        "meedoen in de ranglijst",
        default=False,
        help_text="Andere organisaties in deze installatie zien uw score en naam.",
    )

    class Meta:
        verbose_name = "instellingen inzicht"
        verbose_name_plural = "instellingen inzicht"
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="insights_settings_once")
        ]
