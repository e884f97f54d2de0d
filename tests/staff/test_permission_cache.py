"""The staff member's permissions are kept in the session, and dropped as soon as they change.

Another web process is simulated by changing roles through the ORM between two requests
of the same logged-in client: nothing in this process is told, only the database changes.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from achterkant.staff import roles
from achterkant.staff.models import User
from achterkant.staff.permission_cache import SESSION_KEY
from achterkant.staff.sso.services import set_roles
from tests.conftest import log_in_with_second_factor


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    permission_queries = [
        q["sql"] for q in queries.captured_queries if "auth_permission" in q["sql"]
    ]
    return response, len(queries.captured_queries), permission_queries


@pytest.fixture
def case_url(tenant_a):
    return f"/desk/zaken/{tenant_a.open_case().number}/"


def _version(user) -> int:
    return User.objects.values_list("permissions_version", flat=True).get(pk=user.pk)


def test_the_second_request_reads_no_permissions(tenant_a, case_url):
    client = tenant_a.client("worker")
    first, first_count, first_permission_queries = _get(client, case_url)
    second, second_count, second_permission_queries = _get(client, case_url)
    assert first.status_code == second.status_code == 200
    assert len(first_permission_queries) == 2
    assert second_permission_queries == []
    # The first request also writes the session (the kept permissions), the second not.
    assert second_count <= first_count - 2
    assert client.session[SESSION_KEY]["perms"] == sorted(
        tenant_a.staff["worker"].get_all_permissions()
    )


def test_a_removed_role_counts_on_the_very_next_request(tenant_a, case_url):
    client = tenant_a.client("worker")
    assert client.get(case_url).status_code == 200
    assert client.get(case_url).status_code == 200  # from the session now
    worker = User.objects.get(pk=tenant_a.staff["worker"].pk)  # "another process"
    worker.groups.remove(Group.objects.get(name=roles.CASE_WORKER))
    assert client.get(case_url).status_code == 403


def test_a_role_removed_from_the_group_side_counts_as_well(tenant_a, case_url):
    client = tenant_a.client("worker")
    assert client.get(case_url).status_code == 200
    Group.objects.get(name=roles.CASE_WORKER).user_set.clear()
    assert client.get(case_url).status_code == 403


def test_a_permission_added_to_a_group_counts_at_once_for_its_members(tenant_a):
    client = tenant_a.client("agent")
    assert client.get("/desk/verwerkingen/").status_code == 403
    assert client.get("/desk/verwerkingen/").status_code == 403  # kept in the session
    group = Group.objects.get(name=roles.AGENT)
    view_log = Permission.objects.get(
        content_type__app_label="audit", codename="view_processinglogentry"
    )
    group.permissions.add(view_log)
    assert client.get("/desk/verwerkingen/").status_code == 200
    group.permissions.remove(view_log)
    assert client.get("/desk/verwerkingen/").status_code == 403


def test_own_permissions_and_a_deleted_group_raise_the_version(tenant_a):
    worker = tenant_a.staff["worker"]
    permission = Permission.objects.get(
        content_type__app_label="audit", codename="view_processinglogentry"
    )
    before = _version(worker)
    worker.user_permissions.add(permission)
    assert _version(worker) == before + 1
    permission.user_set.remove(worker)
    assert _version(worker) == before + 2
    agent = tenant_a.staff["agent"]
    before_agent = _version(agent)
    Group.objects.get(name=roles.AGENT).delete()
    assert _version(agent) == before_agent + 1
    assert _version(worker) == before + 2  # not a member


def test_the_same_roles_again_change_nothing(tenant_a):
    """The single sign-on sets the roles at every log-in: only a real change counts."""
    worker = tenant_a.staff["worker"]
    before = _version(worker)
    set_roles(worker, [roles.CASE_WORKER])
    assert _version(worker) == before
    set_roles(worker, [roles.CASE_WORKER, roles.AGENT])
    assert _version(worker) == before + 1
    set_roles(worker, [roles.CASE_WORKER, roles.AGENT])
    assert _version(worker) == before + 1


def test_a_deactivated_user_is_not_served_from_the_session(tenant_a, case_url):
    client = tenant_a.client("worker")
    assert client.get(case_url).status_code == 200
    # No signal, no version: is_active is checked with the kept entry itself.
    User.objects.filter(pk=tenant_a.staff["worker"].pk).update(is_active=False)
    assert client.get(case_url).status_code != 200


def test_a_superuser_is_not_kept_and_not_affected(tenant_a, case_url):
    root = User.objects.create_superuser("root", "root@example.org", "x-wachtwoord-123")
    client = log_in_with_second_factor(tenant_a.client(), root)
    assert client.get(case_url).status_code == 200
    assert client.get(case_url).status_code == 200
    assert SESSION_KEY not in client.session
    root.groups.add(Group.objects.get(name=roles.AGENT))
    assert client.get(case_url).status_code == 200


def test_has_perm_from_the_kept_permissions_answers_as_the_backends_do(tenant_a):
    """``User.has_perm`` answers a yes from the permissions read already this request
    without asking each backend again; every answer is the backends' own."""
    from django.contrib.auth.models import _user_has_perm

    every = [
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.select_related("content_type")
    ]
    for role in ("agent", "worker", "lead"):
        user = User.objects.get(pk=tenant_a.staff[role].pk)
        user.get_all_permissions()  # what the first check of a request reads
        assert "_perm_cache" in user.__dict__
        answers = {perm: user.has_perm(perm) for perm in every}
        assert answers == {perm: _user_has_perm(user, perm, None) for perm in every}
        assert any(answers.values()) and not all(answers.values())
        user.is_active = False
        assert not any(user.has_perm(perm) for perm in every)
