"""Concept and published types (ztc-009 to ztc-013): what may still change, relations, catalogues.

The conformance run reaches these with its zaaktypen and informatieobjecttypen still
concepts (it publishes them through requests the collection does not have, see
docs/api-catalogi.md), so they are pinned here with the suite's bodies, names and codes.
"""

import pytest

from tests.api.catalogi.conftest import (
    BASE,
    besluittype_body,
    catalogus_body,
    iot_body,
    klasse,
    params,
    post,
    resultaattype_body,
    zaaktype_body,
)


def _create(client, resource, body) -> dict:
    response = post(client, resource, body)
    assert response.status_code == 201, response.content
    return response.json()


def _publish(client, url):
    response = client.generic("POST", f"{url}/publish")
    assert response.status_code == 200, response.content
    return response.json()


def _put(client, url, body):
    return client.put(url, body, content_type="application/json")


def _patch(client, url, body):
    return client.patch(url, body, content_type="application/json")


def _code(response) -> str:
    return params(response)[0][1]


@pytest.fixture
def zaaktype(client_a, catalogus_a):
    body = zaaktype_body(catalogus_a, beginGeldigheid="2004-01-10", eindeGeldigheid="2004-01-10")
    return body, _create(client_a, "zaaktypen", body)


def test_ztc_009_published_zaaktype_only_end_of_validity(client_a, zaaktype):
    body, created = zaaktype
    url = created["url"]
    _publish(client_a, url)
    assert _code(_put(client_a, url, {**body, "doel": "aangepast doel"})) == "non-concept-object"
    assert _code(_patch(client_a, url, {"omschrijving": "aangepast"})) == "non-concept-object"
    response = _patch(client_a, url, {"eindeGeldigheid": "2004-12-12"})
    assert response.status_code == 200, response.content
    assert response.json()["eindeGeldigheid"] == "2004-12-12"
    response = client_a.delete(url)
    assert params(response) == [("nonFieldErrors", "non-concept-object")]


@pytest.mark.parametrize("resource", ["besluittypen", "informatieobjecttypen"])
def test_ztc_009_published_besluittype_and_iot(client_a, catalogus_a, resource):
    body = (besluittype_body if resource == "besluittypen" else iot_body)(catalogus_a)
    url = _create(client_a, resource, body)["url"]
    _publish(client_a, url)
    assert _code(_put(client_a, url, {**body, "omschrijving": "aangepast"})) == (
        "non-concept-object"
    )
    assert _code(_patch(client_a, url, {"omschrijving": "ja"})) == "non-concept-object"
    assert _patch(client_a, url, {"eindeGeldigheid": "2020-01-01"}).status_code == 200
    assert _code(client_a.delete(url)) == "non-concept-object"


def test_ztc_010a_besluittype_tied_to_published_iot(client_a, catalogus_a):
    iot = _create(client_a, "informatieobjecttypen", iot_body(catalogus_a))["url"]
    body = besluittype_body(catalogus_a, informatieobjecttypen=[iot])
    besluittype = _create(client_a, "besluittypen", body)["url"]
    _publish(client_a, iot)
    assert _code(_put(client_a, besluittype, {**body, "toelichting": "x"})) == (
        "non-concept-relation"
    )
    assert _code(_patch(client_a, besluittype, {"omschrijving": "ja"})) == "non-concept-relation"
    assert _patch(client_a, besluittype, {"eindeGeldigheid": "2022-01-01"}).status_code == 200
    assert _code(client_a.delete(besluittype)) == "non-concept-relation"


NON_CONCEPT_ZAAKTYPE = [("nonFieldErrors", "non-concept-zaaktype")]


