"""The admin of API applications: own organisation only, secret shown once, rules applied."""

from achterkant.api.autorisaties.models import Application, ClientCredential
from achterkant.tenancy.context import use_organisation
from tests.api.helpers import AC_BASE, api_client, register, token

ADD = "/admin/autorisaties/application/add/"


def _form(**overrides):
    data = {
        "label": "Formulieren",
        "all_authorisations": "on",
        "credentials-TOTAL_FORMS": "1",
        "credentials-INITIAL_FORMS": "0",
        "credentials-0-client_id": "open-formulieren",
        "credentials-0-secret": "",
        "authorisations-TOTAL_FORMS": "0",
        "authorisations-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_admin_sees_own_applications_and_secret_once(tenant_a, tenant_b):
    register(tenant_b.organisation, "van-b", all_authorisations=True, label="Koppeling van B")
    client = tenant_a.client("admin")
    response = client.post(ADD, _form(), follow=True)
    assert response.status_code == 200
    with use_organisation(tenant_a.organisation):
        application = Application.objects.get(label="Formulieren")
        credential = ClientCredential.objects.get(client_id="open-formulieren")
    assert application.client_ids == ["open-formulieren"]
    assert len(credential.secret) >= 40
    assert credential.secret in response.content.decode()  # shown once, at creation
    change = client.get(f"/admin/autorisaties/application/{application.pk}/change/")
    assert credential.secret not in change.content.decode()
    listing = client.get("/admin/autorisaties/application/").content.decode()
    assert "Formulieren" in listing and "Koppeling van B" not in listing
    # The generated secret signs working tokens at once.
    bearer = token("open-formulieren", secret=credential.secret)
    assert api_client(tenant_a.host, bearer).get(f"{AC_BASE}/applicaties").status_code == 200


def test_admin_refuses_a_client_id_of_another_organisation(tenant_a, tenant_b):
    register(tenant_b.organisation, "van-b", all_authorisations=True)
    response = tenant_a.client("admin").post(ADD, _form(**{"credentials-0-client_id": "van-b"}))
    assert response.status_code == 200
    assert "Deze client-id is al in gebruik." in response.content.decode()
    with use_organisation(tenant_a.organisation):
        assert not Application.objects.filter(label="Formulieren").exists()


def test_admin_applies_the_ac_rules(tenant_a):
    form = _form(
        all_authorisations="",
        **{
            "authorisations-TOTAL_FORMS": "1",
            "authorisations-0-component": "zrc",
            "authorisations-0-scopes": "zaken.lezen",
        },
    )
    del form["all_authorisations"]
    response = tenant_a.client("admin").post(ADD, form)
    assert response.status_code == 200
    assert "Dit veld is vereist." in response.content.decode()
    with use_organisation(tenant_a.organisation):
        assert not Application.objects.filter(label="Formulieren").exists()
