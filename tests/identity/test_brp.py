"""HaalCentraalPersonLookup against a local fake of the BRP Personen API (no database needed)."""

import socket
from datetime import date

import httpx
import pytest

from achterkant.identity.lookup.base import (
    LookupContext,
    LookupRejected,
    LookupUnavailable,
    PersonRecord,
)
from achterkant.identity.lookup.brp import RAADPLEEG_FIELDS, ZOEK_FIELDS, HaalCentraalPersonLookup

from .fake_brp import API_KEY, PATH, PERSOON_BEPERKT_FIELDS, PERSOON_FIELDS, running_fake_brp

CONTEXT = LookupContext(purpose="Behandelen aanvraag", processing="Zaak Z-1", user="mw.jansen")


@pytest.fixture
def brp():
    with running_fake_brp() as fake:
        yield fake


@pytest.fixture
def lookup(brp):
    return HaalCentraalPersonLookup(base_url=brp.base_url, api_key=API_KEY, timeout=2)


# --- what is sent -----------------------------------------------------------------------------


def test_by_bsn_posts_raadpleeg_with_protocol_headers_and_minimal_fields(brp, lookup):
    lookup.by_bsn("999993653", context=CONTEXT)

    sent = brp.last_request
    assert (sent.method, sent.path) == ("POST", PATH)
    assert sent.body == {
        "type": "RaadpleegMetBurgerservicenummer",
        "burgerservicenummer": ["999993653"],
        "fields": RAADPLEEG_FIELDS,
    }
    assert sent.headers["x-doelbinding"] == "Behandelen aanvraag"
    assert sent.headers["x-verwerking"] == "Zaak Z-1"
    assert sent.headers["x-gebruiker"] == "mw.jansen"
    assert sent.headers["x-api-key"] == API_KEY
    assert sent.headers["accept"] == "application/json"
    assert sent.headers["content-type"] == "application/json"


def test_field_lists_ask_only_for_what_a_person_record_needs():
    assert "burgerservicenummer" in RAADPLEEG_FIELDS
    assert "geheimhoudingPersoonsgegevens" in ZOEK_FIELDS
    assert "verblijfplaats.verblijfadres.officieleStraatnaam" in RAADPLEEG_FIELDS
    # zoek results are PersoonBeperkt: the API refuses verblijfadres paths there
    assert not any(f.startswith("verblijfplaats") for f in ZOEK_FIELDS)
    assert set(RAADPLEEG_FIELDS) <= PERSOON_FIELDS
    assert set(ZOEK_FIELDS) <= PERSOON_BEPERKT_FIELDS


def test_no_api_key_header_without_a_key():
    with running_fake_brp(api_key=None) as fake:
        HaalCentraalPersonLookup(base_url=fake.base_url).by_bsn("999993653", context=CONTEXT)
        assert "x-api-key" not in fake.last_request.headers


def test_trailing_slash_in_base_url_is_harmless(brp):
    found = HaalCentraalPersonLookup(base_url=brp.base_url + "/", api_key=API_KEY).by_bsn(
        "999993653", context=CONTEXT
    )
    assert found is not None
    assert brp.last_request.path == PATH


def test_header_values_are_one_line_and_utf8(brp):
    odd = LookupContext(purpose="Beëindiging\r\nX-Evil: 1", processing="p", user="jöran")
    HaalCentraalPersonLookup(base_url=brp.base_url, api_key=API_KEY).by_bsn(
        "999993653", context=odd
    )
    headers = brp.last_request.headers
    assert "x-evil" not in headers
    # http.server decodes header bytes as latin-1; the client sent UTF-8
    assert headers["x-doelbinding"].encode("latin-1").decode() == "Beëindiging X-Evil: 1"
    assert headers["x-gebruiker"].encode("latin-1").decode() == "jöran"


def test_surname_search_posts_zoek_type_with_iso_date(brp, lookup):
    lookup.by_surname_and_birth_date(" Vries ", date(1980, 5, 1), context=CONTEXT)

    assert brp.last_request.body == {
        "type": "ZoekMetGeslachtsnaamEnGeboortedatum",
        "geslachtsnaam": "Vries",
        "geboortedatum": "1980-05-01",
        "fields": ZOEK_FIELDS,
    }
    assert brp.last_request.headers["x-gebruiker"] == "mw.jansen"


