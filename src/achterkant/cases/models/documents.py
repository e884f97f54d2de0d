"""What hangs from a document (the Documenten API 1.5): its versions, its links to cases,
its usage rights, its dispatches and the parts of an upload in progress.

The document itself (the enkelvoudiginformatieobject) is ``parts.Document``.
"""

from django.db import models
from django.utils import timezone

from achterkant.cases.models.case import Case
from achterkant.cases.models.parts import Document
from achterkant.tenancy.models import PublicIdModel, TenantModel


def version_path(version: "DocumentVersion", filename: str) -> str:
    # Named by checksum, as the document's own file: one stored copy per content.
    return f"documents/{version.organisation_id}/{version.sha256[:2]}/{version.sha256}"


def part_path(part: "DocumentPart", filename: str) -> str:
    # Parts are temporary: removed once the file is assembled (or the upload restarts).
    return f"document-parts/{part.organisation_id}/{part.document_id}/{part.uuid}"


class DocumentVersion(TenantModel):
    """One version of a document, the current one included: what ``?versie=n`` and
    ``?registratieOp=`` show. ``fields`` holds the API attributes as they were (the
    snapshot ``cases.services.informationobjects.snapshot`` makes); the file is the
    stored file of that version (shared with the document while unchanged)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("versie")
    fields = models.JSONField("gegevens", default=dict)
    file = models.FileField("bestand", upload_to=version_path, max_length=255, blank=True)
    file_name = models.CharField("bestandsnaam", max_length=255, blank=True)
    content_type = models.CharField("formaat", max_length=255, blank=True)
    size = models.PositiveBigIntegerField("grootte (bytes)", default=0)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    registered_at = models.DateTimeField("begin registratie", default=timezone.now)

    class Meta:
        verbose_name = "documentversie"
        verbose_name_plural = "documentversies"
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="documentversion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"


class CaseDocument(TenantModel, PublicIdModel):
    """Zaakinformatieobject: a document linked to a case. Rows made before the Documenten
    API carry their document's uuid, so their Zaken API URLs stayed the same."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="document_links")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="case_links")
    title = models.CharField("titel", max_length=200, blank=True)
    description = models.CharField("beschrijving", max_length=1000, blank=True)
    relation = models.CharField("aard relatie", max_length=40, default="Hoort bij, omgekeerd: kent")
    registered_at = models.DateTimeField("registratiedatum", default=timezone.now)
    destruction_date = models.DateTimeField("vernietigingsdatum", null=True, blank=True)
    status_url = models.URLField("status", max_length=1000, blank=True)

    class Meta:
        verbose_name = "document bij zaak"
        verbose_name_plural = "documenten bij zaken"
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "document"], name="casedocument_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} bij {self.case_id}"


class DocumentUsageRight(TenantModel, PublicIdModel):
    """Gebruiksrechten: conditions on using a document beyond reading it. While a document
    has any, its ``usage_rights`` (indicatieGebruiksrecht) is true; without any, empty."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="usage_rights_set"
    )
    starts_at = models.DateTimeField("startdatum")
    ends_at = models.DateTimeField("einddatum", null=True, blank=True)
    conditions = models.TextField("omschrijving voorwaarden")

    class Meta:
        verbose_name = "gebruiksrecht"
        verbose_name_plural = "gebruiksrechten"
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"Gebruiksrecht {self.uuid}"


class DocumentDispatch(TenantModel, PublicIdModel):
    """Verzending: a document sent to or received from someone (``betrokkene``)."""

    class Relation(models.TextChoices):
        SENDER = "afzender", "afzender"
        ADDRESSEE = "geadresseerde", "geadresseerde"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="dispatches")
    party_url = models.URLField("betrokkene", max_length=200)
    relation = models.CharField("aard relatie", max_length=20, choices=Relation.choices)
    explanation = models.CharField("toelichting", max_length=200, blank=True)
    received_on = models.DateField("ontvangstdatum", null=True, blank=True)
    sent_on = models.DateField("verzenddatum", null=True, blank=True)
    contact_url = models.URLField("contactpersoon", max_length=1000)
    contact_name = models.CharField("contactpersoonnaam", max_length=40, blank=True)
    # The address and contact fields, as given (one of the three addresses at most).
    domestic_address = models.JSONField("binnenlands correspondentieadres", null=True, blank=True)
    foreign_address = models.JSONField("buitenlands correspondentieadres", null=True, blank=True)
    postal_address = models.JSONField("correspondentie postadres", null=True, blank=True)
    fax = models.CharField("faxnummer", max_length=15, blank=True)
    email = models.CharField("e-mailadres", max_length=100, blank=True)
    mijn_overheid = models.BooleanField("MijnOverheid", default=False)
    phone = models.CharField("telefoonnummer", max_length=15, blank=True)

    class Meta:
        verbose_name = "verzending"
        verbose_name_plural = "verzendingen"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Verzending {self.uuid}"


class DocumentPart(TenantModel, PublicIdModel):
    """Bestandsdeel: one part of a file uploaded in parts while the document is locked.
    When every part is in, the parts are joined, checked as any upload, and become the
    document's new version; the parts then go."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="parts")
    number = models.PositiveIntegerField("volgnummer")
    size = models.PositiveBigIntegerField("omvang")
    file = models.FileField("inhoud", upload_to=part_path, max_length=255, blank=True)
    lock = models.CharField("lock", max_length=64)

    class Meta:
        verbose_name = "bestandsdeel"
        verbose_name_plural = "bestandsdelen"
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="documentpart_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} deel {self.number}"

    @property
    def completed(self) -> bool:
        return bool(self.file)
