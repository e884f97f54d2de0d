"""A citizen's portal session belongs to the organisation it was started on (issue 12, 6).

A session cookie copied to another organisation's host name logs nobody in there, and the
session is ended: it no longer works on its own organisation's site either.
"""

from django.conf import settings
from django.test import Client

from achterkant.portal.session import SESSION_KEY
from tests.portal.test_portal import log_in


def _copy_session(source: Client, host: str) -> Client:
    client = Client(HTTP_HOST=host)
    client.cookies[settings.SESSION_COOKIE_NAME] = source.cookies[
        settings.SESSION_COOKIE_NAME
    ].value
    return client


def test_the_session_remembers_its_organisation(tenant_a):
    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    assert client.session[SESSION_KEY]["organisation"] == tenant_a.organisation.pk


def test_a_session_copied_to_another_organisations_host_is_logged_out_and_ended(tenant_a, tenant_b):
    case = tenant_a.open_case(channel="phone")
    on_a = tenant_a.client()
    log_in(on_a, tenant_a.person.bsn)
    assert case.number in on_a.get("/mijn/").content.decode()

    on_b = _copy_session(on_a, tenant_b.host)
    assert on_b.get("/mijn/sessie/").json()["seconds_left"] == 0
    response = on_b.get("/mijn/")
    assert response.status_code == 302 and response["Location"] == "/mijn/inloggen/"
    page = on_b.get("/mijn/", follow=True).content.decode()
    assert case.number not in page and tenant_a.person.bsn not in page

    # Ending it is the safer choice: the copied cookie may be a stolen one.
    assert on_a.get("/mijn/")["Location"] == "/mijn/inloggen/"


def test_a_session_from_before_sessions_were_bound_is_ended(tenant_a):
    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    session = client.session
    del session[SESSION_KEY]["organisation"]
    session.save()
    assert client.get("/mijn/")["Location"] == "/mijn/inloggen/"
