"""The ZAAK representation: a case as the Zaken API shows it.

The case row comes with the uuids of its case type, status, result and main case
(``zaak_selectors.zaken``); everything a zaak lists (roles, properties, sub-cases, related
zaken, documents, objects, the running suspension and the extension) comes for a whole
page in ONE query, a UNION ALL over those tables (:func:`child_references`).
"""

from collections import defaultdict
from uuid import UUID

from django.db.models import CharField, F, IntegerField, TextField, UUIDField, Value
from django.db.models.functions import Cast
from django.http import HttpRequest

from achterkant.api.resources import CATALOGI, ZAKEN, resource_url
from achterkant.cases import models as case_models
from achterkant.cases.models import (
    Case,
    CaseExtension,
    CaseProperty,
    CaseRelation,
    CaseSuspension,
    Document,
    Role,
)

ROLE, PROPERTY, SUB_CASE, RELATION, DOCUMENT, OBJECT, SUSPENSION, EXTENSION = range(8)
_LISTS = {
    ROLE: "rollen",
    PROPERTY: "eigenschappen",
    SUB_CASE: "deelzaken",
    DOCUMENT: "zaakinformatieobjecten",
    OBJECT: "zaakobjecten",
}


def _rows(queryset, kind: int, case_field: str, uuid=None, text=None, extra=None):
    columns = {
        "r_kind": Value(kind, output_field=IntegerField()),
        "r_case": F(case_field),
        "r_uuid": uuid if uuid is not None else Cast(Value(None), UUIDField()),
        "r_text": Cast(text, TextField()) if text is not None else Value("", TextField()),
        "r_extra": Cast(extra, CharField(max_length=40))
        if extra is not None
        else Value("", CharField(max_length=40)),
        "r_pk": F("pk"),
    }
    return queryset.order_by().annotate(**columns).values_list(*columns)


def child_references(case_ids: list[int]) -> dict[int, dict]:
    """Per case id: the uuids of its parts and its clock, for the page's zaken at once."""
    refs: dict[int, dict] = defaultdict(lambda: defaultdict(list))
    if not case_ids:
        return refs
    parts = [
        _rows(Role.objects.filter(case_id__in=case_ids), ROLE, "case_id", F("uuid")),
        _rows(CaseProperty.objects.filter(case_id__in=case_ids), PROPERTY, "case_id", F("uuid")),
        _rows(Case.objects.filter(main_case_id__in=case_ids), SUB_CASE, "main_case_id", F("uuid")),
        _rows(
            CaseRelation.objects.filter(case_id__in=case_ids),
            RELATION,
            "case_id",
            F("other__uuid"),
            extra=F("nature"),
        ),  # fmt: skip
        _rows(Document.objects.filter(case_id__in=case_ids), DOCUMENT, "case_id", F("uuid")),
        _rows(
            CaseSuspension.objects.filter(case_id__in=case_ids, ended_on__isnull=True),
            SUSPENSION,
            "case_id",
            text=F("reason"),
        ),  # fmt: skip
        _rows(
            CaseExtension.objects.filter(case_id__in=case_ids),
            EXTENSION,
            "case_id",
            text=F("reason"),
            extra=F("term"),
        ),  # fmt: skip
    ]
    case_object = getattr(case_models, "CaseObject", None)  # the parts' model, once there
    if case_object is not None:
        parts.append(
            _rows(case_object.objects.filter(case_id__in=case_ids), OBJECT, "case_id", F("uuid"))
        )
    query = parts[0].union(*parts[1:], all=True).order_by("r_kind", "r_pk")
    for kind, case_id, uuid, text, extra, _pk in query:
        refs[case_id][kind].append((uuid if uuid is None else UUID(str(uuid)), text, extra))
    return refs


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
    return {
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


def zaken_out(request: HttpRequest, cases: list[Case]) -> list[dict]:
    refs = child_references([case.pk for case in cases])
    return [zaak_out(request, case, refs.get(case.pk, {})) for case in cases]
