"""The routing admin: pages load, dropdowns show only the own organisation, errors are Dutch.

The functional-admin role does not hold the routing permissions beyond ``team`` yet, so
most tests log in as a superuser bound to organisation A.
"""

import pytest
from django.test import Client

from achterkant.routing.models import RoutingRule, Skill, SlaPolicy, Team, TeamMembership
from achterkant.staff.models import User
from tests.conftest import log_in_with_second_factor

PAGES = ["routingrule", "skill", "team", "slapolicy"]


@pytest.fixture
def admin_client(tenant_a) -> Client:
    root = User.objects.create_superuser(
        username="root-a", password="x", organisation=tenant_a.organisation
    )
    client = Client(HTTP_HOST=tenant_a.host)
    log_in_with_second_factor(client, root)
    return client


@pytest.fixture
def two_teams(tenant_a, tenant_b):
    with tenant_b.active():
        Team.objects.create(identification="b-team", name="Team van B")
        Skill.objects.create(code="b-skill", name="Vaardigheid van B")
    with tenant_a.active():
        skill = Skill.objects.create(code="wabo", name="Omgevingsrecht")
        team = Team.objects.create(identification="kcc", name="Klantcontactcentrum")
        team.members.add(tenant_a.staff["worker"])
        RoutingRule.objects.create(team=team, product_code="melding", description="Meldingen")
        SlaPolicy.objects.create()
        return team, skill


@pytest.mark.parametrize("model", PAGES)
def test_list_and_add_pages_load(admin_client, two_teams, model):
    assert admin_client.get(f"/admin/routing/{model}/").status_code == 200
    if model != "slapolicy":  # one policy per organisation, and it exists
        assert admin_client.get(f"/admin/routing/{model}/add/").status_code == 200


def test_the_team_page_lists_only_own_staff_and_skills(admin_client, two_teams, tenant_b):
    team, _ = two_teams
    page = admin_client.get(f"/admin/routing/team/{team.pk}/change/").content.decode()
    assert "Omgevingsrecht" in page
    assert "Vaardigheid van B" not in page
    assert "worker-a" in page or "Worker A" in page
    assert "Worker B" not in page


def test_the_rule_page_lists_only_own_teams(admin_client, two_teams):
    page = admin_client.get("/admin/routing/routingrule/add/").content.decode()
    assert "Klantcontactcentrum" in page
    assert "Team van B" not in page


def test_a_team_with_members_and_skills_is_saved_for_the_own_organisation(
    admin_client, two_teams, tenant_a
):
    _, skill = two_teams
    worker = tenant_a.staff["worker"]
    response = admin_client.post("/admin/routing/team/add/", {
        "identification": "vergunningen", "name": "Vergunningen", "email": "",
        "auto_assign": "on", "required_skill": skill.pk,
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0",
        "memberships-0-user": worker.pk, "memberships-0-skills": [skill.pk],
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    with tenant_a.active():
        team = Team.objects.get(identification="vergunningen")
        membership = TeamMembership.objects.get(team=team)
        assert membership.organisation == tenant_a.organisation
        assert list(membership.skills.all()) == [skill]
        assert list(team.members.all()) == [worker]


def test_a_duplicate_team_code_gets_a_dutch_message_not_an_error(admin_client, two_teams):
    response = admin_client.post("/admin/routing/team/add/", {
        "identification": "kcc", "name": "Nog een KCC", "email": "",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
    })  # fmt: skip
    assert response.status_code == 200
    assert "Er is al een team met deze code." in response.content.decode()


def test_a_rule_without_product_or_case_type_gets_a_dutch_message(admin_client, two_teams):
    team, _ = two_teams
    response = admin_client.post("/admin/routing/routingrule/add/", {
        "order": "10", "team": team.pk, "active": "on", "channel": "phone",
        "product_code": "", "case_type_identification": "", "postcode_from": "",
        "postcode_to": "", "description": "",
    })  # fmt: skip
    assert response.status_code == 200
    assert "Vul een productcode of een zaaktype in." in response.content.decode()


def test_a_rule_is_saved_for_the_own_organisation(admin_client, two_teams, tenant_a):
    team, _ = two_teams
    response = admin_client.post("/admin/routing/routingrule/add/", {
        "order": "5", "team": team.pk, "active": "on", "channel": "",
        "product_code": "", "case_type_identification": "ZT-MELDING",
        "postcode_from": "1000", "postcode_to": "1099", "description": "Noord",
    })  # fmt: skip
    assert response.status_code == 302
    with tenant_a.active():
        rule = RoutingRule.objects.get(description="Noord")
        assert rule.organisation == tenant_a.organisation


def test_the_functional_admin_can_manage_teams(tenant_a, two_teams):
    team, _ = two_teams
    client = tenant_a.client("admin")
    assert client.get("/admin/routing/team/").status_code == 200
    assert client.get(f"/admin/routing/team/{team.pk}/change/").status_code == 200
