"""*Mijn werk* and the team queue show the callback attempts of their contact requests
(issue 17), as *Contactverzoeken* does: counted in the list's own query, so the pages
read no more with more requests or attempts."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from achterkant.contacts.services import (
    ContactRequestDraft,
    contact_request_create,
    contact_request_log_attempt,
)


def _request(tenant, team, *, name: str, assignee=None):
    with tenant.active():
        return contact_request_create(
            actor=tenant.staff["agent"],
            draft=ContactRequestDraft(
                name=name, team=team, assignee=assignee, phone="0612345678", question="Bel mij"
            ),
            bsn=tenant.person.bsn,
        )


def _attempt(tenant, request, result="not_reached", note=""):
    with tenant.active():
        contact_request_log_attempt(
            actor=tenant.staff["worker"], request=request, result=result, note=note
        )


def _attempts_text(page: str, request) -> str:
    match = re.search(rf'<span data-testid="attempts-{request.pk}">(.*?)</span>', page, re.S)
    assert match, f"no attempts for request {request.pk}"
    return " ".join(match.group(1).split())


def test_the_team_queue_shows_the_attempts_of_each_request(tenant_a, team):
    tried = _request(tenant_a, team, name="Beller Een")
    untried = _request(tenant_a, team, name="Beller Twee")
    _attempt(tenant_a, tried)
    _attempt(tenant_a, tried)
    page = tenant_a.client("worker").get("/desk/teams/stadsbeheer/").content.decode()
    assert re.fullmatch(r"Pogingen: 2, laatste .+: niet bereikt", _attempts_text(page, tried))
    assert _attempts_text(page, untried) == "Pogingen: nog geen"


def test_my_work_shows_the_attempts_of_my_requests(tenant_a, team):
    mine = _request(tenant_a, None, name="Beller Drie", assignee=tenant_a.staff["worker"])
    _attempt(tenant_a, mine, result="note", note="Voicemail ingesproken")
    page = tenant_a.client("worker").get("/desk/werk/").content.decode()
    assert "Beller Drie" in page
    assert re.fullmatch(r"Pogingen: 1, laatste .+: \S.*", _attempts_text(page, mine))


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_attempts_cost_no_query(tenant_a, team, django_assert_max_num_queries):
    """One request without attempts or three with them: the same number of queries."""
    worker = tenant_a.client("worker")
    first = _request(tenant_a, team, name="Beller Een", assignee=tenant_a.staff["worker"])
    for url in ("/desk/teams/stadsbeheer/", "/desk/werk/"):
        worker.get(url)  # warm the per-process caches
    few = {url: _count(worker, url) for url in ("/desk/teams/stadsbeheer/", "/desk/werk/")}
    for n in range(2):
        request = _request(tenant_a, team, name=f"Beller {n}", assignee=tenant_a.staff["worker"])
        _attempt(tenant_a, request)
    _attempt(tenant_a, first)
    # The team queue's pin (tests/desk/test_work_views.py: 5 without requests) plus the
    # one query of its contact requests, attempts included.
    with django_assert_max_num_queries(6):
        page = worker.get("/desk/teams/stadsbeheer/").content.decode()
    assert page.count("Pogingen: 1, laatste") == 3
    for url, count in few.items():
        assert _count(worker, url) <= count, url
