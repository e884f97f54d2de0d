"""Every Zaken API answer, with real rows behind it, valid against the official OAS
(``zaken-1.5.1.yaml``): what schemathesis checks (issue 14), on the objects it cannot reach
by itself (it has no zaak to read, so most of its reads end in a 404).

The places where the OAS contradicts the standard or cannot be met are listed in
``DOCUMENTED`` and explained in docs/api.md ("Schema conformance", "Zaken"); everything else
must be valid.
"""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from achterkant.api.resources import ZAKEN
from achterkant.cases.models import Case
from achterkant.cases.services import extend_case, suspend_case
from achterkant.catalog.models import CasePropertyType, ResultType, RoleType
from tests.api.oas_check import errors, schema_validator, violations
from tests.api.zaken.test_parts_support import document_and_decision
from tests.api.zaken.test_zaken_support import CRS, Zaken, grant, zaak_body

OAS = "zaken-1.5.1.yaml"
GEEN = "00000000-0000-4000-8000-000000000000"
# Fields the OAS types as not nullable where the standard's own checks need a null
# (docs/api.md, "Schema conformance", "Zaken"): only a null there is let through.
DOCUMENTED = {
    "gezetdoor",  # Status: no rol set it; ZGW_OAS_tests.json "expand test 7" expands it
}


# The OAS leaves ``_expand`` open: each expanded object of this API is checked against the
# schema of its resource (the catalogue's objects: tests/api/catalogi).
EXPANDED = {
    "zaken": "Zaak", "statussen": "Status", "resultaten": "Resultaat", "rollen": "Rol",
    "zaakeigenschappen": "ZaakEigenschap", "zaakobjecten": "ZaakObject",
}  # fmt: skip


def _expanded_violations(body, where: str = "") -> list[str]:
    """What is wrong in the objects under ``_expand`` (at any depth) of a body or a page."""
    if isinstance(body, list):
        return [v for item in body for v in _expanded_violations(item, where)]
    if not isinstance(body, dict):
        return []
    if isinstance(body.get("results"), list):  # a page
        return _expanded_violations(body["results"], "results/{i}/")
    found = []
    for name, value in (body.get("_expand") or {}).items():
        inner = f"{where}_expand/{name}/"
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, dict):
                continue
            path = item["url"].split(ZAKEN, 1)[1] if ZAKEN in item["url"] else ""
            resource = path.split("/")[-2] if path else None
            if resource in EXPANDED:
                schema = f"#/components/schemas/{EXPANDED[resource]}"
                found += [f"{inner}{e}" for e in errors(schema_validator(OAS, {"$ref": schema}),
                                                        item)]  # fmt: skip
            found += _expanded_violations(item, inner)
    return found


# Answers the OAS lists no status for (docs/api.md): a list under a zaak that does not exist
# (or is not this organisation's) is a 404.
NOT_FOUND_UNDER_A_ZAAK = {
    ("GET", "/zaken/{uuid}/audittrail"), ("GET", "/zaken/{uuid}/besluiten"),
    ("GET", "/zaken/{uuid}/zaakeigenschappen"),
}  # fmt: skip


class Checked:
    """A Zaken client that checks each answer against the OAS and keeps what is wrong."""

    def __init__(self, zaken: Zaken | None, client=None) -> None:
        self.zaken = zaken
        self.client = client or zaken.client
        self.wrong: list[str] = []
        self.seen: set[tuple[str, str, int]] = set()

    def __call__(self, method: str, url: str, body=None, **headers):
        path = url if url.startswith("http") else f"{ZAKEN}{url}"
        client = self.client
        if method in ("GET", "HEAD"):
            response = getattr(client, method.lower())(path, body or {}, **headers)
        elif method == "DELETE":
            response = client.delete(path, **headers)
        else:
            data = body if isinstance(body, str) else json.dumps(body)
            headers.setdefault("content_type", "application/json")
            response = getattr(client, method.lower())(path, data, **headers)
        if response.status_code == 204 or method == "HEAD":  # no body
            found = []
        else:
            found = violations(OAS, ZAKEN, method, path, response)
            found += _expanded_violations(response.json())
        template = re.sub(r"[0-9a-f-]{36}", "{uuid}", path.split(ZAKEN, 1)[1].split("?")[0])
        self.seen.add((method, template, response.status_code))
        if response.status_code == 404 and (method, template) in NOT_FOUND_UNDER_A_ZAAK:
            found = [v for v in found if not v.startswith("status 404 is not in the OAS")]
        for violation in found:
            where, _, message = violation.partition(": ")
            if where.split("/")[-1] in DOCUMENTED and message.startswith("None "):
                continue
            where = re.sub(r"(^|/)\d+(?=/|$)", r"\1{i}", where)  # one line per list item
            wrong = f"{method} {template} {response.status_code}: {where}: {message}"
            if wrong not in self.wrong:
                self.wrong.append(wrong)
        return response


