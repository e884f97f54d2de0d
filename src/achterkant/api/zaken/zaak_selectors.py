"""Reading zaken for the API: the OAS filters, ordering and the caller's autorisaties.

A list is one query: the page with its count (``api.pagination``) and, beside each zaak,
the references it lists (``render.with_references``). A detail is one query too.
"""

from collections.abc import Callable
from datetime import date
from uuid import UUID

from django.db.models import F, Q, QuerySet
from django.http import HttpRequest
from django.utils.dateparse import parse_date

from achterkant.api.problems import InvalidInput, InvalidParam, NotFound
from achterkant.api.resources import CATALOGI, local_uuid
from achterkant.api.zaken.parts.access import READ, visible_cases
from achterkant.api.zaken.render import with_references
from achterkant.cases.models import Case, Role
from achterkant.catalog.models import CaseType, Confidentiality
from achterkant.tenancy.settings_cache import organisation_setting

# Columns a zaak's representation reads; related uuids come as annotations.
ZAAK_FIELDS = (
    "id", "uuid", "number", "source_organisation_rsin", "responsible_organisation_rsin",
    "description", "explanation", "registered_on", "start_date", "end_date",
    "planned_end_date", "latest_end_date", "publication_date", "channel", "channel_url",
    "products_or_services", "confidentiality", "payment_indication", "last_payment_date",
    "geometry", "selection_list_class", "references", "archive_nomination",
    "archive_status", "archive_action_date", "retention_start_date",
    "commissioning_organisation", "process_object_nature", "process_object",
    "initiator_bsn", "case_type__uuid", "main_case", "current_status",
)  # fmt: skip
ANNOTATIONS = {
    "status_uuid": F("current_status__uuid"),
    "result_uuid": F("result__uuid"),
    "main_case_uuid": F("main_case__uuid"),
}
ORDERING = {
    "startdatum": "start_date",
    "einddatum": "end_date",
    "publicatiedatum": "publication_date",
    "archiefactiedatum": "archive_action_date",
}
_LEVELS = list(Confidentiality.values)


def zaken() -> QuerySet[Case]:
    """The organisation's zaken with what their representation needs, in one query."""
    return Case.objects.select_related("case_type").only(*ZAAK_FIELDS).annotate(**ANNOTATIONS)


def zaken_with_references() -> QuerySet[Case]:
    """``with_references(zaken())``, built once per process and organisation settings
    version: building its annotations is most of a request's Python time, and they do not
    change. Only ever cloned (``filter``), never evaluated itself, so it holds no rows."""
    return organisation_setting("api.zaken.zaken_with_references", lambda: with_references(zaken()))


def zaak_get(request: HttpRequest, uuid: str, *, references: bool = False) -> Case:
    """One zaak of this organisation; 404 for an unknown one or another organisation's.
    With ``references``, read with what it lists, to show it (``render.references_of``)."""
    try:
        UUID(str(uuid))
    except ValueError as error:
        raise NotFound("Deze zaak bestaat niet.") from error
    rows = zaken_with_references() if references else zaken()
    case = rows.filter(uuid=uuid).first()
    if case is None:
        raise NotFound("Deze zaak bestaat niet.")
    return case


def published_case_type(request: HttpRequest, url: str) -> CaseType | None:
    """The published case type version this host's Catalogi API shows at ``url``, from
    the process; None when it holds none there (``zaak_schemas.resolve_zaaktype`` then
    reads it and says what is wrong). Kept per process for the organisation's settings
    version, which every save or delete of a case type replaces (``catalog.apps``; a
    publication ends the previous version by a bulk update, but saves the new one in the
    same transaction). Never mutate it."""
    uuid = local_uuid(request, url, CATALOGI, "zaaktypen")
    if uuid is None:
        return None
    published = organisation_setting(
        "api.zaken.published_case_types",
        lambda: {row.uuid: row for row in CaseType.objects.filter(is_concept=False)},
    )
    return published.get(uuid)


def _date(name: str, value) -> date:
    day = value if isinstance(value, date) else parse_date(str(value or ""))
    if day is None:
        raise InvalidInput([InvalidParam(name, "invalid", "Vul een datum in (JJJJ-MM-DD).")])
    return day


def _bool(name: str, value) -> bool:
    text = str(value).lower()
    if text not in ("true", "false", "1", "0"):
        raise InvalidInput([InvalidParam(name, "invalid", "Kies true of false.")])
    return text in ("true", "1")


