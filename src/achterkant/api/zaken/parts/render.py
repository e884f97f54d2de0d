"""The Zaken API's representation of a zaak's parts, one small function per resource.

Each takes the request (for the host of the URLs) and a model row with its relations
loaded (see ``RELATED``), so a list renders without a query per row. The ``zaken``
resource uses them for ``expand``.
"""

from django.http import HttpRequest

from achterkant.api.resources import CATALOGI, ZAKEN, resource_url
from achterkant.cases.models import (
    CaseDocument,
    CaseProperty,
    CaseStatus,
    Decision,
    Result,
    Role,
)
from achterkant.cases.models.parts import CaseContactMoment, CaseObject

BESLUITEN = "/besluiten/api/v1"
DOCUMENTEN = "/documenten/api/v1"

# What each renderer reads beside the row: pass to select_related().
RELATED = {
    "status": ("case", "status_type"),
    "resultaat": ("case", "result_type"),
    "rol": ("case", "role_type", "staff_member"),
    "zaakeigenschap": ("case", "property_type"),
    "zaakobject": ("case",),
    "klantcontact": ("case",),
    "zaakbesluit": ("case",),
    "zaakinformatieobject": ("case", "document"),
}


def zaak_url(request: HttpRequest, case) -> str:
    return resource_url(request, ZAKEN, "zaken", case.uuid)


def render_status(request: HttpRequest, row: CaseStatus) -> dict:
    case = row.case
    return {
        "url": resource_url(request, ZAKEN, "statussen", row.uuid),
        "uuid": str(row.uuid),
        "zaak": zaak_url(request, case),
        "statustype": resource_url(request, CATALOGI, "statustypen", row.status_type.uuid),
        "datumStatusGezet": row.set_at,
        "statustoelichting": row.note,
        "indicatieLaatstGezetteStatus": case.current_status_id == row.pk,
        "gezetdoor": None,
        "zaakinformatieobjecten": [],
    }


def render_resultaat(request: HttpRequest, row: Result) -> dict:
    return {
        "url": resource_url(request, ZAKEN, "resultaten", row.uuid),
        "uuid": str(row.uuid),
        "zaak": zaak_url(request, row.case),
        "resultaattype": resource_url(request, CATALOGI, "resultaattypen", row.result_type.uuid),
        "toelichting": row.explanation,
    }


def _identification(row: Role) -> dict | None:
    """betrokkeneIdentificatie, by betrokkeneType; None when only a URL names the subject."""
    kind = row.subject_type
    if kind == Role.SubjectType.NATURAL_PERSON:
        if not row.bsn:
            return None
        return {
            "inpBsn": row.bsn, "anpIdentificatie": "", "inpA_nummer": "", "geslachtsnaam": "",
            "voorvoegselGeslachtsnaam": "", "voorletters": "", "voornamen": "",
            "geslachtsaanduiding": "", "geboortedatum": "", "verblijfsadres": None,
            "subVerblijfBuitenland": None,
        }  # fmt: skip
    if kind == Role.SubjectType.NON_NATURAL_PERSON:
        if not (row.rsin or row.kvk_number):
            return None
        return {
            "innNnpId": row.rsin, "annIdentificatie": row.kvk_number, "statutaireNaam": "",
            "innRechtsvorm": "", "bezoekadres": None, "subVerblijfBuitenland": None,
        }  # fmt: skip
    if kind == Role.SubjectType.BRANCH:
        if not row.branch_number:
            return None
        return {
            "vestigingsNummer": row.branch_number, "handelsnaam": [], "verblijfsadres": None,
            "subVerblijfBuitenland": None, "kvkNummer": row.kvk_number,
        }  # fmt: skip
    if kind == Role.SubjectType.TEAM:
        if not row.team_identification:
            return None
        return {"identificatie": row.team_identification, "naam": "", "isGehuisvestIn": ""}
    if row.staff_member_id is None:
        return None
    user = row.staff_member
    return {
        "identificatie": user.username,
        "achternaam": user.last_name,
        "voorletters": user.first_name[:1],
        "voorvoegselAchternaam": "",
    }


