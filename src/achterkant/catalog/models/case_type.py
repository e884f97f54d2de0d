from django.core.exceptions import ValidationError
from django.db import models

from achterkant.catalog.archive_rules import archive_procedure_problems
from achterkant.catalog.form_definition import validate_form_definition
from achterkant.catalog.models.catalogue import (
    Catalogue,
    Confidentiality,
    DecisionType,
    DocumentType,
    VersionedType,
)
from achterkant.tenancy.models import PublicIdModel, TenantModel
from achterkant.worktime.durations import IsoDurationField, describe_duration, parse_iso_duration

# The decision term and the extension term are counted in calendar days (Awb 4:13, 4:14):
# a term in hours cannot be counted that way, so the catalogue refuses it.
TERM_IN_HOURS_MESSAGES = {
    "lead_time": "Een beslistermijn in uren kan Achterkant niet tellen. Geef de termijn in "
    "dagen, weken, maanden of jaren, bijvoorbeeld P8W.",
    "extension_term": "Een verlengingstermijn in uren kan Achterkant niet tellen. Geef de "
    "termijn in dagen, weken, maanden of jaren, bijvoorbeeld P6W.",
}


def term_has_time_part(value: str) -> bool:
    """Whether an ISO 8601 term is written with hours, minutes or seconds (``PT4H``,
    ``P1DT2H``). Read from the text: ``PT48H`` parses to 2 days.

    False for an empty or unreadable term: the field's own validator reports those.
    """
    if not value:
        return False
    try:
        parse_iso_duration(value)
    except ValidationError:
        return False
    return "T" in value.strip().upper()


def uncountable_terms(case_type: "CaseType") -> dict[str, str]:
    """The terms of ``case_type`` the Awb clock cannot count, with the Dutch message.

    The decision term (``lead_time``) and the extension term run in calendar days, weeks,
    months or years (Awb 4:13, 4:14); a service norm in hours is fine (the promise
    counts working hours).
    """
    return {
        name: message
        for name, message in TERM_IN_HOURS_MESSAGES.items()
        if term_has_time_part(getattr(case_type, name))
    }


class ExtensionKind(models.TextChoices):
    """What an extension of the decision term does (Awb 4:14).

    Where a statute sets the decision term, a notice of delay does not move the legal
    date (4:14(1)); only a statutory power to extend does, or 4:14(3) for a term the
    statute does not set.
    """

    STATUTORY = (
        "statutory",
        "wettelijke verlenging (verdaging): schuift de uiterlijke beslisdatum op",
    )
    NOTICE_OF_DELAY = (
        "notice_of_delay",
        "verdagingsmededeling: alleen de verwachte datum voor de inwoner schuift op, "
        "de wettelijke termijn niet",
    )


