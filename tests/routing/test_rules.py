"""Routing rules: the first active matching rule decides, the same way for every channel."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from achterkant.routing.models import RoutingRule, Team
from achterkant.routing.services import route


def make_team(identification: str) -> Team:
    return Team.objects.create(identification=identification, name=identification.title())


def make_rule(team: Team, order: int = 100, **fields) -> RoutingRule:
    return RoutingRule.objects.create(team=team, order=order, **fields)


@pytest.fixture
def teams(tenant_a):
    with tenant_a.active():
        return {name: make_team(name) for name in ("kcc", "stadsbeheer", "noord", "post")}


def test_the_first_matching_rule_by_order_wins(tenant_a, teams):
    with tenant_a.active():
        make_rule(teams["stadsbeheer"], order=20, product_code="melding")
        make_rule(teams["kcc"], order=10, product_code="melding")
        assert route(product_code="melding") == teams["kcc"]


def test_rules_with_the_same_order_go_by_creation(tenant_a, teams):
    with tenant_a.active():
        make_rule(teams["stadsbeheer"], order=10, product_code="melding")
        make_rule(teams["kcc"], order=10, product_code="melding")
        assert route(product_code="melding") == teams["stadsbeheer"]


def test_product_and_case_type_must_both_match_when_both_are_set(tenant_a, teams):
    with tenant_a.active():
        make_rule(
            teams["noord"], order=1, product_code="melding", case_type_identification="ZT-OTHER"
        )
        make_rule(teams["stadsbeheer"], order=2, case_type_identification="ZT-MELDING")
        make_rule(teams["kcc"], order=3, product_code="melding")
        assert (
            route(product_code="melding", case_type_identification="ZT-MELDING")
            == (teams["stadsbeheer"])
        )
        assert route(product_code="melding") == teams["kcc"]
        assert route(case_type_identification="ZT-MELDING") == teams["stadsbeheer"]
        assert route(product_code="paspoort", case_type_identification="ZT-X") is None


def test_one_rule_serves_every_channel_unless_a_rule_narrows_by_channel(tenant_a, teams):
    with tenant_a.active():
        make_rule(teams["post"], order=1, product_code="melding", channel="letter")
        make_rule(teams["kcc"], order=2, product_code="melding")
        assert route(product_code="melding", channel="letter") == teams["post"]
        for channel in ("phone", "email", "web", "counter", "api", ""):
            assert route(product_code="melding", channel=channel) == teams["kcc"], channel


@pytest.mark.parametrize(
    ("postcode", "expected"),
    [
        ("1000AA", "noord"),  # lower bound included
        ("1011 ab", "noord"),
        ("1099ZZ", "noord"),  # upper bound included
        ("1100AA", "kcc"),
        ("999", "kcc"),  # not a postcode: no area rule takes it
        ("", "kcc"),  # no postcode never matches an area rule
        ("AB1011", "kcc"),
    ],
)
def test_postcode_ranges(tenant_a, teams, postcode, expected):
    with tenant_a.active():
        make_rule(
            teams["noord"], order=1, product_code="melding",
            postcode_from="1000", postcode_to="1099",
        )  # fmt: skip
        make_rule(teams["kcc"], order=2, product_code="melding")
        assert route(product_code="melding", postcode=postcode) == teams[expected]


def test_open_ended_postcode_ranges(tenant_a, teams):
    with tenant_a.active():
        make_rule(teams["noord"], order=1, product_code="melding", postcode_to="1099")
        make_rule(teams["stadsbeheer"], order=2, product_code="melding", postcode_from="9000")
        assert route(product_code="melding", postcode="1000AB") == teams["noord"]
        assert route(product_code="melding", postcode="9999ZZ") == teams["stadsbeheer"]
        assert route(product_code="melding", postcode="5000AB") is None


def test_inactive_rules_are_skipped(tenant_a, teams):
    with tenant_a.active():
        make_rule(teams["noord"], order=1, product_code="melding", active=False)
        make_rule(teams["kcc"], order=2, product_code="melding")
        assert route(product_code="melding") == teams["kcc"]


def test_nothing_to_route_on_gives_no_team(tenant_a, teams):
    with tenant_a.active():
        make_rule(teams["kcc"], product_code="melding")
        assert route() is None
        assert route(channel="phone", postcode="1011AB") is None


def test_rules_of_another_organisation_never_route_work(tenant_a, tenant_b):
    with tenant_b.active():
        team_b = make_team("kcc")
        make_rule(team_b, order=1, product_code="melding")
    with tenant_a.active():
        assert route(product_code="melding") is None
        team_a = make_team("kcc")
        make_rule(team_a, order=50, product_code="melding")
        assert route(product_code="melding") == team_a
    with tenant_b.active():
        assert route(product_code="melding") == team_b


def test_routing_reads_the_rules_once_per_settings_version(
    tenant_a, teams, django_assert_num_queries
):
    with tenant_a.active():
        for order in range(10):
            make_rule(teams["noord"], order=order, product_code="melding", postcode_from="9990")
        make_rule(teams["kcc"], order=99, product_code="melding")
        # The organisation's settings version, then every active rule with its team, once.
        with django_assert_num_queries(2):
            assert route(product_code="melding", postcode="1011AB").name == "Kcc"
        with django_assert_num_queries(0):
            assert route(product_code="melding", postcode="1011AB").name == "Kcc"
        # Saving a rule gives the organisation a new settings version: read again.
        make_rule(teams["post"], order=1, product_code="melding")
        assert route(product_code="melding", postcode="1011AB").name == "Post"
        rule = RoutingRule.objects.get(team=teams["post"])
        rule.active = False
        rule.save()
        assert route(product_code="melding", postcode="1011AB").name == "Kcc"


def test_a_rule_must_name_a_product_or_case_type(tenant_a, teams):
    with tenant_a.active():
        rule = RoutingRule(team=teams["kcc"], channel="phone")
        with pytest.raises(ValidationError) as error:
            rule.full_clean()
        assert error.value.message_dict["product_code"] == [
            "Vul een productcode of een zaaktype in."
        ]
        with pytest.raises(IntegrityError), transaction.atomic():
            rule.save()  # the database holds the same line


def test_a_rule_names_a_product_and_case_type_that_exist(tenant_a, teams):
    with tenant_a.active():
        rule = RoutingRule(
            team=teams["kcc"], product_code="melidng", case_type_identification="ZT-MELIDNG"
        )
        with pytest.raises(ValidationError) as error:
            rule.full_clean()
        assert error.value.message_dict == {
            "product_code": ["Er is geen product met code 'melidng'."],
            "case_type_identification": ["Er is geen zaaktype 'ZT-MELIDNG'."],
        }
        RoutingRule(
            team=teams["kcc"], product_code="melding", case_type_identification="ZT-MELDING"
        ).full_clean()


def test_a_product_of_another_organisation_does_not_exist_here(tenant_a, tenant_b):
    with tenant_b.active():
        from achterkant.catalog.models import Product

        Product.objects.create(code="alleen-b", name="Alleen B")
    with tenant_a.active():
        rule = RoutingRule(team=make_team("kcc"), product_code="alleen-b")
        with pytest.raises(ValidationError):
            rule.full_clean()


@pytest.mark.parametrize(
    ("low", "high", "field", "message"),
    [
        ("1100", "1000", "postcode_to", "De postcode 'tot en met' ligt vóór 'vanaf'."),
        ("10", "", "postcode_from", "Vul de vier cijfers van een postcode in, bijvoorbeeld 1011."),
        (
            "",
            "1011AB",
            "postcode_to",
            "Vul de vier cijfers van een postcode in, bijvoorbeeld 1011.",
        ),
    ],
)
def test_postcode_range_errors_are_dutch(tenant_a, teams, low, high, field, message):
    with tenant_a.active():
        rule = RoutingRule(
            team=teams["kcc"], product_code="melding", postcode_from=low, postcode_to=high
        )
        with pytest.raises(ValidationError) as error:
            rule.full_clean()
        assert message in error.value.message_dict[field]
