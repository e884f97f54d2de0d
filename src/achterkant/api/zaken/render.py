"""The ZAAK representation: a case as the Zaken API shows it.

The case row comes with the uuids of its case type, status, result and main case
(``zaak_selectors.zaken``); everything a zaak lists (roles, properties, sub-cases, related
zaken, documents, objects, the running suspension and the extension) comes in the SAME
query, as one JSON array per kind beside each case (:func:`with_references`): a page or
a detail is one query.
"""

import json
from uuid import UUID

from django.db import connection
from django.db.models import QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.http import HttpRequest

from achterkant.api.resources import CATALOGI, ZAKEN, resource_url
from achterkant.cases.models import Case

ROLE, PROPERTY, SUB_CASE, RELATION, DOCUMENT, OBJECT, SUSPENSION, EXTENSION = range(8)
_LISTS = {
    ROLE: "rollen",
    PROPERTY: "eigenschappen",
    SUB_CASE: "deelzaken",
    DOCUMENT: "zaakinformatieobjecten",
    OBJECT: "zaakobjecten",
}


# The columns shown per kind, beside the pk that orders the rows (see ``_SOURCES``).
_COLUMNS = {
    ROLE: ("uuid",),
    PROPERTY: ("uuid",),
    SUB_CASE: ("uuid",),
    RELATION: ("uuid", "extra"),
    DOCUMENT: ("uuid",),
    OBJECT: ("uuid",),
    SUSPENSION: ("text",),
    EXTENSION: ("text", "extra"),
}

# Per kind: the FROM clause (alias ``p``), the column naming its case, and the columns of
# ``_COLUMNS``. Written out as SQL: the ORM rebuilt and recompiled these eight correlated
# subqueries on every request (about 3 ms, most of a request's Python time at scale;
# docs/api.md), while their text never changes. They are correlated on the case's pk, so
# they read only rows of cases the outer query (the organisation's, the caller's) selected.
_SOURCES = {
    ROLE: ("cases_role p", "p.case_id", ("p.uuid",)),
    PROPERTY: ("cases_caseproperty p", "p.case_id", ("p.uuid",)),
    SUB_CASE: ("cases_case p", "p.main_case_id", ("p.uuid",)),
    RELATION: (
        "cases_caserelation p JOIN cases_case o ON o.id = p.other_id",
        "p.case_id",
        ("o.uuid", "p.nature"),
    ),
    DOCUMENT: ("cases_casedocument p", "p.case_id", ("p.uuid",)),
    OBJECT: ("cases_caseobject p", "p.case_id", ("p.uuid",)),
    SUSPENSION: (
        "cases_casesuspension p",
        "p.case_id",
        ("p.reason",),
    ),
    EXTENSION: ("cases_caseextension p", "p.case_id", ("p.reason", "p.term")),
}
_CONDITIONS = {SUSPENSION: " AND p.ended_on IS NULL"}
_AGGREGATE = {
    "postgresql": "CAST(json_agg(json_build_array({})) AS text)",
    "sqlite": "json_group_array(json_array({}))",
}


def _reference_sql(vendor: str, kind: int) -> str:
    source, case_column, columns = _SOURCES[kind]
    rows = _AGGREGATE[vendor].format(", ".join(("p.id", *columns)))
    condition = _CONDITIONS.get(kind, "")
    return f"SELECT {rows} FROM {source} WHERE {case_column} = cases_case.id{condition}"  # noqa: S608 - constant SQL


