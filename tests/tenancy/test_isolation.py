"""Staff of organisation A can neither read nor write anything of organisation B."""

import pytest
from django.utils import timezone

from achterkant.audit.models import ProcessingLogEntry
from achterkant.cases.models import Case
from achterkant.contacts.models import Contact
from achterkant.desk.kcc_views import ACTIVE_PERSON
from achterkant.identity.services import person_find_by_bsn
from achterkant.tenancy.context import use_organisation


@pytest.fixture
def case_b(tenant_b):
    return tenant_b.open_case()


def test_service_path_cannot_find_a_person_of_another_organisation(tenant_a, tenant_b):
    with tenant_a.active():
        found = person_find_by_bsn(
            actor=tenant_a.staff["agent"], bsn=tenant_b.person.bsn, purpose="test"
        )
    assert found is None


def test_service_path_cannot_see_or_write_cases_of_another_organisation(tenant_a, case_b):
    with tenant_a.active():
        assert not Case.objects.filter(pk=case_b.pk).exists()
        assert Case.objects.filter(pk=case_b.pk).update(description="overschreven") == 0
    with tenant_a.active():
        assert not ProcessingLogEntry.objects.filter(bsn=case_b.initiator_bsn).exists()


def test_ui_search_for_another_tenants_bsn_finds_nobody(tenant_a, tenant_b):
    response = tenant_a.client("agent").post("/desk/personen/zoeken/", {"bsn": tenant_b.person.bsn})
    assert response.status_code == 400
    assert "Er is geen persoon gevonden met dit BSN." in response.content.decode()


def test_ui_case_page_of_another_tenant_is_not_found(tenant_a, case_b):
    client = tenant_a.client("lead")
    assert client.get(f"/desk/zaken/{case_b.number}/").status_code == 404
    response = client.post(f"/desk/zaken/{case_b.number}/status/", {"status_type": 1})
    assert response.status_code == 404
    with use_organisation(case_b.organisation):
        assert Case.objects.get(pk=case_b.pk).current_status.status_type.sequence == 1


def test_ui_contact_for_a_foreign_bsn_in_the_session_is_not_recorded(tenant_a, tenant_b):
    client = tenant_a.client("agent")
    session = client.session
    session[ACTIVE_PERSON] = tenant_b.person.bsn
    session.save()
    # The person page refuses: the BSN is unknown in organisation A.
    assert client.get("/desk/persoon/").status_code == 302
    with tenant_b.active():
        assert not Contact.objects.exists()


def test_staff_of_a_cannot_log_in_on_bs_site(tenant_a, tenant_b):
    client = tenant_b.client()
    response = client.post(
        "/medewerker/inloggen/", {"username": "agent-a", "password": "test-wachtwoord-123"}
    )
    assert response.status_code == 200
    assert "De gebruikersnaam of het wachtwoord klopt niet." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_session_from_a_used_on_bs_host_is_logged_out(tenant_a, tenant_b):
    client = tenant_a.client("agent")
    client.defaults["HTTP_HOST"] = tenant_b.host
    response = client.get("/desk/persoon/")
    assert response.status_code == 302
    assert "/medewerker/inloggen/" in response["Location"]


def test_contacts_are_invisible_across_organisations(tenant_a, tenant_b):
    with tenant_b.active():
        Contact.objects.create(
            channel="phone", bsn=tenant_b.person.bsn, question="?", started_at=timezone.now(),
            ended_at=timezone.now(),
        )  # fmt: skip
    with tenant_a.active():
        assert Contact.objects.count() == 0