@pytest.mark.parametrize(
    ("resource", "body"),
    [
        ("statustypen", {"omschrijving": "Begin", "volgnummer": 1}),
        ("roltypen", {"omschrijving": "test", "omschrijvingGeneriek": "adviseur"}),
        ("eigenschappen", {"naam": "e", "definitie": "d", "specificatie": {
            "formaat": "tekst", "lengte": "5", "kardinaliteit": "1"}}),
        ("resultaattypen", None),  # the suite's body, with the Selectielijst stand-in
    ],
)  # fmt: skip
def test_ztc_010_011_parts_of_a_published_zaaktype(client_a, catalogus_a, resource, body, request):
    """ztc-010b/d/e/f and ztc-011b–e with the suite's (name, code): ``nonFieldErrors`` /
    ``non-concept-zaaktype``, whether the part is on the published zaaktype or moved onto it."""
    procestype = ""
    if body is None:
        referentielijsten = request.getfixturevalue("selectielijst")
        row = klasse(referentielijsten, "vast_te_leggen_datum")
        procestype = row["procesType"]
        body = {k: v for k, v in resultaattype_body("", referentielijsten, row["url"]).items()
                if k != "zaaktype"}  # fmt: skip
    published = _create(
        client_a, "zaaktypen", zaaktype_body(catalogus_a, procestype, identificatie="P")
    )
    concept = _create(
        client_a, "zaaktypen", zaaktype_body(catalogus_a, procestype, identificatie="C")
    )
    part = _create(client_a, resource, {**body, "zaaktype": published["url"]})
    _publish(client_a, published["url"])
    full = {**body, "zaaktype": published["url"], "omschrijving": "aangepast"}
    assert params(_put(client_a, part["url"], full)) == NON_CONCEPT_ZAAKTYPE
    assert params(_patch(client_a, part["url"], {"omschrijving": "ja"})) == NON_CONCEPT_ZAAKTYPE
    assert params(client_a.delete(part["url"])) == NON_CONCEPT_ZAAKTYPE
    # ztc-011: no new part for the published one, and none moved onto it (PUT or PATCH)
    assert params(post(client_a, resource, full)) == NON_CONCEPT_ZAAKTYPE
    other = _create(client_a, resource, {**body, "zaaktype": concept["url"]})
    assert params(_put(client_a, other["url"], full)) == NON_CONCEPT_ZAAKTYPE
    response = _patch(client_a, other["url"], {"zaaktype": published["url"]})
    assert params(response) == NON_CONCEPT_ZAAKTYPE
    assert client_a.get(other["url"]).json()["zaaktype"] == concept["url"]


def test_ztc_010g_011f_zaaktype_informatieobjecttype(client_a, catalogus_a):
    zaaktype = _create(client_a, "zaaktypen", zaaktype_body(catalogus_a))["url"]
    iot = _create(client_a, "informatieobjecttypen", iot_body(catalogus_a))["url"]
    body = {"informatieobjecttype": iot, "zaaktype": zaaktype, "volgnummer": 1,
            "richting": "inkomend"}  # fmt: skip
    link = _create(client_a, "zaaktype-informatieobjecttypen", body)["url"]
    _publish(client_a, iot)  # one side published: the link may still change
    assert _put(client_a, link, {**body, "volgnummer": 2}).status_code == 200
    assert _patch(client_a, link, {"richting": "uitgaand"}).status_code == 200
    _publish(client_a, zaaktype)  # both published: frozen
    assert _code(_put(client_a, link, body)) == "non-concept-relation"
    assert _code(_patch(client_a, link, {"richting": "intern"})) == "non-concept-relation"
    assert _code(client_a.delete(link)) == "non-concept-relation"
    assert _code(post(client_a, "zaaktype-informatieobjecttypen", {**body, "volgnummer": 3})) == (
        "non-concept-relation"
    )


