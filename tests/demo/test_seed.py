from django.core.management import call_command

from achterkant.catalog.models import CaseType, Product, ServiceNorm
from achterkant.contacts.models import Contact, TriageStatus
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
        "contacts": Contact.all_tenants.count(),
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
            roles.MANAGER,
        }
        # Each has a work address: a functional admin can send a new log-in link.
        assert not User.objects.filter(organisation=organisation, email="").exists()
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


def test_demo_staff_log_in_with_the_documented_second_factor(db, settings, capsys):
    """Every demo staff member has the documented demo key; `achterkant demo-code` prints
    the code that passes the second step (issue 12)."""
    import pytest
    from django.core.management import CommandError, call_command
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from achterkant.demo.seed import DEMO_PASSWORD, STAFF
    from achterkant.staff.twofactor.services import DEMO_TOTP_KEY_HEX

    seed_demo(persons_per_organisation=1)
    seed_demo(persons_per_organisation=1)  # still one device per staff member
    devices = TOTPDevice.objects.filter(key=DEMO_TOTP_KEY_HEX, confirmed=True)
    assert devices.count() == len(STAFF) * 2

    client = Client(HTTP_HOST="localhost")
    response = client.post(
        "/medewerker/inloggen/", {"username": "agent", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/desk/")["Location"].startswith("/medewerker/tweestaps/controleren/")
    settings.DEBUG = True
    call_command("demo_code", "agent")
    code = capsys.readouterr().out.strip()
    assert len(code) == 6 and code.isdigit()
    response = client.post("/medewerker/tweestaps/controleren/", {"method": "totp", "code": code})
    assert response["Location"] == "/desk/"
    assert client.get("/desk/").status_code == 200

    settings.DEBUG = False
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="alleen in de demo"):
        call_command("demo_code", "agent")


def test_the_demo_mailbox_shows_both_outcomes_of_triage(db):
    """The demo's e-mails go through the real intake: clear ones are routed to their
    product's team, vague ones wait in Te beoordelen with the model's top 3."""
    seed_demo(persons_per_organisation=1)
    for organisation in Organisation.objects.all():
        with use_organisation(organisation):
            mails = {c.subject: c for c in Contact.objects.exclude(triage_status="")}
        passport = mails["Paspoort verloopt"]
        assert passport.triage_status == TriageStatus.AUTO
        assert passport.product.code == "paspoort-aanvragen" and passport.team is not None
        # The quoted reply about a passport is not what this e-mail is about.
        assert mails["Re: uw vraag"].product.code == "afvalkalender"
        vague = mails["Vraag over uw brief"]
        assert vague.triage_status == TriageStatus.REVIEW and vague.product is None
        assert len(vague.triage_suggestions) == 3
