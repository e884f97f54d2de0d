from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from achterkant.cases.models import Case
from achterkant.contacts.models.contact import Contact
from achterkant.tenancy.models import TenantModel


class Feedback(TenantModel):
    """A citizen's rating (1–5) of a closed case or a contact, for service insights.

    Exactly one of ``case`` and ``contact``. Channel and product are copied, so the
    insight does not need the case or contact again.
    """

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="feedback"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="feedback"
    )
    bsn = models.CharField("BSN", max_length=9, blank=True)
    kvk_number = models.CharField("KvK-nummer", max_length=8, blank=True)
    score = models.PositiveSmallIntegerField(
        "cijfer", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField("toelichting", blank=True, max_length=2000)
    channel = models.CharField("kanaal", max_length=10)
    product_code = models.CharField("productcode", max_length=50, blank=True)
    created_at = models.DateTimeField("gegeven op", auto_now_add=True)

    class Meta:
        verbose_name = "beoordeling"
        verbose_name_plural = "beoordelingen"
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=True, contact__isnull=False)
                | Q(case__isnull=False, contact__isnull=True),
                name="feedback_case_or_contact",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="feedback_score_1_to_5"
            ),
            # One rating per case or contact: a double submit cannot count twice.
            models.UniqueConstraint(
                fields=["case"], condition=Q(case__isnull=False), name="feedback_once_per_case"
            ),
            models.UniqueConstraint(
                fields=["contact"],
                condition=Q(contact__isnull=False),
                name="feedback_once_per_contact",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="feedback_recent")]

    def __str__(self) -> str:
        return f"{self.score}/5"