def with_references(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """``queryset`` with, per case, the uuids of its parts and its clock, in the same query:
    one correlated subquery per kind, each giving that case's rows as a JSON array
    (:func:`references_of` reads them). A page costs one query, not two."""
    vendor = connection.vendor
    return queryset.annotate(
        **{
            f"_refs_{kind}": RawSQL(f"({_reference_sql(vendor, kind)})", (), TextField())  # noqa: S611 - constant SQL, no input
            for kind in _SOURCES
        }
    )


def references_of(case: Case) -> dict[int, list[tuple]]:
    """The references of a case read by :func:`with_references`: per kind, in pk order,
    ``(uuid, text, extra)``."""
    refs: dict[int, list[tuple]] = {}
    for kind, columns in _COLUMNS.items():
        raw = getattr(case, f"_refs_{kind}", None)
        if not raw:
            continue
        values = []
        for row in sorted(json.loads(raw), key=lambda row: row[0]):
            named = dict(zip(columns, row[1:], strict=True))
            uuid = named.get("uuid")
            values.append(
                (
                    UUID(str(uuid)) if uuid is not None else None,
                    named.get("text", ""),
                    str(named["extra"]) if named.get("extra") is not None else "",
                )
            )
        refs[kind] = values
    return refs


_OPTIONAL_URLS = ("communicatiekanaal", "selectielijstklasse")


def _url(request: HttpRequest, base: str, resource: str, uuid) -> str | None:
    return resource_url(request, base, resource, uuid) if uuid else None


def _day(value):
    return value.isoformat() if value else None


def zaak_out(request: HttpRequest, case: Case, refs: dict) -> dict:
    """The standard's Zaak for a row of ``zaak_selectors.zaken()``."""
    url = resource_url(request, ZAKEN, "zaken", case.uuid)
    lists = {
        name: [
            f"{url}/zaakeigenschappen/{uuid}"
            if kind == PROPERTY
            else resource_url(request, ZAKEN, "zaken" if kind == SUB_CASE else name, uuid)
            for uuid, _, _ in refs.get(kind, ())
        ]
        for kind, name in _LISTS.items()
    }
    suspension = (refs.get(SUSPENSION) or [None])[0]
    extension = (refs.get(EXTENSION) or [None])[0]
    body = {
        "url": url,
        "uuid": str(case.uuid),
        "identificatie": case.number,
        "bronorganisatie": case.source_organisation_rsin or case.responsible_organisation_rsin,
        "omschrijving": case.description,
        "toelichting": case.explanation,
        "zaaktype": _url(request, CATALOGI, "zaaktypen", case.case_type.uuid),
        "registratiedatum": _day(case.registered_on),
        "verantwoordelijkeOrganisatie": case.responsible_organisation_rsin,
        "startdatum": _day(case.start_date),
        "einddatum": _day(case.end_date),
        "einddatumGepland": _day(case.planned_end_date),
        "uiterlijkeEinddatumAfdoening": _day(case.latest_end_date),
        "publicatiedatum": _day(case.publication_date),
        "communicatiekanaal": case.channel_url,
        "productenOfDiensten": list(case.products_or_services or []),
        "vertrouwelijkheidaanduiding": case.confidentiality,
        "betalingsindicatie": case.payment_indication,
        "betalingsindicatieWeergave": Case.PaymentIndication(case.payment_indication).label
        if case.payment_indication
        else "",
        "laatsteBetaaldatum": case.last_payment_date.isoformat()
        if case.last_payment_date
        else None,
        "zaakgeometrie": case.geometry,
        "verlenging": {"reden": extension[1], "duur": extension[2]} if extension else None,
        "opschorting": {
            "indicatie": suspension is not None,
            "reden": suspension[1] if suspension else "",
        },
        "selectielijstklasse": case.selection_list_class,
        "hoofdzaak": _url(request, ZAKEN, "zaken", case.main_case_uuid),
        "deelzaken": lists["deelzaken"],
        "relevanteAndereZaken": [
            {"url": resource_url(request, ZAKEN, "zaken", uuid), "aardRelatie": nature}
            for uuid, _, nature in refs.get(RELATION, ())
        ],
        "eigenschappen": lists["eigenschappen"],
        "rollen": lists["rollen"],
        "status": _url(request, ZAKEN, "statussen", case.status_uuid),
        "zaakinformatieobjecten": lists["zaakinformatieobjecten"],
        "zaakobjecten": lists["zaakobjecten"],
        "kenmerken": list(case.references or []),
        "archiefnominatie": case.archive_nomination or None,
        "archiefstatus": case.archive_status,
        "archiefactiedatum": _day(case.archive_action_date),
        "resultaat": _url(request, ZAKEN, "resultaten", case.result_uuid),
        "opdrachtgevendeOrganisatie": case.commissioning_organisation,
        "processobjectaard": case.process_object_nature or None,
        "startdatumBewaartermijn": _day(case.retention_start_date),
        "processobject": case.process_object,
    }
    # Optional URLs, not nullable in the OAS: left out when not set ("" is no ``uri``).
    for name in _OPTIONAL_URLS:
        if not body[name]:
            del body[name]
    return body


def zaken_out(request: HttpRequest, cases: list[Case]) -> list[dict]:
    """The page's zaken, read with :func:`with_references`."""
    return [zaak_out(request, case, references_of(case)) for case in cases]
