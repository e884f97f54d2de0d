"""The admin: examples (list, add, CSV import: all or nothing), the threshold, synonyms."""

from django.core.files.uploadedfile import SimpleUploadedFile

from achterkant.catalog.models import Product
from achterkant.contacts.triage.models import TriageExample, TriageSettings

IMPORT_URL = "/admin/triage/triageexample/importeren/"


def _seed_products(tenant):
    with tenant.active():
        for code, name in [("paspoort-aanvragen", "Paspoort"), ("klacht", "Klacht indienen")]:
            Product.objects.create(code=code, name=name)


def _upload(client, content: bytes, name: str = "voorbeelden.csv"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content, "text/csv")})


def test_a_good_csv_is_imported_entirely(tenant_a):
    _seed_products(tenant_a)
    client = tenant_a.client("admin")
    content = (
        "\ufeffproduct_code,text\n"
        'paspoort-aanvragen,"Mijn paspoort is verlopen, wat nu?"\n'
        "klacht,Niemand belt mij terug\n"
        "\n"
    ).encode()
    response = _upload(client, content)
    assert response.status_code == 302
    with tenant_a.active():
        rows = list(
            TriageExample.objects.order_by("pk").values_list("product__code", "text", "source")
        )
        assert (
            TriageExample.objects.get(text="Niemand belt mij terug").created_by
            == (tenant_a.staff["admin"])
        )
    assert rows == [
        ("paspoort-aanvragen", "Mijn paspoort is verlopen, wat nu?", "csv"),
        ("klacht", "Niemand belt mij terug", "csv"),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "2 voorbeelden geïmporteerd" in page


def test_a_semicolon_csv_from_a_dutch_spreadsheet_is_accepted(tenant_a):
    _seed_products(tenant_a)
    response = _upload(tenant_a.client("admin"), b"product_code;text\nklacht;Slecht geholpen\n")
    assert response.status_code == 302
    with tenant_a.active():
        assert TriageExample.objects.get().text == "Slecht geholpen"


def test_a_bad_csv_imports_nothing_and_names_each_bad_row(tenant_a):
    _seed_products(tenant_a)
    content = (
        b"product_code,text\n"
        b"klacht,Een goede regel\n"
        b"bestaat-niet,Onbekend product\n"
        b"paspoort-aanvragen,\n"
        b",Zonder code\n"
    )
    response = _upload(tenant_a.client("admin"), content)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Het bestand is niet geïmporteerd" in page
    assert "Regel 3: onbekende productcode &#x27;bestaat-niet&#x27;." in page
    assert "Regel 4: de tekst ontbreekt." in page
    assert "Regel 5: de productcode ontbreekt." in page
    with tenant_a.active():
        assert not TriageExample.objects.exists()  # not even the good row


def test_a_file_that_is_no_csv_gets_a_clear_error(tenant_a):
    _seed_products(tenant_a)
    client = tenant_a.client("admin")
    wrong_header = _upload(client, b"code,omschrijving\nklacht,x\n").content.decode()
    assert "kolomnamen &#x27;product_code&#x27; en &#x27;text&#x27;" in wrong_header
    not_utf8 = _upload(client, "product_code,text\nklacht,café\n".encode("latin-1"))
    assert "geen UTF-8-tekst" in not_utf8.content.decode()
    empty = _upload(client, b"")
    assert empty.status_code == 200  # Django's own "empty file" form error, no 500
    with tenant_a.active():
        assert not TriageExample.objects.exists()


def test_products_of_another_organisation_are_unknown(tenant_a, tenant_b):
    _seed_products(tenant_b)
    _seed_products(tenant_a)
    with tenant_b.active():
        Product.objects.create(code="alleen-b", name="Alleen in B")
    page = _upload(tenant_a.client("admin"), b"product_code,text\nalleen-b,x\n").content.decode()
    assert "onbekende productcode &#x27;alleen-b&#x27;" in page


def test_examples_list_add_and_threshold_for_functional_admins(tenant_a):
    _seed_products(tenant_a)
    client = tenant_a.client("admin")
    listing = client.get("/admin/triage/triageexample/")
    assert listing.status_code == 200 and "CSV importeren" in listing.content.decode()
    with tenant_a.active():
        product = Product.objects.get(code="klacht")
    response = client.post(
        "/admin/triage/triageexample/add/",
        {"text": "De medewerker was onaardig", "product": product.pk, "source": "confirmed"},
    )
    assert response.status_code == 302
    with tenant_a.active():
        added = TriageExample.objects.get(text="De medewerker was onaardig")
    assert (added.source, added.created_by) == ("admin", tenant_a.staff["admin"])
    change_page = client.get(f"/admin/triage/triageexample/{added.pk}/change/")
    assert change_page.status_code == 200 and 'name="source"' not in change_page.content.decode()
    filtered = client.get(f"/admin/triage/triageexample/?product__id__exact={product.pk}")
    assert "De medewerker was onaardig" in filtered.content.decode()
    response = client.post("/admin/triage/triagesettings/add/", {"threshold": "0.55"})
    assert response.status_code == 302
    with tenant_a.active():
        assert TriageSettings.objects.get().threshold == 0.55
    refused = client.post("/admin/triage/triagesettings/add/", {"threshold": "0.6"})
    assert refused.status_code == 403  # one row per organisation
    invalid = client.post(
        f"/admin/triage/triagesettings/{TriageSettings.all_tenants.get().pk}/change/",
        {"threshold": "1.5"},
    )
    assert invalid.status_code == 200 and "errornote" in invalid.content.decode()


def test_synonyms_are_edited_on_the_product(tenant_a):
    page = tenant_a.client("admin").get(f"/admin/catalog/product/{tenant_a.product.pk}/change/")
    assert 'name="synonyms"' in page.content.decode()


def test_agents_cannot_manage_examples(tenant_a):
    _seed_products(tenant_a)
    client = tenant_a.client("agent")
    assert client.get("/admin/triage/triageexample/").status_code in (302, 403)
    response = _upload(client, b"product_code,text\nklacht,x\n")
    assert response.status_code in (302, 403)
    with tenant_a.active():
        assert not TriageExample.objects.exists()
