"""Fixtures shared by the desk's tests."""

import pytest

from achterkant.routing.models import RoutingRule, Team


@pytest.fixture
def team(tenant_a):
    """Team Stadsbeheer with the worker and the lead, which the rule routes every melding to."""
    with tenant_a.active():
        team = Team.objects.create(identification="stadsbeheer", name="Stadsbeheer")
        team.members.add(tenant_a.staff["worker"], tenant_a.staff["lead"])
        RoutingRule.objects.create(order=1, product_code="melding", team=team)
    return team
