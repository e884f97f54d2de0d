"""Fixtures of the Catalogi API tests: two organisations, clients, the Selectielijst stand-in
and bodies shaped like the conformance suite's."""

import pytest
from django.core.cache import cache

from tests.api.helpers import api_client, organisations, register, token
from tests.conftest import HOST_A, HOST_B
from tests.zgw.standins import zgw_standins_fixture  # noqa: F401 - registers zgw_standins

BASE = "/catalogi/api/v1"
OMSCHRIJVING_UUID = "e6a0c939-3404-45b0-88e3-76c94fb80ea7"


@pytest.fixture
def orgs(db):
    a, b = organisations()
    register(a, "ztc-a", all_authorisations=True, label="Beheer A")
    register(b, "ztc-b", all_authorisations=True, label="Beheer B")
    register(a, "ztc-lezen", component="ztc", scopes=("catalogi.lezen",))
    register(a, "ac-only", component="ac", scopes=("autorisaties.lezen",))
    return a, b


@pytest.fixture
def client_a(orgs):
    return api_client(HOST_A, token("ztc-a"))


@pytest.fixture
def client_b(orgs):
    return api_client(HOST_B, token("ztc-b"))


@pytest.fixture
def reader_a(orgs):
    return api_client(HOST_A, token("ztc-lezen"))


@pytest.fixture
def selectielijst(zgw_standins, settings):
    """The Selectielijst stand-in as the configured service, with a clean cache."""
    settings.SELECTIELIJST_API_URL = zgw_standins.referentielijst_url + "/"
    cache.clear()
    return zgw_standins.referentielijsten


def klasse(referentielijsten, procestermijn: str) -> dict:
    """The first selection list class (resultaat) with this procestermijn."""
    return next(
        r for r in referentielijsten.records("resultaten") if r["procestermijn"] == procestermijn
    )


def post(client, resource: str, body: dict):
    return client.post(f"{BASE}/{resource}", body, content_type="application/json")


def params(response) -> list[tuple[str, str]]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return [(p["name"], p["code"]) for p in response.json()["invalidParams"]]


def catalogus_body(domein: str = "ZGWT") -> dict:
    return {"domein": domein, "rsin": "001000007", "contactpersoonBeheerNaam": "Test Persoon"}


def zaaktype_body(catalogus: str, procestype: str = "", **fields) -> dict:
    return {
        "identificatie": "ZT-1",
        "omschrijving": "Melding Openbare Ruimte",
        "vertrouwelijkheidaanduiding": "openbaar",
        "doel": "test doel",
        "verantwoordelijke": "X",
        "aanleiding": "test aanleiding",
        "indicatieInternOfExtern": "extern",
        "handelingInitiator": "indienen",
        "onderwerp": "openbare ruimte",
        "handelingBehandelaar": "behandelen",
        "doorlooptijd": "P10D",
        "opschortingEnAanhoudingMogelijk": False,
        "verlengingMogelijk": False,
        "publicatieIndicatie": False,
        "productenOfDiensten": ["https://ref.tst.vng.cloud/standaard/"],
        "selectielijstProcestype": procestype,
        "referentieproces": {"naam": "test", "link": ""},
        "catalogus": catalogus,
        "statustypen": [],
        "resultaattypen": [],
        "eigenschappen": [],
        "informatieobjecttypen": [],
        "besluittypen": [],
        "gerelateerdeZaaktypen": [],
        "beginGeldigheid": "2019-01-01",
        "versiedatum": "2019-01-01",
        "concept": True,
        **fields,
    }


def iot_body(catalogus: str, **fields) -> dict:
    return {
        "catalogus": catalogus,
        "omschrijving": "informatieobject",
        "vertrouwelijkheidaanduiding": "openbaar",
        "beginGeldigheid": "2019-01-01",
        **fields,
    }


def besluittype_body(catalogus: str, **fields) -> dict:
    return {
        "catalogus": catalogus,
        "omschrijving": "test",
        "zaaktypen": [],
        "publicatieIndicatie": False,
        "informatieobjecttypen": [],
        "beginGeldigheid": "2019-01-01",
        **fields,
    }


def resultaattype_body(zaaktype: str, referentielijsten, selectielijstklasse: str, **brondatum):
    return {
        "zaaktype": zaaktype,
        "omschrijving": "TEST",
        "resultaattypeomschrijving": referentielijsten.url(
            "resultaattypeomschrijvingen", OMSCHRIJVING_UUID
        ),
        "selectielijstklasse": selectielijstklasse,
        "brondatumArchiefprocedure": {
            "afleidingswijze": "gerelateerde_zaak",
            "procestermijn": None,
            "datumkenmerk": "",
            "einddatumBekend": False,
            "objecttype": "",
            "registratie": "",
            **brondatum,
        },
    }


@pytest.fixture
def catalogus_a(client_a) -> str:
    response = post(client_a, "catalogussen", catalogus_body())
    assert response.status_code == 201, response.content
    return response.json()["url"]


HOSTS = (HOST_A, HOST_B)