@pytest.fixture
def checked(tenant_a):
    return Checked(Zaken(tenant_a))


def _made(response) -> dict:
    assert response.status_code in (200, 201), response.content
    return response.json()


def _full_zaak(tenant, checked, **fields) -> dict:
    """A zaak with every optional field the API takes filled."""
    body = zaak_body(
        tenant,
        identificatie="ZAAK-VOL-1",
        registratiedatum="2026-11-02",
        publicatiedatum="2026-11-20",
        vertrouwelijkheidaanduiding="zaakvertrouwelijk",
        betalingsindicatie="gedeeltelijk",
        laatsteBetaaldatum="2026-11-03T10:00:00",
        selectielijstklasse="https://selectielijst.example.nl/api/v1/resultaten/1",
        kenmerken=[{"kenmerk": "k1", "bron": "b1"}],
        archiefnominatie="vernietigen",
        archiefactiedatum="2036-11-02",
        opdrachtgevendeOrganisatie=tenant.organisation.rsin,
        processobjectaard="melding",
        startdatumBewaartermijn="2026-12-01",
        processobject={
            "datumkenmerk": "d",
            "identificatie": "i",
            "objecttype": "o",
            "registratie": "r",
        },  # fmt: skip
        **fields,
    )
    zaak = _made(checked("POST", "/zaken", body))
    with tenant.active():  # checked against the Referentielijsten API and the zaaktype
        Case.objects.filter(uuid=zaak["uuid"]).update(
            channel_url="https://referentielijsten.example.nl/api/v1/communicatiekanalen/1",
            products_or_services=["https://producten.example.nl/api/v1/product/1"],
        )
        case = Case.objects.get(uuid=zaak["uuid"])
        # opschorting and verlenging are the Awb clock's, read-only in the API
        suspend_case(actor=tenant.staff["worker"], case=case, reason="Foto nodig",
                     term_ends_on=timezone.localdate() + timedelta(days=14))  # fmt: skip
        extend_case(actor=tenant.staff["worker"], case=case, reason="Advies nodig")
    return zaak


def test_every_zaak_operation(tenant_a, checked):
    bare = _made(checked("POST", "/zaken", {
        "bronorganisatie": tenant_a.organisation.rsin, "zaaktype": zaak_body(tenant_a)["zaaktype"],
        "verantwoordelijkeOrganisatie": tenant_a.organisation.rsin,
        "startdatum": "2026-11-02"}))  # fmt: skip
    main = _full_zaak(tenant_a, checked)
    sub = _made(checked("POST", "/zaken", zaak_body(
        tenant_a, hoofdzaak=main["url"],
        relevanteAndereZaken=[{"url": bare["url"], "aardRelatie": "vervolg"}])))  # fmt: skip
    full = checked.zaken.get(main["url"]).json()
    assert sorted(k for k, v in full.items() if v in (None, "", [])) == [
        "eigenschappen", "einddatum", "einddatumGepland", "hoofdzaak", "relevanteAndereZaken",
        "resultaat", "rollen", "zaakinformatieobjecten", "zaakobjecten",
    ]  # the parts: test_every_part_operation  # fmt: skip
    assert full["deelzaken"] == [sub["url"]] and full["opschorting"]["indicatie"]
    for zaak in (bare, main, sub):
        checked("GET", zaak["url"])
        checked("HEAD", zaak["url"])
        checked("GET", zaak["url"], {"expand": "zaaktype,status,resultaat,rollen,hoofdzaak,"
                                     "deelzaken,relevanteAndereZaken,eigenschappen,zaakobjecten,"
                                     "status.statustype"})  # fmt: skip
        checked("GET", f"{zaak['url']}/audittrail")
        checked("PATCH", zaak["url"], {"toelichting": "Bijgewerkt"})
    trail = checked.zaken.get(f"{main['url']}/audittrail").json()
    checked("GET", f"{main['url']}/audittrail/{trail[0]['uuid']}")
    checked("GET", f"{main['url']}/audittrail/{GEEN}")  # 404
    checked("GET", "/zaken")
    checked("GET", "/zaken", {"expand": "rollen,status,deelzaken,hoofdzaak"})
    checked(
        "POST",
        "/zaken/_zoek",
        {
            "zaakgeometrie": {
                "within": {
                    "type": "Polygon",
                    "coordinates": [[[5, 52], [6, 52], [6, 53], [5, 53], [5, 52]]],
                }
            }
        },
    )
    checked("POST", "/zaken/_zoek", {"uuid__in": [main["uuid"]], "expand": "rollen"})
    # A read body sent back, but for the URLs the tests cannot have checked (set above).
    unchecked = ("communicatiekanaal", "productenOfDiensten")
    put = {k: v for k, v in checked.zaken.get(main["url"]).json().items()
           if v is not None and k not in unchecked}  # fmt: skip
    _made(checked("PUT", main["url"], put))
    checked("PATCH", main["url"], {"opschorting": {"indicatie": False, "reden": ""},
                                   "verlenging": None})  # fmt: skip
    checked("DELETE", sub["url"])
    checked("GET", sub["url"])  # 404
    assert checked.wrong == [], "\n".join(checked.wrong)


