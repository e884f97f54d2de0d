"""The organisation of a host name is remembered per process, briefly and safely."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from achterkant.tenancy import selectors
from achterkant.tenancy.models import Hostname, Organisation
from achterkant.tenancy.selectors import clear_organisation_cache, organisation_for_host


def _lookup(host: str):
    with CaptureQueriesContext(connection) as queries:
        organisation = organisation_for_host(host, demo=False)
    return organisation, len(queries.captured_queries)


def test_a_known_host_is_looked_up_once(tenant_a):
    first, first_count = _lookup("a.localhost")
    second, second_count = _lookup("A.localhost.:8000")
    assert first == second == tenant_a.organisation
    assert (first_count, second_count) == (1, 0)


def test_each_call_gets_its_own_copy(tenant_a):
    first, _ = _lookup("a.localhost")
    first.name = "Gewijzigd in een verzoek"
    first.note_for_this_request = True
    second, _ = _lookup("a.localhost")
    assert second is not first
    assert second.name == "Gemeente A"
    assert not hasattr(second, "note_for_this_request")
    assert second._state.adding is False


def test_an_unknown_host_is_never_cached(tenant_a):
    assert _lookup("nieuw.localhost") == (None, 1)
    assert _lookup("nieuw.localhost") == (None, 1)
    Hostname.objects.create(organisation=tenant_a.organisation, hostname="nieuw.localhost")
    assert _lookup("nieuw.localhost")[0] == tenant_a.organisation


def test_a_moved_host_name_counts_at_once_in_this_process(tenant_a, tenant_b):
    assert _lookup("a.localhost")[0] == tenant_a.organisation
    hostname = Hostname.objects.get(hostname="a.localhost")
    hostname.organisation = tenant_b.organisation
    hostname.save()
    assert _lookup("a.localhost")[0] == tenant_b.organisation
    hostname.delete()
    assert _lookup("a.localhost") == (None, 1)


def test_a_renamed_organisation_counts_at_once_in_this_process(tenant_a):
    _lookup("a.localhost")
    Organisation.objects.filter(pk=tenant_a.organisation.pk).get().save()
    organisation = tenant_a.organisation
    organisation.name = "Gemeente A-stad"
    organisation.save()
    assert _lookup("a.localhost")[0].name == "Gemeente A-stad"


def test_another_process_sees_a_change_after_the_ttl(tenant_a, tenant_b, monkeypatch):
    """A change without a signal here (another process) waits for the entry to expire."""
    clock = [1000.0]
    monkeypatch.setattr(selectors.time, "monotonic", lambda: clock[0])
    _lookup("a.localhost")
    Hostname.objects.filter(hostname="a.localhost").update(organisation=tenant_b.organisation)
    assert _lookup("a.localhost") == (tenant_a.organisation, 0)
    clock[0] += 30
    assert _lookup("a.localhost") == (tenant_b.organisation, 1)


@pytest.mark.parametrize("seconds", [0])
def test_zero_seconds_switches_the_cache_off(tenant_a, settings, seconds):
    settings.TENANT_CACHE_SECONDS = seconds
    clear_organisation_cache()
    assert _lookup("a.localhost") == (tenant_a.organisation, 1)
    assert _lookup("a.localhost") == (tenant_a.organisation, 1)


def test_a_request_gets_its_organisation_from_the_cache(tenant_a):
    client = tenant_a.client()
    client.get("/mijn/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/mijn/")
    assert not [q for q in queries.captured_queries if "tenancy_hostname" in q["sql"]]
