"""The session is read together with its user, and who is logged in stays exactly as strict.

Changes by "another web process" are made through ``QuerySet.update`` (no signals), so only
the database knows of them.
"""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test.utils import CaptureQueriesContext

from achterkant.staff.models import StaffSession, User
from achterkant.staff.sessions import AuthenticationMiddleware, SessionStore
from tests.conftest import PASSWORD
from tests.portal.test_portal import log_in

OIDC_BACKEND = "achterkant.staff.sso.backends.OrganisationOidcBackend"


def _statements(client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, [q["sql"] for q in queries.captured_queries]


def _reads_the_user_alone(statements: list[str]) -> bool:
    return any(sql.startswith('SELECT "staff_user"."id"') for sql in statements)


def test_a_desk_page_reads_the_user_in_the_session_query(tenant_a):
    client = tenant_a.client("agent")
    client.get("/desk/")
    status, statements = _statements(client, "/desk/")
    assert status == 200
    session_reads = [sql for sql in statements if 'FROM "staff_session"' in sql]
    assert len(session_reads) == 1
    assert 'JOIN "staff_user"' in session_reads[0]
    assert not _reads_the_user_alone(statements)


def test_the_session_row_names_its_user_and_log_out_deletes_it(tenant_a):
    client = tenant_a.client("agent")
    client.get("/desk/")
    key = client.cookies["sessionid"].value
    assert StaffSession.objects.get(session_key=key).user_id == tenant_a.staff["agent"].pk

    client.post("/medewerker/uitloggen/")
    assert not StaffSession.objects.filter(session_key=key).exists()
    # The old cookie, replayed, is nobody's (server-side revocation).
    replay = tenant_a.client()
    replay.cookies["sessionid"] = key
    assert replay.get("/desk/").status_code == 302


def test_a_deactivated_user_is_logged_out_on_the_very_next_request(tenant_a):
    client = tenant_a.client("agent")
    assert client.get("/desk/").status_code == 200
    User.objects.filter(pk=tenant_a.staff["agent"].pk).update(is_active=False)
    response = client.get("/desk/")
    assert response.status_code == 302
    assert response["Location"].startswith("/medewerker/inloggen/")


def test_a_deactivated_single_sign_on_user_is_logged_out_as_well(tenant_a):
    """The OpenID Connect library's ``get_user`` did not look at ``is_active``."""
    client = tenant_a.client("agent")
    session = client.session
    session[BACKEND_SESSION_KEY] = OIDC_BACKEND
    session.save()
    assert client.get("/desk/").status_code == 200
    User.objects.filter(pk=tenant_a.staff["agent"].pk).update(is_active=False)
    assert client.get("/desk/").status_code == 302


def test_a_changed_password_logs_out_every_session(tenant_a):
    client = tenant_a.client("agent")
    assert client.get("/desk/").status_code == 200
    agent = User.objects.get(pk=tenant_a.staff["agent"].pk)
    agent.set_password(PASSWORD + "-nieuw")
    agent.save()
    assert client.get("/desk/").status_code == 302


def _user_of(key: str):
    request = HttpRequest()
    request.session = SessionStore(key)
    AuthenticationMiddleware(lambda r: HttpResponse()).process_request(request)
    return request.user


def test_the_user_the_session_data_names_counts_not_the_column(tenant_a):
    client = tenant_a.client("agent")
    client.get("/desk/")
    key = client.cookies["sessionid"].value
    StaffSession.objects.filter(session_key=key).update(user_id=tenant_a.staff["admin"].pk)
    with CaptureQueriesContext(connection) as queries:
        user = _user_of(key)
        assert user.pk == tenant_a.staff["agent"].pk
    # The row that came along was someone else's: the right user was read on its own.
    assert _reads_the_user_alone([q["sql"] for q in queries.captured_queries])


def test_a_session_saved_before_the_user_column_reads_the_user_as_before(tenant_a):
    client = tenant_a.client("agent")
    client.get("/desk/")
    key = client.cookies["sessionid"].value
    StaffSession.objects.filter(session_key=key).update(user=None)
    assert _user_of(key).pk == tenant_a.staff["agent"].pk


@pytest.mark.parametrize("value", [None, "", "not-a-number"])
def test_a_session_without_a_user_id_saves_no_user_column(db, value):
    row = SessionStore().create_model_instance({} if value is None else {SESSION_KEY: value})
    assert row.user_id is None


def test_a_citizens_session_has_no_user_and_is_one_query(tenant_a):
    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    key = client.cookies["sessionid"].value
    assert StaffSession.objects.get(session_key=key).user_id is None
    _, statements = _statements(client, "/mijn/")
    assert len([sql for sql in statements if 'FROM "staff_session"' in sql]) == 1
    assert not _reads_the_user_alone(statements)


def test_the_compiled_session_read_is_the_orm_read(tenant_a):
    """On a host of an organisation the session and its user come from a query compiled
    once per process (``tenancy.compiled``): the same row and user as the ORM's; an
    expired or unknown key finds nothing."""
    from datetime import timedelta

    from django.utils import timezone

    client = tenant_a.client("agent")
    client.get("/desk/")
    key = client.cookies["sessionid"].value
    with tenant_a.active():
        for _ in range(2):  # the second read runs the compiled query
            store = SessionStore(key)
            row = store._get_session_from_db()
            orm = StaffSession.objects.select_related("user").get(session_key=key)
            assert (row.session_key, row.session_data, row.expire_date, row.user_id) == (
                orm.session_key, orm.session_data, orm.expire_date, orm.user_id,
            )  # fmt: skip
            assert store.take_user_row(orm.user_id).pk == tenant_a.staff["agent"].pk
            assert store.load()[SESSION_KEY] == str(tenant_a.staff["agent"].pk)
        assert SessionStore("x" * 32).load() == {}
        StaffSession.objects.filter(session_key=key).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
        expired = SessionStore(key)
        assert expired._get_session_from_db() is None and expired.session_key is None
    assert client.get("/desk/").status_code == 302  # logged out


def test_a_citizens_session_is_read_by_a_compiled_query_without_the_user(tenant_a):
    """The same for a citizen on /mijn/ (no user row, so no join): the row Django's own
    query gives; an expired session is not read and the citizen is sent to log in."""
    from datetime import timedelta

    from django.utils import timezone

    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    key = client.cookies["sessionid"].value
    for _ in range(2):  # the second page runs the compiled query
        _, statements = _statements(client, "/mijn/")
        [read] = [sql for sql in statements if 'FROM "staff_session"' in sql]
        assert "JOIN" not in read and '"staff_session"."session_key" = ' in read
    with tenant_a.active():
        store = SessionStore(key)
        store.read_with_user = False
        row = store._get_session_from_db()
        orm = StaffSession.objects.get(session_key=key)
        assert (row.session_key, row.session_data, row.expire_date) == (
            orm.session_key, orm.session_data, orm.expire_date,
        )  # fmt: skip
        assert store.take_user_row(None) is None
        StaffSession.objects.filter(session_key=key).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
    assert client.get("/mijn/").status_code == 302
