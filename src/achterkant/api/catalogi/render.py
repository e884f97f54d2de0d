"""The Catalogi API's representation of each catalogue row (the standard's field names).

Every renderer reads only what :mod:`achterkant.api.catalogi.selectors` prefetched, so a
page of rows costs a fixed number of queries.
"""

from datetime import date

from django.http import HttpRequest

from achterkant.api.resources import CATALOGI
from achterkant.catalog.models import (
    CaseObjectType,
    CasePropertyType,
    CaseType,
    CaseTypeDocumentType,
    Catalogue,
    DecisionType,
    DocumentType,
    ResultType,
    RoleType,
    StatusType,
)


class Urls:
    """Absolute resource URLs on the request's host (built once per request)."""

    def __init__(self, request: HttpRequest) -> None:
        self.base = request.build_absolute_uri(CATALOGI)

    def __call__(self, resource: str, uuid) -> str:
        return f"{self.base}/{resource}/{uuid}"

    def many(self, resource: str, rows) -> list[str]:
        return [f"{self.base}/{resource}/{row.uuid}" for row in rows]


def _related_case_types(urls: Urls, row: CaseType) -> list[dict]:
    """Each related case type as the URL of its most recent version in the catalogue
    (stored by identificatie, the 1.3 way). One query, only for a case type that has any.

    A relation to an identificatie the catalogue does not hold (yet) is kept but not
    shown, since the read schema asks a URL; it shows once such a zaaktype exists."""
    relations = row.related_case_types
    if not relations:
        return []
    names = {r["zaaktype"] for r in relations if "://" not in r["zaaktype"]}
    latest = {}
    versions = (
        CaseType.objects.filter(catalogue_id=row.catalogue_id, identification__in=names)
        .order_by("identification", "valid_from", "pk")
        .values_list("identification", "uuid")
    )
    for identification, uuid in versions:
        latest[identification] = urls("zaaktypen", uuid)
    shown = []
    for relation in relations:
        target = relation["zaaktype"]
        url = target if "://" in target else latest.get(target)
        if url:
            shown.append(
                {
                    "zaaktype": url,
                    "aardRelatie": relation.get("aardRelatie") or relation.get("aard_relatie"),
                    "toelichting": relation.get("toelichting", ""),
                }
            )
    return shown


def _if_set(name: str, value: str) -> dict:
    """``{name: value}``, or nothing for an empty value: for an optional field the OAS gives a
    format (uri, email) that "" does not meet, and that may not be null."""
    return {name: value} if value else {}


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _validity(row) -> dict:
    return {
        "beginGeldigheid": _day(row.valid_from),
        "eindeGeldigheid": _day(row.valid_until),
        "beginObject": _day(row.begin_object),
        "eindeObject": _day(row.end_object),
    }


_NO_VALIDITY = {"beginGeldigheid": None, "eindeGeldigheid": None, "beginObject": None,
                "eindeObject": None}  # fmt: skip


def catalogus(urls: Urls, row: Catalogue) -> dict:
    return {
        "url": urls("catalogussen", row.uuid),
        "domein": row.domain,
        "rsin": row.rsin,
        "contactpersoonBeheerNaam": row.contact_name,
        "contactpersoonBeheerTelefoonnummer": row.contact_phone,
        # An e-mail address by the OAS (format email): left out when there is none.
        **_if_set("contactpersoonBeheerEmailadres", row.contact_email),
        "zaaktypen": urls.many("zaaktypen", row.case_types.all()),
        "besluittypen": urls.many("besluittypen", row.decision_types.all()),
        "informatieobjecttypen": urls.many("informatieobjecttypen", row.document_types.all()),
        "naam": row.name,
        "versie": row.version,
        "begindatumVersie": _day(row.version_date),
    }