def test_postcode_search_normalises_postcode_and_omits_empty_addition(brp, lookup):
    lookup.by_postcode_and_house_number("3077 aw", 31, context=CONTEXT)

    assert brp.last_request.body == {
        "type": "ZoekMetPostcodeEnHuisnummer",
        "postcode": "3077AW",
        "huisnummer": 31,
        "fields": ZOEK_FIELDS,
    }


@pytest.mark.parametrize(
    ("addition", "expected"),
    [
        ("A", {"huisletter": "A"}),
        ("a-2", {"huisletter": "a", "huisnummertoevoeging": "2"}),
        ("A 2", {"huisletter": "A", "huisnummertoevoeging": "2"}),
        ("-2", {"huisnummertoevoeging": "2"}),
        ("bis", {"huisnummertoevoeging": "bis"}),
        ("  ", {}),
    ],
)
def test_postcode_search_splits_the_addition_into_letter_and_toevoeging(
    brp, lookup, addition, expected
):
    lookup.by_postcode_and_house_number(
        "3077AW", 31, house_number_addition=addition, context=CONTEXT
    )
    body = brp.last_request.body
    assert {k: body[k] for k in ("huisletter", "huisnummertoevoeging") if k in body} == expected


# --- what comes back --------------------------------------------------------------------------


def test_by_bsn_maps_the_v2_person(lookup):
    person = lookup.by_bsn("999993653", context=CONTEXT)

    assert person == PersonRecord(
        bsn="999993653",
        given_names="Johanna Maria",
        surname_prefix="de",
        surname="Vries",
        birth_date=date(1980, 5, 1),
        street="Boterdiep",
        house_number=31,
        house_number_addition="",
        postcode="3077AW",
        city="Rotterdam",
    )
    assert person.email == person.phone == ""  # not in the BRP
    assert person.address_line == "Boterdiep 31, 3077AW Rotterdam"


def test_by_bsn_combines_huisletter_and_toevoeging(lookup):
    person = lookup.by_bsn("999992351", context=CONTEXT)
    assert (person.house_number, person.house_number_addition) == (31, "A-2")
    assert person.address_line == "Boterdiep 31A-2, 3077AW Rotterdam"


def test_by_bsn_falls_back_to_korte_straatnaam_and_unknown_birth_date(lookup):
    person = lookup.by_bsn("999994220", context=CONTEXT)
    assert person.street == "Laan v Meerdervoort"
    assert person.birth_date is None  # DatumOnbekend
    assert person.city == "'s-Gravenhage"


def test_partial_birth_date_and_address_abroad_give_no_date_and_no_address(lookup):
    person = lookup.by_bsn("999992806", context=CONTEXT)
    assert person.full_name == "Marie Dubois"
    assert person.birth_date is None  # JaarMaandDatum
    assert (person.street, person.house_number, person.postcode) == ("", None, "")
    assert person.address_line == ""


def test_by_bsn_unknown_is_none(lookup):
    assert lookup.by_bsn("999999990", context=CONTEXT) is None


def test_secret_person_by_bsn_has_no_address(lookup):
    person = lookup.by_bsn("999995492", context=CONTEXT)
    assert person.secret is True
    assert person.full_name == "Kees Jansen"
    assert person.birth_date == date(1975, 2, 3)
    assert (person.street, person.house_number, person.house_number_addition) == ("", None, "")
    assert (person.postcode, person.city, person.address_line) == ("", "", "")


def test_secret_person_in_search_has_no_address(lookup):
    [person] = lookup.by_postcode_and_house_number("2497BV", 103, context=CONTEXT)
    assert person.secret is True
    assert person.bsn == "999995492"
    assert (person.street, person.postcode, person.city, person.address_line) == ("", "", "", "")


