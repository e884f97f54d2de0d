"""Staff management in the admin by the functional admin (issue 17): own organisation only,
no superuser and no loose permissions, never deleted, every change through staff.services."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from achterkant.routing.models import Team, TeamMembership
from achterkant.staff import roles, services
from achterkant.staff.models import User
from achterkant.staff.services import StaffMemberData, staff_member_ensure
from tests.conftest import PASSWORD, log_in_with_second_factor

LIST = "/admin/staff/user/"
ADD = "/admin/staff/user/add/"
# The teams inline (routing.admin_staff): the management form of an empty formset.
NO_TEAMS = {
    "team_memberships-TOTAL_FORMS": "0",
    "team_memberships-INITIAL_FORMS": "0",
    "team_memberships-MIN_NUM_FORMS": "0",
    "team_memberships-MAX_NUM_FORMS": "1000",
}


def change_url(user) -> str:
    return f"/admin/staff/user/{user.pk}/change/"


def role_ids(*names: str) -> list[str]:
    return [str(pk) for pk in Group.objects.filter(name__in=names).values_list("pk", flat=True)]


def form_data(**overrides) -> dict:
    data = {
        "first_name": "Nina",
        "last_name": "Nieuw",
        "email": "nina@example.nl",
        "is_active": "on",
        "roles": role_ids(roles.AGENT),
        **NO_TEAMS,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def data_of(member: User, **overrides) -> StaffMemberData:
    values = {
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "is_active": member.is_active,
        "roles": frozenset(member.groups.values_list("name", flat=True)),
        **overrides,
    }
    return StaffMemberData(**values)


@pytest.fixture
def editor(tenant_a):
    return staff_member_ensure(
        organisation=tenant_a.organisation,
        username="editor-a",
        password=PASSWORD,
        first_name="Eva",
        last_name="Redactie",
        role=roles.KNOWLEDGE_EDITOR,
    )


# -- the list ------------------------------------------------------------------------------


def test_the_list_shows_the_own_organisations_staff_only(
    tenant_a, tenant_b, django_assert_max_num_queries
):
    User.objects.create_superuser("platform", "p@example.nl", PASSWORD)
    for number in range(10):  # more rows cost no more queries (roles are prefetched)
        staff_member_ensure(
            organisation=tenant_a.organisation,
            username=f"extra-{number}",
            password=PASSWORD,
            first_name="Extra",
            last_name=str(number),
            role=roles.AGENT,
        )
    client = tenant_a.client("admin")
    # Most of these are the admin's menu asking each model's permissions; none per row.
    with django_assert_max_num_queries(22):
        response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    for key in ("agent", "worker", "lead", "admin"):
        assert f">{key}-a<" in html
        assert f"{key}-b" not in html
    assert "platform" not in html
    # The roles column, in Dutch, from the role groups.
    assert roles.TEAM_LEAD in html and "rollen" in html.lower()


def test_the_list_filters_by_role_and_by_search(tenant_a):
    client = tenant_a.client("admin")
    html = client.get(LIST, {"rol": roles.CASE_WORKER}).content.decode()
    assert ">worker-a<" in html and ">agent-a<" not in html
    html = client.get(LIST, {"q": "agent"}).content.decode()
    assert ">agent-a<" in html and ">worker-a<" not in html


def test_the_admin_index_offers_staff_to_the_functional_admin(tenant_a):
    html = tenant_a.client("admin").get("/admin/").content.decode()
    assert 'href="/admin/staff/user/"' in html
    assert "Medewerkers" in html


# -- creating ------------------------------------------------------------------------------


def test_a_functional_admin_creates_a_staff_member_who_gets_an_invitation(tenant_a):
    client = tenant_a.client("admin")
    response = client.post(
        ADD, form_data(username="nina", roles=role_ids(roles.AGENT, roles.CASE_WORKER))
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    member = User.objects.get(username="nina")
    assert response["Location"] == f"/admin/staff/user/{member.pk}/uitnodiging/"
    assert member.organisation == tenant_a.organisation
    assert member.is_staff and not member.is_superuser and member.is_active
    assert not member.has_usable_password()
    assert set(member.groups.values_list("name", flat=True)) == {roles.AGENT, roles.CASE_WORKER}
    assert not member.user_permissions.exists()
    entry = LogEntry.objects.get(object_id=str(member.pk))
    assert entry.user == tenant_a.staff["admin"]
    assert "Medewerker aangemaakt" in entry.get_change_message()

    page = client.get(response["Location"]).content.decode()
    link = re.search(r'value="(http://a\.localhost/medewerker/uitnodiging/[^"]+)"', page)
    assert link, page
    assert "mailto:nina@example.nl" in page


def test_the_invitation_sets_the_first_password_once(tenant_a):
    admin = tenant_a.client("admin")
    admin.post(ADD, form_data(username="nina"))
    member = User.objects.get(username="nina")
    page = admin.get(f"/admin/staff/user/{member.pk}/uitnodiging/").content.decode()
    path = re.search(r'value="http://a\.localhost(/medewerker/uitnodiging/[^"]+)"', page)[1]

    newcomer = Client(HTTP_HOST=tenant_a.host)
    # The token leaves the address at once (as Django's password reset does).
    response = newcomer.get(path)
    assert response.status_code == 302
    assert response["Location"].endswith("/wachtwoord-instellen/")
    form = newcomer.get(response["Location"])
    assert form.status_code == 200
    assert "Wachtwoord instellen" in form.content.decode()
    # Too short: refused by the password validators, in Dutch, nothing saved.
    short = newcomer.post(response["Location"], {"new_password1": "kort", "new_password2": "kort"})
    assert short.status_code == 200
    member.refresh_from_db()
    assert not member.has_usable_password()
    done = newcomer.post(
        response["Location"],
        {"new_password1": "Een-lang-wachtwoord-42", "new_password2": "Een-lang-wachtwoord-42"},
    )
    assert done.status_code == 302 and done["Location"] == "/medewerker/inloggen/"
    member.refresh_from_db()
    assert member.check_password("Een-lang-wachtwoord-42")
    # Used once: the same link (and its session) no longer works.
    assert Client(HTTP_HOST=tenant_a.host).get(path).status_code == 404
    assert newcomer.get(response["Location"]).status_code == 404
    # And the admin is told it was used, instead of a new link.
    change = admin.get(change_url(member)).content.decode()
    assert "eigen wachtwoord" in change


def test_an_invitation_works_on_its_own_organisations_site_only(tenant_a, tenant_b):
    admin = tenant_a.client("admin")
    admin.post(ADD, form_data(username="nina"))
    member = User.objects.get(username="nina")
    page = admin.get(f"/admin/staff/user/{member.pk}/uitnodiging/").content.decode()
    path = re.search(r'value="http://a\.localhost(/medewerker/uitnodiging/[^"]+)"', page)[1]
    assert Client(HTTP_HOST=tenant_b.host).get(path).status_code == 404


def test_a_new_link_makes_the_old_one_stop_working(tenant_a):
    admin = tenant_a.client("admin")
    admin.post(ADD, form_data(username="nina"))
    member = User.objects.get(username="nina")
    url = f"/admin/staff/user/{member.pk}/uitnodiging/"
    old = re.search(
        r'value="http://a\.localhost(/medewerker/uitnodiging/[^"]+)"',
        admin.get(url).content.decode(),
    )[1]
    renewed = admin.post(url).content.decode()
    new = re.search(r'value="http://a\.localhost(/medewerker/uitnodiging/[^"]+)"', renewed)[1]
    assert new != old
    assert Client(HTTP_HOST=tenant_a.host).get(old).status_code == 404
    assert Client(HTTP_HOST=tenant_a.host).get(new).status_code == 302


def test_a_taken_username_is_refused_in_dutch(tenant_a, tenant_b):
    client = tenant_a.client("admin")
    # Also another organisation's: user names are unique over the installation.
    response = client.post(ADD, form_data(username="AGENT-B"))
    assert response.status_code == 200
    assert services.USERNAME_TAKEN in response.content.decode()
    assert User.objects.filter(username__iexact="agent-b").count() == 1


def test_nobody_is_made_superuser_or_given_loose_permissions(tenant_a):
    client = tenant_a.client("admin")
    everything = Group.objects.create(name="Alles")
    everything.permissions.set(Permission.objects.all())
    response = client.post(
        ADD,
        form_data(
            username="sneaky",
            is_superuser="on",
            is_staff="on",
            organisation=str(tenant_a.organisation.pk + 1),
            user_permissions=[str(Permission.objects.get(codename="delete_user").pk)],
            groups=[str(everything.pk)],
        ),
    )
    assert response.status_code == 302
    member = User.objects.get(username="sneaky")
    assert not member.is_superuser
    assert member.organisation == tenant_a.organisation
    assert not member.user_permissions.exists()
    assert list(member.groups.values_list("name", flat=True)) == [roles.AGENT]
    # A group that is not a role is not offered, and posting it is refused.
    response = client.post(ADD, form_data(username="sneaky2", roles=[str(everything.pk)]))
    assert response.status_code == 200
    assert not User.objects.filter(username="sneaky2").exists()


def test_the_service_refuses_a_role_that_is_not_a_role(tenant_a):
    with pytest.raises(ValidationError):
        services.staff_member_create(
            actor=tenant_a.staff["admin"],
            organisation=tenant_a.organisation,
            username="x",
            data=StaffMemberData("X", "Y", "", True, frozenset({"Alles"})),
        )


# -- changing ------------------------------------------------------------------------------


def test_a_functional_admin_changes_name_email_and_roles(tenant_a):
    client = tenant_a.client("admin")
    agent = tenant_a.staff["agent"]
    response = client.post(
        change_url(agent),
        form_data(
            first_name="Anna",
            last_name="Agent",
            email="anna@example.nl",
            roles=role_ids(roles.CASE_WORKER),
            username="renamed",  # read-only: ignored
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    agent.refresh_from_db()
    assert (agent.first_name, agent.last_name, agent.email) == ("Anna", "Agent", "anna@example.nl")
    assert agent.username == "agent-a"
    assert list(agent.groups.values_list("name", flat=True)) == [roles.CASE_WORKER]
    message = LogEntry.objects.filter(object_id=str(agent.pk)).latest("pk").get_change_message()
    assert f"rol gegeven: {roles.CASE_WORKER}" in message
    assert f"rol afgenomen: {roles.AGENT}" in message


def test_roles_the_admin_cannot_see_stay(tenant_a):
    """A group given by the platform by hand is not the functional admin's to take away."""
    agent = tenant_a.staff["agent"]
    special = Group.objects.create(name="Speciaal")
    agent.groups.add(special)
    tenant_a.client("admin").post(change_url(agent), form_data(roles=role_ids(roles.AGENT)))
    assert set(agent.groups.values_list("name", flat=True)) == {roles.AGENT, "Speciaal"}


