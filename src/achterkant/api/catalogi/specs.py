"""The request fields of each Catalogi API resource, mapped onto the catalogue's models.

The desk's term is the model field; the ZGW term is the API name (docs/api-catalogi.md
lists them side by side). Read-only fields of the standard are not here: a body may
carry them, they are ignored.
"""

from django.http import HttpRequest

from achterkant.api.catalogi.fields import (
    BOOL,
    DATE,
    DURATION,
    GROUP,
    INT,
    INTSTR,
    LIST,
    OBJECT,
    REF,
    REFS,
    RELATED,
    TEXT,
    F,
)
from achterkant.catalog.models import (
    CaseObjectType,
    CasePropertyType,
    CaseType,
    CaseTypeDocumentType,
    Catalogue,
    Confidentiality,
    DecisionType,
    DocumentType,
    ResultType,
    RoleType,
    StatusType,
)

CONFIDENTIALITY = tuple(Confidentiality.values)
CATALOGUS = F("catalogus", "catalogue", REF, required=True, target=("catalogussen", Catalogue))
ZAAKTYPE = F("zaaktype", "case_type", REF, required=True, target=("zaaktypen", CaseType))
VALIDITY = (
    F("beginGeldigheid", "valid_from", DATE, required=True),
    F("eindeGeldigheid", "valid_until", DATE),
    F("beginObject", "begin_object", DATE),
    F("eindeObject", "end_object", DATE),
)

CATALOGUS_FIELDS = (
    F("domein", "domain", required=True, max_length=5),
    F("rsin", "rsin", required=True, max_length=9),
    F("contactpersoonBeheerNaam", "contact_name", required=True, max_length=40),
    F("contactpersoonBeheerTelefoonnummer", "contact_phone", max_length=20),
    F("contactpersoonBeheerEmailadres", "contact_email", max_length=254),
    F("naam", "name", max_length=200),
    F("versie", "version", max_length=20),
    F("begindatumVersie", "version_date", DATE),
)

ZAAKTYPE_FIELDS = (
    F("identificatie", "identification", required=True, max_length=50),
    F("omschrijving", "description", required=True, max_length=80),
    F("omschrijvingGeneriek", "generic_description", max_length=80),
    F("vertrouwelijkheidaanduiding", "confidentiality", required=True, choices=CONFIDENTIALITY),
    F("doel", "purpose", TEXT, required=True),
    F("aanleiding", "reason", TEXT, required=True),
    F("toelichting", "explanation", TEXT),
    F("indicatieInternOfExtern", "scope", required=True, choices=("intern", "extern")),
    F("handelingInitiator", "initiator_action", required=True, max_length=20),
    F("onderwerp", "subject", required=True, max_length=80),
    F("handelingBehandelaar", "handler_action", required=True, max_length=20),
    F("doorlooptijd", "lead_time", DURATION, required=True),
    F("servicenorm", "service_norm", DURATION),
    F("opschortingEnAanhoudingMogelijk", "suspension_possible", BOOL, required=True),
    F("verlengingMogelijk", "extension_possible", BOOL, required=True),
    F("verlengingstermijn", "extension_term", DURATION),
    F("trefwoorden", "keywords", LIST),
    F("publicatieIndicatie", "publication_indicated", BOOL, required=True),
    F("publicatietekst", "publication_text", TEXT),
    F("verantwoordingsrelatie", "accountability_relations", LIST),
    F("productenOfDiensten", "products_or_services", LIST, required=True),
    F("selectielijstProcestype", "selection_list_process_type", max_length=200),
    F("referentieproces", None, OBJECT, required=True, fields=(
        F("naam", "reference_process_name", required=True, max_length=80),
        F("link", "reference_process_link", max_length=200),
    )),
    F("verantwoordelijke", "responsible", required=True, max_length=50),
    CATALOGUS,
    F("besluittypen", "decision_types", REFS, required=True,
      target=("besluittypen", DecisionType), resolve=lambda *a: by_name(DecisionType)(*a)),
    F("deelzaaktypen", "sub_case_types", REFS, target=("zaaktypen", CaseType),
      resolve=lambda *a: by_name(CaseType)(*a)),
    F("gerelateerdeZaaktypen", "related_case_types", RELATED, required=True),
    *VALIDITY,
    F("versiedatum", "version_date", DATE, required=True),
)  # fmt: skip