class CaseType(VersionedType):
    """Zaaktype, versioned: every field a Zaken/Catalogi API client relies on.

    A concept may be edited; a published version is immutable except for its end of
    validity. A case binds to the version valid on its start date.
    """

    class Scope(models.TextChoices):
        INTERNAL = "intern", "intern"
        EXTERNAL = "extern", "extern"

    ExtensionKind = ExtensionKind  # CaseType.ExtensionKind.STATUTORY reads well

    catalogue = models.ForeignKey(Catalogue, on_delete=models.PROTECT, related_name="case_types")
    identification = models.CharField("identificatie", max_length=50)
    description = models.CharField("omschrijving", max_length=80)
    generic_description = models.CharField("omschrijving generiek", max_length=80, blank=True)
    purpose = models.TextField("doel")
    reason = models.TextField("aanleiding")
    subject = models.CharField("onderwerp", max_length=80)
    explanation = models.TextField("toelichting", blank=True)
    confidentiality = models.CharField(
        "vertrouwelijkheid", max_length=20, choices=Confidentiality.choices
    )
    scope = models.CharField("intern of extern", max_length=6, choices=Scope.choices)
    initiator_action = models.CharField("handeling initiator", max_length=20)
    handler_action = models.CharField("handeling behandelaar", max_length=20)
    lead_time = IsoDurationField(
        "doorlooptijd", help_text="De wettelijke of afgesproken termijn, bijv. P8W (8 weken)."
    )
    service_norm = IsoDurationField("servicenorm", blank=True)
    suspension_possible = models.BooleanField("opschorten en aanhouden mogelijk", default=False)
    extension_possible = models.BooleanField("verlengen mogelijk", default=False)
    extension_term = IsoDurationField(
        "verlengingstermijn",
        blank=True,
        help_text="De langste verlenging, in dagen, weken, maanden of jaren, bijv. P6W.",
    )
    extension_kind = models.CharField(
        "soort verlenging",
        max_length=20,
        choices=ExtensionKind.choices,
        default=ExtensionKind.STATUTORY,
        help_text="Awb 4:14. Staat de beslistermijn in de wet, dan schuift alleen een "
        "wettelijke verlenging de uiterlijke beslisdatum op.",
    )
    # Awb §4.1.3.3: a positive decision by operation of law when the term lapses.
    lex_silencio = models.BooleanField(
        "positieve fictieve beschikking (lex silencio)", default=False
    )
    publication_indicated = models.BooleanField("publicatie-indicatie", default=False)
    publication_text = models.TextField("publicatietekst", blank=True)
    keywords = models.JSONField("trefwoorden", default=list, blank=True)
    accountability_relations = models.JSONField("verantwoordingsrelatie", default=list, blank=True)
    products_or_services = models.JSONField("producten of diensten", default=list, blank=True)
    responsible = models.CharField("verantwoordelijke", max_length=50)
    selection_list_process_type = models.URLField("selectielijst procestype", blank=True)
    reference_process_name = models.CharField("referentieproces", max_length=80)
    reference_process_link = models.URLField("link referentieproces", blank=True)
    version_date = models.DateField("versiedatum")
    # Catalogi API: deelzaaktypen (same catalogue) and gerelateerdeZaaktypen, a list of
    # {zaaktype (URL, may be another catalogue's), aardRelatie, toelichting}.
    sub_case_types = models.ManyToManyField(
        "self", symmetrical=False, related_name="main_case_types", blank=True,
        verbose_name="deelzaaktypen",
    )  # fmt: skip
    related_case_types = models.JSONField("gerelateerde zaaktypen", default=list, blank=True)
    form_definition = models.JSONField(
        "webformulier (e-loket)",
        default=dict,
        blank=True,
        validators=[validate_form_definition],
        help_text="De vragen van het aanvraagformulier in Mijn gemeente, als JSON. Leeg: "
        "niet online aan te vragen. Zie docs/portal.md voor de veldsoorten.",
    )

    class Meta:
        verbose_name = "zaaktype"
        verbose_name_plural = "zaaktypen"
        ordering = ["identification", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "catalogue", "identification", "valid_from"],
                name="casetype_unique_version",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="casetype_valid_period",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "identification", "valid_from"], name="casetype_ident"
            )
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.valid_from:%d-%m-%Y})"

    def clean(self) -> None:
        """Refuse a decision or extension term the Awb clock cannot count (hours)."""
        super().clean()
        problems = uncountable_terms(self)
        if problems:
            raise ValidationError(problems, code="term_in_hours")

    @property
    def is_report(self) -> bool:
        """A melding, not an aanvraag: the initiator's action (ZTC handelingInitiator) is
        "Melden". A report is confirmed as one and promises no besluit (docs/portal.md)."""
        return self.initiator_action.strip().lower() == "melden"

    @property
    def extension_term_text(self) -> str:
        """The extension term in Dutch words ("6 weken"), "" without one."""
        try:
            return describe_duration(self.extension_term) if self.extension_term else ""
        except ValidationError:  # an unreadable old row: show it as written
            return self.extension_term


class CaseTypePart(TenantModel, PublicIdModel):
    """A part of a case type version; it is published and frozen together with it."""

    class Meta:
        abstract = True