def zaaktype(urls: Urls, row: CaseType) -> dict:
    return {
        "url": urls("zaaktypen", row.uuid),
        "identificatie": row.identification,
        "omschrijving": row.description,
        "omschrijvingGeneriek": row.generic_description,
        "vertrouwelijkheidaanduiding": row.confidentiality,
        "doel": row.purpose,
        "aanleiding": row.reason,
        "toelichting": row.explanation,
        "indicatieInternOfExtern": row.scope,
        "handelingInitiator": row.initiator_action,
        "onderwerp": row.subject,
        "handelingBehandelaar": row.handler_action,
        "doorlooptijd": row.lead_time,
        "servicenorm": row.service_norm or None,
        "opschortingEnAanhoudingMogelijk": row.suspension_possible,
        "verlengingMogelijk": row.extension_possible,
        "verlengingstermijn": row.extension_term or None,
        "trefwoorden": list(row.keywords),
        "publicatieIndicatie": row.publication_indicated,
        "publicatietekst": row.publication_text,
        "verantwoordingsrelatie": list(row.accountability_relations),
        "productenOfDiensten": list(row.products_or_services),
        # URLs by the OAS (format uri) and optional: left out when empty, as "" is no URL.
        **_if_set("selectielijstProcestype", row.selection_list_process_type),
        "referentieproces": {
            "naam": row.reference_process_name,
            **_if_set("link", row.reference_process_link),
        },
        "verantwoordelijke": row.responsible,
        # broncatalogus and bronzaaktype are objects by the OAS, never null, and optional:
        # left out, as Achterkant does not keep where a case type was taken from.
        "catalogus": urls("catalogussen", row.catalogue.uuid),
        "statustypen": urls.many("statustypen", row.status_types.all()),
        "resultaattypen": urls.many("resultaattypen", row.result_types.all()),
        "eigenschappen": urls.many("eigenschappen", row.property_types.all()),
        "informatieobjecttypen": [
            urls("informatieobjecttypen", link.document_type.uuid)
            for link in row.document_type_links.all()
        ],
        "roltypen": urls.many("roltypen", row.role_types.all()),
        "besluittypen": urls.many("besluittypen", row.decision_types.all()),
        "deelzaaktypen": urls.many("zaaktypen", row.sub_case_types.all()),
        "gerelateerdeZaaktypen": _related_case_types(urls, row),
        "zaakobjecttypen": urls.many("zaakobjecttypen", row.object_types.all()),
        **_validity(row),
        "versiedatum": _day(row.version_date),
        "concept": row.is_concept,
    }


def informatieobjecttype(urls: Urls, row: DocumentType) -> dict:
    return {
        "url": urls("informatieobjecttypen", row.uuid),
        "catalogus": urls("catalogussen", row.catalogue.uuid),
        "omschrijving": row.description,
        "vertrouwelijkheidaanduiding": row.confidentiality,
        **_validity(row),
        "concept": row.is_concept,
        "zaaktypen": urls.many("zaaktypen", _linked_case_types(row)),
        "besluittypen": urls.many("besluittypen", row.decision_types.all()),
        "informatieobjectcategorie": row.category,
        "trefwoord": list(row.keywords),
        "omschrijvingGeneriek": _iot_generic(row.generic_description),
    }


# The gegevensgroep's keys; the OAS lets only the opmerking be null.
IOT_OMSCHRIJVING_GENERIEK = (
    "informatieobjecttypeOmschrijvingGeneriek",
    "definitieInformatieobjecttypeOmschrijvingGeneriek",
    "herkomstInformatieobjecttypeOmschrijvingGeneriek",
    "hierarchieInformatieobjecttypeOmschrijvingGeneriek",
)
_IOT_OPMERKING = "opmerkingInformatieobjecttypeOmschrijvingGeneriek"


def _iot_generic(stored) -> dict:
    """The gegevensgroep always as an object (the OAS does not allow null): its texts, empty
    when not set, as a gegevensgroep of the reference implementation reads."""
    stored = stored if isinstance(stored, dict) else {}
    group = {key: str(stored.get(key) or "") for key in IOT_OMSCHRIJVING_GENERIEK}
    group[_IOT_OPMERKING] = stored.get(_IOT_OPMERKING) or None
    return group


def _linked_case_types(row: DocumentType) -> list:
    return [link.case_type for link in row.case_type_links.all()]


def besluittype(urls: Urls, row: DecisionType) -> dict:
    result_types = list(row.result_types.all())
    return {
        "url": urls("besluittypen", row.uuid),
        "catalogus": urls("catalogussen", row.catalogue.uuid),
        "zaaktypen": urls.many("zaaktypen", row.case_types.all()),
        "omschrijving": row.description,
        "omschrijvingGeneriek": row.generic_description,
        "besluitcategorie": row.category,
        "reactietermijn": row.reaction_term or None,
        "publicatieIndicatie": row.publication_indicated,
        "publicatietekst": row.publication_text,
        "publicatietermijn": row.publication_term or None,
        "toelichting": row.explanation,
        "informatieobjecttypen": urls.many("informatieobjecttypen", row.document_types.all()),
        **_validity(row),
        "concept": row.is_concept,
        "resultaattypen": urls.many("resultaattypen", result_types),
        "resultaattypenOmschrijving": [r.description for r in result_types],
        "vastgelegdIn": [d.description for d in row.document_types.all()],
    }