# The gegevensgroep InformatieObjectTypeOmschrijvingGeneriek, kept as one JSON object under
# the standard's own keys (render.IOT_OMSCHRIJVING_GENERIEK reads it back).
IOT_OMSCHRIJVING_GENERIEK = (
    F("informatieobjecttypeOmschrijvingGeneriek", "informatieobjecttypeOmschrijvingGeneriek",
      required=True, max_length=80),
    F("definitieInformatieobjecttypeOmschrijvingGeneriek",
      "definitieInformatieobjecttypeOmschrijvingGeneriek", required=True, max_length=255),
    F("herkomstInformatieobjecttypeOmschrijvingGeneriek",
      "herkomstInformatieobjecttypeOmschrijvingGeneriek", required=True, max_length=12),
    F("hierarchieInformatieobjecttypeOmschrijvingGeneriek",
      "hierarchieInformatieobjecttypeOmschrijvingGeneriek", required=True, max_length=80),
    F("opmerkingInformatieobjecttypeOmschrijvingGeneriek",
      "opmerkingInformatieobjecttypeOmschrijvingGeneriek", max_length=255),
)  # fmt: skip

INFORMATIEOBJECTTYPE_FIELDS = (
    CATALOGUS,
    F("omschrijving", "description", required=True, max_length=80),
    F("vertrouwelijkheidaanduiding", "confidentiality", required=True, choices=CONFIDENTIALITY),
    *VALIDITY,
    # Required by the OAS, left out by the conformance suite's bodies: optional here.
    F("informatieobjectcategorie", "category", max_length=80),
    F("trefwoord", "keywords", LIST),
    F("omschrijvingGeneriek", "generic_description", GROUP, fields=IOT_OMSCHRIJVING_GENERIEK),
)

BESLUITTYPE_FIELDS = (
    CATALOGUS,
    F("omschrijving", "description", max_length=80),
    F("omschrijvingGeneriek", "generic_description", max_length=80),
    F("besluitcategorie", "category", max_length=40),
    F("reactietermijn", "reaction_term", DURATION),
    F("publicatieIndicatie", "publication_indicated", BOOL, required=True),
    F("publicatietekst", "publication_text", TEXT),
    F("publicatietermijn", "publication_term", DURATION),
    F("toelichting", "explanation", TEXT),
    F("informatieobjecttypen", "document_types", REFS, required=True,
      target=("informatieobjecttypen", DocumentType),
      resolve=lambda *a: by_name(DocumentType)(*a)),
    *VALIDITY,
)  # fmt: skip

STATUSTYPE_FIELDS = (
    F("omschrijving", "name", required=True, max_length=80),
    F("omschrijvingGeneriek", "generic_description", max_length=80),
    F("statustekst", "citizen_text", max_length=1000),
    ZAAKTYPE,
    F("volgnummer", "sequence", INT, required=True),
    F("informeren", "inform_citizen", BOOL, null_means=False),
    F("doorlooptijd", "lead_time", DURATION),
    F("toelichting", "explanation", TEXT),
    F("checklistitemStatustype", "checklist", LIST),
    F("eigenschappen", "required_property_types", REFS,
      target=("eigenschappen", CasePropertyType)),
)  # fmt: skip

BRONDATUM_FIELDS = (
    F("afleidingswijze", "source_date_derivation", required=True,
      choices=tuple(ResultType.SourceDate.values)),
    F("datumkenmerk", "source_date_attribute", max_length=80),
    F("einddatumBekend", "source_date_end_date_known", BOOL, null_means=False),
    F("objecttype", "source_date_object_type", max_length=40),
    F("registratie", "source_date_registration", max_length=80),
    F("procestermijn", "source_date_process_term", DURATION),
)  # fmt: skip

