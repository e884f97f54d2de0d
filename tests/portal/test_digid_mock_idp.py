"""The mock DigiD page lists only the current organisation's people (issue 17)."""

import re
from urllib.parse import urlencode

from digid_eherkenning.models.digid import MockDigidUser

PARAMS = {"acs": "/mijn/inloggen/digid-test/terug/", "next": "/mijn/", "cancel": "/mijn/"}
BSN_PAGE = "/digid/idp/inloggen_bsn/"
QUERY = urlencode(PARAMS)


def _people(response) -> list[str]:
    """The people the page offers (the choice list, without its empty option)."""
    options = re.findall(r"<option[^>]*>([^<]+)</option>", response.content.decode())
    return [option for option in options if "Persoon" in option]


def test_the_bsn_page_offers_only_this_organisations_people(tenant_a, tenant_b):
    MockDigidUser.objects.create(bsn=tenant_a.person.bsn, name="Persoon A (a)")
    theirs = MockDigidUser.objects.create(bsn=tenant_b.person.bsn, name="Persoon B (b)")
    client = tenant_a.client()

    page = client.get(BSN_PAGE, PARAMS)
    assert page.status_code == 200
    assert _people(page) == [f"Persoon A (a) ({tenant_a.person.bsn})"]
    assert _people(tenant_b.client().get(BSN_PAGE, PARAMS)) == [
        f"Persoon B (b) ({tenant_b.person.bsn})"
    ]

    # Choosing someone of another organisation anyway (a crafted form) is refused.
    refused = client.post(f"{BSN_PAGE}?{QUERY}", {"auth_user": theirs.pk})
    assert refused.status_code == 200  # the form again, no redirect to the ACS


def test_the_bsn_page_asks_for_a_bsn_when_none_of_its_people_is_listed(tenant_a, tenant_b):
    MockDigidUser.objects.create(bsn=tenant_b.person.bsn, name="Persoon B (b)")
    html = tenant_a.client().get(BSN_PAGE, PARAMS).content.decode()
    assert 'name="auth_bsn"' in html and "Persoon B" not in html


def test_choosing_ones_own_person_returns_to_the_acs_with_the_bsn(tenant_a):
    ours = MockDigidUser.objects.create(bsn=tenant_a.person.bsn, name="Persoon A (a)")
    response = tenant_a.client().post(f"{BSN_PAGE}?{QUERY}", {"auth_user": ours.pk})
    assert response.status_code == 302
    assert f"bsn={tenant_a.person.bsn}" in response["Location"]