def _part(urls: Urls, row, resource: str) -> dict:
    case_type = row.case_type
    return {
        "url": urls(resource, row.uuid),
        "zaaktype": urls("zaaktypen", case_type.uuid),
        "zaaktypeIdentificatie": case_type.identification,
        "catalogus": urls("catalogussen", case_type.catalogue.uuid),
    }


def statustype(urls: Urls, row: StatusType) -> dict:
    return {
        **_part(urls, row, "statustypen"),
        "omschrijving": row.name,
        "omschrijvingGeneriek": row.generic_description,
        "statustekst": row.citizen_text,
        "volgnummer": row.sequence,
        "isEindstatus": row.sequence == getattr(row, "last_sequence", row.sequence),
        "informeren": row.inform_citizen,
        "doorlooptijd": row.lead_time or None,
        "toelichting": row.explanation or None,
        "checklistitemStatustype": list(row.checklist),
        "eigenschappen": urls.many("eigenschappen", row.required_property_types.all()),
        **_NO_VALIDITY,
        "zaakobjecttype": None,
    }


def resultaattype(urls: Urls, row: ResultType) -> dict:
    decision_types = list(row.decision_types.all())
    document_types = list(row.document_types.all())
    return {
        **_part(urls, row, "resultaattypen"),
        "omschrijving": row.description,
        "resultaattypeomschrijving": row.result_type_description_url,
        "omschrijvingGeneriek": row.generic_description,
        "selectielijstklasse": row.selection_list_class,
        "toelichting": row.explanation,
        "archiefnominatie": row.archive_nomination,
        "archiefactietermijn": row.archive_action_term or None,
        "brondatumArchiefprocedure": {
            "afleidingswijze": row.source_date_derivation,
            "datumkenmerk": row.source_date_attribute,
            "einddatumBekend": row.source_date_end_date_known,
            "objecttype": row.source_date_object_type,
            "registratie": row.source_date_registration,
            "procestermijn": row.source_date_process_term or None,
        },
        "procesobjectaard": row.process_object_kind,
        "indicatieSpecifiek": row.indicates_specific,
        "procestermijn": row.process_term or None,
        **_NO_VALIDITY,
        "besluittypen": urls.many("besluittypen", decision_types),
        "besluittypeOmschrijving": [d.description for d in decision_types],
        "informatieobjecttypen": urls.many("informatieobjecttypen", document_types),
        "informatieobjecttypeOmschrijving": [d.description for d in document_types],
        "zaakobjecttypen": [],
    }


def roltype(urls: Urls, row: RoleType) -> dict:
    return {
        **_part(urls, row, "roltypen"),
        "omschrijving": row.description,
        "omschrijvingGeneriek": row.generic_description,
        **_NO_VALIDITY,
    }


def eigenschap(urls: Urls, row: CasePropertyType) -> dict:
    return {
        **_part(urls, row, "eigenschappen"),
        "naam": row.name,
        "definitie": row.definition,
        "specificatie": {
            "groep": row.group,
            "formaat": row.format,
            "lengte": str(row.length),
            "kardinaliteit": row.cardinality,
            "waardenverzameling": list(row.allowed_values),
        },
        "toelichting": row.explanation,
        "statustype": urls("statustypen", row.status_type.uuid) if row.status_type else None,
        **_NO_VALIDITY,
    }


def zaaktype_informatieobjecttype(urls: Urls, row: CaseTypeDocumentType) -> dict:
    return {
        **_part(urls, row, "zaaktype-informatieobjecttypen"),
        # Catalogi 1.3 names the document type by its omschrijving.
        "informatieobjecttype": row.document_type.description,
        "volgnummer": row.sequence,
        "richting": row.direction,
        "statustype": urls("statustypen", row.status_type.uuid) if row.status_type else None,
    }


def zaakobjecttype(urls: Urls, row: CaseObjectType) -> dict:
    return {
        **_part(urls, row, "zaakobjecttypen"),
        "anderObjecttype": row.other_object_type,
        **_validity(row),
        "objecttype": row.object_type,
        "relatieOmschrijving": row.relation_description,
        "resultaattypen": [],
        "statustypen": [],
    }
