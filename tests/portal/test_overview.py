"""Mijn overzicht as a summary, and Al mijn zaken paged by keyset (issue 13)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from achterkant.audit.models import ProcessingLogEntry
from achterkant.cases.models import Case
from achterkant.notify.models import OutboxMessage
from tests.portal.test_feedback import _closed_case, _contact
from tests.portal.test_portal import _company_case, log_in


def _citizen(tenant):
    client = tenant.client()
    log_in(client, tenant.person.bsn)
    return client


def _numbers(page: str) -> list[str]:
    """The case numbers of the rows of a page, in order."""
    return re.findall(r'data-testid="case-([^"]+)"', page)


def _section(page: str, heading: str) -> str:
    return page.split(f">{heading}</h2>")[1].split("<h2")[0]


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_start_page_shows_the_ten_newest_open_cases_and_links_to_all(tenant_a):
    cases = [tenant_a.open_case() for _ in range(12)]
    page = _citizen(tenant_a).get("/mijn/").content.decode()
    running = _numbers(_section(page, "Lopende zaken"))
    assert running == [case.number for case in reversed(cases)][:10]
    assert 'data-testid="more-open"' in page
    assert 'href="/mijn/zaken/"' in page
    # Each row links to the case's own page (reversed once per page, so checked here).
    assert f'href="{reverse("portal:case", args=[cases[-1].number])}"' in page


def test_the_start_page_has_no_status_history_the_case_page_has_it(tenant_a):
    case = tenant_a.open_case()
    client = _citizen(tenant_a)
    assert "Verloop van zaak" not in client.get("/mijn/").content.decode()
    assert f'href="/mijn/zaken/{case.number}/"' in client.get("/mijn/").content.decode()
    assert "Verloop van zaak" in client.get(f"/mijn/zaken/{case.number}/").content.decode()


def test_the_five_most_recently_closed_cases_with_outcome_and_rating(tenant_a):
    closed = [_closed_case(tenant_a) for _ in range(6)]
    open_case = tenant_a.open_case()
    page = _citizen(tenant_a).get("/mijn/").content.decode()
    done = _section(page, "Afgeronde zaken")
    assert _numbers(done) == [case.number for case in reversed(closed)][:5]
    assert open_case.number not in done and open_case.number in _section(page, "Lopende zaken")
    with tenant_a.active():
        outcome = Case.objects.get(pk=closed[-1].pk).result.result_type.description
    assert f'data-testid="outcome">{outcome}<' in done
    assert done.count("Hoe tevreden bent u?") == 5


def test_contacts_decisions_and_documents_are_capped_at_ten(tenant_a):
    for _ in range(11):
        _contact(tenant_a, tenant_a.person.bsn)
    page = _citizen(tenant_a).get("/mijn/").content.decode()
    contacts = page.split('data-testid="portal-contacts"')[1].split("</ul>")[0]
    assert contacts.count("<li") == 10
    assert "U ziet hier uw 10 nieuwste contacten" in page


def test_the_start_page_query_count_is_pinned_and_does_not_grow(tenant_a):
    """Open and closed cases, contacts: the count stays the same with more of each."""

    def more():
        tenant_a.open_case()
        _closed_case(tenant_a)
        _contact(tenant_a, tenant_a.person.bsn)

    more()
    client = _citizen(tenant_a)
    client.get("/mijn/")  # warm the per-process caches
    few = _count(client, "/mijn/")
    for _ in range(3):
        more()
    # 17 -> 12 (issue 13): one query for open and closed cases, no status history.
    # 13 -> 10: no session write (and its two savepoints) within 30 s of the last one.
    # 10 -> 4: the session; one query for the unread messages, the settings version and
    # whether there are decisions, documents and callback requests (none here, so they
    # are not read); the cases, each with whether it was rated and whether its clock may
    # stand still (none does: no suspensions read); the contacts, with whether rated.
    assert _count(client, "/mijn/") == few == 4


def _decision(tenant, case):
    from datetime import date

    from achterkant.cases.services import add_decision
    from achterkant.catalog.models import DecisionType
    from achterkant.catalog.services import decision_type_publish

    with tenant.active():
        decision_type = DecisionType.objects.filter(description="Besluit op uw melding").first()
        if decision_type is None:
            decision_type = DecisionType.objects.create(
                catalogue=tenant.case_type.catalogue, description="Besluit op uw melding",
                valid_from=date(2020, 1, 1),
            )  # fmt: skip
            decision_type.case_types.add(tenant.case_type)
            decision_type = decision_type_publish(decision_type=decision_type)
        add_decision(
            actor=tenant.staff["worker"], case=case, decision_type=decision_type,
            decided_on=date(2026, 3, 1), effective_from=date(2026, 3, 2),
        )  # fmt: skip


def _everything(tenant):
    """One more of each thing the start page lists, for the person of ``tenant``."""
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile

    from achterkant.cases.services import add_document
    from achterkant.cases.services.information import request_information
    from achterkant.contacts.services import ContactRequestDraft, contact_request_create
    from tests.portal.test_portal import PDF

    waiting = tenant.open_case()
    _closed_case(tenant)
    _contact(tenant, tenant.person.bsn)
    _decision(tenant, waiting)
    with tenant.active():
        request_information(
            actor=tenant.staff["worker"], case=waiting, question="Stuur een foto.",
            respond_before=timezone.localdate() + timedelta(days=14),
        )  # fmt: skip
        add_document(
            actor=tenant.staff["worker"], case=waiting, upload=SimpleUploadedFile("a.pdf", PDF),
            title="Brief aan u",
        )  # fmt: skip
        contact_request_create(
            actor=tenant.staff["agent"], bsn=tenant.person.bsn,
            draft=ContactRequestDraft(
                name="Sophie", assignee=tenant.staff["worker"], phone="0612345678",
                question="Bel mij terug over de stoeptegel",
            ),
        )  # fmt: skip
        OutboxMessage.objects.create(
            event_code="case.opened", recipient="", bsn=tenant.person.bsn,
            subject="Bericht", body="Tekst",
        )  # fmt: skip


def test_with_everything_at_once_the_start_page_reads_eight_queries(tenant_a, settings, tmp_path):
    """Each list that has rows is read, once; the most the page ever reads."""
    settings.MEDIA_ROOT = str(tmp_path)
    _everything(tenant_a)
    client = _citizen(tenant_a)
    client.get("/mijn/")
    few = _count(client, "/mijn/")
    _everything(tenant_a)
    page = client.get("/mijn/").content.decode()
    assert "Wij wachten op informatie van u: Stuur een foto." in page
    assert "1 maart 2026: Besluit op uw melding" in _section(page, "Besluiten")
    assert _section(page, "Documenten").count("Brief aan u") == 2
    assert _section(page, "Wij bellen u terug").count("Bel mij terug over de stoeptegel") == 2
    with tenant_a.active():
        unread = OutboxMessage.objects.filter(bsn=tenant_a.person.bsn, read_at=None).count()
    assert unread >= 2 and f"U heeft {unread} ongelezen berichten." in page
    assert _section(page, "Afgeronde zaken").count("Hoe tevreden bent u?") == 2
    assert _section(page, "Mijn contacten").count("Hoe tevreden bent u?") == 2
    # The four above, and the running suspensions, callback requests, decisions and
    # documents: only read because there are some.
    assert _count(client, "/mijn/") == few == 8


def test_what_was_rated_has_no_rating_form_and_the_rest_keeps_it(tenant_a):
    case, other_case = _closed_case(tenant_a), _closed_case(tenant_a)
    contact, other_contact = (
        _contact(tenant_a, tenant_a.person.bsn),
        _contact(tenant_a, tenant_a.person.bsn),
    )
    client = _citizen(tenant_a)
    client.post("/mijn/beoordelen/", {"case": case.number, "score": "4"})
    client.post("/mijn/beoordelen/", {"contact": contact.pk, "score": "3"})
    page = client.get("/mijn/").content.decode()
    assert f'name="case" value="{case.number}"' not in page
    assert f'name="case" value="{other_case.number}"' in page
    assert f'name="contact" value="{contact.pk}"' not in page
    assert f'name="contact" value="{other_contact.pk}"' in page
    assert page.count("Hoe tevreden bent u?") == 2


@pytest.mark.parametrize(("branch", "queries"), [("", 4), ("000012345678", 3)])
def test_a_companys_start_page_query_count(tenant_a, branch, queries):
    """A company: no unread messages or documents to ask for (they go to a person);
    a branch log-in reads no contacts or callback requests (those are company-wide)."""
    _company_case(tenant_a)
    client = tenant_a.client()
    client.post(
        "/mijn/inloggen/eherkenning-test/",
        {"kvk_number": "69599084", "branch_number": branch, "assurance": "midden"},
    )
    client.get("/mijn/")
    assert _count(client, "/mijn/") == queries


def test_all_my_cases_query_count_is_pinned(tenant_a):
    """The session, the page of cases (with whether a clock may stand still), the
    settings version for the dates, and the processing log entry of the read."""
    for _ in range(3):
        tenant_a.open_case()
    _closed_case(tenant_a)
    client = _citizen(tenant_a)
    client.get("/mijn/zaken/")
    few = _count(client, "/mijn/zaken/")
    for _ in range(3):
        tenant_a.open_case()
    assert _count(client, "/mijn/zaken/") == few == 4


def test_all_my_cases_pages_by_keyset_newest_first(tenant_a):
    _closed_case(tenant_a)
    cases = [tenant_a.open_case() for _ in range(27)]
    with tenant_a.active():
        # Equal creation times: the id decides, and no case is skipped or shown twice.
        Case.objects.filter(pk__in=[case.pk for case in cases[:5]]).update(
            created_at=cases[0].created_at
        )
        expected = list(
            Case.objects.filter(initiator_bsn=tenant_a.person.bsn)
            .order_by("-created_at", "-pk")
            .values_list("number", flat=True)
        )
    client = _citizen(tenant_a)
    first = client.get("/mijn/zaken/").content.decode()
    assert _numbers(first) == expected[:25]
    assert "Ontvangen" in first and "Wij verwachten klaar te zijn op" in first
    next_url = re.search(r'href="(\?na=\d+)"', first).group(1)
    second = client.get(f"/mijn/zaken/{next_url}").content.decode()
    assert _numbers(second) == expected[25:]
    assert "Afgerond op" in second
    assert 'data-testid="next-page"' not in second
    assert f'href="/mijn/zaken/{expected[-1]}/"' in second


def test_all_my_cases_shows_nothing_of_another_person_or_organisation(tenant_a, tenant_b):
    mine = tenant_a.open_case()
    theirs = tenant_a.open_case(initiator_bsn="999990019")
    elsewhere = tenant_b.open_case()
    client = _citizen(tenant_a)
    page = client.get("/mijn/zaken/").content.decode()
    assert _numbers(page) == [mine.number]
    # Someone else's case as the cursor: an empty page, not the cases around it.
    for cursor in (theirs.pk, elsewhere.pk):
        assert _numbers(client.get(f"/mijn/zaken/?na={cursor}").content.decode()) == []
    # A cursor that is no id at all: the first page.
    for cursor in ("x", "9" * 30):
        page = client.get(f"/mijn/zaken/?na={cursor}").content.decode()
        assert _numbers(page) == [mine.number]


def test_all_my_cases_needs_a_log_in_and_logs_the_read(tenant_a):
    case = tenant_a.open_case()
    assert tenant_a.client().get("/mijn/zaken/")["Location"] == "/mijn/inloggen/"
    _citizen(tenant_a).get("/mijn/zaken/")
    with tenant_a.active():
        entry = ProcessingLogEntry.objects.get(object_type="zaken", action="read")
    assert entry.bsn == case.initiator_bsn and entry.purpose.startswith("Aanvraag")


@pytest.mark.parametrize("branch", ["", "000012345678"])
def test_a_company_sees_its_cases_on_both_pages(tenant_a, branch):
    from achterkant.cases.services import add_role
    from achterkant.catalog.models import RoleType

    ours, theirs = _company_case(tenant_a), _company_case(tenant_a, kvk_number="69599068")
    if branch:
        with tenant_a.active():
            initiator = RoleType.objects.get(
                case_type=tenant_a.case_type, generic_description="initiator"
            )
            add_role(actor=tenant_a.staff["worker"], case=theirs, role_type=initiator,
                     subject_type="vestiging", kvk_number="69599084",
                     branch_number=branch)  # fmt: skip
    client = tenant_a.client()
    client.post(
        "/mijn/inloggen/eherkenning-test/",
        {"kvk_number": "69599084", "branch_number": branch, "assurance": "midden"},
    )
    for url in ("/mijn/", "/mijn/zaken/"):
        numbers = _numbers(client.get(url).content.decode())
        # A branch log-in: only the case with that branch's role.
        assert numbers == ([theirs.number] if branch else [ours.number])


def test_a_waiting_case_says_so_in_the_list(tenant_a):
    from datetime import timedelta

    from achterkant.cases.services.information import request_information

    case = tenant_a.open_case()
    with tenant_a.active():
        request_information(
            actor=tenant_a.staff["worker"], case=case, question="Stuur een foto.",
            respond_before=timezone.localdate() + timedelta(days=14),
        )  # fmt: skip
    page = _citizen(tenant_a).get("/mijn/zaken/").content.decode()
    assert 'data-testid="waiting"' in page
