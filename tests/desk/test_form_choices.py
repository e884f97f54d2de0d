"""The contact form's product and team lists come from the process (settings cache), yet
show a change at once and still check what is posted against the organisation's rows."""

import re

from achterkant.catalog.models import Product
from achterkant.contacts.models import Contact
from achterkant.routing.models import Team
from tests.desk.test_views import _contact_post, _with_active_person


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_a_new_or_renamed_product_or_team_shows_on_the_next_page(tenant_a):
    client = _with_active_person(tenant_a.client("agent"), tenant_a.person.bsn)
    page = client.get("/desk/persoon/").content.decode()
    assert _options(page, "product") == ["(geen)", "Melding"]
    assert _options(page, "team") == ["---------"]
    with tenant_a.active():
        Product.objects.create(code="afval", name="Afvalpas")
        team = Team.objects.create(identification="kcc", name="Klantcontact")
    page = client.get("/desk/persoon/").content.decode()
    assert _options(page, "product") == ["(geen)", "Afvalpas", "Melding"]
    assert _options(page, "team") == ["---------", "Klantcontact"]
    with tenant_a.active():
        team.name = "Klantcontactcentrum"
        team.save()
        Product.objects.get(code="afval").delete()
    page = client.get("/desk/persoon/").content.decode()
    assert _options(page, "product") == ["(geen)", "Melding"]
    assert _options(page, "team") == ["---------", "Klantcontactcentrum"]


def test_another_organisations_product_is_neither_shown_nor_accepted(tenant_a, tenant_b):
    with tenant_b.active():
        foreign = Product.objects.create(code="vreemd", name="Product van B")
    client = _with_active_person(tenant_a.client("agent"), tenant_a.person.bsn)
    assert "Product van B" not in client.get("/desk/persoon/").content.decode()
    data = {**_contact_post(tenant_a), "product": foreign.pk}
    response = client.post("/desk/contacten/", data)
    assert response.status_code == 400
    assert "Product: Selecteer een geldige keuze" in response.content.decode()
    with tenant_a.active():
        assert not Contact.objects.exists()
