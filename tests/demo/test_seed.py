from django.core.management import call_command

from achterkant.catalog.models import CaseType, Product, ServiceNorm
from achterkant.demo.seed import seed_demo
from achterkant.identity.models import Person
from achterkant.identity.validators import is_valid_bsn
from achterkant.staff import roles
from achterkant.staff.models import User
from achterkant.tenancy.context import use_organisation
from achterkant.tenancy.models import Organisation
from achterkant.tenancy.validators import passes_eleven_test


def _counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "persons": Person.all_tenants.count(),
        "products": Product.all_tenants.count(),
        "norms": ServiceNorm.all_tenants.count(),
        "staff": User.objects.count(),
    }


def test_seed_is_idempotent(db):
    seed_demo(persons_per_organisation=10)
    first = _counts()
    seed_demo(persons_per_organisation=10)
    assert _counts() == first
    assert first["organisations"] == 2
    assert first["persons"] == 21  # 10 each, plus the showcase person


def test_seed_makes_valid_test_bsns_and_rsins(db):
    seed_demo(persons_per_organisation=25)
    bsns = list(Person.all_tenants.values_list("bsn", flat=True))
    assert len(set(bsns)) == len(bsns)
    assert all(is_valid_bsn(b) and b.startswith("99999") for b in bsns)
    assert all(passes_eleven_test(o.rsin) for o in Organisation.objects.all())


def test_each_organisation_has_staff_in_every_role_and_the_products(db):
    seed_demo(persons_per_organisation=1)
    for organisation in Organisation.objects.all():
        staff_roles = set(
            User.objects.filter(organisation=organisation).values_list("groups__name", flat=True)
        )
        assert staff_roles == {
            roles.AGENT,
            roles.CASE_WORKER,
            roles.TEAM_LEAD,
            roles.FUNCTIONAL_ADMIN,
            roles.KNOWLEDGE_EDITOR,
        }
        products = Product.all_tenants.filter(organisation=organisation)
        assert products.exclude(case_type_identification="").count() >= 8
        case_types = CaseType.all_tenants.filter(organisation=organisation, is_concept=False)
        assert case_types.count() >= 8
        permit = case_types.get(identification="ZT-OMGVERG")
        assert (permit.lead_time, permit.extension_term, permit.suspension_possible) == (
            "P8W", "P6W", True,
        )  # fmt: skip
        assert case_types.get(identification="ZT-EVENEMENT").lex_silencio
        with use_organisation(organisation):
            for case_type in case_types:
                assert case_type.result_types.exists() and case_type.role_types.exists()


def test_seed_command_adds_persons_on_request(db):
    call_command("seed", persons=5)
    call_command("seed", persons=30)
    assert Person.all_tenants.count() == 61


def test_the_mock_digid_login_offers_demo_people(db):
    from digid_eherkenning.models.digid import MockDigidUser

    from achterkant.demo.seed import SHOWCASE_BSN

    seed_demo(persons_per_organisation=12)
    seed_demo(persons_per_organisation=12)
    bsns = list(MockDigidUser.objects.values_list("bsn", flat=True))
    assert SHOWCASE_BSN in bsns and len(bsns) == len(set(bsns)) == 21
