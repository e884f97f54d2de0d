"""The Zaak request bodies (Pydantic, through Ninja) and their translation to the case
services' field names.

The bodies check types and the OAS's required fields (a missing ``opschorting.reden`` is
``required``); the rules between fields are the services' (``cases.services.details``).
URLs are resolved here: a zaaktype, a hoofdzaak or a related zaak must be this host's.
"""

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Schema
from pydantic import ConfigDict, Field, create_model

from achterkant.api.problems import InvalidInput, InvalidParam
from achterkant.api.resources import CATALOGI, ZAKEN, local_uuid
from achterkant.cases.models import Case
from achterkant.catalog import selectielijst
from achterkant.catalog.models import CaseType, Confidentiality
from achterkant.tenancy.validators import passes_zgw_rsin_test

ConfidentialityLevel = Literal[tuple(Confidentiality.values)]  # type: ignore[valid-type]


class _Body(Schema):
    model_config = ConfigDict(extra="ignore")


class Opschorting(_Body):
    indicatie: bool
    reden: str = Field(max_length=200)


class Verlenging(_Body):
    reden: str = Field(max_length=200)
    duur: str


class RelevanteZaak(_Body):
    url: str = Field(max_length=1000)
    aardRelatie: Literal["vervolg", "onderwerp", "bijdrage"]


class Kenmerk(_Body):
    kenmerk: str = Field(max_length=40)
    bron: str = Field(max_length=40)


class Processobject(_Body):
    datumkenmerk: str = Field(max_length=250)
    identificatie: str = Field(max_length=250)
    objecttype: str = Field(max_length=250)
    registratie: str = Field(max_length=250)


class ZaakIn(_Body):
    identificatie: str = Field("", max_length=40)
    bronorganisatie: str = Field(max_length=9)
    omschrijving: str = Field("", max_length=80)
    toelichting: str = Field("", max_length=1000)
    zaaktype: str = Field(max_length=1000)
    registratiedatum: date | None = None
    verantwoordelijkeOrganisatie: str = Field(max_length=9)
    startdatum: date
    # Computed by the Awb clock on every channel: accepted, not taken over.
    einddatumGepland: date | None = None
    uiterlijkeEinddatumAfdoening: date | None = None
    publicatiedatum: date | None = None
    communicatiekanaal: str = Field("", max_length=1000)
    productenOfDiensten: list[str] = []
    vertrouwelijkheidaanduiding: ConfidentialityLevel | None = None
    betalingsindicatie: Literal["", "nvt", "nog_niet", "gedeeltelijk", "geheel"] = ""
    laatsteBetaaldatum: datetime | None = None
    zaakgeometrie: dict | None = None
    verlenging: Verlenging | None = None
    opschorting: Opschorting | None = None
    selectielijstklasse: str = Field("", max_length=1000)
    hoofdzaak: str | None = None
    relevanteAndereZaken: list[RelevanteZaak] = []
    kenmerken: list[Kenmerk] = []
    archiefnominatie: Literal["", "blijvend_bewaren", "vernietigen"] | None = None
    archiefstatus: Literal[tuple(Case.ArchiveStatus.values)] = "nog_te_archiveren"  # type: ignore[valid-type]
    archiefactiedatum: date | None = None
    opdrachtgevendeOrganisatie: str = Field("", max_length=9)
    processobjectaard: str | None = Field(None, max_length=200)
    startdatumBewaartermijn: date | None = None
    processobject: Processobject | None = None


# PATCH: every field optional; what was sent is ``model_fields_set``.
ZaakPatch = create_model(
    "ZaakPatch",
    __base__=_Body,
    **{
        name: (field.annotation | None, Field(None, **_constraints))
        for name, field in ZaakIn.model_fields.items()
        for _constraints in [
            {"max_length": m.max_length} for m in field.metadata if hasattr(m, "max_length")
        ][:1]
        or [{}]
    },
)

# API name -> model field, for the values taken over as they are.
_PLAIN = {
    "identificatie": "number",
    "bronorganisatie": "source_organisation_rsin",
    "omschrijving": "description",
    "toelichting": "explanation",
    "registratiedatum": "registered_on",
    "verantwoordelijkeOrganisatie": "responsible_organisation_rsin",
    "startdatum": "start_date",
    "publicatiedatum": "publication_date",
    "communicatiekanaal": "channel_url",
    "productenOfDiensten": "products_or_services",
    "vertrouwelijkheidaanduiding": "confidentiality",
    "betalingsindicatie": "payment_indication",
    "laatsteBetaaldatum": "last_payment_date",
    "zaakgeometrie": "geometry",
    "selectielijstklasse": "selection_list_class",
    "archiefnominatie": "archive_nomination",
    "archiefstatus": "archive_status",
    "archiefactiedatum": "archive_action_date",
    "opdrachtgevendeOrganisatie": "commissioning_organisation",
    "processobjectaard": "process_object_nature",
    "startdatumBewaartermijn": "retention_start_date",
}
# Model field -> API name, for the services' errors.
API_NAMES = {model: api for api, model in _PLAIN.items()} | {
    "references": "kenmerken",
    "main_case": "hoofdzaak",
    "process_object": "processobject",
    "case_type": "zaaktype",
    "relations": "relevanteAndereZaken",
    "channel": "communicatiekanaal",
    "case": "nonFieldErrors",
}
# Empty is the model's "not set" for these text fields (the API may send null).
_TEXT = {
    "archive_nomination", "process_object_nature", "channel_url", "selection_list_class",
    "payment_indication", "commissioning_organisation", "description", "explanation",
    "number",
}  # fmt: skip


