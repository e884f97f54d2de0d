from django.conf import settings
from django.db import models
from django.utils import timezone

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
    # When the result got its current value: its place in the case's timeline. Empty for
    # results recorded before this field existed (the timeline leaves them out).
    recorded_at = models.DateTimeField("vastgelegd op", auto_now=True, null=True)

    class Meta:
        verbose_name = "resultaat"
        verbose_name_plural = "resultaten"

    def __str__(self) -> str:
        return str(self.result_type)


class Decision(TenantModel, PublicIdModel):
    """Besluit (BRC): a decision, mostly the outcome of a case; a decision of another
    organisation that a case is about has none (``case`` empty). Desk and Besluiten API
    share this row and its services (``cases.services.decisions``)."""

    class ExpiryReason(models.TextChoices):
        TEMPORARY = "tijdelijk", "Besluit met tijdelijke werking"
        WITHDRAWN_BY_GOVERNMENT = "ingetrokken_overheid", "Besluit ingetrokken door overheid"
        WITHDRAWN_BY_PARTY = (
            "ingetrokken_belanghebbende",
            "Besluit ingetrokken o.v.v. belanghebbende",
        )

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="decisions", null=True, blank=True
    )
    decision_type = models.ForeignKey(DecisionType, on_delete=models.PROTECT)
    # verantwoordelijkeOrganisatie: the RSIN of who took it; the case's own when it has one.
    responsible_organisation_rsin = models.CharField(
        "verantwoordelijke organisatie", max_length=9, default="", blank=True
    )
    identification = models.CharField("identificatie", max_length=50)
    decided_on = models.DateField("datum")
    effective_from = models.DateField("ingangsdatum")
    expires_on = models.DateField("vervaldatum", null=True, blank=True)
    expiry_reason = models.CharField(
        "vervalreden", max_length=30, choices=ExpiryReason.choices, blank=True, default=""
    )
    explanation = models.TextField("toelichting", blank=True)
    governing_body = models.CharField("bestuursorgaan", max_length=50, blank=True, default="")
    publication_date = models.DateField("publicatiedatum", null=True, blank=True)
    sent_on = models.DateField("verzenddatum", null=True, blank=True)
    response_deadline = models.DateField("uiterlijke reactiedatum", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # When it was recorded: ``decided_on`` is only a date, so the timeline needs this to
    # put the decision between the other things of that day. Empty for older decisions.
    recorded_at = models.DateTimeField("vastgelegd op", auto_now_add=True, null=True)

    class Meta:
        verbose_name = "besluit"
        verbose_name_plural = "besluiten"
        constraints = [
            # brc-002: unique per verantwoordelijke organisatie (within the tenant).
            models.UniqueConstraint(
                fields=["organisation", "responsible_organisation_rsin", "identification"],
                name="decision_unique_identification_per_rsin",
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
    """Informatieobject (the Documenten API's enkelvoudiginformatieobject), usually attached
    to a case; the bytes live in Django's storage.

    This row holds the current version; every version, this one included, is also kept as
    a ``DocumentVersion`` (``?versie=``, ``?registratieOp=``). ``case`` is the case the
    document was first linked to (the desk and the portal show it there); the links
    themselves (zaakinformatieobjecten) are ``CaseDocument`` rows. An API client may create
    a document before it links it, so ``case`` may be empty.
    """

    class Status(models.TextChoices):
        NONE = "", "(geen)"
        IN_PROGRESS = "in_bewerking", "in bewerking"
        FOR_APPROVAL = "ter_vaststelling", "ter vaststelling"
        CONCEPT = "concept", "concept"
        FINAL = "definitief", "definitief"
        APPROVED = "vastgesteld", "vastgesteld"
        ARCHIVED = "gearchiveerd", "gearchiveerd"

    class Origin(models.TextChoices):
        # Who brought the document in decides what the portal shows (selectors.shared_with).
        STAFF = "staff", "medewerker"
        PARTY = "party", "aanvrager of betrokkene (portaal, e-mail)"
        API = "api", "koppeling (Documenten API)"

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="documents", null=True, blank=True
    )
    document_type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, null=True, blank=True)
    title = models.CharField("titel", max_length=200)
    file_name = models.CharField("bestandsnaam", max_length=255, blank=True)
    file = models.FileField("bestand", upload_to=document_path, max_length=255, blank=True)
    content_type = models.CharField("formaat", max_length=255, blank=True)
    size = models.PositiveBigIntegerField("grootte (bytes)", default=0)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    confidentiality = models.CharField(
        "vertrouwelijkheid", max_length=20, choices=Confidentiality.choices
    )
    uploaded_at = models.DateTimeField("toegevoegd", auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    origin = models.CharField(
        "herkomst", max_length=10, choices=Origin.choices, default=Origin.STAFF
    )
    # The Documenten API's attributes (EnkelvoudigInformatieObject); desk uploads get
    # their defaults.
    identification = models.CharField("identificatie", max_length=40, blank=True)
    source_organisation = models.CharField("bronorganisatie", max_length=9, blank=True)
    created_on = models.DateField("creatiedatum", null=True, blank=True)
    author = models.CharField("auteur", max_length=200, blank=True)
    status = models.CharField("status", max_length=20, choices=Status.choices, blank=True)
    language = models.CharField("taal", max_length=3, default="dut")
    description = models.CharField("beschrijving", max_length=1000, blank=True)
    link = models.URLField("link", max_length=200, blank=True)
    received_on = models.DateField("ontvangstdatum", null=True, blank=True)
    sent_on = models.DateField("verzenddatum", null=True, blank=True)
    usage_rights = models.BooleanField("indicatie gebruiksrecht", null=True, blank=True)
    appearance = models.CharField("verschijningsvorm", max_length=255, blank=True)
    signature = models.JSONField("ondertekening", null=True, blank=True)
    integrity = models.JSONField("integriteit", null=True, blank=True)
    keywords = models.JSONField("trefwoorden", default=list, blank=True)
    content_expired = models.BooleanField("inhoud is vervallen", null=True, blank=True)
    version = models.PositiveIntegerField("versie", default=1)
    registered_at = models.DateTimeField("begin registratie", default=timezone.now)
    # The lock id while a client holds the lock (Documenten API /lock); empty: unlocked.
    lock = models.CharField("lock", max_length=64, blank=True)

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documenten"
        ordering = ["uploaded_at", "pk"]
        permissions = [
            ("lock_document", "Can lock document"),
            ("force_unlock_document", "Can force unlock document"),
            ("force_update_document", "Can force update document"),
        ]
        indexes = [
            models.Index(fields=["organisation", "identification"], name="document_identification")
        ]

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
