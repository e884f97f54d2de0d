from django.conf import settings
from django.db import models

from achterkant.cases.models.case import Case
from achterkant.catalog.models import (
    CasePropertyType,
    Confidentiality,
    DecisionType,
    DocumentType,
    ResultType,
    RoleType,
)
from achterkant.tenancy.models import PublicIdModel, TenantModel


class Role(TenantModel, PublicIdModel):
    """Rol: someone involved in a case — a person, a business, a staff member or a team."""

    class SubjectType(models.TextChoices):
        NATURAL_PERSON = "natuurlijk_persoon", "natuurlijk persoon"
        NON_NATURAL_PERSON = "niet_natuurlijk_persoon", "niet-natuurlijk persoon"
        BRANCH = "vestiging", "vestiging"
        TEAM = "organisatorische_eenheid", "organisatorische eenheid"
        STAFF = "medewerker", "medewerker"

    class Authorisation(models.TextChoices):
        NONE = "", "geen"
        AUTHORISED = "gemachtigde", "gemachtigde"
        AUTHORISER = "machtiginggever", "machtiginggever"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="roles")
    role_type = models.ForeignKey(RoleType, on_delete=models.PROTECT)
    subject_type = models.CharField("betrokkenetype", max_length=25, choices=SubjectType.choices)
    bsn = models.CharField("BSN", max_length=9, blank=True)
    rsin = models.CharField("RSIN", max_length=9, blank=True)
    kvk_number = models.CharField("KvK-nummer", max_length=8, blank=True)
    branch_number = models.CharField("vestigingsnummer", max_length=12, blank=True)
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    team_identification = models.CharField("organisatorische eenheid", max_length=24, blank=True)
    display_name = models.CharField("afwijkende naam", max_length=625, blank=True)
    # Betrokkene: the subject as a URL in another register (ZGW), when known there.
    subject_url = models.URLField("betrokkene (URL)", max_length=1000, blank=True)
    explanation = models.CharField("roltoelichting", max_length=1000, blank=True)
    authorisation = models.CharField(
        "indicatie machtiging", max_length=15, choices=Authorisation.choices, blank=True
    )
    registered_at = models.DateTimeField("registratiedatum", auto_now_add=True)

    class Meta:
        verbose_name = "rol"
        verbose_name_plural = "rollen"
        ordering = ["registered_at", "pk"]
        indexes = [models.Index(fields=["organisation", "bsn"], name="role_bsn")]

    def __str__(self) -> str:
        return f"{self.role_type} van {self.case_id}"

    @property
    def identifier(self) -> str:
        return (
            self.bsn or self.kvk_number or self.rsin or self.branch_number
            or self.team_identification or (str(self.staff_member) if self.staff_member else "")
        )  # fmt: skip


class Result(TenantModel, PublicIdModel):
    """Resultaat: how the case ended. One per case; required before closing."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="result")
    result_type = models.ForeignKey(ResultType, on_delete=models.PROTECT)
    explanation = models.TextField("toelichting", blank=True)

    class Meta:
        verbose_name = "resultaat"
        verbose_name_plural = "resultaten"

    def __str__(self) -> str:
        return str(self.result_type)


class Decision(TenantModel, PublicIdModel):
    """Besluit taken in a case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    decision_type = models.ForeignKey(DecisionType, on_delete=models.PROTECT)
    identification = models.CharField("identificatie", max_length=50)
    decided_on = models.DateField("datum")
    effective_from = models.DateField("ingangsdatum")
    expires_on = models.DateField("vervaldatum", null=True, blank=True)
    explanation = models.TextField("toelichting", blank=True)
    publication_date = models.DateField("publicatiedatum", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "besluit"
        verbose_name_plural = "besluiten"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "identification"], name="decision_unique_identification"
            )
        ]

    def __str__(self) -> str:
        return self.identification


class CaseProperty(TenantModel, PublicIdModel):
    """Zaakeigenschap: the value of one property type for this case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="properties")
    property_type = models.ForeignKey(CasePropertyType, on_delete=models.PROTECT)
    value = models.TextField("waarde")

    class Meta:
        verbose_name = "zaakeigenschap"
        verbose_name_plural = "zaakeigenschappen"
        constraints = [
            models.UniqueConstraint(fields=["case", "property_type"], name="caseproperty_unique")
        ]

    def __str__(self) -> str:
        return f"{self.property_type}: {self.value}"


def document_path(document: "Document", filename: str) -> str:
    # The stored name never uses the uploader's file name: it may hold personal data.
    return f"documents/{document.organisation_id}/{document.sha256[:2]}/{document.sha256}"


class Document(TenantModel, PublicIdModel):
    """Informatieobject attached to a case; the bytes live in Django's storage."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    document_type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, null=True, blank=True)
    title = models.CharField("titel", max_length=200)
    file_name = models.CharField("bestandsnaam", max_length=255)
    file = models.FileField("bestand", upload_to=document_path, max_length=255)
    content_type = models.CharField("formaat", max_length=100)
    size = models.PositiveBigIntegerField("grootte (bytes)")
    sha256 = models.CharField("SHA-256", max_length=64)
    confidentiality = models.CharField(
        "vertrouwelijkheid", max_length=20, choices=Confidentiality.choices
    )
    uploaded_at = models.DateTimeField("toegevoegd", auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documenten"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class CaseObject(TenantModel, PublicIdModel):
    """Zaakobject: something the case is about (a building, an address, a WOZ value...),
    by URL in its own register, or described here (``object_identification``)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_objects")
    object_url = models.URLField("object", max_length=1000, blank=True)
    object_type = models.CharField("objecttype", max_length=40)
    object_type_other = models.CharField("objecttype overige", max_length=100, blank=True)
    # objectTypeOverigeDefinitie, as given: {"url", "schema", "objectData"}.
    object_type_other_definition = models.JSONField(
        "objecttype overige definitie", null=True, blank=True
    )
    relation_description = models.CharField("relatieomschrijving", max_length=80, blank=True)
    # objectIdentificatie: the object's own attributes, as given (shape per object type).
    object_identification = models.JSONField("objectidentificatie", null=True, blank=True)
    object_type_url = models.URLField("zaakobjecttype", max_length=1000, blank=True)

    class Meta:
        verbose_name = "zaakobject"
        verbose_name_plural = "zaakobjecten"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.object_type} van {self.case_id}"


class CaseContactMoment(TenantModel, PublicIdModel):
    """Klantcontact as the Zaken API records it on a case (deprecated there, kept for
    clients that still send it). The desk's own contacts live in ``contacts``."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contact_moments")
    identification = models.CharField("identificatie", max_length=14)
    occurred_at = models.DateTimeField("datumtijd")
    channel = models.CharField("kanaal", max_length=20, blank=True)
    subject = models.CharField("onderwerp", max_length=200, blank=True)
    explanation = models.CharField("toelichting", max_length=1000, blank=True)

    class Meta:
        verbose_name = "klantcontact bij zaak"
        verbose_name_plural = "klantcontacten bij zaken"
        ordering = ["occurred_at", "pk"]

    def __str__(self) -> str:
        return self.identification