def test_ztc_011f_a_link_is_made_while_one_side_is_a_concept(client_a, catalogus_a):
    zaaktype = _create(client_a, "zaaktypen", zaaktype_body(catalogus_a))["url"]
    iot = _create(client_a, "informatieobjecttypen", iot_body(catalogus_a))["url"]
    concept_iot = _create(client_a, "informatieobjecttypen",
                          iot_body(catalogus_a, omschrijving="concept"))["url"]  # fmt: skip
    body = {"informatieobjecttype": iot, "zaaktype": zaaktype, "volgnummer": 1,
            "richting": "inkomend"}  # fmt: skip
    _publish(client_a, iot)
    assert post(client_a, "zaaktype-informatieobjecttypen", body).status_code == 201
    _publish(client_a, zaaktype)
    link = {**body, "informatieobjecttype": concept_iot, "volgnummer": 2}
    assert post(client_a, "zaaktype-informatieobjecttypen", link).status_code == 201
    response = post(client_a, "zaaktype-informatieobjecttypen", {**body, "volgnummer": 3})
    assert params(response) == [("nonFieldErrors", "non-concept-relation")]


def test_ztc_010h_zaaktype_linked_to_a_published_iot_may_change(client_a, catalogus_a):
    """The second half of ztc-010h: a link to a published informatieobjecttype ties the
    concept zaaktype only for deletion."""
    body = zaaktype_body(catalogus_a)
    zaaktype = _create(client_a, "zaaktypen", body)["url"]
    iot = _create(client_a, "informatieobjecttypen", iot_body(catalogus_a))["url"]
    _create(client_a, "zaaktype-informatieobjecttypen", {
        "informatieobjecttype": iot, "zaaktype": zaaktype, "volgnummer": 1,
        "richting": "inkomend"})  # fmt: skip
    _publish(client_a, iot)
    response = _put(client_a, zaaktype, {**body, "omschrijving": "aangepast"})
    assert response.status_code == 200, response.content
    assert _patch(client_a, zaaktype, {"omschrijving": "aangepast2"}).json()["omschrijving"] == (
        "aangepast2"
    )
    assert _patch(client_a, zaaktype, {"eindeGeldigheid": "2019-12-12"}).status_code == 200
    assert params(client_a.delete(zaaktype)) == [("nonFieldErrors", "non-concept-relation")]


def test_why_the_suite_loses_its_zaaktype_url_after_ztc_010h(client_a, catalogus_a):
    """The suite's cascade from ztc-011 on, replayed: the ztc-010h zaaktype stays (tied to the
    besluittype the suite published), and the next zaaktype from the same body (same
    identificatie and beginGeldigheid) is a second version with the same start: ``unique``."""
    besluittype = _create(client_a, "besluittypen", besluittype_body(catalogus_a))["url"]
    body = zaaktype_body(catalogus_a, beginGeldigheid="2004-01-10", eindeGeldigheid="2004-01-10")
    zaaktype = _create(client_a, "zaaktypen", {**body, "besluittypen": [besluittype]})["url"]
    _publish(client_a, besluittype)
    assert params(client_a.delete(besluittype)) == [("nonFieldErrors", "non-concept-object")]
    assert params(client_a.delete(zaaktype)) == [("nonFieldErrors", "non-concept-relation")]
    assert params(post(client_a, "zaaktypen", body)) == [("identificatie", "unique")]
    # ztc-013's "Create Zaaktype for catalogus 1": another omschrijving, same identificatie
    # and start as an existing version: refused the same way
    other = {**body, "omschrijving": "ztc-013", "eindeGeldigheid": None}
    assert params(post(client_a, "zaaktypen", other)) == [("identificatie", "unique")]


