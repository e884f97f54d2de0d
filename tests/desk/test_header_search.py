"""The header search box: each kind of input goes where the desk already handles it."""

import re
from datetime import date

import pytest

from achterkant.audit.models import ProcessingLogEntry
from achterkant.desk.kcc_views import ACTIVE_COMPANY, ACTIVE_PERSON
from achterkant.identity.models import Company
from tests.conftest import make_person

SEARCH = "/desk/zoeken/"
KVK = "69599084"


def _search(client, text: str):
    return client.post(SEARCH, {"q": text})


def _box_value(page: str) -> str:
    """What the header search box shows."""
    match = re.search(r'<input[^>]*id="header-search-q"[^>]*value="([^"]*)"', page)
    assert match, "no header search box"
    return match.group(1)


def _logged(tenant, **filters) -> list:
    with tenant.active():
        return list(ProcessingLogEntry.objects.filter(**filters))


def test_the_box_is_in_the_header_of_every_desk_page(tenant_a):
    client = tenant_a.client("worker")
    for url in ("/desk/werk/", "/desk/zaken/", "/desk/berichten/", SEARCH):
        page = client.get(url).content.decode()
        assert 'action="/desk/zoeken/"' in page and 'role="search"' in page, url
    login = tenant_a.client().get("/medewerker/inloggen/").content.decode()
    assert 'action="/desk/zoeken/"' not in login


def test_a_get_explains_what_the_box_takes(tenant_a):
    response = tenant_a.client("agent").get(SEARCH)
    assert response.status_code == 200
    assert "een postcode met huisnummer" in response.content.decode()


def test_a_bsn_opens_the_360_view_and_is_logged(tenant_a):
    client = tenant_a.client("agent")
    response = _search(client, "9999.93.653")
    assert response.status_code == 302 and response["Location"] == "/desk/persoon/"
    assert client.session[ACTIVE_PERSON] == tenant_a.person.bsn
    assert _logged(tenant_a, bsn=tenant_a.person.bsn, object_type="persoon")


def test_an_unknown_bsn_keeps_what_was_typed(tenant_a):
    client = tenant_a.client("agent")
    response = _search(client, "999990020")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Er is geen persoon gevonden met BSN 999990020." in page
    assert _box_value(page) == "999990020"
    assert ACTIVE_PERSON not in client.session
    assert _logged(tenant_a, bsn="999990020", action="search")  # found or not: processed


def test_a_bsn_that_fails_the_eleven_test(tenant_a):
    response = _search(tenant_a.client("agent"), "999993654")
    assert response.status_code == 400
    assert "Dit BSN bestaat niet: controleer de cijfers." in response.content.decode()


def test_another_organisations_person_is_not_found(tenant_a, tenant_b):
    response = _search(tenant_a.client("agent"), tenant_b.person.bsn)
    assert response.status_code == 404
    assert "Sophie" not in response.content.decode()


def test_a_case_number_opens_the_case_page(tenant_a):
    case = tenant_a.open_case()
    client = tenant_a.client("worker")
    for typed in (case.number, case.number.lower(), case.number.replace("-", " ")):
        response = _search(client, typed)
        assert response.status_code == 302, typed
        assert response["Location"] == f"/desk/zaken/{case.number}/"


def test_an_unknown_or_foreign_case_number(tenant_a, tenant_b):
    foreign = tenant_b.open_case()
    client = tenant_a.client("worker")
    for number in (foreign.number, "ZAAK-1999-0000001"):
        response = _search(client, number)
        page = response.content.decode()
        assert response.status_code == 404
        assert f"Er is geen zaak met nummer {number}." in page
        assert _box_value(page) == number


def test_a_kvk_number_opens_the_company(tenant_a):
    with tenant_a.active():
        Company.objects.create(kvk_number=KVK, name="Bakkerij De Korenschoof")
    client = tenant_a.client("agent")
    response = _search(client, "6959 9084")
    assert response["Location"] == "/desk/bedrijf/"
    assert client.session[ACTIVE_COMPANY] == KVK


def test_eight_digits_that_may_be_a_birth_date(tenant_a, tenant_b):
    with tenant_b.active():
        Company.objects.create(kvk_number=KVK, name="Alleen bij B")
    client = tenant_a.client("agent")
    response = _search(client, KVK)
    assert response.status_code == 404
    assert f"Er is geen bedrijf gevonden met KvK-nummer {KVK}." in response.content.decode()
    page = _search(client, "14031985").content.decode()
    assert "Bedoelt u een geboortedatum? Typ dan ook de achternaam" in page


def test_an_address_with_one_person_opens_the_360_view(tenant_a):
    client = tenant_a.client("agent")
    for typed in ("1011 AB 12", "1011ab12"):
        response = _search(client, typed)
        assert response["Location"] == "/desk/persoon/", typed
    assert _logged(tenant_a, bsn=tenant_a.person.bsn, action="search")


def test_an_address_with_several_people_lists_them(tenant_a):
    make_person(tenant_a.organisation, "999990020", given_names="Daan", birth_date=date(2010, 1, 2))
    response = _search(tenant_a.client("agent"), "1011AB 12")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kies Sophie de Vries" in page and "Kies Daan de Vries" in page