def test_surname_search_finds_all_matches_sorted_with_addresses_from_adresregels(lookup):
    people = lookup.by_surname_and_birth_date("vries", date(1980, 5, 1), context=CONTEXT)

    assert [p.bsn for p in people] == ["999992351", "999993653"]  # by surname, then BSN
    pieter, johanna = people
    assert pieter.full_name == "Pieter de Vries"
    assert pieter.birth_date == date(1980, 5, 1)
    # PersoonBeperkt has "Boterdiep 31A-2" / "3077 AW  ROTTERDAM" only
    assert (pieter.street, pieter.house_number, pieter.house_number_addition) == (
        "Boterdiep",
        31,
        "A-2",
    )
    assert (pieter.postcode, pieter.city) == ("3077AW", "ROTTERDAM")
    assert johanna.address_line == "Boterdiep 31, 3077AW ROTTERDAM"


def test_surname_search_without_match_is_empty(lookup):
    assert lookup.by_surname_and_birth_date("Vries", date(1990, 1, 1), context=CONTEXT) == []


def test_postcode_search_finds_everyone_at_the_number_or_only_the_addition(lookup):
    everyone = lookup.by_postcode_and_house_number("3077AW", 31, context=CONTEXT)
    assert {p.bsn for p in everyone} == {"999993653", "999992351"}

    [pieter] = lookup.by_postcode_and_house_number(
        "3077AW", 31, house_number_addition="A-2", context=CONTEXT
    )
    assert pieter.bsn == "999992351"


def test_search_result_abroad_has_no_address(brp, lookup):
    brp.respond_with(
        200,
        {
            "type": "ZoekMetGeslachtsnaamEnGeboortedatum",
            "personen": [
                {
                    "burgerservicenummer": "999992806",
                    "naam": {"voornamen": "Marie", "geslachtsnaam": "Dubois"},
                    "geboorte": {"datum": {"type": "Datum", "datum": "1968-03-02"}},
                    "adressering": {"adresregel1": "14 Rue Camulogene", "adresregel2": "Parijs"},
                }
            ],
        },
        content_type="application/json",
    )
    [marie] = lookup.by_surname_and_birth_date("Dubois", date(1968, 3, 2), context=CONTEXT)
    assert marie.birth_date == date(1968, 3, 2)
    assert marie.address_line == ""


# --- refusals ---------------------------------------------------------------------------------


def test_invalid_bsn_is_rejected_with_the_invalid_params(lookup):
    with pytest.raises(LookupRejected) as caught:
        lookup.by_bsn("12345678", context=CONTEXT)

    error = caught.value
    assert error.invalid_params == [
        {
            "type": "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.1",
            "code": "pattern",
            "name": "burgerservicenummer[0]",
            "reason": "Waarde voldoet niet aan patroon ^[0-9]{9}$.",
        }
    ]
    assert "De BRP weigert de vraag" in str(error)
    assert "Een of meerdere parameters zijn niet correct." in str(error)
    assert "burgerservicenummer[0]" in str(error)


def test_invalid_postcode_is_rejected(lookup):
    with pytest.raises(LookupRejected) as caught:
        lookup.by_postcode_and_house_number("0628HJ", 2, context=CONTEXT)
    assert [p["name"] for p in caught.value.invalid_params] == ["postcode"]


def test_bad_request_without_problem_body_is_still_rejected(brp, lookup):
    brp.respond_with(400, "kapot", content_type="text/plain")
    with pytest.raises(LookupRejected) as caught:
        lookup.by_bsn("999993653", context=CONTEXT)
    assert caught.value.invalid_params == []


def test_wrong_api_key_is_refused_access(brp):
    wrong = HaalCentraalPersonLookup(base_url=brp.base_url, api_key="fout", timeout=2)
    with pytest.raises(LookupRejected, match="weigert de toegang") as caught:
        wrong.by_bsn("999993653", context=CONTEXT)
    assert "401" in str(caught.value)
    assert "Niet correct geauthenticeerd." in str(caught.value)


def test_forbidden_is_refused_access(brp, lookup):
    brp.respond_with(403, {"title": "U bent niet geautoriseerd voor deze operatie.", "status": 403})
    with pytest.raises(LookupRejected, match="weigert de toegang \\(HTTP 403\\)"):
        lookup.by_surname_and_birth_date("Vries", date(1980, 5, 1), context=CONTEXT)


def test_other_client_errors_are_rejections(brp, lookup):
    brp.respond_with(406, {"title": "Gevraagde contenttype wordt niet ondersteund."})
    with pytest.raises(LookupRejected, match="HTTP 406"):
        lookup.by_bsn("999993653", context=CONTEXT)


