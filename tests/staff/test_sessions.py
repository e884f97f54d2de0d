"""Staff sessions end when idle or too old, and no page with personal data is cached (issue 12).

The clocks are moved by editing the session's timestamps, never by waiting.
"""

import time

import pytest

from achterkant.staff.middleware import SESSION_CLOCK_KEY
from tests.conftest import PASSWORD
from tests.portal.test_portal import log_in

LOGIN = "/medewerker/inloggen/"


def _clock(client) -> dict:
    return client.session[SESSION_CLOCK_KEY]


def _shift(client, *, started_ago: float | None = None, seen_ago: float | None = None) -> None:
    """Pretend the session began ``started_ago`` and was last used ``seen_ago`` seconds ago."""
    session = client.session
    clock = dict(session[SESSION_CLOCK_KEY])
    now = time.time()
    if started_ago is not None:
        clock["started"] = now - started_ago
    if seen_ago is not None:
        clock["seen"] = now - seen_ago
    session[SESSION_CLOCK_KEY] = clock
    session.save()


@pytest.fixture
def agent(tenant_a):
    client = tenant_a.client("agent")
    assert client.get("/desk/").status_code == 200  # the first request starts the clock
    return client


def _assert_logged_out_with(client, response, message: str) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert message in page.content.decode()


def test_a_log_in_starts_the_clock_and_bounds_the_session(tenant_a, settings):
    client = tenant_a.client()
    response = client.post(LOGIN, {"username": "agent-a", "password": PASSWORD})
    assert response.status_code == 302
    clock = _clock(client)
    assert clock["started"] == clock["seen"]
    # Not Django's two weeks: the session ends shortly after the absolute limit.
    assert client.session.get_expiry_age() <= settings.STAFF_SESSION_MAX_SECONDS + 3600


def test_idle_past_the_limit_logs_out_with_a_message(agent, settings):
    _shift(agent, seen_ago=settings.STAFF_SESSION_IDLE_SECONDS + 1)
    response = agent.get("/desk/zaken/?voor=x")
    _assert_logged_out_with(agent, response, "U was te lang niet actief")
    assert "next=/desk/zaken/" in response["Location"]


def test_activity_keeps_the_session_alive(agent, settings):
    idle = settings.STAFF_SESSION_IDLE_SECONDS
    for _ in range(3):  # three spells of almost the idle limit: 1.5 hours in all
        _shift(agent, seen_ago=idle - 120)
        before = _clock(agent)["seen"]
        assert agent.get("/desk/").status_code == 200
        assert _clock(agent)["seen"] > before


def test_the_absolute_limit_ends_the_session_even_with_activity(agent, settings):
    _shift(agent, started_ago=settings.STAFF_SESSION_MAX_SECONDS + 1, seen_ago=0)
    response = agent.get("/desk/")
    _assert_logged_out_with(agent, response, "Uw sessie is na 10 uur verlopen. Log opnieuw in.")


def test_the_limits_follow_the_settings(agent, settings):
    _shift(agent, seen_ago=90)
    assert agent.get("/desk/").status_code == 200  # the default allows 30 minutes
    settings.STAFF_SESSION_IDLE_SECONDS = 60
    _shift(agent, seen_ago=90)
    _assert_logged_out_with(agent, agent.get("/desk/"), "langer dan 1 minuut")


def test_the_absolute_limit_follows_the_settings(tenant_a, settings):
    settings.STAFF_SESSION_MAX_SECONDS = 2 * 60 * 60
    client = tenant_a.client("worker")
    client.get("/desk/")
    _shift(client, started_ago=2 * 60 * 60 + 1, seen_ago=0)
    _assert_logged_out_with(client, client.get("/desk/"), "Uw sessie is na 2 uur verlopen.")


def test_a_post_after_the_limit_is_not_carried_out(agent, settings):
    _shift(agent, seen_ago=settings.STAFF_SESSION_IDLE_SECONDS + 1)
    response = agent.post("/desk/personen/kiezen/", {"bsn": "999993653"})
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in agent.session


def test_an_htmx_request_after_the_limit_loads_the_log_in_page(agent, settings):
    _shift(agent, seen_ago=settings.STAFF_SESSION_IDLE_SECONDS + 1)
    response = agent.get("/desk/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == LOGIN
    assert "_auth_user_id" not in agent.session


def test_a_citizens_portal_session_is_left_alone(tenant_a):
    citizen = tenant_a.client()
    log_in(citizen, tenant_a.person.bsn)
    assert citizen.get("/mijn/").status_code == 200
    assert SESSION_CLOCK_KEY not in citizen.session


@pytest.mark.parametrize("url", ["/desk/", "/desk/zaken/", LOGIN])
def test_desk_pages_are_not_stored(tenant_a, url):
    response = tenant_a.client("worker").get(url, follow=True)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_portal_pages_are_not_stored(tenant_a):
    citizen = tenant_a.client()
    log_in(citizen, tenant_a.person.bsn)
    response = citizen.get("/mijn/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_admin_pages_are_not_stored(tenant_a):
    response = tenant_a.client("admin").get("/admin/catalog/casetype/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_refused_input_is_not_stored_either(tenant_a):
    response = tenant_a.client("worker").get("/desk/zaken/", {"voor": "\x00"})
    assert response.status_code == 400
    assert "no-store" in response["Cache-Control"]
