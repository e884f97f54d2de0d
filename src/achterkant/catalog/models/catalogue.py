from django.core.validators import RegexValidator
from django.db import models

from achterkant.tenancy.models import PublicIdModel, TenantModel
from achterkant.tenancy.validators import validate_zgw_rsin
from achterkant.worktime.durations import IsoDurationField


class Confidentiality(models.TextChoices):
    """Vertrouwelijkheidaanduiding: the eight ZGW levels, from open to most secret."""

    OPENBAAR = "openbaar", "openbaar"
    BEPERKT_OPENBAAR = "beperkt_openbaar", "beperkt openbaar"
    INTERN = "intern", "intern"
    ZAAKVERTROUWELIJK = "zaakvertrouwelijk", "zaakvertrouwelijk"
    VERTROUWELIJK = "vertrouwelijk", "vertrouwelijk"
    CONFIDENTIEEL = "confidentieel", "confidentieel"
    GEHEIM = "geheim", "geheim"
    ZEER_GEHEIM = "zeer_geheim", "zeer geheim"


class Catalogue(TenantModel, PublicIdModel):
    """Catalogus: holds versioned case, document and decision types of one domain."""

    domain = models.CharField(
        "domein",
        max_length=5,
        validators=[RegexValidator(r"^[A-Z]{1,5}$", "Gebruik 1 tot 5 hoofdletters, bijv. ZAKEN.")],
    )
    rsin = models.CharField("RSIN", max_length=9, validators=[validate_zgw_rsin])
    name = models.CharField("naam", max_length=200, blank=True)
    version = models.CharField("versie", max_length=20, blank=True)
    version_date = models.DateField("begindatum versie", null=True, blank=True)
    contact_name = models.CharField("contactpersoon beheer", max_length=40)
    contact_phone = models.CharField("telefoon contactpersoon", max_length=20, blank=True)
    contact_email = models.EmailField("e-mail contactpersoon", blank=True)

    class Meta:
        verbose_name = "catalogus"
        verbose_name_plural = "catalogi"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "domain"], name="catalogue_unique_domain"
            )
        ]

    def __str__(self) -> str:
        return self.name or self.domain


class VersionedType(TenantModel, PublicIdModel):
    """Shared validity and concept fields of versioned catalogue types (ZTC)."""

    valid_from = models.DateField("begin geldigheid")
    valid_until = models.DateField("einde geldigheid", null=True, blank=True)
    is_concept = models.BooleanField("concept", default=True, editable=False)
    # The period the real-world object itself existed (Catalogi API beginObject/eindeObject).
    begin_object = models.DateField("begin object", null=True, blank=True)
    end_object = models.DateField("einde object", null=True, blank=True)

    class Meta:
        abstract = True

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class DocumentType(VersionedType):
    """Informatieobjecttype: a kind of document, e.g. 'aanvraagformulier'."""

    catalogue = models.ForeignKey(
        Catalogue, on_delete=models.PROTECT, related_name="document_types"
    )
    description = models.CharField("omschrijving", max_length=80)
    confidentiality = models.CharField(
        "vertrouwelijkheid", max_length=20, choices=Confidentiality.choices
    )
    category = models.CharField("informatieobjectcategorie", max_length=80, blank=True)
    keywords = models.JSONField("trefwoorden", default=list, blank=True)
    # Catalogi API omschrijvingGeneriek: {informatieobjecttypeOmschrijvingGeneriek, ...}.
    generic_description = models.JSONField("omschrijving generiek", default=dict, blank=True)

    class Meta:
        verbose_name = "documenttype"
        verbose_name_plural = "documenttypen"
        ordering = ["description", "valid_from"]

    def __str__(self) -> str:
        return self.description


class DecisionType(VersionedType):
    """Besluittype: a kind of decision a case can end in, e.g. 'vergunning verleend'."""

    catalogue = models.ForeignKey(
        Catalogue, on_delete=models.PROTECT, related_name="decision_types"
    )
    description = models.CharField("omschrijving", max_length=80)
    generic_description = models.CharField("omschrijving generiek", max_length=80, blank=True)
    category = models.CharField("besluitcategorie", max_length=40, blank=True)
    reaction_term = IsoDurationField("reactietermijn", blank=True)
    publication_indicated = models.BooleanField("publicatie-indicatie", default=False)
    publication_text = models.TextField("publicatietekst", blank=True)
    publication_term = IsoDurationField("publicatietermijn", blank=True)
    explanation = models.TextField("toelichting", blank=True)
    case_types = models.ManyToManyField(
        "catalog.CaseType", related_name="decision_types", blank=True, verbose_name="zaaktypen"
    )
    document_types = models.ManyToManyField(
        DocumentType, related_name="decision_types", blank=True, verbose_name="documenttypen"
    )

    class Meta:
        verbose_name = "besluittype"
        verbose_name_plural = "besluittypen"
        ordering = ["description", "valid_from"]

    def __str__(self) -> str:
        return self.description
