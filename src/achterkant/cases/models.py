from django.conf import settings
from django.db import models

from achterkant.catalog.models import CaseType, Channel, Product, StatusType
from achterkant.tenancy.models import TenantModel


class CaseNumberCounter(TenantModel):
    """The last case number handed out per organisation and year."""

    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="case_counter_unique")
        ]


class Case(TenantModel):
    """Zaak: one request of a citizen, handled under one case type."""

    number = models.CharField("zaaknummer", max_length=30, editable=False)
    case_type = models.ForeignKey(CaseType, on_delete=models.PROTECT, verbose_name="zaaktype")
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, null=True, blank=True, verbose_name="product"
    )
    channel = models.CharField("kanaal", max_length=10, choices=Channel.choices)
    initiator_bsn = models.CharField("BSN initiator", max_length=9)
    description = models.TextField("omschrijving", blank=True)
    received_on = models.DateField("ontvangen op")
    created_at = models.DateTimeField("geregistreerd", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Denormalised from the newest CaseStatus, so queues never join the history.
    current_status = models.ForeignKey(
        "CaseStatus", on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = "zaak"
        verbose_name_plural = "zaken"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="case_unique_number")
        ]
        indexes = [
            models.Index(fields=["organisation", "initiator_bsn", "-created_at"], name="case_bsn"),
        ]

    def __str__(self) -> str:
        return self.number


class CaseStatus(TenantModel):
    """One step in a case's status history."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="statuses")
    status_type = models.ForeignKey(StatusType, on_delete=models.PROTECT)
    set_at = models.DateTimeField("gezet op", auto_now_add=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.TextField("toelichting", blank=True)

    class Meta:
        verbose_name = "status"
        verbose_name_plural = "statussen"
        ordering = ["set_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.status_type}"
