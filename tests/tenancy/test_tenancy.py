import pytest
from django.test import Client, override_settings

from achterkant.catalog.models import Product
from achterkant.identity.models import Person
from achterkant.tenancy.context import NoTenantActive, use_organisation
from achterkant.tenancy.selectors import organisation_for_host


def test_querying_tenant_data_without_an_organisation_fails_closed(tenant_a):
    with pytest.raises(NoTenantActive):
        list(Person.objects.all())


def test_default_manager_shows_only_the_active_organisations_rows(tenant_a, tenant_b):
    with tenant_a.active():
        assert list(Person.objects.values_list("bsn", flat=True)) == [tenant_a.person.bsn]
    with tenant_b.active():
        assert list(Person.objects.values_list("bsn", flat=True)) == [tenant_b.person.bsn]


def test_new_rows_belong_to_the_active_organisation(tenant_a):
    with use_organisation(tenant_a.organisation):
        product = Product.objects.create(code="nieuw", name="Nieuw")
    assert product.organisation == tenant_a.organisation


def test_creating_tenant_rows_without_an_organisation_fails_closed(tenant_a):
    # create() and bulk_create() skip the tenant filter (an insert reads nothing), but
    # never the active organisation.
    with pytest.raises(NoTenantActive):
        Product.objects.create(code="los", name="Los")
    with pytest.raises(NoTenantActive):
        Product.objects.bulk_create([Product(code="los", name="Los")])
    assert not Product.all_tenants.filter(code="los").exists()


def test_a_bulk_created_row_keeps_the_organisation_it_was_built_with(tenant_a):
    with use_organisation(tenant_a.organisation):
        (product,) = Product.objects.bulk_create(
            [Product(organisation=tenant_a.organisation, code="bulk", name="Bulk")]
        )
        assert list(Product.objects.filter(code="bulk")) == [product]


def test_host_resolves_to_its_organisation(tenant_a, tenant_b):
    assert organisation_for_host("a.localhost:8000", demo=False) == tenant_a.organisation
    assert organisation_for_host("B.LOCALHOST", demo=False) == tenant_b.organisation


def test_unknown_host_never_gets_another_tenant_even_in_demo(tenant_a):
    assert organisation_for_host("evil.example.org", demo=True) is None
    assert organisation_for_host("localhost:8000", demo=False) is None


def test_demo_mode_falls_back_to_the_first_organisation_on_loopback(tenant_a, tenant_b):
    assert organisation_for_host("127.0.0.1:8000", demo=True) == tenant_a.organisation
    assert organisation_for_host("localhost", demo=True) == tenant_a.organisation


@override_settings(ALLOWED_HOSTS=["*"])
def test_unknown_host_gets_a_clear_404(tenant_a):
    response = Client(HTTP_HOST="onbekend.example.org").get("/desk/")
    assert response.status_code == 404
    assert "Dit adres kennen we niet" in response.content.decode()


def test_healthz_works_on_any_host_without_a_tenant(db):
    from achterkant.worker.runner import beat

    beat("w")  # a live worker: /healthz is 503 without one (docs/operations.md)
    response = Client(HTTP_HOST="localhost").get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
