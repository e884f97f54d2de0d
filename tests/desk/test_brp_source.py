"""The same desk code works when the BRP (Haal Centraal) answers instead of the local register."""

import pytest

from achterkant.audit.models import ProcessingLogEntry
from tests.identity.fake_brp import API_KEY, running_fake_brp


@pytest.fixture
def brp(settings):
    with running_fake_brp() as fake:
        settings.PERSON_LOOKUP = "brp"
        settings.BRP_API_URL = fake.base_url
        settings.BRP_API_KEY = API_KEY
        yield fake


def test_agent_finds_a_person_in_the_brp_and_the_lookup_is_logged(tenant_a, brp):
    client = tenant_a.client("agent")
    response = client.post("/desk/personen/zoeken/", {"bsn": "999992351"})
    assert response.status_code == 302
    page = client.get("/desk/persoon/").content.decode()
    assert "Pieter de Vries" in page
    assert "Boterdiep 31A-2, 3077AW Rotterdam" in page
    request = brp.last_request
    assert request.body["type"] == "RaadpleegMetBurgerservicenummer"
    assert request.headers["x-gebruiker"] == "agent-a"
    assert request.headers["x-doelbinding"] == "Klantcontact afhandelen"
    with tenant_a.active():
        # The search is a search; the 360° view after it the one read (issue 17).
        entries = ProcessingLogEntry.objects.filter(bsn="999992351")
        assert sorted(entries.values_list("action", flat=True)) == ["read", "search"]


def test_a_brp_outage_gives_a_clear_message_not_a_500(tenant_a, brp):
    brp.respond_with(503, {"title": "Onderhoud"}, "application/problem+json")
    response = tenant_a.client("agent").post("/desk/personen/zoeken/", {"bsn": "999992351"})
    assert response.status_code == 400
    assert "Zoeken lukt nu niet" in response.content.decode()
