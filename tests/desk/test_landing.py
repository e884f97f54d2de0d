"""Each role's start page, its menu, and the way between the desk and the admin (issue 17)."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from achterkant.demo.seed import STAFF
from achterkant.desk.landing import MENU, start_page
from achterkant.staff import roles
from achterkant.staff.services import staff_member_ensure
from tests.conftest import PASSWORD, log_in_with_second_factor, totp_device

# The demo's roles (demo.seed.STAFF) and where each starts.
START = {
    roles.AGENT: "/desk/",
    roles.CASE_WORKER: "/desk/werk/",
    roles.TEAM_LEAD: "/desk/teamleider/",
    roles.FUNCTIONAL_ADMIN: "/admin/",
    roles.KNOWLEDGE_EDITOR: "/admin/",
    roles.MANAGER: "/desk/inzicht/",
}
NAV = re.compile(r'<nav class="utrecht-nav-bar[^"]*" aria-label="Hoofdmenu">(.*?)</nav>', re.S)


def _member(tenant, username: str, *role_names: str):
    with tenant.active():
        user = staff_member_ensure(
            organisation=tenant.organisation, username=username, password=PASSWORD,
            first_name=username.title(), last_name="Test", role=role_names[0],
        )  # fmt: skip
    user.groups.add(*Group.objects.filter(name__in=role_names[1:]))
    return user


def _client(tenant, user) -> Client:
    return log_in_with_second_factor(Client(HTTP_HOST=tenant.host), user)


def _menu(html: str) -> dict[str, str]:
    """The menu's items: label -> href."""
    found = NAV.search(html)
    assert found, "no main menu on the page"
    return {label: href for href, label in re.findall(r'href="([^"]+)"[^>]*>([^<]+)</a>', found[1])}


def test_every_demo_role_is_covered():
    assert {role for *_, role in STAFF} == set(START)


@pytest.mark.parametrize("role", list(START))
def test_each_demo_role_lands_on_its_own_start_page_from_the_desk(tenant_a, role):
    client = _client(tenant_a, _member(tenant_a, "someone", role))
    response = client.get("/desk/")
    if START[role] == "/desk/":
        assert response.status_code == 200
        assert "Wie heeft u aan de lijn?" in response.content.decode()
    else:
        assert response.status_code == 302
        assert response["Location"] == START[role]
        assert client.get(START[role]).status_code == 200


@pytest.mark.parametrize("role", [roles.CASE_WORKER, roles.FUNCTIONAL_ADMIN])
def test_the_log_in_form_leads_through_the_desk_to_the_start_page(tenant_a, role):
    user = _member(tenant_a, "form", role)
    totp_device(user)
    client = Client(HTTP_HOST=tenant_a.host)
    login = client.post(reverse("staff:login"), {"username": "form", "password": PASSWORD})
    assert login.status_code == 302 and login["Location"] == "/desk/"  # LOGIN_REDIRECT_URL
    log_in_with_second_factor(client, user)
    assert client.get(login["Location"])["Location"] == START[role]


def test_an_agent_who_is_also_a_case_worker_starts_on_the_search_and_reaches_the_work(tenant_a):
    client = _client(tenant_a, _member(tenant_a, "both", roles.AGENT, roles.CASE_WORKER))
    home = client.get("/desk/")
    assert home.status_code == 200
    menu = _menu(home.content.decode())
    assert {"Zoeken", "Mijn werk", "Zaken", "Brief", "Contactverzoeken"} <= set(menu)
    assert client.get(menu["Mijn werk"]).status_code == 200


def test_a_case_worker_still_reaches_the_search(tenant_a):
    client = tenant_a.client("worker")
    menu = _menu(client.get("/desk/werk/").content.decode())
    assert menu["Zoeken"] == reverse("desk:identify")
    page = client.get(menu["Zoeken"])
    assert page.status_code == 200 and "Wie heeft u aan de lijn?" in page.content.decode()


def test_someone_without_a_role_lands_on_the_knowledge_base(tenant_a):
    with tenant_a.active():
        user = staff_member_ensure(
            organisation=tenant_a.organisation, username="nobody", password=PASSWORD,
            first_name="No", last_name="Role", role=roles.AGENT,
        )  # fmt: skip
    user.groups.clear()
    assert start_page(user) == reverse("desk:knowledge")
    assert _client(tenant_a, user).get("/desk/")["Location"] == reverse("desk:knowledge")


MENU_LABELS = {
    roles.AGENT: {"Zoeken", "Kennisbank", "Contactverzoeken", "E-mail", "Brief", "Zaken",
                  "Mijn werk", "Verzonden berichten"},
    roles.CASE_WORKER: {"Zoeken", "Kennisbank", "Contactverzoeken", "E-mail", "Mijn werk",
                        "Zaken", "Verzonden berichten"},
    roles.MANAGER: {"Kennisbank", "Inzicht"},
    roles.FUNCTIONAL_ADMIN: {"Kennisbank", "Verzonden berichten", "Verwerkingenlog", "Beheer"},
    roles.KNOWLEDGE_EDITOR: {"Kennisbank", "Beheer"},
}  # fmt: skip


@pytest.mark.parametrize("role", list(MENU_LABELS))
def test_the_menu_shows_only_what_the_role_may_open(tenant_a, role):
    client = _client(tenant_a, _member(tenant_a, "someone", role))
    menu = _menu(client.get(reverse("desk:knowledge")).content.decode())
    assert set(menu) == MENU_LABELS[role]
    for label, href in menu.items():
        assert client.get(href).status_code in (200, 302), label  # 302: the admin's index
    for item in MENU:
        if item.label not in menu:
            assert client.get(reverse(item.url_name)).status_code == 403, item.label


def test_a_team_lead_sees_every_desk_item_but_not_beheer(tenant_a):
    menu = _menu(tenant_a.client("lead").get(reverse("desk:knowledge")).content.decode())
    assert set(menu) == {item.label for item in MENU}


@pytest.mark.parametrize("item", MENU, ids=[item.label for item in MENU])
def test_each_item_marks_its_own_page_as_current(tenant_a, item):
    page = tenant_a.client("lead").get(reverse(item.url_name)).content.decode()
    nav = NAV.search(page)[1]
    current = re.findall(r'<a [^>]*aria-current="page"[^>]*>([^<]+)</a>', nav)
    assert current == [item.label]


def test_the_start_page_marks_zoeken_and_an_error_page_marks_nothing(tenant_a):
    client = tenant_a.client("agent")
    nav = NAV.search(client.get("/desk/").content.decode())[1]
    assert re.findall(r'aria-current="page"[^>]*>([^<]+)<', nav) == ["Zoeken"]
    missing = client.get("/desk/bestaat-niet/")
    assert missing.status_code == 404
    assert 'aria-current="page"' not in NAV.search(missing.content.decode())[1]


def test_the_admin_links_back_to_the_desk(tenant_a):
    client = tenant_a.client("admin")
    admin = client.get("/admin/").content.decode()
    link = re.search(r'href="([^"]+)" data-testid="admin-desk-link">Naar de werkplek', admin)
    assert link, "no link to the desk in the admin header"
    assert link[1] == reverse("desk:knowledge")  # their first desk page, not /desk/ (the admin)
    assert client.get(link[1]).status_code == 200
    assert "Website bekijken" not in admin
