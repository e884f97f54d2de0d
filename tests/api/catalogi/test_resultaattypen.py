"""Result types: the Selectielijst checks (ztc-001b, ztc-002, ztc-003) and the archive
procedure's fields per derivation (ztc-004 to ztc-008), with the suite's codes."""

import httpx
import pytest

from tests.api.catalogi.conftest import klasse, params, post, resultaattype_body, zaaktype_body

NIHIL, VAST, INGESCHAT, LEEG = "nihil", "vast_te_leggen_datum", (
    "ingeschatte_bestaansduur_procesobject"), ""  # fmt: skip


@pytest.fixture
def zaaktypen(client_a, catalogus_a, selectielijst):
    """One concept case type per procestermijn, with that class's process type."""
    made = {}
    for index, term in enumerate((NIHIL, VAST, INGESCHAT, LEEG)):
        row = klasse(selectielijst, term)
        body = zaaktype_body(catalogus_a, row["procesType"], identificatie=f"ZT-{index}")
        response = post(client_a, "zaaktypen", body)
        assert response.status_code == 201, response.content
        made[term] = (response.json()["url"], row["url"])
    return made


def _post(client, selectielijst, zaaktypen, term=VAST, **brondatum):
    zaaktype, klasse_url = zaaktypen[term]
    return post(client, "resultaattypen",
                resultaattype_body(zaaktype, selectielijst, klasse_url, **brondatum))  # fmt: skip


def test_ztc_001b_procestype_must_be_a_procestype(client_a, catalogus_a, selectielijst):
    not_ours = "http://127.0.0.1:9/mock/200"
    response = post(client_a, "zaaktypen", zaaktype_body(catalogus_a, not_ours))
    assert params(response)[0] == ("selectielijstProcestype", "invalid-resource")
    wrong_kind = klasse(selectielijst, VAST)["url"]  # a resultaat, not a procestype
    response = post(client_a, "zaaktypen", zaaktype_body(catalogus_a, wrong_kind))
    assert params(response)[0] == ("selectielijstProcestype", "invalid-resource")
    unknown = selectielijst.url("procestypen", "00000000-0000-4000-8000-000000000000")
    response = post(client_a, "zaaktypen", zaaktype_body(catalogus_a, unknown))
    assert params(response)[0] == ("selectielijstProcestype", "bad-url")


def test_selectielijst_unreachable_is_bad_url(client_a, catalogus_a, settings, monkeypatch):
    settings.SELECTIELIJST_API_URL = "http://127.0.0.1:9/api/v1/"

    def refuse(*args, **kwargs):
        raise httpx.ConnectError("refused")

    monkeypatch.setattr(httpx, "get", refuse)
    url = "http://127.0.0.1:9/api/v1/procestypen/00000000-0000-4000-8000-000000000000"
    response = post(client_a, "zaaktypen", zaaktype_body(catalogus_a, url))
    assert params(response)[0] == ("selectielijstProcestype", "bad-url")


def test_selectielijst_answers_are_cached(client_a, zaaktypen, selectielijst, monkeypatch):
    assert _post(client_a, selectielijst, zaaktypen).status_code == 201
    monkeypatch.setattr(httpx, "get", pytest.fail)  # a second check needs no fetch
    assert _post(client_a, selectielijst, zaaktypen).status_code == 201


def test_ztc_002_references_must_be_the_right_kind(client_a, zaaktypen, selectielijst):
    zaaktype, klasse_url = zaaktypen[VAST]
    body = resultaattype_body(zaaktype, selectielijst, klasse_url)
    response = post(client_a, "resultaattypen", {**body, "resultaattypeomschrijving": klasse_url})
    assert params(response)[0] == ("resultaattypeomschrijving", "invalid-resource")
    response = post(client_a, "resultaattypen", {
        **body, "selectielijstklasse": body["resultaattypeomschrijving"]})  # fmt: skip
    assert params(response)[0] == ("selectielijstklasse", "invalid-resource")


