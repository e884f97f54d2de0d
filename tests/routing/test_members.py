"""Team members, skills and auto-assignment (pick_member)."""

import pytest
from django.core.exceptions import ValidationError

from achterkant.routing.models import Skill, Team, TeamMembership
from achterkant.routing.selectors import teams_of
from achterkant.routing.services import pick_member
from achterkant.staff.models import User


def no_work(user_ids: list[int]) -> dict[int, int]:
    return {}


@pytest.fixture
def staff(tenant_a):
    """Three extra case workers, created in id order."""
    organisation = tenant_a.organisation
    return [User.objects.create(username=f"member{i}", organisation=organisation) for i in range(3)]


@pytest.fixture
def team(tenant_a, staff):
    with tenant_a.active():
        team = Team.objects.create(identification="wabo", name="Vergunningen", auto_assign=True)
        team.members.add(*staff)
        return team


def test_members_add_still_works_and_gives_the_team_organisation(tenant_a, team, staff):
    with tenant_a.active():
        assert list(team.members.order_by("pk")) == staff
        assert {m.organisation_id for m in TeamMembership.objects.all()} == {
            tenant_a.organisation.pk
        }
        assert teams_of(staff[0]) == [team]
        team.members.remove(staff[0])
        assert teams_of(staff[0]) == []
        assert list(staff[1].teams.all()) == [team]


def test_a_membership_is_for_staff_of_the_same_organisation(tenant_a, tenant_b, team):
    with tenant_a.active():
        membership = TeamMembership(team=team, user=tenant_b.staff["worker"])
        with pytest.raises(ValidationError) as error:
            membership.full_clean()
        assert error.value.message_dict["user"] == [
            "Deze medewerker werkt niet voor deze organisatie."
        ]


def test_nobody_is_picked_when_the_team_does_not_assign_automatically(tenant_a, team):
    team.auto_assign = False
    with tenant_a.active():
        assert pick_member(team, open_work=no_work) is None


def test_the_member_with_the_least_open_work_is_picked(tenant_a, team, staff):
    work = {staff[0].pk: 3, staff[1].pk: 1, staff[2].pk: 2}
    seen: list[list[int]] = []

    def open_work(user_ids: list[int]) -> dict[int, int]:
        seen.append(user_ids)
        return work

    with tenant_a.active():
        assert pick_member(team, open_work=open_work) == staff[1]
    assert seen == [sorted(u.pk for u in staff)]


def test_ties_go_to_the_lowest_user_id_and_missing_counts_are_zero(tenant_a, team, staff):
    with tenant_a.active():
        assert pick_member(team, open_work=no_work) == staff[0]
        work = {staff[0].pk: 1}
        assert pick_member(team, open_work=lambda ids: work) == staff[1]


def test_only_members_with_the_required_skill_qualify(tenant_a, team, staff):
    with tenant_a.active():
        wabo = Skill.objects.create(code="wabo", name="Omgevingsrecht")
        english = Skill.objects.create(code="engels", name="Engels")
        TeamMembership.objects.get(team=team, user=staff[1]).skills.add(wabo)
        TeamMembership.objects.get(team=team, user=staff[2]).skills.add(wabo, english)
        TeamMembership.objects.get(team=team, user=staff[0]).skills.add(english)
        team.required_skill = wabo
        team.save()
        work = {staff[0].pk: 0, staff[1].pk: 5, staff[2].pk: 4}
        assert pick_member(team, open_work=lambda ids: work) == staff[2]
        TeamMembership.objects.get(team=team, user=staff[2]).skills.remove(wabo)
        assert pick_member(team, open_work=lambda ids: work) == staff[1]


def test_nobody_qualifies(tenant_a, team, staff):
    with tenant_a.active():
        team.required_skill = Skill.objects.create(code="gebarentaal", name="Gebarentaal")
        assert pick_member(team, open_work=no_work) is None
        empty = Team.objects.create(identification="leeg", name="Leeg", auto_assign=True)
        assert pick_member(empty, open_work=no_work) is None


def test_inactive_staff_get_no_new_work(tenant_a, team, staff):
    User.objects.filter(pk=staff[0].pk).update(is_active=False)
    with tenant_a.active():
        assert pick_member(team, open_work=no_work) == staff[1]


def test_picking_is_one_query_plus_the_callers(tenant_a, team, django_assert_num_queries):
    with tenant_a.active():
        team.required_skill = Skill.objects.create(code="wabo", name="Omgevingsrecht")
        with django_assert_num_queries(1):
            pick_member(team, open_work=no_work)


def test_skill_codes_are_unique_per_organisation(tenant_a, tenant_b):
    with tenant_a.active():
        Skill.objects.create(code="wabo", name="Omgevingsrecht")
        with pytest.raises(ValidationError):
            Skill(code="wabo", name="Nog een keer").full_clean()
    with tenant_b.active():
        Skill(code="wabo", name="Omgevingsrecht").full_clean()
