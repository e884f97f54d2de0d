"""Query budgets of the desk and portal pages: a fixed number, whatever the rows.

Each page is read once with a few rows and once with more; the second read may not take
more queries (no N+1), and the count is pinned, so a new query on a hot page is a choice
made in review. The 360° person page, the team queue and Mijn overzicht are pinned in
their own test modules. Desk pages count one query more since two-factor authentication:
the device that verified the staff session (django-otp), once per request.

Since issue 13 every desk page counts three queries fewer, every portal page one: the
organisation of the host name is cached in the process (-1), the staff member's
permissions in the session (-2); docs/performance.md, "Fixed cost per request". Pages that
show a date read the organisation's settings (opening hours, SLA policy, decree days) from
the process: one query for the settings version instead of one per setting.

Since the staff session is read with its user (achterkant.staff.sessions), every desk
page counts one query fewer again: the session row brings the user row along.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from achterkant.cases.models import Case
from achterkant.cases.services import add_document
from achterkant.cases.services.assignment import assign_case
from achterkant.cases.services.default_notice import register_default_notice
from achterkant.catalog.models import CaseType
from achterkant.contacts.mail_intake import ingest_message
from achterkant.contacts.services import ContactRequestDraft, contact_request_create
from achterkant.desk.kcc_views import ACTIVE_COMPANY
from achterkant.identity.models import Company
from achterkant.notify.models import OutboxMessage
from achterkant.routing.models import Team
from tests.portal.test_portal import PDF, log_in
from tests.portal.test_requests import FORM

KVK = "69599084"


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries.captured_queries)


def _grows_not(client, url: str, add_rows) -> int:
    """The count after more rows; fails if it grew."""
    client.get(url)  # warm the per-process caches (holidays, content types)
    few = _count(client, url)
    add_rows()
    more = _count(client, url)
    assert more <= few, f"{url}: {few} queries with few rows, {more} with more (N+1)"
    return more


@pytest.fixture
def busy(tenant_a, settings, tmp_path):
    """Tenant A with a team, cases assigned to the worker and contact requests."""
    settings.MEDIA_ROOT = str(tmp_path)
    with tenant_a.active():
        team = Team.objects.create(identification="buiten", name="Team Buitenruimte")
        team.members.add(tenant_a.staff["worker"], tenant_a.staff["lead"])
        Company.objects.create(kvk_number=KVK, name="Bakkerij De Korenschoof")
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(form_definition=FORM)
    tenant_a.team = team
    return tenant_a


def _more_work(tenant, count: int = 3):
    def add():
        for _ in range(count):
            case = tenant.open_case()
            with tenant.active():
                assign_case(
                    actor=tenant.staff["lead"], case=case, assignee=tenant.staff["worker"],
                    team=tenant.team,
                )  # fmt: skip
                add_document(
                    actor=tenant.staff["worker"], case=case,
                    upload=SimpleUploadedFile("a.pdf", PDF), title="Foto",
                )  # fmt: skip
                contact_request_create(
                    actor=tenant.staff["agent"],
                    draft=ContactRequestDraft(
                        name="Sophie",
                        team=tenant.team,
                        assignee=tenant.staff["worker"],
                        phone="0612345678",
                        question="Bel mij terug",
                    ),  # fmt: skip
                    bsn=tenant.person.bsn,
                    kvk_number=KVK,
                )

    return add


def test_my_work(busy):
    _more_work(busy)()
    client = busy.client("worker")
    # 8 -> 7: the running suspensions come with the queue's rows (cases.queues).
    # 6 -> 7: the counts above the list, the same the team lead sees (open_work_counts).
    # 7 -> 6: the device that verified the session is kept in it (staff.twofactor.verified).
    assert _grows_not(client, "/desk/werk/", _more_work(busy)) == 6


def _more_work_with_notices(tenant):
    """More work, and a notice of default (Awb 4:17) on each case that has none."""

    def add():
        _more_work(tenant)()
        with tenant.active():
            for case in Case.objects.filter(default_notices__isnull=True):
                register_default_notice(
                    actor=tenant.staff["worker"], case=case, received_on=case.start_date,
                    channel="letter",
                )  # fmt: skip

    return add


def test_team_lead(busy):
    # 16 before the dwangsom list; + the cases with a notice, + their notices (prefetch);
    # - 2 with the settings read from the process (tenancy.settings_cache).
    _more_work_with_notices(busy)()
    client = busy.client("lead")
    # 13 -> 14: the workload lists every member of the teams (also those without open
    # cases) and counts what Mijn werk counts for them: members, then their counts.
    # 14 -> 13: the device that verified the session is kept in it (staff.twofactor.verified).
    assert _grows_not(client, "/desk/teamleider/", _more_work_with_notices(busy)) == 13


def test_contact_requests(busy):
    _more_work(busy)()
    client = busy.client("worker")
    # 5 -> 4: the device that verified the session is kept in it (staff.twofactor.verified).
    assert _grows_not(client, "/desk/contactverzoeken/", _more_work(busy)) == 4


def test_company_360_view(busy):
    _more_work(busy)()
    client = busy.client("agent")
    session = client.session
    session[ACTIVE_COMPANY] = KVK
    session.save()
    # 12 -> 11: the organisation's settings (opening hours, SLA policy) are cached per
    # version. With cases (this company has none) see tests/desk/test_party_lists.py.
    # 11 -> 9: the contact form's product and team options come from the process too.
    # 9 -> 7: the contacts, open contact requests and attachments in one query
    # (contacts.selectors.party_summary). 6 -> 5: the device that verified the session is
    # kept in it (staff.twofactor.verified).
    assert _grows_not(client, "/desk/bedrijf/", _more_work(busy)) == 5


def test_mailbox(busy):
    def mail():
        for _ in range(3):
            raw = (
                "From: onbekend@example.org\r\nSubject: Vraag\r\n"
                f"Message-ID: <{timezone.now().timestamp()}-{id(object())}@example.org>\r\n"
                "Content-Type: text/plain\r\n\r\nEen vraag.\r\n"
            ).encode()
            with busy.active():
                ingest_message(raw)

    mail()
    client = busy.client("agent")
    # 7 since issue 18: the review queue (Te beoordelen) is its own list, one query with
    # its teams; its suggestions are stored on the contact, so more rows cost nothing.
    # 7 -> 6: the device that verified the session is kept in it (staff.twofactor.verified).
    assert _grows_not(client, "/desk/e-mail/", mail) == 6


def test_case_page(busy):
    case = busy.open_case()

    def more():
        with busy.active():
            for _ in range(3):
                add_document(
                    actor=busy.staff["worker"], case=case,
                    upload=SimpleUploadedFile("a.pdf", PDF), title="Foto",
                )  # fmt: skip

    more()  # a part without rows costs no query: start with documents, then add more
    client = busy.client("worker")
    # It was 25 before the case promise; the decisions and documents are read once now
    # (23), and the notices of default are read for the dwangsom section (+1).
    # 25 -> 22 (-1 organisation cached, -2 permissions cached).
    # 22 -> 12: the case query knows which mostly empty parts (decisions, documents,
    # suspensions, extension, result, notices of default) have rows, and only those are
    # read; the choices of all action forms are one query; the calendar and SLA policy
    # are cached per organisation (one version check). Here: case, log entry, statuses,
    # events, documents, version, contacts, messages, choices; + session, user, device.
    # 12 -> 10: the settings version comes with the case query, the statuses and events are
    # one query (cases.case_page). 10 -> 9: the user comes with the session. 9 -> 8:
    # the device that verified the session is kept in it (staff.twofactor.verified).
    assert _grows_not(client, f"/desk/zaken/{case.number}/", more) == 8


def test_berichtenbox(busy):
    def messages():
        with busy.active():
            for index in range(3):
                OutboxMessage.objects.create(
                    event_code="case.opened", recipient="", bsn=busy.person.bsn,
                    subject=f"Bericht {index}", body="Tekst",
                )  # fmt: skip

    messages()
    client = busy.client()
    log_in(client, busy.person.bsn)
    # 5 -> 2: a page view within 30 s of the last recorded activity writes no session
    # (an UPDATE and its two savepoints; portal.session.SEEN_RESOLUTION_SECONDS).
    assert _grows_not(client, "/mijn/berichten/", messages) == 2


def test_eloket_list(busy):
    client = busy.client()
    log_in(client, busy.person.bsn)

    def products():
        from achterkant.catalog.models import Product

        with busy.active():
            for index in range(3):
                Product.objects.create(
                    code=f"melding-{index}", name=f"Melding {index}",
                    case_type_identification=busy.case_type.identification,
                )  # fmt: skip

    # 6 -> 3: no session write within 30 s of the last recorded activity (see above).
    assert _grows_not(client, "/mijn/aanvragen/", products) == 3