def test_ztc_010h_zaaktype_tied_to_published_besluittype(client_a, catalogus_a):
    besluittype = _create(client_a, "besluittypen", besluittype_body(catalogus_a))["url"]
    body = zaaktype_body(catalogus_a, besluittypen=[besluittype])
    zaaktype = _create(client_a, "zaaktypen", body)["url"]
    _publish(client_a, besluittype)
    assert _code(_put(client_a, zaaktype, {**body, "omschrijving": "x"})) == (
        "non-concept-relation"
    )
    assert _code(_patch(client_a, zaaktype, {"omschrijving": "x"})) == "non-concept-relation"
    assert _patch(client_a, zaaktype, {"eindeGeldigheid": "2019-12-12"}).status_code == 200
    assert _code(client_a.delete(zaaktype)) == "non-concept-relation"
    # A new concept may point at the published besluittype (zrc-001 does; ztc-011g would
    # refuse it, see docs/api-catalogi.md), and is then tied to it.
    response = post(client_a, "zaaktypen", {**body, "identificatie": "ZT-2"})
    assert response.status_code == 201, response.content


def test_ztc_012_publish_needs_published_relations(client_a, catalogus_a):
    besluittype = _create(client_a, "besluittypen", besluittype_body(catalogus_a))["url"]
    zaaktype = _create(client_a, "zaaktypen",
                       zaaktype_body(catalogus_a, besluittypen=[besluittype]))["url"]  # fmt: skip
    response = client_a.generic("POST", f"{zaaktype}/publish")
    assert _code(response) == "concept-relation"
    _publish(client_a, besluittype)
    assert _publish(client_a, zaaktype)["concept"] is False


def test_ztc_013_relations_stay_in_one_catalogus(client_a, catalogus_a):
    other = _create(client_a, "catalogussen", catalogus_body("ZGWTT"))["url"]
    besluittype_other = _create(client_a, "besluittypen", besluittype_body(other))["url"]
    iot_other = _create(client_a, "informatieobjecttypen", iot_body(other))["url"]
    zaaktype = _create(client_a, "zaaktypen", zaaktype_body(catalogus_a))
    expected = [("nonFieldErrors", "relations-incorrect-catalogus")]
    response = post(client_a, "besluittypen",
                    besluittype_body(catalogus_a, informatieobjecttypen=[iot_other]))  # fmt: skip
    assert params(response) == expected
    body = zaaktype_body(catalogus_a, identificatie="X", besluittypen=[besluittype_other])
    response = post(client_a, "zaaktypen", body)
    assert params(response) == expected
    response = _patch(client_a, zaaktype["url"], {"besluittypen": [besluittype_other]})
    assert params(response) == expected
    response = post(client_a, "zaaktype-informatieobjecttypen", {
        "informatieobjecttype": iot_other, "zaaktype": zaaktype["url"], "volgnummer": 1,
        "richting": "inkomend"})  # fmt: skip
    assert params(response) == expected


def test_concept_types_can_be_changed_and_deleted(client_a, catalogus_a):
    body = zaaktype_body(catalogus_a)
    url = _create(client_a, "zaaktypen", body)["url"]
    response = _put(client_a, url, {**body, "doel": "nieuw doel"})
    assert response.status_code == 200, response.content
    assert response.json()["doel"] == "nieuw doel"
    assert _patch(client_a, url, {"onderwerp": "ander"}).json()["onderwerp"] == "ander"
    assert client_a.delete(url).status_code == 204
    assert client_a.get(url).status_code == 404
    assert client_a.get(f"{BASE}/zaaktypen", {"status": "alles"}).json()["count"] == 0


def test_a_zaaktype_names_its_besluittypen_by_url_or_by_omschrijving(client_a, catalogus_a):
    """Catalogi 1.3 relations by omschrijving, as the official OAS checks write them."""
    besluittype = _create(client_a, "besluittypen", besluittype_body(catalogus_a))["url"]
    by_name = _create(client_a, "zaaktypen", zaaktype_body(catalogus_a, besluittypen=["test"]))
    assert by_name["besluittypen"] == [besluittype]
    unknown = post(client_a, "zaaktypen", zaaktype_body(catalogus_a, identificatie="ZT-3",
                                                        besluittypen=["bestaat niet"]))  # fmt: skip
    assert unknown.status_code == 400
    assert unknown.json()["invalidParams"][0]["name"] == "besluittypen"