def _is_rsin(value: str) -> bool:
    return passes_zgw_rsin_test(value)


def _invalid(name: str, code: str, reason: str) -> InvalidInput:
    return InvalidInput([InvalidParam(name, code, reason)])


# The fields every ZaakType has (Catalogi OAS): how a fetched body is recognised as one.
_ZAAKTYPE_SHAPE = {"url", "identificatie", "catalogus", "statustypen"}


def _remote_zaaktype(url: str) -> InvalidInput:
    """Why a zaaktype of another host cannot be used. Only a trusted service is fetched, to
    tell a missing object (``bad-url``) from one of another kind (``invalid-resource``); a
    real zaaktype there is refused too: the case engine routes, norms and clocks a case by
    this catalogue's zaaktype."""
    if not selectielijst.trusted(url):
        return _invalid("zaaktype", "bad-url", "De URL verwijst niet naar een zaaktype.")
    try:
        body = selectielijst.fetch(url)
    except selectielijst.SelectielijstError as error:
        return _invalid("zaaktype", error.code or "bad-url", error.messages[0])
    if not body.keys() >= _ZAAKTYPE_SHAPE:
        return _invalid("zaaktype", "invalid-resource", "De URL verwijst niet naar een zaaktype.")
    return _invalid(
        "zaaktype", "bad-url", "Gebruik een zaaktype uit de catalogus van deze organisatie."
    )


def resolve_zaaktype(request: HttpRequest, url: str) -> CaseType:
    """The case type version this host's Catalogi API publishes at ``url``."""
    uuid = local_uuid(request, url, CATALOGI, "zaaktypen")
    case_type = CaseType.objects.filter(uuid=uuid).first() if uuid else None
    if case_type is None and uuid is None:
        raise _remote_zaaktype(url)
    if case_type is None:
        raise _invalid("zaaktype", "bad-url", "De URL verwijst niet naar een zaaktype.")
    if case_type.is_concept:
        raise _invalid("zaaktype", "not-published", "Dit zaaktype is nog niet gepubliceerd.")
    return case_type


def check_channel_url(url: str) -> None:
    """A communicatiekanaal of the Referentielijsten API (``SELECTIELIJST_API_URL``) or of a
    service the operator trusts (``ZGW_TRUSTED_API_ROOTS``): ``bad-url`` for another address
    or one it does not know, ``invalid-resource`` for something else there. We never fetch
    an arbitrary address for a caller."""
    root = selectielijst.api_root()
    if not (url.startswith(f"{root}communicatiekanalen/") or selectielijst.trusted(url)):
        raise _invalid("communicatiekanaal", "bad-url", f"Kies een communicatiekanaal uit {root}.")
    try:
        body = selectielijst.fetch(url)
    except selectielijst.SelectielijstError as error:
        raise _invalid("communicatiekanaal", error.code or "bad-url", error.messages[0]) from error
    if not {"url", "naam"} <= body.keys():
        raise _invalid("communicatiekanaal", "invalid-resource", "Dit is geen communicatiekanaal.")


def _zaak(request: HttpRequest, url: str, name: str, code: str) -> Case:
    uuid = local_uuid(request, url, ZAKEN, "zaken")
    case = Case.objects.filter(uuid=uuid).only("pk", "uuid", "main_case").first() if uuid else None
    if case is None:
        raise _invalid(name, code, "De URL verwijst niet naar een zaak.")
    return case


def changes_from(request: HttpRequest, payload: Schema) -> dict:
    """The model field values for what ``payload`` sent (``model_fields_set``)."""
    sent = payload.model_fields_set
    changes: dict = {}
    for api_name, field in _PLAIN.items():
        if api_name in sent:
            value = getattr(payload, api_name)
            changes[field] = "" if value is None and field in _TEXT else value
    for name in ("bronorganisatie", "verantwoordelijkeOrganisatie", "opdrachtgevendeOrganisatie"):
        value = getattr(payload, name, None)
        if name in sent and value and not _is_rsin(value):
            raise _invalid(name, "invalid", "Dit is geen geldig RSIN (9 cijfers, 11-proef).")
    if changes.get("channel_url"):
        check_channel_url(changes["channel_url"])
    paid = changes.get("last_payment_date")
    if paid is not None and timezone.is_naive(paid):
        changes["last_payment_date"] = timezone.make_aware(paid)
    if changes.get("confidentiality") is None:
        changes.pop("confidentiality", None)
    if "archive_status" in changes and changes["archive_status"] is None:
        changes.pop("archive_status")
    if "products_or_services" in changes and changes["products_or_services"] is None:
        changes["products_or_services"] = []
    if "kenmerken" in sent:
        changes["references"] = [k.model_dump() for k in payload.kenmerken or []]
    if "processobject" in sent:
        changes["process_object"] = (
            payload.processobject.model_dump() if payload.processobject else None
        )
    if "hoofdzaak" in sent:
        changes["main_case"] = (
            _zaak(request, payload.hoofdzaak, "hoofdzaak", "no_match")
            if payload.hoofdzaak
            else None
        )
    if "relevanteAndereZaken" in sent:
        changes["relations"] = [
            (_zaak(request, item.url, f"relevanteAndereZaken.{i}.url", "bad-url"), item.aardRelatie)
            for i, item in enumerate(payload.relevanteAndereZaken or [])
        ]
    return changes
