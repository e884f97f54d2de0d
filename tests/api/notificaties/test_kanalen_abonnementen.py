"""Kanalen and abonnementen: CRUD, scopes and the standard's validation codes."""

import pytest

from achterkant.api.notificaties.models import Abonnement, AbonnementKanaal, Kanaal
from tests.api.notificaties.support import Notificaties

STANDARD = {
    "autorisaties",
    "besluiten",
    "besluittypen",
    "documenten",
    "informatieobjecttypen",
    "zaaktypen",
    "zaken",
}
CALLBACK = "https://afnemer.example.nl/api/callback"


@pytest.fixture
def nrc(tenant_a):
    return Notificaties(tenant_a)


def _abonnement(**fields) -> dict:
    return {
        "callbackUrl": CALLBACK,
        "auth": "Bearer abc",
        "kanalen": [{"naam": "zaken", "filters": {"bronorganisatie": "001000007"}}],
        **fields,
    }


def _codes(response) -> list[tuple[str, str]]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return [(p["name"], p["code"]) for p in response.json()["invalidParams"]]


def test_the_standard_kanalen_are_there_on_first_use(nrc):
    response = nrc.get("/kanaal")
    assert response.status_code == 200, response.content
    names = {row["naam"] for row in response.json()}
    assert names == STANDARD
    zaken = nrc.get("/kanaal", {"naam": "zaken"}).json()
    assert len(zaken) == 1
    assert zaken[0]["filters"] == ["bronorganisatie", "zaaktype", "vertrouwelijkheidaanduiding"]
    read = nrc.client.get(zaken[0]["url"])
    assert read.status_code == 200
    assert read.json() == zaken[0]
    assert nrc.get("/kanaal", {"naam": "bestaat-niet"}).json() == []


def test_a_kanaal_is_made_once_per_organisation(nrc, tenant_b):
    body = {
        "naam": "klantcontacten",
        "documentatieLink": "https://example.nl/doc",
        "filters": ["x"],
    }
    response = nrc.post("/kanaal", body)
    assert response.status_code == 201, response.content
    assert response.json()["naam"] == "klantcontacten"
    assert response.json()["documentatieLink"] == "https://example.nl/doc"
    assert _codes(nrc.post("/kanaal", body)) == [("naam", "unique")]
    assert _codes(nrc.post("/kanaal", {"naam": "zaken"})) == [("naam", "unique")]
    # Another organisation has its own kanalen: the same name is free there.
    other = Notificaties(tenant_b, "nrc-b")
    assert other.post("/kanaal", body).status_code == 201
    # A's kanaal is not B's: B's client on B's host does not find it.
    path = response.json()["url"].split("/notificaties/api/v1")[1]
    assert other.get(path).status_code == 404
    assert nrc.get(path).status_code == 200


def test_abonnement_crud(nrc, tenant_a):
    response = nrc.post("/abonnement", _abonnement())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["callbackUrl"] == CALLBACK
    assert body["auth"] == "Bearer abc"
    assert body["kanalen"] == [{"naam": "zaken", "filters": {"bronorganisatie": "001000007"}}]
    url = body["url"].replace("http://a.localhost/notificaties/api/v1", "")
    assert nrc.get(url).json() == body
    assert nrc.get("/abonnement").json() == [body]

    put = nrc.put(url, _abonnement(kanalen=[{"naam": "besluiten"}, {"naam": "zaken"}]))
    assert put.status_code == 200, put.content
    assert [k["naam"] for k in put.json()["kanalen"]] == ["besluiten", "zaken"]

    patch = nrc.patch(url, {"auth": "Bearer nieuw"})
    assert patch.status_code == 200, patch.content
    assert patch.json()["auth"] == "Bearer nieuw"
    assert [k["naam"] for k in patch.json()["kanalen"]] == ["besluiten", "zaken"]

    assert nrc.delete(url).status_code == 204
    assert nrc.get(url).status_code == 404
    with tenant_a.active():
        assert not Abonnement.objects.exists()
        assert not AbonnementKanaal.objects.exists()


def test_abonnement_validation_writes_nothing(nrc, tenant_a):
    assert _codes(nrc.post("/abonnement", _abonnement(kanalen=[{"naam": "onbekend"}]))) == [
        ("kanalen.0.naam", "does_not_exist")
    ]
    bad_filter = [{"naam": "zaken", "filters": {"kleur": "rood"}}]
    assert _codes(nrc.post("/abonnement", _abonnement(kanalen=bad_filter))) == [
        ("kanalen.0.filters", "inconsistent-abonnement-filters")
    ]
    assert _codes(nrc.post("/abonnement", _abonnement(callbackUrl="geen-url"))) == [
        ("callbackUrl", "invalid")
    ]
    assert _codes(nrc.post("/abonnement", _abonnement(callbackUrl="http://[::1"))) == [
        ("callbackUrl", "invalid")
    ]
    assert _codes(nrc.post("/abonnement", _abonnement(auth="Bearer a\r\nX-Evil: 1"))) == [
        ("auth", "invalid")
    ]
    assert ("kanalen", "required") in _codes(nrc.post("/abonnement", _abonnement(kanalen=[])))
    missing = nrc.post("/abonnement", {"callbackUrl": CALLBACK})
    assert ("auth", "required") in _codes(missing)
    with tenant_a.active():
        assert not Abonnement.objects.exists()
    made = nrc.post("/abonnement", _abonnement()).json()
    path = made["url"].split("/notificaties/api/v1")[1]
    assert _codes(nrc.patch(path, {"kanalen": [{"naam": "onbekend"}]})) == [
        ("kanalen.0.naam", "does_not_exist")
    ]
    assert nrc.get(path).json() == made


def test_scopes(tenant_a):
    consumer = Notificaties(tenant_a, "consumer", scopes=["notificaties.consumeren"])
    publisher = Notificaties(tenant_a, "publisher", scopes=["notificaties.publiceren"])
    nobody = Notificaties(tenant_a, "nobody", scopes=["iets.anders"])
    assert consumer.get("/kanaal").status_code == 200
    assert publisher.get("/kanaal").status_code == 200
    assert nobody.get("/kanaal").status_code == 403
    assert consumer.post("/kanaal", {"naam": "x"}).status_code == 403
    assert publisher.post("/kanaal", {"naam": "x"}).status_code == 201
    assert publisher.post("/abonnement", _abonnement()).status_code == 403
    assert consumer.post("/abonnement", _abonnement()).status_code == 201
    assert publisher.get("/abonnement").status_code == 200
    assert nobody.get("/abonnement").status_code == 403
    anonymous = Notificaties.__new__(Notificaties)
    from django.test import Client

    anonymous.client = Client(HTTP_HOST=tenant_a.host)
    assert anonymous.get("/kanaal").status_code == 401


def test_schema_is_served_and_unknown_paths_are_problems(nrc):
    schema = nrc.client.get("/notificaties/api/v1/schema")
    assert schema.status_code == 200
    assert b"abonnement_list" in schema.content
    missing = nrc.get("/bestaat-niet")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_kanalen_are_per_organisation(nrc, tenant_a, tenant_b):
    nrc.get("/kanaal")
    Notificaties(tenant_b, "nrc-b").get("/kanaal")
    with tenant_a.active():
        assert Kanaal.objects.count() == len(STANDARD)
    with tenant_b.active():
        assert Kanaal.objects.count() == len(STANDARD)