class StatusType(CaseTypePart):
    """Statustype. Whether it is the end status is derived: the highest sequence number."""

    case_type = models.ForeignKey(CaseType, on_delete=models.CASCADE, related_name="status_types")
    sequence = models.PositiveSmallIntegerField("volgnummer")
    name = models.CharField("omschrijving", max_length=80)
    generic_description = models.CharField("omschrijving generiek", max_length=80, blank=True)
    citizen_text = models.CharField("statustekst voor de inwoner", max_length=1000, blank=True)
    inform_citizen = models.BooleanField("informeren", default=False)
    lead_time = IsoDurationField("doorlooptijd", blank=True)
    explanation = models.TextField("toelichting", blank=True)
    checklist = models.JSONField("checklist", default=list, blank=True)
    required_property_types = models.ManyToManyField(
        "CasePropertyType", related_name="+", blank=True, verbose_name="verplichte eigenschappen"
    )

    class Meta:
        verbose_name = "statustype"
        verbose_name_plural = "statustypen"
        ordering = ["case_type", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["case_type", "sequence"], name="statustype_unique_seq")
        ]

    def __str__(self) -> str:
        return f"{self.sequence}. {self.name}"


class ResultType(CaseTypePart):
    """Resultaattype, with the archive rules that apply when a case ends this way."""

    class ArchiveNomination(models.TextChoices):
        KEEP = "blijvend_bewaren", "blijvend bewaren"
        DESTROY = "vernietigen", "vernietigen"

    class SourceDate(models.TextChoices):
        """Afleidingswijze brondatum archiefprocedure (Catalogi API)."""

        CLOSED = "afgehandeld", "afgehandeld (einddatum zaak)"
        OTHER_DATE = "ander_datumkenmerk", "ander datumkenmerk"
        PROPERTY = "eigenschap", "eigenschap van de zaak"
        RELATED_CASE = "gerelateerde_zaak", "gerelateerde zaak"
        MAIN_CASE = "hoofdzaak", "hoofdzaak"
        DECISION_START = "ingangsdatum_besluit", "ingangsdatum besluit"
        TERM = "termijn", "termijn na einddatum"
        DECISION_EXPIRY = "vervaldatum_besluit", "vervaldatum besluit"
        CASE_OBJECT = "zaakobject", "zaakobject"

    case_type = models.ForeignKey(CaseType, on_delete=models.CASCADE, related_name="result_types")
    description = models.CharField("omschrijving", max_length=30)
    generic_description = models.CharField("omschrijving generiek", max_length=80, blank=True)
    result_type_description_url = models.URLField("resultaattypeomschrijving", blank=True)
    selection_list_class = models.URLField("selectielijstklasse", blank=True)
    explanation = models.TextField("toelichting", blank=True)
    archive_nomination = models.CharField(
        "archiefnominatie", max_length=20, choices=ArchiveNomination.choices, blank=True
    )
    archive_action_term = IsoDurationField("archiefactietermijn", blank=True)
    source_date_derivation = models.CharField(
        "afleidingswijze brondatum", max_length=25, choices=SourceDate.choices
    )
    source_date_attribute = models.CharField("datumkenmerk", max_length=80, blank=True)
    source_date_process_term = IsoDurationField("procestermijn", blank=True)
    source_date_end_date_known = models.BooleanField("einddatum bekend", default=False)
    source_date_object_type = models.CharField("objecttype", max_length=40, blank=True)
    source_date_registration = models.CharField("registratie", max_length=80, blank=True)
    process_object_kind = models.CharField("procesobjectaard", max_length=200, blank=True)
    indicates_specific = models.BooleanField("indicatie specifiek", null=True, blank=True)
    process_term = IsoDurationField("procestermijn (selectielijst)", blank=True)
    decision_types = models.ManyToManyField(
        DecisionType, related_name="result_types", blank=True, verbose_name="besluittypen"
    )
    document_types = models.ManyToManyField(
        DocumentType, related_name="+", blank=True, verbose_name="documenttypen"
    )

    class Meta:
        verbose_name = "resultaattype"
        verbose_name_plural = "resultaattypen"
        ordering = ["case_type", "description"]

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        """The archive procedure's fields must fit the derivation (Catalogi API rules).

        Whether ``eigenschap`` names a date property of this case type is checked when
        the case type is published: in the admin the parts are saved after this runs.
        """
        problems = archive_procedure_problems(self)
        if problems:
            raise ValidationError(
                {field: ValidationError(message, code=code) for field, code, message in problems}
            )


