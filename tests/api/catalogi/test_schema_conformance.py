"""Every Catalogi API answer, with real rows behind it, valid against the official OAS
(``catalogi-1.3.1.yaml``): what schemathesis checks (issue 14), on the objects it cannot
reach by itself (it has no rows to read, so most of its reads end in a 404).

The few places where the OAS contradicts the standard or cannot be met are listed in
``DOCUMENTED`` and explained in docs/api.md ("Schema conformance"); everything else must be
valid.
"""

import pytest

from tests.api.catalogi.conftest import (
    BASE,
    besluittype_body,
    catalogus_body,
    iot_body,
    klasse,
    resultaattype_body,
    zaaktype_body,
)
from tests.api.helpers import api_client, token
from tests.api.oas_check import errors, schema_validator, violations
from tests.conftest import HOST_A

OAS = "catalogi-1.3.1.yaml"
# The OAS documents a create of an informatieobjecttype as a 200 with an unspecified body; the
# standard's own OAS checks (ZGW_OAS_tests.json, "Maak een INFORMATIEOBJECTTYPE aan") want a
# 201, as for every other create: a 201, checked against the resource's schema.
IOT_CREATED = schema_validator(OAS, {"$ref": "#/components/schemas/InformatieObjectType"})
# (resource, field): where the OAS itself is wrong (docs/api.md, "Schema conformance").
DOCUMENTED = {
    ("zaaktypen", "informatieobjecttypen"),  # a "string" in the OAS, a list of URLs
    ("informatieobjecttypen", "zaaktypen"),  # idem
    ("statustypen", "zaakobjecttype"),  # required and never null, but optional in the model
}
GEEN = "00000000-0000-4000-8000-000000000000"


class Checked:
    """A test client that checks each answer against the OAS and keeps what is wrong."""

    def __init__(self, client) -> None:
        self.client = client
        self.wrong: list[str] = []

    def __call__(self, method: str, url: str, body=None, **extra):
        if body is None and method == "POST":  # publish: no body, as the suite sends it
            response = self.client.generic("POST", url, **extra)
        elif body is None or method == "GET":
            response = getattr(self.client, method.lower())(url, body, **extra)
        else:
            extra.setdefault("content_type", "application/json")
            response = getattr(self.client, method.lower())(url, body, **extra)
        if (method, url, response.status_code) == ("POST", f"{BASE}/informatieobjecttypen", 201):
            found = errors(IOT_CREATED, response.json())
        elif response.status_code == 204 or method == "HEAD":  # no body
            found = []
        else:
            found = violations(OAS, BASE, method, url, response)
        resource = url.split(BASE, 1)[1].split("/")[1].split("?")[0]
        for violation in found:
            field = violation.split(":", 1)[0].split("/")[-1]
            if (resource, field) not in DOCUMENTED:
                self.wrong.append(f"{method} {url} {response.status_code}: {violation}")
        return response


@pytest.fixture
def checked(client_a):
    return Checked(client_a)


def _made(response) -> dict:
    assert response.status_code in (200, 201), response.content
    return response.json()


def _writable(body: dict) -> dict:
    """A read body as a PUT body: the read-only fields left out."""
    return {k: v for k, v in body.items() if k not in ("url", "concept")}


