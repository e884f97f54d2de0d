from django.conf import settings
from django.db import models

from achterkant.cases.models.case import Case
from achterkant.catalog.models import Channel
from achterkant.tenancy.models import TenantModel


class CaseDefaultNotice(TenantModel):
    """Ingebrekestelling: the applicant's written notice that we decide too late (Awb 4:17).

    A case may have more than one: a premature one (received on or before the legal
    decision date), then a valid one. The dwangsom counts from the first that is not
    premature (``cases.penalty.case_penalty``).
    """

    class NoPenaltyReason(models.TextChoices):
        """Why no dwangsom is due although the notice is valid (Awb 4:17(6))."""

        LATE_NOTICE = "late_notice", "onredelijk laat in gebreke gesteld (Awb 4:17 lid 6a)"
        NOT_INTERESTED = "not_interested", "aanvrager is geen belanghebbende (Awb 4:17 lid 6b)"
        INADMISSIBLE = "inadmissible", "kennelijk niet-ontvankelijk (Awb 4:17 lid 6c)"
        UNFOUNDED = "unfounded", "kennelijk ongegrond (Awb 4:17 lid 6c)"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="default_notices")
    received_on = models.DateField("ontvangen op")
    channel = models.CharField("ontvangen via", max_length=10, choices=Channel.choices)
    note = models.TextField("toelichting", blank=True)
    no_penalty_reason = models.CharField(
        "geen dwangsom omdat", max_length=20, choices=NoPenaltyReason.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "ingebrekestelling"
        verbose_name_plural = "ingebrekestellingen"
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} in gebreke gesteld op {self.received_on}"
