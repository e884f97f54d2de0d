"""The maturity scores an organisation shares: its own latest score (for the league table
of this installation) and the benchmark cards it imported from other installations.

Both hold scores only: no value, no text, no personal data (docs/insights.md).
"""

from django.db import models

from achterkant.tenancy.models import TenantModel


class ScoreSnapshot(TenantModel):
    """The organisation's latest maturity score, computed in its own context (its score
    page, the card export, the CLI). The league table of another organisation reads this
    row, and only when ``InsightsSettings.in_league_table`` is on: never the figures or
    the catalogue behind it."""

    computed_at = models.DateTimeField("berekend op")
    period_first = models.DateField("periode vanaf")
    period_last = models.DateField("periode tot en met")
    scoring_version = models.CharField("scoreversie", max_length=20)
    overall = models.DecimalField("totaalscore", max_digits=4, decimal_places=1)
    # {"parts": {key: score}, "pillars": {...}, "indicators": {...}}, each 0–100.
    scores = models.JSONField("scores", default=dict)

    class Meta:
        verbose_name = "maturityscore"
        verbose_name_plural = "maturityscores"
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="insights_snapshot_once")
        ]


class BenchmarkCard(TenantModel):
    """A signed benchmark card of an organisation on another installation, imported by
    this organisation. The signature was checked on import; the public key and the
    signature are kept so anyone can check it again."""

    source_name = models.CharField("organisatie", max_length=200)
    source_rsin = models.CharField("RSIN", max_length=9)
    period_first = models.DateField("periode vanaf")
    period_last = models.DateField("periode tot en met")
    scoring_version = models.CharField("scoreversie", max_length=20)
    overall = models.DecimalField("totaalscore", max_digits=4, decimal_places=1)
    scores = models.JSONField("scores", default=dict)
    public_key = models.CharField("publieke sleutel (Ed25519, base64)", max_length=64)
    signature = models.CharField("handtekening (base64)", max_length=128)
    card = models.JSONField("kaart zoals ingelezen")
    imported_at = models.DateTimeField("ingelezen op", auto_now_add=True)

    class Meta:
        verbose_name = "benchmarkkaart"
        verbose_name_plural = "benchmarkkaarten"
        ordering = ["-overall", "source_name"]
        constraints = [
            # The same organisation and period again replaces the earlier import.
            models.UniqueConstraint(
                fields=["organisation", "source_rsin", "period_first", "period_last"],
                name="insights_card_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.period_first:%d-%m-%Y} t/m {self.period_last:%d-%m-%Y})"