def test_every_resource_read_written_and_listed(checked, selectielijst):
    catalogus = _made(checked("POST", f"{BASE}/catalogussen", {
        **catalogus_body(), "contactpersoonBeheerEmailadres": "beheer@example.nl",
        "naam": "Catalogus", "versie": "1", "begindatumVersie": "2019-01-01"}))["url"]  # fmt: skip
    bare = _made(checked("POST", f"{BASE}/catalogussen", catalogus_body("LEEG")))["url"]
    result = klasse(selectielijst, "vast_te_leggen_datum")
    zaaktype = _made(checked("POST", f"{BASE}/zaaktypen", zaaktype_body(
        catalogus, result["procesType"], servicenorm="P5D", verlengingMogelijk=True,
        verlengingstermijn="P2D", trefwoorden=["melding"], toelichting="t",
        omschrijvingGeneriek="melding", publicatietekst="p", verantwoordingsrelatie=["x"],
        eindeGeldigheid="2030-01-01")))["url"]  # fmt: skip
    iot = _made(checked("POST", f"{BASE}/informatieobjecttypen", iot_body(
        catalogus, informatieobjectcategorie="brief", trefwoord=["a"], omschrijvingGeneriek={
            "informatieobjecttypeOmschrijvingGeneriek": "brief",
            "definitieInformatieobjecttypeOmschrijvingGeneriek": "een brief",
            "herkomstInformatieobjecttypeOmschrijvingGeneriek": "VNG",
            "hierarchieInformatieobjecttypeOmschrijvingGeneriek": "1"})))["url"]  # fmt: skip
    bare_iot = _made(checked("POST", f"{BASE}/informatieobjecttypen", iot_body(
        catalogus, omschrijving="kaal")))["url"]  # fmt: skip
    besluittype = _made(checked("POST", f"{BASE}/besluittypen", besluittype_body(
        catalogus, informatieobjecttypen=[iot], reactietermijn="P14D", publicatietermijn="P1M",
        besluitcategorie="c", omschrijvingGeneriek="g")))["url"]  # fmt: skip
    statustype = _made(checked("POST", f"{BASE}/statustypen", {
        "omschrijving": "Begin", "zaaktype": zaaktype, "volgnummer": 1, "doorlooptijd": "P1D",
        "statustekst": "Ontvangen", "informeren": True,
        "checklistitemStatustype": []}))["url"]  # fmt: skip
    roltype = _made(checked("POST", f"{BASE}/roltypen", {
        "zaaktype": zaaktype, "omschrijving": "r",
        "omschrijvingGeneriek": "adviseur"}))["url"]  # fmt: skip
    eigenschap = _made(checked("POST", f"{BASE}/eigenschappen", {
        "naam": "e", "definitie": "d", "zaaktype": zaaktype, "statustype": statustype,
        "specificatie": {"formaat": "tekst", "lengte": "5", "kardinaliteit": "1",
                         "waardenverzameling": ["a"], "groep": "g"},
    }))["url"]  # fmt: skip
    resultaattype = _made(checked("POST", f"{BASE}/resultaattypen", {
        **resultaattype_body(zaaktype, selectielijst, result["url"]),
        "besluittypen": [besluittype], "informatieobjecttypen": [iot], "toelichting": "t",
        "procesobjectaard": "p", "indicatieSpecifiek": True}))["url"]  # fmt: skip
    ziot = _made(checked("POST", f"{BASE}/zaaktype-informatieobjecttypen", {
        "zaaktype": zaaktype, "informatieobjecttype": "informatieobject", "volgnummer": 1,
        "richting": "inkomend", "statustype": statustype}))["url"]  # fmt: skip
    zaakobjecttype = _made(checked("POST", f"{BASE}/zaakobjecttypen", {
        "anderObjecttype": False, "beginGeldigheid": "2019-01-01", "objecttype":
        "https://objecttypen.example.nl/api/v1/objecttypes/1", "relatieOmschrijving": "b",
        "zaaktype": zaaktype}))["url"]  # fmt: skip

    for url in (catalogus, bare, zaaktype, iot, bare_iot, besluittype, statustype, roltype,
                eigenschap, resultaattype, ziot, zaakobjecttype):  # fmt: skip
        checked("GET", url)
        checked("HEAD", url)
        collection = url.rsplit("/", 1)[0]
        checked("GET", collection, {"status": "alles"} if "catalogussen" not in url else {})
        checked("GET", f"{collection}/{GEEN}")  # 404
    for url in (zaaktype, iot, besluittype, statustype, roltype, eigenschap, resultaattype, ziot,
                zaakobjecttype):  # fmt: skip
        checked("PATCH", url, {})
        checked("PUT", url, _writable(checked.client.get(url).json()))
        checked("PUT", url, {})  # 400: the required fields
    checked("PATCH", iot, {"omschrijvingGeneriek": None})
    checked("POST", f"{zaaktype}/publish")  # 400: its informatieobjecttype is a concept
    for url in (iot, besluittype, zaaktype):
        _made(checked("POST", f"{url}/publish"))
        checked("POST", f"{url}/publish")  # 400: not a concept any more
        checked("PATCH", url, {"toelichting": "t"})  # 400: not a concept any more
    assert checked.wrong == [], "\n".join(checked.wrong)