def _list(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [v.strip() for v in str(value).split(",") if v.strip()]


def _role_cases(**lookup) -> Q:
    # A subquery, not a join: one row per zaak, however many roles match.
    return Q(pk__in=Role.objects.filter(**lookup).values("case_id"))


_PERSON = "rol__betrokkeneIdentificatie__"
# Filter name -> (model lookup, how the value is read).
_SIMPLE: dict[str, tuple[str, Callable]] = {
    "identificatie": ("number", str),
    "archiefnominatie": ("archive_nomination", str),
    "archiefnominatie__in": ("archive_nomination__in", _list),
    "archiefstatus": ("archive_status", str),
    "archiefstatus__in": ("archive_status__in", _list),
}
_DATES = {
    "archiefactiedatum": "archive_action_date",
    "startdatum": "start_date",
    "registratiedatum": "registered_on",
    "einddatum": "end_date",
    "einddatumGepland": "planned_end_date",
    "uiterlijkeEinddatumAfdoening": "latest_end_date",
}
_ROLE_FILTERS = {
    "rol__betrokkeneType": "subject_type",
    "rol__betrokkene": "subject_url",
    "rol__omschrijvingGeneriek": "role_type__generic_description",
    f"{_PERSON}natuurlijkPersoon__inpBsn": "bsn",
    f"{_PERSON}nietNatuurlijkPersoon__innNnpId": "rsin",
    f"{_PERSON}nietNatuurlijkPersoon__annIdentificatie": "kvk_number",
    f"{_PERSON}vestiging__vestigingsNummer": "branch_number",
    f"{_PERSON}medewerker__identificatie": "staff_member__username",
    f"{_PERSON}organisatorischeEenheid__identificatie": "team_identification",
}
BSN_FILTER = f"{_PERSON}natuurlijkPersoon__inpBsn"


def zaak_filter(request: HttpRequest, params: dict) -> Q:
    """The OAS filters of ``GET /zaken`` (query) and ``POST /zaken/_zoek`` (body) as one Q.
    An unknown filter is ignored, as in the reference implementation."""
    where = Q()
    for name, raw in params.items():
        if raw in (None, "", []):
            continue
        if name in _SIMPLE:
            lookup, read = _SIMPLE[name]
            where &= Q(**{lookup: read(raw)})
        elif name in _ROLE_FILTERS:
            where &= _role_cases(**{_ROLE_FILTERS[name]: str(raw)})
        elif name == "bronorganisatie" or name == "bronorganisatie__in":
            values = _list(raw) if name.endswith("__in") else [str(raw)]
            where &= Q(source_organisation_rsin__in=values) | Q(
                source_organisation_rsin="", responsible_organisation_rsin__in=values
            )
        elif name == "zaaktype":
            uuid = local_uuid(request, str(raw), CATALOGI, "zaaktypen")
            where &= Q(case_type__uuid=uuid) if uuid else Q(pk__in=[])
        elif name == "maximaleVertrouwelijkheidaanduiding":
            if raw not in _LEVELS:
                raise InvalidInput([InvalidParam(name, "invalid_choice", "Onbekend niveau.")])
            where &= Q(confidentiality__in=_LEVELS[: _LEVELS.index(raw) + 1])
        elif name == "uuid__in":
            try:
                where &= Q(uuid__in=[UUID(v) for v in _list(raw)])
            except ValueError as error:
                raise InvalidInput([InvalidParam(name, "invalid", "Ongeldige uuid.")]) from error
        else:
            base, _, op = name.partition("__")
            if base not in _DATES or op not in ("", "gt", "gte", "lt", "lte", "isnull"):
                continue
            field = _DATES[base]
            if op == "isnull":
                where &= Q(**{f"{field}__isnull": _bool(name, raw)})
            else:
                where &= Q(**{f"{field}__{op}" if op else field: _date(name, raw)})
    return where


def ordering(raw) -> list[str]:
    order = []
    for item in _list(raw or []):
        descending = item.startswith("-")
        field = ORDERING.get(item.lstrip("-"))
        if field is None:
            raise InvalidInput([InvalidParam("ordering", "invalid", f"Onbekende ordening {item}.")])
        order.append(f"-{field}" if descending else field)
    return [*order, "-pk"]


def zaken_for(request: HttpRequest, params: dict, *, scope: str = READ) -> QuerySet[Case]:
    """The zaken the caller may see with ``scope``, filtered and ordered by ``params``, each
    with the references it lists (``render.with_references``)."""
    return (
        zaken_with_references()
        .filter(visible_cases(request, scope))
        .filter(zaak_filter(request, params))
        .order_by(*ordering(params.get("ordering")))
    )