def _without_empty(body: dict, names: tuple[str, ...]) -> dict:
    """``body`` without the optional fields ``names`` that have no value: the OAS types
    them as a URL or a pattern, not nullable, so "" and null would not be valid."""
    for name in names:
        if body[name] in ("", None):
            del body[name]
    return body


def render_rol(request: HttpRequest, row: Role) -> dict:
    role_type = row.role_type
    body = {
        "url": resource_url(request, ZAKEN, "rollen", row.uuid),
        "uuid": str(row.uuid),
        "zaak": zaak_url(request, row.case),
        "betrokkene": row.subject_url,
        "betrokkeneType": row.subject_type,
        "afwijkendeNaamBetrokkene": row.display_name,
        "roltype": resource_url(request, CATALOGI, "roltypen", role_type.uuid),
        "omschrijving": role_type.description,
        "omschrijvingGeneriek": role_type.generic_description,
        "roltoelichting": row.explanation,
        "registratiedatum": row.registered_at,
        "indicatieMachtiging": row.authorisation,
        "contactpersoonRol": None,
        "statussen": [],
        "betrokkeneIdentificatie": _identification(row),
    }
    return _without_empty(body, ("betrokkene",))


def render_zaakeigenschap(request: HttpRequest, row: CaseProperty) -> dict:
    case = row.case
    return {
        "url": request.build_absolute_uri(
            f"{ZAKEN}/zaken/{case.uuid}/zaakeigenschappen/{row.uuid}"
        ),
        "uuid": str(row.uuid),
        "zaak": zaak_url(request, case),
        "eigenschap": resource_url(request, CATALOGI, "eigenschappen", row.property_type.uuid),
        "naam": row.property_type.name,
        "waarde": row.value,
    }


def render_zaakobject(request: HttpRequest, row: CaseObject) -> dict:
    body = {
        "url": resource_url(request, ZAKEN, "zaakobjecten", row.uuid),
        "uuid": str(row.uuid),
        "zaak": zaak_url(request, row.case),
        "object": row.object_url,
        "zaakobjecttype": row.object_type_url or None,
        "objectType": row.object_type,
        "objectTypeOverige": row.object_type_other,
        "objectTypeOverigeDefinitie": row.object_type_other_definition,
        "relatieomschrijving": row.relation_description,
    }
    if row.object_identification is not None:
        body["objectIdentificatie"] = row.object_identification
    return _without_empty(body, ("object", "zaakobjecttype", "objectTypeOverige"))


def render_klantcontact(request: HttpRequest, row: CaseContactMoment) -> dict:
    return {
        "url": resource_url(request, ZAKEN, "klantcontacten", row.uuid),
        "uuid": str(row.uuid),
        "zaak": zaak_url(request, row.case),
        "identificatie": row.identification,
        "datumtijd": row.occurred_at,
        "kanaal": row.channel,
        "onderwerp": row.subject,
        "toelichting": row.explanation,
    }


def render_zaakbesluit(request: HttpRequest, row: Decision) -> dict:
    """A decision of the zaak, as the link the Besluiten API keeps (its uuid names both):
    there is a zaakbesluit exactly while the besluit names the zaak (``Decision.case``)."""
    case = row.case
    return {
        "url": request.build_absolute_uri(f"{ZAKEN}/zaken/{case.uuid}/besluiten/{row.uuid}"),
        "uuid": str(row.uuid),
        "besluit": resource_url(request, BESLUITEN, "besluiten", row.uuid),
    }


def render_zaakinformatieobject(request: HttpRequest, row: CaseDocument) -> dict:
    """A link of the zaak to an informatieobject of the Documenten API (``CaseDocument``)."""
    return {
        "url": resource_url(request, ZAKEN, "zaakinformatieobjecten", row.uuid),
        "uuid": str(row.uuid),
        "informatieobject": resource_url(
            request, DOCUMENTEN, "enkelvoudiginformatieobjecten", row.document.uuid
        ),
        "zaak": zaak_url(request, row.case),
        "aardRelatieWeergave": row.relation,
        "titel": row.title,
        "beschrijving": row.description,
        "registratiedatum": row.registered_at,
        "vernietigingsdatum": row.destruction_date,
        "status": row.status_url or None,
    }