class RoleType(CaseTypePart):
    """Roltype: how someone is involved in a case of this type."""

    class Generic(models.TextChoices):
        ADVISER = "adviseur", "adviseur"
        HANDLER = "behandelaar", "behandelaar"
        STAKEHOLDER = "belanghebbende", "belanghebbende"
        DECIDER = "beslisser", "beslisser"
        INITIATOR = "initiator", "initiator"
        CONTACT = "klantcontacter", "klantcontacter"
        COORDINATOR = "zaakcoordinator", "zaakcoördinator"
        CO_INITIATOR = "mede_initiator", "mede-initiator"

    case_type = models.ForeignKey(CaseType, on_delete=models.CASCADE, related_name="role_types")
    description = models.CharField("omschrijving", max_length=100)
    generic_description = models.CharField(
        "omschrijving generiek", max_length=20, choices=Generic.choices
    )

    class Meta:
        verbose_name = "roltype"
        verbose_name_plural = "roltypen"
        ordering = ["case_type", "description"]

    def __str__(self) -> str:
        return self.description


class CasePropertyType(CaseTypePart):
    """Eigenschap: a typed fact a case of this type records, e.g. 'datum evenement'."""

    class Format(models.TextChoices):
        TEXT = "tekst", "tekst"
        NUMBER = "getal", "getal"
        DATE = "datum", "datum"
        DATETIME = "datum_tijd", "datum en tijd"

    case_type = models.ForeignKey(CaseType, on_delete=models.CASCADE, related_name="property_types")
    name = models.CharField("naam", max_length=20)
    definition = models.CharField("definitie", max_length=255)
    format = models.CharField("formaat", max_length=10, choices=Format.choices)
    length = models.PositiveSmallIntegerField("lengte")
    cardinality = models.CharField("kardinaliteit", max_length=3, default="1")
    allowed_values = models.JSONField("waardenverzameling", default=list, blank=True)
    group = models.CharField("groep", max_length=32, blank=True)
    explanation = models.TextField("toelichting", blank=True)
    status_type = models.ForeignKey(
        StatusType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="statustype",
    )  # fmt: skip

    class Meta:
        verbose_name = "eigenschap"
        verbose_name_plural = "eigenschappen"
        constraints = [
            models.UniqueConstraint(fields=["case_type", "name"], name="propertytype_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class CaseTypeDocumentType(CaseTypePart):
    """Which document types a case type uses, in which order and direction."""

    class Direction(models.TextChoices):
        INCOMING = "inkomend", "inkomend"
        INTERNAL = "intern", "intern"
        OUTGOING = "uitgaand", "uitgaand"

    case_type = models.ForeignKey(
        CaseType, on_delete=models.CASCADE, related_name="document_type_links"
    )
    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="case_type_links"
    )
    sequence = models.PositiveSmallIntegerField("volgnummer")
    direction = models.CharField("richting", max_length=10, choices=Direction.choices)
    status_type = models.ForeignKey(
        StatusType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="statustype",
    )  # fmt: skip

    class Meta:
        verbose_name = "documenttype bij zaaktype"
        verbose_name_plural = "documenttypen bij zaaktype"
        constraints = [
            models.UniqueConstraint(fields=["case_type", "sequence"], name="ztiot_unique_seq")
        ]

    def __str__(self) -> str:
        return f"{self.sequence}. {self.document_type}"


class CaseObjectType(CaseTypePart):
    """Zaakobjecttype: a kind of object a case of this type can be about (a building, a
    permit, ...), with the relation's name."""

    case_type = models.ForeignKey(CaseType, on_delete=models.CASCADE, related_name="object_types")
    other_object_type = models.BooleanField("ander objecttype", default=False)
    object_type = models.URLField("objecttype", max_length=200)
    relation_description = models.CharField("relatieomschrijving", max_length=80)
    valid_from = models.DateField("begin geldigheid")
    valid_until = models.DateField("einde geldigheid", null=True, blank=True)
    begin_object = models.DateField("begin object", null=True, blank=True)
    end_object = models.DateField("einde object", null=True, blank=True)

    class Meta:
        verbose_name = "zaakobjecttype"
        verbose_name_plural = "zaakobjecttypen"
        ordering = ["case_type", "relation_description"]

    def __str__(self) -> str:
        return self.relation_description