RESULTAATTYPE_FIELDS = (
    ZAAKTYPE,
    F("omschrijving", "description", required=True, max_length=30),
    F("resultaattypeomschrijving", "result_type_description_url", required=True,
      max_length=1000),
    F("selectielijstklasse", "selection_list_class", required=True, max_length=1000),
    F("toelichting", "explanation", TEXT),
    F("archiefnominatie", "archive_nomination",
      choices=tuple(ResultType.ArchiveNomination.values)),
    F("archiefactietermijn", "archive_action_term", DURATION),
    F("brondatumArchiefprocedure", None, OBJECT, fields=BRONDATUM_FIELDS),
    F("procesobjectaard", "process_object_kind", max_length=200),
    F("indicatieSpecifiek", "indicates_specific", BOOL),
    F("procestermijn", "process_term", DURATION),
    F("besluittypen", "decision_types", REFS, target=("besluittypen", DecisionType),
      resolve=lambda *a: by_name(DecisionType)(*a)),
    F("informatieobjecttypen", "document_types", REFS,
      target=("informatieobjecttypen", DocumentType),
      resolve=lambda *a: by_name(DocumentType)(*a)),
)  # fmt: skip

ROLTYPE_FIELDS = (
    ZAAKTYPE,
    F("omschrijving", "description", required=True, max_length=100),
    F("omschrijvingGeneriek", "generic_description", required=True,
      choices=tuple(RoleType.Generic.values)),
)  # fmt: skip

EIGENSCHAP_FIELDS = (
    F("naam", "name", required=True, max_length=20),
    F("definitie", "definition", required=True, max_length=255),
    F("specificatie", None, OBJECT, required=True, fields=(
        F("groep", "group", max_length=32),
        F("formaat", "format", required=True, choices=tuple(CasePropertyType.Format.values)),
        F("lengte", "length", INTSTR, required=True),
        F("kardinaliteit", "cardinality", required=True, max_length=3),
        F("waardenverzameling", "allowed_values", LIST),
    )),
    F("toelichting", "explanation", TEXT),
    ZAAKTYPE,
    F("statustype", "status_type", REF, target=("statustypen", StatusType)),
)  # fmt: skip


# How Catalogi 1.3 names a versioned type in a relation instead of by URL: a besluittype
# or informatieobjecttype by its omschrijving, a zaaktype by its identificatie.
_NAME_FIELDS = {
    DecisionType: "description",
    DocumentType: "description",
    CaseType: "identification",
}


def by_name(model):
    """A resolver: the latest version of that name in the catalogue of the object written
    (a part's case type's catalogue, or the catalogue in the body or of the row)."""

    def resolve(request: HttpRequest, value: str, context: dict):
        values = context.get("values", {})
        case_type = values.get("case_type") or context.get("case_type")
        catalogue = (
            values.get("catalogue")
            or context.get("catalogue")
            or getattr(case_type, "catalogue", None)
        )
        if catalogue is None:
            return None
        return (
            model.objects.filter(catalogue=catalogue, **{_NAME_FIELDS[model]: value})
            .order_by("-valid_from", "-pk")
            .first()
        )

    return resolve


ZIOT_FIELDS = (
    ZAAKTYPE,
    F("informatieobjecttype", "document_type", REF, required=True,
      target=("informatieobjecttypen", DocumentType), resolve=by_name(DocumentType)),
    F("volgnummer", "sequence", INT, required=True),
    F("richting", "direction", required=True,
      choices=tuple(CaseTypeDocumentType.Direction.values)),
    F("statustype", "status_type", REF, target=("statustypen", StatusType)),
)  # fmt: skip

ZAAKOBJECTTYPE_FIELDS = (
    F("anderObjecttype", "other_object_type", BOOL, required=True),
    *VALIDITY,
    F("objecttype", "object_type", required=True, max_length=200),
    F("relatieOmschrijving", "relation_description", required=True, max_length=80),
    ZAAKTYPE,
    F("catalogus", None, REF, target=("catalogussen", Catalogue)),
)

MODELS = {
    "catalogussen": Catalogue,
    "zaaktypen": CaseType,
    "informatieobjecttypen": DocumentType,
    "besluittypen": DecisionType,
    "statustypen": StatusType,
    "resultaattypen": ResultType,
    "roltypen": RoleType,
    "eigenschappen": CasePropertyType,
    "zaaktype-informatieobjecttypen": CaseTypeDocumentType,
    "zaakobjecttypen": CaseObjectType,
}
