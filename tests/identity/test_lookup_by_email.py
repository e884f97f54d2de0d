"""Finding a person by e-mail address, on every person source (used by e-mail intake)."""

from achterkant.identity.lookup import LookupContext
from achterkant.identity.lookup.brp import HaalCentraalPersonLookup
from achterkant.identity.lookup.local import LocalRegisterLookup
from achterkant.identity.models import Person
from tests.conftest import BSN_A

CONTEXT = LookupContext(purpose="klantcontact", processing="klantcontact", user="test")


def test_the_local_register_finds_the_one_person_with_the_address(tenant_a):
    with tenant_a.active():
        found = LocalRegisterLookup().by_email(" SOPHIE@example.nl ", context=CONTEXT)
        assert found is not None and found.bsn == BSN_A
        assert LocalRegisterLookup().by_email("niemand@example.nl", context=CONTEXT) is None
        assert LocalRegisterLookup().by_email("", context=CONTEXT) is None


def test_an_address_shared_by_two_people_matches_nobody(tenant_a):
    with tenant_a.active():
        Person.objects.create(
            bsn="111222333", given_names="Sam", surname="de Vries",
            birth_date="1990-01-01", email="sophie@EXAMPLE.nl",
        )  # fmt: skip
        assert LocalRegisterLookup().by_email("sophie@example.nl", context=CONTEXT) is None


def test_the_local_register_is_per_organisation(tenant_a, tenant_b):
    with tenant_b.active():
        found = LocalRegisterLookup().by_email("sophie@example.nl", context=CONTEXT)
    assert found is not None and found.bsn != BSN_A


def test_the_brp_holds_no_addresses_and_is_not_asked():
    # No network in tests: a request would raise. The BRP cannot search by e-mail.
    brp = HaalCentraalPersonLookup(base_url="http://brp.invalid/api")
    assert brp.by_email("sophie@example.nl", context=CONTEXT) is None