def test_error_answers(checked, orgs):
    checked("POST", f"{BASE}/zaaktypen", {"identificatie": "x"})  # 400
    checked("GET", f"{BASE}/zaaktypen", {"status": "nee"})  # 400
    checked("GET", f"{BASE}/roltypen/geen-uuid")  # 404
    checked("POST", f"{BASE}/roltypen", "x", content_type="text/plain")  # 415
    checked("GET", f"{BASE}/zaaktypen", {"identificatie": "a\x01"})  # 400: a control character
    reader = Checked(api_client(HOST_A, token("ztc-lezen")))
    reader("POST", f"{BASE}/roltypen", {})  # 403
    anonymous = Checked(api_client(HOST_A))
    anonymous("GET", f"{BASE}/roltypen")  # 401
    wrong = checked.wrong + reader.wrong + anonymous.wrong
    assert wrong == [], "\n".join(wrong)


def test_omschrijving_generiek_of_an_informatieobjecttype(checked, catalogus_a):
    """The gegevensgroep is an object, never null; its four texts are required when given."""
    created = _made(checked("POST", f"{BASE}/informatieobjecttypen", iot_body(catalogus_a)))
    empty = {
        "informatieobjecttypeOmschrijvingGeneriek": "",
        "definitieInformatieobjecttypeOmschrijvingGeneriek": "",
        "herkomstInformatieobjecttypeOmschrijvingGeneriek": "",
        "hierarchieInformatieobjecttypeOmschrijvingGeneriek": "",
        "opmerkingInformatieobjecttypeOmschrijvingGeneriek": None,
    }
    assert created["omschrijvingGeneriek"] == empty
    response = checked("PATCH", created["url"], {"omschrijvingGeneriek": None})
    assert _made(response)["omschrijvingGeneriek"] == empty  # was a 500 (NOT NULL)
    response = checked("PUT", created["url"], {k: v for k, v in created.items() if k != "url"})
    assert _made(response)["omschrijvingGeneriek"] == empty  # a read body can be sent back
    response = checked("PATCH", created["url"], {"omschrijvingGeneriek": "brief"})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "omschrijvingGeneriek"
    response = checked("PATCH", created["url"], {"omschrijvingGeneriek": {
        "informatieobjecttypeOmschrijvingGeneriek": "brief"}})  # fmt: skip
    assert sorted(p["name"] for p in response.json()["invalidParams"]) == [
        f"omschrijvingGeneriek.{name}Omschrijving" + "Generiek"
        for name in ("definitieInformatieobjecttype", "herkomstInformatieobjecttype",
                     "hierarchieInformatieobjecttype")
    ]  # fmt: skip
    group = {**empty, "informatieobjecttypeOmschrijvingGeneriek": "brief",
             "definitieInformatieobjecttypeOmschrijvingGeneriek": "d",
             "herkomstInformatieobjecttypeOmschrijvingGeneriek": "VNG",
             "hierarchieInformatieobjecttypeOmschrijvingGeneriek": "1"}  # fmt: skip
    response = checked("PATCH", created["url"], {"omschrijvingGeneriek": group})
    assert _made(response)["omschrijvingGeneriek"] == group
    assert checked.wrong == [], "\n".join(checked.wrong)


def test_optional_fields_without_a_value_are_left_out(checked, catalogus_a):
    """Optional fields the OAS types as a URL, an e-mail address or an object (never null)
    are left out when they have no value (they were rendered as "" and null)."""
    catalogus = checked.client.get(catalogus_a).json()
    assert "contactpersoonBeheerEmailadres" not in catalogus
    zaaktype = _made(checked("POST", f"{BASE}/zaaktypen", zaaktype_body(catalogus_a)))
    assert "broncatalogus" not in zaaktype and "bronzaaktype" not in zaaktype
    assert "selectielijstProcestype" not in zaaktype
    assert zaaktype["referentieproces"] == {"naam": "test"}
    assert checked.wrong == [], "\n".join(checked.wrong)
