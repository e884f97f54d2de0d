"""The Documenten API's representation of its resources, one function per resource.

Every renderer takes the request (for the host of the URLs) and a row with what it reads
loaded (``document_type``), so a list renders without a query per row.
"""

from urllib.parse import urlencode

from django.http import HttpRequest

from achterkant.api.resources import CATALOGI, ZAKEN, resource_url
from achterkant.cases.models import (
    CaseDocument,
    DecisionDocument,
    Document,
    DocumentDispatch,
    DocumentPart,
    DocumentUsageRight,
)

DOCUMENTEN = "/documenten/api/v1"
BESLUITEN = "/besluiten/api/v1"
EIO = "enkelvoudiginformatieobjecten"


def eio_url(request: HttpRequest, document: Document) -> str:
    return resource_url(request, DOCUMENTEN, EIO, document.uuid)


def download_url(request: HttpRequest, document: Document, version: int | None) -> str:
    base = f"{eio_url(request, document)}/download"
    return f"{base}?{urlencode({'versie': version})}" if version else base


def render_part(request: HttpRequest, part: DocumentPart) -> dict:
    return {
        "url": resource_url(request, DOCUMENTEN, "bestandsdelen", part.uuid),
        "volgnummer": part.number,
        "omvang": part.size,
        "voltooid": part.completed,
        "lock": part.lock,
    }


def render_eio(request: HttpRequest, document: Document, *, parts=None) -> dict:
    """An informatieobject; ``document`` may be a past version (``as_of_version``), whose
    ``inhoud`` downloads that version's file."""
    shown = getattr(document, "shown_version", None)
    type_url = (
        resource_url(request, CATALOGI, "informatieobjecttypen", document.document_type.uuid)
        if document.document_type_id
        else ""
    )
    if parts is None:
        parts = list(document.parts.all()) if document.pk and document.lock else []
    body = {
        "url": eio_url(request, document),
        "identificatie": document.identification,
        "bronorganisatie": document.source_organisation,
        "creatiedatum": document.created_on,
        "titel": document.title,
        "vertrouwelijkheidaanduiding": document.confidentiality,
        "auteur": document.author,
        "status": document.status,
        "formaat": document.content_type,
        "taal": document.language,
        "versie": document.version,
        "beginRegistratie": document.registered_at,
        "bestandsnaam": document.file_name,
        "inhoud": download_url(request, document, shown.number if shown else None)
        if document.file
        else None,
        "bestandsomvang": document.size if document.file or parts else None,
        "link": document.link,
        "beschrijving": document.description,
        "ontvangstdatum": document.received_on,
        "verzenddatum": document.sent_on,
        "indicatieGebruiksrecht": document.usage_rights,
        "verschijningsvorm": document.appearance,
        # Nullable in the OAS; an empty object would not be valid (its date is required).
        "ondertekening": document.signature or None,
        "integriteit": document.integrity or None,
        "informatieobjecttype": type_url,
        "locked": bool(document.lock),
        "bestandsdelen": [render_part(request, part) for part in parts],
        "trefwoorden": document.keywords or [],
        "inhoudIsVervallen": document.content_expired,
    }
    if not body["link"]:
        # Typed as a URI, not nullable and not required: left out when there is none.
        del body["link"]
    return body


def render_usage_right(request: HttpRequest, row: DocumentUsageRight) -> dict:
    return {
        "url": resource_url(request, DOCUMENTEN, "gebruiksrechten", row.uuid),
        "informatieobject": eio_url(request, row.document),
        "startdatum": row.starts_at,
        "einddatum": row.ends_at,
        "omschrijvingVoorwaarden": row.conditions,
    }


def render_dispatch(request: HttpRequest, row: DocumentDispatch) -> dict:
    return {
        "url": resource_url(request, DOCUMENTEN, "verzendingen", row.uuid),
        "betrokkene": row.party_url,
        "informatieobject": eio_url(request, row.document),
        "aardRelatie": row.relation,
        "toelichting": row.explanation,
        "ontvangstdatum": row.received_on,
        "verzenddatum": row.sent_on,
        "contactPersoon": row.contact_url,
        "contactpersoonnaam": row.contact_name,
        "binnenlandsCorrespondentieadres": row.domestic_address,
        "buitenlandsCorrespondentieadres": row.foreign_address,
        "correspondentiePostadres": row.postal_address,
        "faxnummer": row.fax,
        "emailadres": row.email,
        "mijnOverheid": row.mijn_overheid,
        "telefoonnummer": row.phone,
    }


def render_oio(request: HttpRequest, link: CaseDocument | DecisionDocument) -> dict:
    """A link of an informatieobject to a zaak (its zaakinformatieobject) or a besluit (its
    besluitinformatieobject), as the Documenten API shows it: same uuid as that link."""
    if isinstance(link, DecisionDocument):
        target = resource_url(request, BESLUITEN, "besluiten", link.decision.uuid)
        kind = "besluit"
    else:
        target = resource_url(request, ZAKEN, "zaken", link.case.uuid)
        kind = "zaak"
    return {
        "url": resource_url(request, DOCUMENTEN, "objectinformatieobjecten", link.uuid),
        "informatieobject": eio_url(request, link.document),
        "object": target,
        "objectType": kind,
    }