def test_ztc_002e_klasse_of_another_procestype(client_a, zaaktypen, selectielijst):
    zaaktype = zaaktypen[VAST][0]
    other = zaaktypen[INGESCHAT][1]
    body = resultaattype_body(zaaktype, selectielijst, other, afleidingswijze="termijn",
                              procestermijn="P5M")  # fmt: skip
    response = post(client_a, "resultaattypen", body)
    assert params(response)[0] == ("nonFieldErrors", "procestype-mismatch")


@pytest.mark.parametrize(
    ("term", "afleidingswijze", "extra", "ok"),
    [
        (NIHIL, "termijn", {"procestermijn": "P5M"}, False),
        (NIHIL, "afgehandeld", {}, True),
        (INGESCHAT, "afgehandeld", {}, False),
        (INGESCHAT, "termijn", {"procestermijn": "P5M"}, True),
        (NIHIL, "hoofdzaak", {}, False),
        (LEEG, "afgehandeld", {}, True),
    ],
)
def test_ztc_003_afleidingswijze_for_procestermijn(
    client_a, zaaktypen, selectielijst, term, afleidingswijze, extra, ok
):
    response = _post(client_a, selectielijst, zaaktypen, term,
                     afleidingswijze=afleidingswijze, **extra)  # fmt: skip
    if ok:
        assert response.status_code == 201, response.content
    else:
        assert ("nonFieldErrors", "invalid-afleidingswijze-for-procestermijn") in params(response)


def test_ztc_003t_termijn_needs_a_procestermijn(client_a, zaaktypen, selectielijst):
    response = _post(client_a, selectielijst, zaaktypen, afleidingswijze="termijn")
    assert params(response)[0] == ("brondatumArchiefprocedure.procestermijn", "required")


FIELD = {"datumkenmerk": "datum", "objecttype": "pand", "registratie": "BAG",
         "procestermijn": "P5Y", "einddatumBekend": True}  # fmt: skip
REQUIRED = {
    "ander_datumkenmerk": {"datumkenmerk", "objecttype", "registratie"},
    "eigenschap": {"datumkenmerk"},
    "zaakobject": {"datumkenmerk", "objecttype"},
    "termijn": {"procestermijn"},
}
DERIVATIONS = ["afgehandeld", "ander_datumkenmerk", "eigenschap", "gerelateerde_zaak",
               "hoofdzaak", "ingangsdatum_besluit", "termijn", "vervaldatum_besluit",
               "zaakobject"]  # fmt: skip


def _complete(afleidingswijze: str) -> dict:
    return {name: FIELD[name] for name in REQUIRED.get(afleidingswijze, ())}


@pytest.mark.parametrize("afleidingswijze", DERIVATIONS)
def test_ztc_004_to_008_brondatum_fields(client_a, zaaktypen, selectielijst, afleidingswijze):
    base = {"afleidingswijze": afleidingswijze, **_complete(afleidingswijze)}
    response = _post(client_a, selectielijst, zaaktypen, **base)
    assert response.status_code == 201, response.content
    for name in ("datumkenmerk", "objecttype", "registratie", "procestermijn"):
        prefixed = f"brondatumArchiefprocedure.{name}"
        if name in REQUIRED.get(afleidingswijze, ()):
            response = _post(client_a, selectielijst, zaaktypen, **{**base, name: ""})
            assert params(response)[0] == (prefixed, "required")
        else:
            response = _post(client_a, selectielijst, zaaktypen, **{**base, name: FIELD[name]})
            assert params(response)[0] == (prefixed, "must-be-empty")
    response = _post(client_a, selectielijst, zaaktypen, **{**base, "einddatumBekend": True})
    if afleidingswijze in ("afgehandeld", "termijn"):
        assert params(response)[0] == ("brondatumArchiefprocedure.einddatumBekend",
                                       "must-be-empty")  # fmt: skip
    else:
        assert response.status_code == 201, response.content
