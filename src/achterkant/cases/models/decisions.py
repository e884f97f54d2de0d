"""Besluitinformatieobject: a document in which (part of) a decision is recorded."""

from django.db import models

from achterkant.cases.models.parts import Decision, Document
from achterkant.tenancy.models import PublicIdModel, TenantModel


class DecisionDocument(TenantModel, PublicIdModel):
    """The link between a decision and a document (the Documenten API's
    enkelvoudiginformatieobject). The RGBZ's aardRelatie is always "legt_vast"; the
    Documenten API shows the same link as its objectinformatieobject (objectType
    ``besluit``). It goes with the decision: a deleted decision takes its links along."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="decisions")
    registered_at = models.DateTimeField("registratiedatum", auto_now_add=True)

    class Meta:
        verbose_name = "besluitinformatieobject"
        verbose_name_plural = "besluitinformatieobjecten"
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "document"], name="decisiondocument_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} legt besluit {self.decision_id} vast"
