"""Host names have one spelling and one owner; only the platform superuser assigns them.

Issue 12, defect 1: a functional admin could add ``proefdorp.localhost.`` (trailing dot)
or any unclaimed host name to their own organisation, and citizens then gave their data
to the wrong municipality.
"""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from achterkant.staff.models import User
from achterkant.tenancy.models import Hostname, Organisation
from achterkant.tenancy.selectors import organisation_for_host
from tests.conftest import log_in_with_second_factor

IDNA_HOST = "gemeente-ü.localhost"
IDNA_ASCII = "xn--gemeente--y9a.localhost"


@pytest.fixture
def proefdorp(db) -> Organisation:
    organisation = Organisation.objects.create(name="Proefdorp", slug="proefdorp", rsin="004000006")
    Hostname.objects.create(organisation=organisation, hostname="proefdorp.localhost")
    return organisation


@pytest.fixture
def root_client(tenant_a) -> Client:
    root = User.objects.create_superuser(
        username="root-a", password="x", organisation=tenant_a.organisation
    )
    client = Client(HTTP_HOST=tenant_a.host)
    log_in_with_second_factor(client, root)
    return client


# -- one spelling ----------------------------------------------------------------------


def test_lookup_of_an_upper_case_host_with_trailing_dot_and_port_finds_it(proefdorp):
    assert organisation_for_host("PROEFDORP.localhost.:8000", demo=False) == proefdorp
    assert organisation_for_host("proefdorp.localhost.", demo=False) == proefdorp
    assert organisation_for_host("Proefdorp.LocalHost", demo=False) == proefdorp


def test_a_host_name_is_stored_in_its_one_spelling(tenant_a):
    row = Hostname.objects.create(organisation=tenant_a.organisation, hostname=" Nieuw.Localhost. ")
    row.refresh_from_db()
    assert row.hostname == "nieuw.localhost"


def test_an_international_name_is_stored_as_idna_and_found_in_either_form(tenant_a):
    row = Hostname.objects.create(
        organisation=tenant_a.organisation, hostname="Gemeente-Ü.localhost."
    )
    assert row.hostname == IDNA_ASCII
    assert organisation_for_host(IDNA_ASCII, demo=False) == tenant_a.organisation
    assert organisation_for_host(IDNA_ASCII.upper() + ".:443", demo=False) == tenant_a.organisation
    assert organisation_for_host(IDNA_HOST, demo=False) == tenant_a.organisation


@pytest.mark.parametrize(
    "bad", ["a..b.localhost", "x" * 64 + ".localhost", "-a.localhost", "a_b.nl"]
)
def test_a_name_that_is_no_host_name_or_cannot_be_idna_encoded_is_refused_in_dutch(tenant_a, bad):
    row = Hostname(organisation=tenant_a.organisation, hostname=bad)
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    message = " ".join(error.value.message_dict["hostname"])
    assert "hostnaam" in message.lower()
    with pytest.raises(ValidationError):
        row.save()
    assert (
        not Hostname.objects.filter(organisation=tenant_a.organisation)
        .exclude(hostname=tenant_a.host)
        .exists()
    )


# -- one owner -------------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["a.localhost.", "A.LOCALHOST", "A.Localhost."])
def test_another_organisation_cannot_claim_a_variant_model_validation(tenant_a, tenant_b, variant):
    row = Hostname(organisation=tenant_b.organisation, hostname=variant)
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert error.value.message_dict["hostname"] == ["Deze hostnaam is al in gebruik."]


@pytest.mark.parametrize("variant", ["a.localhost.", "A.LOCALHOST"])
def test_another_organisation_cannot_claim_a_variant_database(tenant_a, tenant_b, variant):
    # Through save() (no full_clean): the unique constraint on the normalised name.
    with pytest.raises(IntegrityError), transaction.atomic():
        Hostname.objects.create(organisation=tenant_b.organisation, hostname=variant)
    # Around save() altogether: the database refuses a spelling that is not normalised.
    row = Hostname.objects.get(hostname=tenant_b.host)
    with pytest.raises(IntegrityError), transaction.atomic():
        Hostname.objects.filter(pk=row.pk).update(hostname=variant)
    assert organisation_for_host(variant, demo=False) == tenant_a.organisation


# -- only the superuser assigns host names -----------------------------------------------


def test_a_functional_admin_gets_403_on_adding_a_host_name(tenant_a):
    client = tenant_a.client("admin")
    assert client.get("/admin/tenancy/hostname/add/").status_code == 403
    response = client.post(
        "/admin/tenancy/hostname/add/",
        {"organisation": tenant_a.organisation.pk, "hostname": "proefdorp.localhost."},
    )
    assert response.status_code == 403
    assert not Hostname.objects.filter(hostname__startswith="proefdorp").exists()


