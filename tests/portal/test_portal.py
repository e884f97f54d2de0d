"""Mijn gemeente: DigiD (mock) log-in, the 15-minute session, and one picture of everything."""

import time
from urllib.parse import parse_qs, urlsplit

from django.test import override_settings

from achterkant.portal.session import SESSION_KEY


def log_in(client, bsn: str):
    """Walk the real mock IdP round trip: our login → IdP → our ACS with our state."""
    start = client.get("/mijn/inloggen/digid-test/")
    idp = urlsplit(start["Location"])
    assert idp.path == "/digid/idp/inloggen/"
    acs = parse_qs(idp.query)["acs"][0]
    return client.get(f"{acs}&bsn={bsn}&next=/mijn/")


def test_a_citizen_logs_in_through_the_mock_idp_and_sees_a_phone_case(tenant_a):
    case = tenant_a.open_case(channel="phone")
    client = tenant_a.client()
    assert client.get("/mijn/")["Location"] == "/mijn/inloggen/"
    assert (
        client.get(
            "/digid/idp/inloggen/", {"acs": "x", "next": "/mijn/", "cancel": "/mijn/"}
        ).status_code
        == 200
    )
    response = log_in(client, tenant_a.person.bsn)
    assert response["Location"] == "/mijn/"
    page = client.get("/mijn/").content.decode()
    assert case.number in page and "telefoon" in page
    assert case.latest_end_date.strftime("%Y") in page


def test_the_acs_refuses_a_forged_or_replayed_return(tenant_a):
    client = tenant_a.client()
    forged = client.get(f"/mijn/inloggen/digid-test/terug/?state=raden&bsn={tenant_a.person.bsn}")
    assert forged.status_code == 400
    start = urlsplit(client.get("/mijn/inloggen/digid-test/")["Location"])
    acs = parse_qs(start.query)["acs"][0]
    client.get(f"{acs}&bsn={tenant_a.person.bsn}")
    replay = client.get(f"{acs}&bsn=999990019")
    assert replay.status_code == 400


def test_an_invalid_bsn_from_the_idp_does_not_log_in(tenant_a):
    client = tenant_a.client()
    response = log_in(client, "123456789")
    assert response["Location"] == "/mijn/inloggen/"
    assert SESSION_KEY not in client.session


def test_the_session_ends_after_15_minutes_without_activity(tenant_a, monkeypatch):
    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    assert client.get("/mijn/").status_code == 200
    later = time.time() + 15 * 60 + 1
    monkeypatch.setattr("achterkant.portal.session.time.time", lambda: later)
    assert client.get("/mijn/")["Location"] == "/mijn/inloggen/"


def test_logout_ends_the_citizen_session(tenant_a):
    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    client.post("/mijn/uitloggen/")
    assert client.get("/mijn/")["Location"] == "/mijn/inloggen/"


def test_a_citizen_sees_only_their_own_cases_in_this_organisation(tenant_a, tenant_b):
    tenant_b.open_case()  # another citizen, in another municipality
    other = tenant_a.open_case(initiator_bsn="999990019")
    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    page = client.get("/mijn/").content.decode()
    assert other.number not in page
    assert "U heeft nog geen zaken" in page


def test_the_overview_query_count_does_not_grow_with_cases(tenant_a, django_assert_num_queries):
    for _ in range(4):
        tenant_a.open_case()
    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    client.get("/mijn/")
    with django_assert_num_queries(14):
        client.get("/mijn/")


@override_settings(DIGID_MOCK=False)
def test_the_mock_login_is_off_when_not_in_demo(tenant_a):
    assert tenant_a.client().get("/mijn/inloggen/digid-test/").status_code == 404