def _document_and_decision(tenant, case) -> list[str]:
    """The URLs of the zaak's links to a document and a decision made at the desk."""
    document, decision = document_and_decision(tenant, case)
    return [
        f"/zaakinformatieobjecten/{document.uuid}",
        f"/zaken/{case.uuid}/besluiten/{decision.uuid}",
    ]


def test_every_part_operation(tenant_a, checked, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    zaken = checked.zaken
    case = tenant_a.open_case()
    zaak = zaken.url(case)
    with tenant_a.active():
        roltypen = {r.generic_description: r for r in RoleType.objects.filter(
            case_type=tenant_a.case_type)}  # fmt: skip
        result_type = ResultType.objects.filter(case_type=tenant_a.case_type).first()
        property_type = CasePropertyType.objects.create(
            case_type=tenant_a.case_type, name="kenmerk", definition="Kenmerk", format="tekst",
            length=20)  # fmt: skip
    catalogi = f"http://{tenant_a.host}/catalogi/api/v1"
    roltype = f"{catalogi}/roltypen/{roltypen['behandelaar'].uuid}"
    # statussen
    status = _made(checked("POST", "/statussen", {
        "zaak": zaak, "statustype": f"{catalogi}/statustypen/{tenant_a.status_type(2).uuid}",
        "datumStatusGezet": "2026-01-05T10:00:00", "statustoelichting": "Gepland"}))  # fmt: skip
    checked("GET", status["url"])
    checked("GET", "/statussen", {"zaak": zaak})
    checked("GET", f"/statussen/{GEEN}")
    checked("POST", "/statussen", {"zaak": zaak})  # 400
    # resultaten
    resultaat = _made(checked("POST", "/resultaten", {
        "zaak": zaak, "resultaattype": f"{catalogi}/resultaattypen/{result_type.uuid}",
        "toelichting": "Klaar"}))  # fmt: skip
    checked("GET", resultaat["url"])
    checked("GET", "/resultaten")
    checked("PATCH", resultaat["url"], {"toelichting": "Anders"})
    checked("PUT", resultaat["url"], {"zaak": zaak, "resultaattype": resultaat["resultaattype"]})
    checked("GET", f"/resultaten/{GEEN}")
    # rollen, one of each betrokkeneType
    rollen = [
        ("natuurlijk_persoon", {"inpBsn": tenant_a.person.bsn}),
        ("niet_natuurlijk_persoon", {"innNnpId": "001000007", "annIdentificatie": "12345678"}),
        ("vestiging", {"vestigingsNummer": "000012345678"}),
        ("organisatorische_eenheid", {"identificatie": "TEAM-1"}),
        ("medewerker", {"identificatie": tenant_a.staff["worker"].username}),
    ]
    for kind, identification in rollen:
        rol = _made(checked("POST", "/rollen", {
            "zaak": zaak, "betrokkeneType": kind, "roltype": roltype, "roltoelichting": kind,
            "betrokkeneIdentificatie": identification}))  # fmt: skip
        checked("GET", rol["url"])
    by_url = _made(
        checked(
            "POST",
            "/rollen",
            {
                "zaak": zaak,
                "betrokkeneType": "natuurlijk_persoon",
                "roltype": roltype,
                "roltoelichting": "url",
                "betrokkene": "https://personen.example.nl/1",
                "afwijkendeNaamBetrokkene": "J. Jansen",
                "indicatieMachtiging": "gemachtigde",
            },
        )
    )
    checked("GET", by_url["url"])
    checked("GET", "/rollen")
    checked("GET", "/rollen", {"betrokkeneType": "medewerker"})
    checked("DELETE", by_url["url"])
    checked("POST", "/rollen", {"zaak": zaak})  # 400
    # zaakeigenschappen
    path = f"/zaken/{case.uuid}/zaakeigenschappen"
    eigenschap = _made(checked("POST", path, {
        "zaak": zaak, "eigenschap": f"{catalogi}/eigenschappen/{property_type.uuid}",
        "waarde": "test"}))  # fmt: skip
    checked("GET", eigenschap["url"])
    checked("GET", path)
    checked("PATCH", eigenschap["url"], {"waarde": "nieuw"})
    _made(checked("PUT", eigenschap["url"], {"zaak": zaak, "eigenschap": eigenschap["eigenschap"],
                                             "waarde": "ander"}))  # fmt: skip
    checked("PUT", eigenschap["url"], {"zaak": zaak, "eigenschap": eigenschap["eigenschap"],
                                       "waarde": "x" * 30})  # 400  # fmt: skip
    checked("GET", f"{path}/{GEEN}")
    # zaakobjecten
    pand = _made(checked("POST", "/zaakobjecten", {
        "zaak": zaak, "objectType": "pand", "objectIdentificatie": {"identificatie": "p1"},
        "relatieomschrijving": "betreft"}))  # fmt: skip
    besluit = _made(checked("POST", "/zaakobjecten", {
        "zaak": zaak, "objectType": "besluit",
        "object": "https://besluiten.example.nl/besluiten/api/v1/besluiten/1"}))  # fmt: skip
    overige = _made(checked("POST", "/zaakobjecten", {
        "zaak": zaak, "objectType": "overige", "objectTypeOverige": "boom",
        "object": "https://bomen.example.nl/1"}))  # fmt: skip
    defined = _made(checked("POST", "/zaakobjecten", {
        "zaak": zaak, "objectType": "overige", "object": "https://objecten.example.nl/1",
        "objectTypeOverigeDefinitie": {
            "url": "https://objecttypen.example.nl/api/v1/objecttypes/1",
            "schema": ".jsonSchema", "objectData": ".record.data"}}))  # fmt: skip
    for row in (pand, besluit, overige, defined):
        checked("GET", row["url"])
    checked("GET", "/zaakobjecten")
    checked("PATCH", pand["url"], {"relatieomschrijving": "anders"})
    checked("PATCH", pand["url"], {"objectType": "adres"})  # 400
    checked("PUT", besluit["url"], {k: v for k, v in besluit.items() if v is not None})
    checked("DELETE", overige["url"])
    checked("GET", f"/zaakobjecten/{GEEN}")
    # klantcontacten
    contact = _made(checked("POST", "/klantcontacten", {
        "zaak": zaak, "datumtijd": "2019-02-20T00:00:00", "kanaal": "telefoon",
        "onderwerp": "vraag", "toelichting": "t"}))  # fmt: skip
    checked("GET", contact["url"])
    bare_contact = _made(checked("POST", "/klantcontacten", {
        "zaak": zaak, "datumtijd": "2019-02-21T00:00:00"}))  # fmt: skip
    checked("GET", bare_contact["url"])
    checked("GET", "/klantcontacten")
    checked("GET", f"/klantcontacten/{GEEN}")
    # links to documents and decisions
    for link in _document_and_decision(tenant_a, case):
        checked("GET", link)
        checked("HEAD", link)
    checked("GET", "/zaakinformatieobjecten", {"zaak": zaak})
    checked("GET", f"/zaakinformatieobjecten/{GEEN}")
    checked("GET", f"/zaken/{case.uuid}/besluiten")
    checked("GET", f"/zaken/{case.uuid}/besluiten/{GEEN}")
    for url in (status["url"], resultaat["url"], eigenschap["url"], pand["url"], rol["url"]):
        checked("HEAD", url)
    checked("GET", f"/rollen/{GEEN}")
    # the zaak with all its parts, expanded
    checked("GET", zaak, {"expand": "status,resultaat,rollen,eigenschappen,zaakobjecten,"
                                    "status.statustype,status.gezetdoor,resultaat.resultaattype,"
                                    "rollen.roltype,zaakobjecten.zaak"})  # fmt: skip
    checked("GET", "/zaken", {"expand": "rollen,status,resultaat"})
    checked("DELETE", eigenschap["url"])
    checked("DELETE", resultaat["url"])
    assert checked.wrong == [], "\n".join(checked.wrong)


def test_error_answers(tenant_a, checked):
    zaak = _made(checked("POST", "/zaken", zaak_body(tenant_a)))
    case_path = zaak["url"].split(ZAKEN, 1)[1]
    secret = _made(
        checked("POST", "/zaken", zaak_body(tenant_a, vertrouwelijkheidaanduiding="geheim"))
    )
    reader = Checked(Zaken(tenant_a, "lezer", authorisations=[
        grant(tenant_a, ["zaken.lezen"], "openbaar")]))  # fmt: skip
    anonymous = Checked(None, Client(HTTP_HOST=tenant_a.host, **CRS))
    no_crs = Checked(Zaken(tenant_a, "zonder-crs", crs=False))
    calls = [
        (checked, "POST", "/zaken", {"bronorganisatie": "x"}, {}, 400),
        (checked, "GET", "/zaken", {"startdatum": "gisteren"}, {}, 400),
        (checked, "GET", "/zaken", {"identificatie": "a\x01"}, {}, 400),  # a control character
        (checked, "PATCH", zaak["url"], {"zaaktype": "https://elders.example/zaaktypen/1"}, {},
         400),  # fmt: skip
        (checked, "POST", "/zaken/_zoek", [1], {}, 400),
        (checked, "POST", "/rollen", {"zaak": zaak["url"]}, {}, 400),
        (checked, "POST", "/zaken", "x", {"content_type": "text/plain"}, 415),
        (checked, "POST", "/statussen", "x", {"content_type": "text/plain"}, 415),
        (checked, "GET", f"/zaken/{GEEN}", None, {}, 404),
        (checked, "GET", "/zaken/geen-uuid", None, {}, 404),
        (checked, "GET", f"/zaken/{GEEN}/audittrail", None, {}, 404),
        (checked, "GET", f"/zaken/{GEEN}/zaakeigenschappen", None, {}, 404),
        (checked, "POST", f"/zaken/{GEEN}/zaakeigenschappen", {"zaak": zaak["url"]}, {}, 400),
        (checked, "GET", f"/zaken/{GEEN}/besluiten", None, {}, 404),
        (reader, "POST", "/zaken", zaak_body(tenant_a), {}, 403),
        (reader, "GET", secret["url"], None, {}, 403),
        (reader, "GET", f"{secret['url']}/audittrail", None, {}, 403),
        (reader, "POST", "/klantcontacten", {"zaak": zaak["url"],
                                             "datumtijd": "2019-02-20T00:00:00"}, {}, 403),
        (reader, "GET", zaak["url"], None, {}, 200),
        (anonymous, "GET", "/zaken", None, {}, 401),
        (anonymous, "GET", "/rollen", None, {}, 401),
        (no_crs, "GET", "/zaken", None, {}, 412),
        (no_crs, "POST", "/zaken", zaak_body(tenant_a), {}, 412),
        (no_crs, "GET", case_path, None, {"HTTP_ACCEPT_CRS": "EPSG:28992"}, 406),
    ]  # fmt: skip
    got = [
        (method, url, client(method, url, body, **headers).status_code)
        for client, method, url, body, headers, _ in calls
    ]
    assert got == [(method, url, status) for _, method, url, _, _, status in calls]
    wrong = checked.wrong + reader.wrong + anonymous.wrong + no_crs.wrong
    assert wrong == [], "\n".join(wrong)