def test_404_from_the_api_itself_means_not_found(brp, lookup):
    brp.respond_with(404, {"title": "Opgevraagde resource bestaat niet.", "status": 404})
    assert lookup.by_bsn("999993653", context=CONTEXT) is None
    assert lookup.by_postcode_and_house_number("3077AW", 31, context=CONTEXT) == []


# --- unavailability ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_server_errors_are_unavailable(brp, lookup, status):
    brp.respond_with(status, {"title": "Bronservice BRP is tijdelijk niet beschikbaar."})
    with pytest.raises(LookupUnavailable) as caught:
        lookup.by_bsn("999993653", context=CONTEXT)
    assert f"HTTP {status}" in str(caught.value)
    assert "Bronservice BRP is tijdelijk niet beschikbaar." in str(caught.value)
    assert "Probeer het later opnieuw" in str(caught.value)


def test_server_error_without_body_is_unavailable(brp, lookup):
    brp.respond_with(500)
    with pytest.raises(LookupUnavailable, match="niet beschikbaar \\(HTTP 500\\)"):
        lookup.by_surname_and_birth_date("Vries", date(1980, 5, 1), context=CONTEXT)


def test_timeout_is_unavailable(brp):
    brp.delay = 5  # the fake sits on the request; it is released when the fixture stops
    impatient = HaalCentraalPersonLookup(base_url=brp.base_url, api_key=API_KEY, timeout=0.2)
    with pytest.raises(LookupUnavailable, match="geen antwoord binnen 0.2 seconden"):
        impatient.by_bsn("999993653", context=CONTEXT)


def test_connection_refused_is_unavailable():
    with socket.socket() as sock:  # a port that was free a moment ago and has no listener
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    nobody = HaalCentraalPersonLookup(base_url=f"http://127.0.0.1:{port}/brp", timeout=1)
    with pytest.raises(LookupUnavailable, match="niet bereikbaar"):
        nobody.by_bsn("999993653", context=CONTEXT)


def test_missing_base_url_is_unavailable():
    with pytest.raises(LookupUnavailable, match="BRP_API_URL"):
        HaalCentraalPersonLookup(base_url="").by_bsn("999993653", context=CONTEXT)


def test_wrong_base_path_is_not_mistaken_for_not_found(brp):
    elsewhere = HaalCentraalPersonLookup(base_url=brp.base_url + "/v9", api_key=API_KEY)
    with pytest.raises(LookupUnavailable, match="BRP_API_URL"):
        elsewhere.by_bsn("999993653", context=CONTEXT)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/html", "<html><body>Gateway says hi</body></html>"),
        ("application/json", "{not json"),
        ("application/json", '["a list"]'),
        ("application/json", '{"type": "RaadpleegMetBurgerservicenummer", "personen": "x"}'),
    ],
)
def test_unreadable_answers_are_unavailable(brp, lookup, content_type, body):
    brp.respond_with(200, body, content_type=content_type)
    with pytest.raises(LookupUnavailable, match="onleesbaar"):
        lookup.by_bsn("999993653", context=CONTEXT)


# --- the fake keeps to the contract -----------------------------------------------------------


def test_fake_requires_fields_like_the_real_api(brp):
    response = httpx.post(
        brp.base_url + "/personen",
        json={"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["999993653"]},
        headers={
            "X-Api-Key": API_KEY,
            "x-doelbinding": "d",
            "x-verwerking": "v",
            "x-gebruiker": "g",
        },
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "paramsCombination"
    assert problem["invalidParams"][0]["name"] == "fields"


def test_fake_refuses_persoon_fields_in_a_zoek_question(brp):
    response = httpx.post(
        brp.base_url + "/personen",
        json={
            "type": "ZoekMetPostcodeEnHuisnummer",
            "postcode": "3077AW",
            "huisnummer": 31,
            "fields": ["verblijfplaats.verblijfadres.postcode"],
        },
        headers={
            "X-Api-Key": API_KEY,
            "x-doelbinding": "d",
            "x-verwerking": "v",
            "x-gebruiker": "g",
        },
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "fields"