def test_a_staff_member_is_assigned_to_a_team_on_their_page(tenant_a):
    with tenant_a.active():
        team = Team.objects.create(identification="burgerzaken", name="Burgerzaken")
    agent = tenant_a.staff["agent"]
    data = form_data(
        **{
            "team_memberships-TOTAL_FORMS": "1",
            "team_memberships-0-team": str(team.pk),
            "team_memberships-0-user": str(agent.pk),
        }
    )
    response = tenant_a.client("admin").post(change_url(agent), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert TeamMembership.all_tenants.filter(user=agent, team=team).exists()


def test_the_team_choice_lists_the_own_organisations_teams_only(tenant_a, tenant_b):
    with tenant_b.active():
        Team.objects.create(identification="geheim", name="Team van B")
    html = tenant_a.client("admin").get(change_url(tenant_a.staff["agent"])).content.decode()
    assert "Teams" in html or "teams" in html
    assert "Team van B" not in html


def test_deactivating_switches_the_account_off_and_never_deletes(tenant_a):
    client = tenant_a.client("admin")
    agent = tenant_a.staff["agent"]
    agent_client = tenant_a.client("agent")
    response = client.post(
        LIST, {"action": "deactivate_selected", "_selected_action": [str(agent.pk)]}
    )
    assert response.status_code == 302
    agent.refresh_from_db()
    assert not agent.is_active
    # Their running session stops counting at once.
    assert agent_client.get("/desk/").status_code == 302
    # Nothing deletes: no delete action, no delete page.
    html = client.get(LIST).content.decode()
    assert "delete_selected" not in html
    assert client.get(f"/admin/staff/user/{agent.pk}/delete/").status_code == 403


def test_a_functional_admin_cannot_switch_themselves_off_or_drop_their_own_role(tenant_a):
    client = tenant_a.client("admin")
    admin = tenant_a.staff["admin"]
    response = client.post(
        change_url(admin), form_data(is_active=None, roles=role_ids(roles.FUNCTIONAL_ADMIN))
    )
    assert response.status_code == 200
    assert services.OWN_ACCOUNT_OFF in response.content.decode()
    response = client.post(change_url(admin), form_data(roles=role_ids(roles.AGENT)))
    assert response.status_code == 200
    assert services.OWN_ADMIN_ROLE in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active and admin.groups.filter(name=roles.FUNCTIONAL_ADMIN).exists()


# -- other organisations, other roles ------------------------------------------------------


def test_another_organisations_staff_member_is_not_found(tenant_a, tenant_b):
    client = tenant_a.client("admin")
    other = tenant_b.staff["agent"]
    for url in (
        change_url(other),
        f"/admin/staff/user/{other.pk}/history/",
        f"/admin/staff/user/{other.pk}/uitnodiging/",
        "/admin/staff/user/999999/change/",
        "/admin/staff/user/geen-getal/change/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(change_url(other), form_data()).status_code == 404
    # The list action ignores ids that are not in the list.
    client.post(LIST, {"action": "deactivate_selected", "_selected_action": [str(other.pk)]})
    other.refresh_from_db()
    assert other.is_active and other.first_name == "Agent"


def test_a_superuser_is_not_found_either(tenant_a):
    boss = User.objects.create_superuser("platform", "p@example.nl", PASSWORD)
    boss.organisation = tenant_a.organisation
    boss.save()
    assert tenant_a.client("admin").get(change_url(boss)).status_code == 404


def test_the_services_refuse_another_organisation_and_other_roles(tenant_a, tenant_b, editor):
    other = tenant_b.staff["agent"]
    with pytest.raises(PermissionDenied):
        services.staff_member_update(
            actor=tenant_a.staff["admin"],
            organisation=tenant_a.organisation,
            member=other,
            data=data_of(other, first_name="X"),
        )
    # Nor on the other organisation's site: the actor is not theirs.
    with pytest.raises(PermissionDenied):
        services.staff_member_deactivate(
            actor=tenant_a.staff["admin"], organisation=tenant_b.organisation, member=other
        )
    for actor in (editor, tenant_a.staff["lead"]):
        with pytest.raises(PermissionDenied):
            services.staff_member_create(
                actor=actor,
                organisation=tenant_a.organisation,
                username="x",
                data=StaffMemberData("X", "Y", "", True, frozenset()),
            )
    other.refresh_from_db()
    assert other.is_active and other.first_name == "Agent"


def test_a_knowledge_editor_gets_403_and_desk_roles_do_not_get_in(tenant_a, editor):
    client = log_in_with_second_factor(Client(HTTP_HOST=tenant_a.host), editor)
    assert client.get("/admin/").status_code == 200  # their own admin (knowledge)
    assert 'href="/admin/staff/user/"' not in client.get("/admin/").content.decode()
    for url in (LIST, ADD, change_url(tenant_a.staff["agent"])):
        assert client.get(url).status_code == 403, url
    assert client.post(ADD, form_data(username="nope")).status_code == 403
    for role in ("agent", "worker", "lead"):
        response = tenant_a.client(role).get(LIST)
        # The admin itself is closed to them: a 403 (tests/staff/test_admin_forbidden.py).
        assert response.status_code == 403, role
    assert not User.objects.filter(username="nope").exists()
