"""Scopes, tenancy, filters (status, datumGeldigheid, version history), pagination and the
query budget of every list and read."""

import pytest

from tests.api.catalogi.conftest import (
    BASE,
    besluittype_body,
    iot_body,
    params,
    post,
    zaaktype_body,
)
from tests.api.helpers import api_client, token
from tests.conftest import HOST_A


def _create(client, resource, body) -> dict:
    response = post(client, resource, body)
    assert response.status_code == 201, response.content
    return response.json()


def _publish(client, url):
    response = client.generic("POST", f"{url}/publish")
    assert response.status_code == 200, response.content


def test_scopes(reader_a, client_a, catalogus_a, orgs):
    url = _create(client_a, "zaaktypen", zaaktype_body(catalogus_a))["url"]
    assert reader_a.get(url).status_code == 200
    assert reader_a.get(f"{BASE}/zaaktypen").status_code == 200
    response = post(reader_a, "zaaktypen", zaaktype_body(catalogus_a, identificatie="2"))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert reader_a.delete(url).status_code == 403
    other_component = api_client(HOST_A, token("ac-only"))
    assert other_component.get(f"{BASE}/zaaktypen").status_code == 403
    assert api_client(HOST_A).get(f"{BASE}/zaaktypen").status_code == 401


def test_another_organisations_objects_are_not_found(client_a, client_b, catalogus_a):
    zaaktype = _create(client_a, "zaaktypen", zaaktype_body(catalogus_a))
    part = _create(client_a, "roltypen", {"zaaktype": zaaktype["url"], "omschrijving": "r",
                                          "omschrijvingGeneriek": "initiator"})  # fmt: skip
    path = zaaktype["url"].split("a.localhost", 1)[1]
    assert client_b.get(path).status_code == 404
    assert client_b.delete(path).status_code == 404
    assert client_b.get(part["url"].split("a.localhost", 1)[1]).status_code == 404
    assert client_b.get(f"{BASE}/zaaktypen", {"status": "alles"}).json()["count"] == 0
    assert client_b.get(f"{BASE}/catalogussen").json()["count"] == 0
    # a relation to the other organisation's object names nothing here
    response = post(client_b, "roltypen", {"zaaktype": zaaktype["url"], "omschrijving": "r",
                                           "omschrijvingGeneriek": "initiator"})  # fmt: skip
    assert params(response)[0][0] == "zaaktype"


def test_version_history_and_datum_geldigheid(client_a, catalogus_a):
    first = _create(client_a, "zaaktypen", zaaktype_body(catalogus_a, beginGeldigheid="2019-01-01"))
    _publish(client_a, first["url"])
    second = _create(client_a, "zaaktypen",
                     zaaktype_body(catalogus_a, beginGeldigheid="2021-01-01"))  # fmt: skip
    _publish(client_a, second["url"])
    # publishing the second version ended the first the day before
    assert client_a.get(first["url"]).json()["eindeGeldigheid"] == "2020-12-31"

    def on(day):
        listed = client_a.get(f"{BASE}/zaaktypen", {"identificatie": "ZT-1",
                                                    "datumGeldigheid": day}).json()  # fmt: skip
        return [r["url"] for r in listed["results"]]

    assert on("2019-06-01") == [first["url"]]
    assert on("2022-06-01") == [second["url"]]
    assert on("2018-06-01") == []
    assert params(client_a.get(f"{BASE}/zaaktypen", {"datumGeldigheid": "gisteren"}))[0] == (
        "datumGeldigheid",
        "invalid",
    )


def test_status_filter(client_a, catalogus_a):
    concept = _create(client_a, "informatieobjecttypen", iot_body(catalogus_a, omschrijving="a"))
    published = _create(client_a, "informatieobjecttypen", iot_body(catalogus_a, omschrijving="b"))
    _publish(client_a, published["url"])

    def listed(**query):
        rows = client_a.get(f"{BASE}/informatieobjecttypen", query).json()["results"]
        return sorted(r["url"] for r in rows)

    assert listed() == [published["url"]]
    assert listed(status="concept") == [concept["url"]]
    assert listed(status="alles") == sorted([concept["url"], published["url"]])
    assert listed(status="alles", omschrijving="a") == [concept["url"]]
    response = client_a.get(f"{BASE}/informatieobjecttypen", {"status": "soms"})
    assert params(response) == [("status", "invalid_choice")]


def test_pagination_past_the_end_is_404(client_a, catalogus_a):
    assert client_a.get(f"{BASE}/zaaktypen", {"page": 2}).status_code == 404


def _zaaktype_with_parts(client, catalogus, identificatie):
    zaaktype = _create(client, "zaaktypen",
                       zaaktype_body(catalogus, identificatie=identificatie))["url"]  # fmt: skip
    for sequence in (1, 2):
        _create(client, "statustypen", {"omschrijving": f"s{sequence}", "zaaktype": zaaktype,
                                        "volgnummer": sequence})  # fmt: skip
    _create(client, "roltypen", {"zaaktype": zaaktype, "omschrijving": "r",
                                 "omschrijvingGeneriek": "initiator"})  # fmt: skip
    _create(client, "eigenschappen", {"naam": "e", "definitie": "d", "zaaktype": zaaktype,
                                      "specificatie": {"formaat": "tekst", "lengte": "5",
                                                       "kardinaliteit": "1"}})  # fmt: skip
    _create(client, "zaaktype-informatieobjecttypen", {
        "zaaktype": zaaktype, "informatieobjecttype": "informatieobject", "volgnummer": 1,
        "richting": "inkomend"})  # fmt: skip
    return zaaktype


# (resource, queries for a list page, queries for a read). A page costs the same for 1 row
# or 3: one query for the organisation's settings version (every request), one for the
# rows and the count, one per related list.
BUDGETS = [
    ("catalogussen", 5, 5),
    ("zaaktypen", 10, 10),
    ("informatieobjecttypen", 4, 4),
    ("besluittypen", 5, 5),
    ("statustypen", 3, 3),
    ("roltypen", 2, 2),
    ("eigenschappen", 2, 2),
    ("zaaktype-informatieobjecttypen", 2, 2),
]


@pytest.mark.parametrize(("resource", "list_queries", "read_queries"), BUDGETS)
def test_query_budgets(
    client_a, catalogus_a, django_assert_num_queries, resource, list_queries, read_queries
):
    _create(client_a, "informatieobjecttypen", iot_body(catalogus_a))
    _create(client_a, "besluittypen", besluittype_body(catalogus_a))
    for index in range(3):
        _zaaktype_with_parts(client_a, catalogus_a, f"ZT-{index}")
    client_a.get(f"{BASE}/{resource}")  # warm the organisation and client caches
    with django_assert_num_queries(list_queries):
        response = client_a.get(f"{BASE}/{resource}", {"status": "alles"})
    rows = response.json()["results"]
    assert rows, resource
    with django_assert_num_queries(read_queries):
        assert client_a.get(rows[0]["url"]).status_code == 200