def test_an_address_addition_narrows(tenant_a):
    make_person(tenant_a.organisation, "999990020", given_names="Daan", house_number_addition="2")
    client = tenant_a.client("agent")
    response = _search(client, "1011AB 12-2")
    assert response["Location"] == "/desk/persoon/"
    assert client.session[ACTIVE_PERSON] == "999990020"
    response = _search(client, "1011 AB 99")
    assert response.status_code == 404
    assert "Er is geen persoon gevonden op dit adres." in response.content.decode()


@pytest.mark.parametrize(
    "typed", ["de Vries 14-03-1985", "Vries, de 14/3/1985", "Sophie de Vries 14031985",
              "vries 14 maart 1985"],
)  # fmt: skip
def test_a_name_with_a_birth_date_opens_the_360_view(tenant_a, typed):
    client = tenant_a.client("agent")
    response = _search(client, typed)
    assert response["Location"] == "/desk/persoon/"
    assert client.session[ACTIVE_PERSON] == tenant_a.person.bsn


def test_twins_are_listed_and_a_given_name_picks_one(tenant_a):
    make_person(tenant_a.organisation, "999990020", given_names="Lotte")
    client = tenant_a.client("agent")
    page = _search(client, "de Vries 14-03-1985").content.decode()
    assert "Kies Sophie de Vries" in page and "Kies Lotte de Vries" in page
    response = _search(client, "Lotte de Vries 14-03-1985")
    assert response["Location"] == "/desk/persoon/"
    assert client.session[ACTIVE_PERSON] == "999990020"


def test_no_one_by_that_name_and_date(tenant_a, tenant_b):
    make_person(tenant_b.organisation, "999990032", surname="Jansen", surname_prefix="")
    client = tenant_a.client("agent")
    for typed in ("Jansen 14-03-1985", "de Vries 15-03-1985", "Jan de Vries 14-03-1985"):
        response = _search(client, typed)
        page = response.content.decode()
        assert response.status_code == 404, typed
        assert "Er is geen persoon gevonden met deze naam en geboortedatum." in page
        assert _box_value(page) == typed


def test_an_impossible_date_is_explained(tenant_a):
    response = _search(tenant_a.client("agent"), "de Vries 31-02-1985")
    assert response.status_code == 400
    assert "31 februari 1985 bestaat niet." in response.content.decode()


def test_a_name_without_a_date_lists_companies_and_asks_for_the_date(tenant_a):
    with tenant_a.active():
        Company.objects.create(kvk_number=KVK, name="De Vries Installatietechniek")
    client = tenant_a.client("agent")
    response = _search(client, "Vries, de")
    page = response.content.decode()
    assert response.status_code == 200 and ACTIVE_COMPANY not in client.session
    assert "Kies De Vries Installatietechniek" in page
    assert "Typ dan ook de geboortedatum, bijvoorbeeld: de Vries 14-03-1985." in page
    response = _search(client, "Pietersen")
    assert response.status_code == 404
    assert "Er is geen bedrijf gevonden met deze naam." in response.content.decode()


def test_a_birth_date_alone_asks_for_the_surname(tenant_a):
    response = _search(tenant_a.client("agent"), "14-03-1985")
    assert response.status_code == 400
    assert "Typ dan ook de achternaam" in response.content.decode()


@pytest.mark.parametrize("typed", ["", "x" * 5000, "<script>", "'; DROP TABLE", "\x00", "-1"])
def test_garbage_gets_a_message_never_a_500(tenant_a, typed):
    response = _search(tenant_a.client("agent"), typed)
    assert 400 <= response.status_code < 500
    assert "<script>" not in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("999993653", "U heeft geen toestemming om personen op te zoeken."),
        ("1011 AB 12", "U heeft geen toestemming om personen op te zoeken."),
        ("de Vries 14-03-1985", "U heeft geen toestemming om personen op te zoeken."),
        (KVK, "U heeft geen toestemming om personen op te zoeken."),
        ("de Vries", "U heeft geen toestemming om personen op te zoeken."),
        ("ZAAK-2026-0000001", "U heeft geen toestemming om zaken te bekijken."),
    ],
)
def test_without_permission_a_clear_message(tenant_a, typed, message):
    # A functional admin may open the desk, but may see neither people nor cases.
    client = tenant_a.client("admin")
    response = _search(client, typed)
    assert response.status_code == 403
    assert message in response.content.decode()
    assert not _logged(tenant_a)


def test_a_case_worker_without_person_rights_still_finds_cases(tenant_a):
    """The two rights are checked apart: an agent may see cases, an admin neither."""
    case = tenant_a.open_case()
    assert _search(tenant_a.client("agent"), case.number).status_code == 302


def test_a_person_source_that_is_down_gets_a_message(tenant_a, monkeypatch):
    from achterkant.identity.lookup import LookupUnavailable

    class Down:
        def by_bsn(self, bsn, *, context):
            raise LookupUnavailable("de BRP antwoordt niet")

    monkeypatch.setattr("achterkant.identity.services.get_person_lookup", Down)
    response = _search(tenant_a.client("agent"), tenant_a.person.bsn)
    assert response.status_code == 503
    assert "Zoeken lukt nu niet: de BRP antwoordt niet" in response.content.decode()
