from django.conf import settings
from django.db import models

from achterkant.cases.models.case import Case
from achterkant.catalog.models.case_type import ExtensionKind
from achterkant.tenancy.models import TenantModel
from achterkant.worktime.durations import IsoDurationField


class CaseSuspension(TenantModel):
    """Opschorting (Awb 4:15): the decision term stands still while this runs.

    It starts on the day after ``requested_on`` and ends when the applicant completes
    the application (``ended_on``) or when the set term lapses (``term_ends_on``).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="suspensions")
    reason = models.TextField("reden")
    requested_on = models.DateField("verzocht op")
    term_ends_on = models.DateField("termijn loopt tot")
    ended_on = models.DateField("beëindigd op", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "opschorting"
        verbose_name_plural = "opschortingen"
        ordering = ["requested_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_ends_on__gt=models.F("requested_on")),
                name="suspension_term_after_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} opgeschort vanaf {self.requested_on}"


class CaseExtension(TenantModel):
    """Verlenging (Awb 4:14): at most one per case, at most the case type's extension term.

    ``term`` is the term actually used: the worker may choose a shorter one than the case
    type allows ("een zo kort mogelijke termijn", 4:14(3)). ``kind`` is copied from the
    case type: a statutory extension moves the legal decision date; a notice of delay
    (where a statute sets the term, 4:14(1)) only moves the date we tell the applicant.
    """

    Kind = ExtensionKind

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="extension")
    reason = models.TextField("reden")
    term = IsoDurationField("duur")
    kind = models.CharField(
        "soort verlenging", max_length=20, choices=ExtensionKind.choices,
        default=ExtensionKind.STATUTORY,
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "verlenging"
        verbose_name_plural = "verlengingen"

    def __str__(self) -> str:
        return f"{self.case_id} verlengd met {self.term}"

    @property
    def moves_legal_date(self) -> bool:
        """Whether this extension moves the legal decision date (Awb 4:14)."""
        return self.kind != ExtensionKind.NOTICE_OF_DELAY
