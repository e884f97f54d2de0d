"""A logged-in desk user without an admin role gets a Dutch 403 in the admin, with the way
back to their start page; whoever is not logged in is still sent to log in (issue 17)."""

import pytest
from django.test import Client

from achterkant.staff import roles
from achterkant.staff.services import staff_member_ensure
from tests.conftest import PASSWORD, log_in_with_second_factor

ADMIN_PAGES = ("/admin/", "/admin/catalog/casetype/")


@pytest.fixture
def manager_client(tenant_a) -> Client:
    manager = staff_member_ensure(
        organisation=tenant_a.organisation,
        username="manager-a",
        password=PASSWORD,
        first_name="Mo",
        last_name="Manager",
        role=roles.MANAGER,
    )
    return log_in_with_second_factor(Client(HTTP_HOST=tenant_a.host), manager)


@pytest.mark.parametrize("role", ["agent", "worker", "lead"])
def test_desk_roles_get_a_dutch_403_with_the_way_back(tenant_a, role):
    client = tenant_a.client(role)
    for url in ADMIN_PAGES:
        response = client.get(url)

        assert response.status_code == 403, url
        page = response.content.decode()
        assert "Geen toegang tot het beheer" in page
        assert "Vraag dan uw functioneel beheerder" in page
        # The desk's own page (its layout, in Dutch), not the admin's log-in form.
        assert '<html lang="nl"' in page
        assert 'name="password"' not in page
        assert 'href="/desk/"' in page and "Naar de startpagina" in page
        assert "no-store" in response["Cache-Control"]


def test_a_manager_gets_the_403_too(manager_client):
    for url in ADMIN_PAGES:
        assert manager_client.get(url).status_code == 403, url


def test_not_logged_in_is_still_sent_to_log_in(tenant_a):
    for url in ADMIN_PAGES:
        response = Client(HTTP_HOST=tenant_a.host).get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/?next="), url


def test_admins_still_get_in(tenant_a):
    client = tenant_a.client("admin")
    for url in ADMIN_PAGES:
        assert client.get(url).status_code == 200, url