def _organisation_form(tenant, hostname_rows: list[tuple[int | str, str]], **fields) -> dict:
    organisation = tenant.organisation
    data = {
        "name": organisation.name,
        "rsin": organisation.rsin,
        "slug": organisation.slug,
        "hostnames-TOTAL_FORMS": str(len(hostname_rows)),
        "hostnames-INITIAL_FORMS": str(sum(1 for pk, _ in hostname_rows if pk)),
        "hostnames-MIN_NUM_FORMS": "0",
        "hostnames-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for index, (pk, hostname) in enumerate(hostname_rows):
        data[f"hostnames-{index}-id"] = str(pk)
        data[f"hostnames-{index}-organisation"] = str(organisation.pk)
        data[f"hostnames-{index}-hostname"] = hostname
    return data


def test_a_functional_admin_cannot_add_or_rename_a_host_name_on_the_organisation_page(tenant_a):
    client = tenant_a.client("admin")
    own = Hostname.objects.get(hostname=tenant_a.host)
    url = f"/admin/tenancy/organisation/{tenant_a.organisation.pk}/change/"
    assert client.get(url).status_code == 200
    client.post(
        url, _organisation_form(tenant_a, [(own.pk, "b2.localhost"), ("", "proefdorp.localhost.")])
    )
    assert list(tenant_a.organisation.hostnames.values_list("hostname", flat=True)) == [
        tenant_a.host
    ]


def test_a_functional_admin_renames_the_own_organisation_but_not_its_rsin_or_slug(
    tenant_a, tenant_b
):
    client = tenant_a.client("admin")
    # Another organisation is out of reach (this held before issue 12 already).
    other = f"/admin/tenancy/organisation/{tenant_b.organisation.pk}/change/"
    assert client.get(other).status_code == 302  # the admin's "does not exist" redirect
    client.post(other, _organisation_form(tenant_b, [], name="Overgenomen"))
    tenant_b.organisation.refresh_from_db()
    assert tenant_b.organisation.name == "Gemeente B"
    url = f"/admin/tenancy/organisation/{tenant_a.organisation.pk}/change/"
    response = client.post(
        url,
        _organisation_form(tenant_a, [], name="Gemeente A-stad", rsin="005000002", slug="b2"),
    )
    assert response.status_code == 302
    tenant_a.organisation.refresh_from_db()
    assert tenant_a.organisation.name == "Gemeente A-stad"
    assert (tenant_a.organisation.rsin, tenant_a.organisation.slug) == ("001000007", "a")


def test_the_superuser_assigns_a_host_name_in_its_one_spelling(root_client, tenant_b):
    response = root_client.post(
        "/admin/tenancy/hostname/add/",
        {"organisation": tenant_b.organisation.pk, "hostname": "Nieuw-B.Localhost."},
    )
    assert response.status_code == 302
    assert Hostname.objects.get(hostname="nieuw-b.localhost").organisation == tenant_b.organisation


def test_the_superuser_cannot_give_a_variant_of_a_taken_name_to_another_organisation(
    root_client, tenant_b
):
    response = root_client.post(
        "/admin/tenancy/hostname/add/",
        {"organisation": tenant_b.organisation.pk, "hostname": "A.LOCALHOST."},
    )
    assert response.status_code == 200
    assert "Deze hostnaam is al in gebruik." in response.content.decode()
    assert not Hostname.objects.filter(
        organisation=tenant_b.organisation, hostname="a.localhost"
    ).exists()


# -- the data migration ------------------------------------------------------------------


def _migration():
    return importlib.import_module("achterkant.tenancy.migrations.0002_hostname_normalised")


class _Rows:
    """Just enough of a manager for the data migration, over a list of rows."""

    def __init__(self, rows):
        self.rows = {pk: [organisation, hostname] for pk, organisation, hostname in rows}
        self._pks = None

    def order_by(self, _):
        return self

    def values_list(self, *_):
        return [(pk, *self.rows[pk]) for pk in sorted(self.rows)]

    def filter(self, pk=None, pk__in=None):
        narrowed = _Rows([])
        narrowed.rows, narrowed._pks = self.rows, [pk] if pk is not None else list(pk__in)
        return narrowed

    def delete(self):
        for pk in self._pks:
            del self.rows[pk]

    def update(self, hostname):
        for pk in self._pks:
            self.rows[pk][1] = hostname


class _Apps:
    def __init__(self, rows):
        self.objects = _Rows(rows)

    def get_model(self, *_):
        return self


def test_the_migration_normalises_and_merges_spellings_within_one_organisation():
    apps = _Apps([(1, 1, "A.localhost."), (2, 1, "a.localhost"), (3, 2, "Gemeente-Ü.nl")])
    _migration().normalise_hostnames(apps, None)
    assert apps.objects.rows == {1: [1, "a.localhost"], 3: [2, "xn--gemeente--y9a.nl"]}


def test_the_migration_refuses_when_two_organisations_claim_one_name():
    apps = _Apps([(1, 1, "proefdorp.localhost"), (2, 2, "PROEFDORP.localhost.")])
    with pytest.raises(_migration().HostnameConflict, match="proefdorp.localhost"):
        _migration().normalise_hostnames(apps, None)
    assert apps.objects.rows[2] == [2, "PROEFDORP.localhost."]  # nothing changed
