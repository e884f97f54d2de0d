from django.db import models

from achterkant.cases.models.case import Case
from achterkant.catalog.models import Product
from achterkant.tenancy.models import TenantModel


class WebSubmission(TenantModel):
    """A request filed in the e-loket: the answers as given, and the case it opened.

    ``key`` is the form's idempotency key. A double click or a browser refresh sends the
    same key again, and the unique constraint makes sure only one case is opened.
    """

    key = models.UUIDField("idempotentiesleutel")
    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="web_submission", null=True
    )
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    initiator_bsn = models.CharField("BSN aanvrager", max_length=9)
    answers = models.JSONField("antwoorden", default=dict)
    submitted_at = models.DateTimeField("ingediend", auto_now_add=True)

    class Meta:
        verbose_name = "webaanvraag"
        verbose_name_plural = "webaanvragen"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="websubmission_key")
        ]

    def __str__(self) -> str:
        return f"Webaanvraag {self.key}"
