"""The 360° view as a summary, and *Alle contacten* / *Alle zaken* paging through the rest."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from achterkant.audit.models import ProcessingLogEntry
from achterkant.audit.services import Purpose
from achterkant.cases.models import Case
from achterkant.contacts.models import Contact
from achterkant.desk.party_views import ACTIVE_COMPANY, ACTIVE_PERSON
from achterkant.identity.models import Company

KVK = "69599084"
CASE_LINK = re.compile(r'href="/desk/zaken/(ZAAK-\d{4}-\d{7})/"')


def _client(tenant, role="agent", *, bsn=None, kvk_number=None):
    client = tenant.client(role)
    session = client.session
    if kvk_number:
        session[ACTIVE_COMPANY] = kvk_number
    else:
        session[ACTIVE_PERSON] = bsn or tenant.person.bsn
    session.save()
    return client


def _cases(tenant, count: int, *, same_moment: bool = False) -> list[str]:
    """``count`` cases of the tenant's person, their numbers newest first.

    ``same_moment``: all registered at the same instant, so only the id orders them."""
    numbers = [tenant.open_case().number for _ in range(count)]
    with tenant.active():
        now = timezone.now()
        for index, number in enumerate(numbers):
            moment = now if same_moment else now - timedelta(minutes=count - index)
            Case.objects.filter(number=number).update(created_at=moment)
    return numbers[::-1]


def _contacts(tenant, count: int, **party) -> list[int]:
    """``count`` contacts, their ids newest first; three at a time at the same moment."""
    party = party or {"bsn": tenant.person.bsn}
    now = timezone.now()
    with tenant.active():
        made = [
            Contact.objects.create(
                channel="phone",
                subject=f"Vraag {index}",
                question="…",
                started_at=now - timedelta(minutes=(index // 3) * 3),
                ended_at=now,
                **party,
            )
            for index in range(count)
        ]
    made.sort(key=lambda c: (c.started_at, c.pk), reverse=True)
    return [c.pk for c in made]


def _company_cases(tenant, count: int) -> list[str]:
    from achterkant.cases.services import add_role
    from achterkant.catalog.models import RoleType

    with tenant.active():
        Company.objects.get_or_create(kvk_number=KVK, defaults={"name": "Bakkerij De Korenschoof"})
    numbers = []
    for _ in range(count):
        case = tenant.open_case()
        with tenant.active():
            initiator = RoleType.objects.get(
                case_type=tenant.case_type, generic_description="initiator"
            )
            add_role(actor=tenant.staff["worker"], case=case, role_type=initiator,
                     subject_type="niet_natuurlijk_persoon", kvk_number=KVK)  # fmt: skip
        numbers.append(case.number)
    return numbers[::-1]


def _contact_subjects(page: str) -> list[str]:
    table = page.split('data-testid="contacts"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"Vraag \d+", table)


def test_the_360_view_shows_the_ten_newest_and_links_to_the_rest(tenant_a):
    numbers = _cases(tenant_a, 11)
    _contacts(tenant_a, 11)
    page = _client(tenant_a).get("/desk/persoon/").content.decode()
    cases = page.split('data-testid="cases"', 1)[1].split("</table>", 1)[0]
    assert CASE_LINK.findall(cases) == numbers[:10]
    assert len(_contact_subjects(page)) == 10
    assert 'href="/desk/persoon/zaken/"' in page and "Alle zaken" in page
    assert 'href="/desk/persoon/contacten/"' in page and "Alle contacten" in page


def test_the_360_view_has_no_list_link_when_ten_is_all(tenant_a):
    _cases(tenant_a, 10)
    _contacts(tenant_a, 10)
    page = _client(tenant_a).get("/desk/persoon/").content.decode()
    assert len(CASE_LINK.findall(page)) == 10
    assert "Alle zaken" not in page and "Alle contacten" not in page


@pytest.mark.parametrize("same_moment", [False, True])
def test_all_cases_pages_newest_first_without_gaps_or_repeats(tenant_a, same_moment):
    numbers = _cases(tenant_a, 27, same_moment=same_moment)
    client = _client(tenant_a)
    first = client.get("/desk/persoon/zaken/").content.decode()
    assert CASE_LINK.findall(first) == numbers[:25]
    assert "Alle zaken van Sophie de Vries" in first
    next_url = re.search(r'href="(\?voor=\d+)"[^>]*>Volgende pagina', first).group(1)
    second = client.get(f"/desk/persoon/zaken/{next_url}").content.decode()
    assert CASE_LINK.findall(second) == numbers[25:]
    assert "Volgende pagina" not in second
    assert "Naar de nieuwste" in second


def test_all_contacts_pages_newest_first_without_gaps_or_repeats(tenant_a):
    ids = _contacts(tenant_a, 30)
    with tenant_a.active():
        subjects = {c.pk: c.subject for c in Contact.objects.all()}
    client = _client(tenant_a)
    first = client.get("/desk/persoon/contacten/").content.decode()
    assert _contact_subjects(first) == [subjects[pk] for pk in ids[:25]]
    next_url = re.search(r'href="(\?voor=\d+)"[^>]*>Volgende pagina', first).group(1)
    second = client.get(f"/desk/persoon/contacten/{next_url}").content.decode()
    assert _contact_subjects(second) == [subjects[pk] for pk in ids[25:]]
    assert "Volgende pagina" not in second


def test_the_lists_log_the_read_like_the_360_view(tenant_a):
    client = _client(tenant_a)
    for url in ("/desk/persoon/zaken/", "/desk/persoon/contacten/"):

        def reads():
            with tenant_a.active():
                return ProcessingLogEntry.objects.filter(
                    bsn=tenant_a.person.bsn, actor=tenant_a.staff["agent"],
                    purpose=Purpose.CONTACT_HANDLING,
                ).count()  # fmt: skip

        before = reads()
        assert client.get(url).status_code == 200
        assert reads() == before + 1, url


def test_the_lists_need_the_permission_and_an_active_party(tenant_a):
    for url in ("/desk/persoon/zaken/", "/desk/persoon/contacten/", "/desk/bedrijf/zaken/"):
        assert _client(tenant_a, "admin").get(url).status_code == 403
        assert tenant_a.client().get(url).status_code == 302  # to the log-in
        response = tenant_a.client("agent").get(url)
        assert response.status_code == 302 and response["Location"] == "/desk/"


def test_another_organisations_rows_never_show(tenant_a, tenant_b):
    own = _cases(tenant_a, 2)
    # The same BSN in organisation B: a case (numbered apart from A's) and a contact there.
    for _ in range(2):
        tenant_b.open_case()
    other = tenant_b.open_case(initiator_bsn=tenant_a.person.bsn)
    assert other.number not in own
    _contacts(tenant_b, 1, bsn=tenant_a.person.bsn)
    client = _client(tenant_a)
    page = client.get("/desk/persoon/zaken/").content.decode()
    assert CASE_LINK.findall(page) == own
    assert "Nog geen contacten" in client.get("/desk/persoon/contacten/").content.decode()
    # A cursor that is another organisation's case (or garbage) gives nothing of B.
    with tenant_b.active():
        other_pk = Case.objects.get(number=other.number).pk
    page = client.get(f"/desk/persoon/zaken/?voor={other_pk}").content.decode()
    assert CASE_LINK.findall(page) == [] and "Er zijn geen oudere zaken" in page
    for cursor in ("abc", "-1", "9" * 30):
        page = client.get(f"/desk/persoon/zaken/?voor={cursor}").content.decode()
        assert CASE_LINK.findall(page) == own, cursor


def test_company_lists_and_360_view(tenant_a):
    numbers = _company_cases(tenant_a, 12)
    _contacts(tenant_a, 3, kvk_number=KVK)
    client = _client(tenant_a, kvk_number=KVK)
    page = client.get("/desk/bedrijf/").content.decode()
    assert CASE_LINK.findall(page) == numbers[:10]
    assert 'href="/desk/bedrijf/zaken/"' in page
    assert "Alle contacten" not in page
    cases = client.get("/desk/bedrijf/zaken/").content.decode()
    assert CASE_LINK.findall(cases) == numbers
    assert "Alle zaken van Bakkerij De Korenschoof" in cases
    assert len(_contact_subjects(client.get("/desk/bedrijf/contacten/").content.decode())) == 3


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_list_pages_take_a_fixed_number_of_queries(tenant_a):
    _cases(tenant_a, 3)
    _contacts(tenant_a, 3)
    client = _client(tenant_a)
    counts = {}
    for url in ("/desk/persoon/zaken/", "/desk/persoon/contacten/"):
        client.get(url)  # warm the per-process caches
        counts[url] = _count(client, url)
    _cases(tenant_a, 30)
    _contacts(tenant_a, 30)
    for url in counts:
        assert _count(client, url) <= counts[url], url
    # session with its user, device, the person (savepoint, read, log, release), the page's
    # rows; the cases and the organisation's settings version. 10 -> 9 for the cases: the
    # running suspensions are read only for cases that have one (an EXISTS flag in the
    # cases' query). -1 since the user comes with the session (staff.sessions). -1 since
    # the device that verified the session is kept in it (staff.twofactor.verified).
    assert counts == {"/desk/persoon/zaken/": 7, "/desk/persoon/contacten/": 6}


def test_company_360_view_with_cases_takes_a_fixed_number_of_queries(tenant_a):
    _company_cases(tenant_a, 3)
    client = _client(tenant_a, kvk_number=KVK)
    client.get("/desk/bedrijf/")
    few = _count(client, "/desk/bedrijf/")
    _company_cases(tenant_a, 12)
    assert _count(client, "/desk/bedrijf/") <= few
    # No suspension or extension prefetch any more: the list's promise reads the running
    # suspensions of its open cases in one query (14 before, with cases). 12 -> 10: the
    # contact form's product and team options come from the process. 10 -> 7: the contacts,
    # open contact requests and attachments in one query (party_summary), and the running
    # suspensions only for cases that have one. 7 -> 6: the user comes with the session.
    # 6 -> 5: the device that verified the session is kept in it (staff.twofactor.verified).
    assert few == 5


def _section(page: str, testid: str) -> str:
    return page.split(f'data-testid="{testid}"', 1)[1].split("</ul>", 1)[0]


def test_the_360_views_small_lists_come_in_their_own_order(tenant_a):
    """Contact requests, messages, documents and attachments are read in one query
    (``party_summary``); each list still shows its own rows in its own order."""
    from achterkant.cases.models import CaseSuspension, Document
    from achterkant.contacts.models import ContactAttachment, ContactRequest
    from achterkant.notify.models import OutboxMessage

    bsn = tenant_a.person.bsn
    numbers = _cases(tenant_a, 2)
    [newest, _] = _contacts(tenant_a, 2)
    client = _client(tenant_a)
    client.get("/desk/persoon/")
    plain = _count(client, "/desk/persoon/")
    now = timezone.now()
    with tenant_a.active():
        worker = tenant_a.staff["worker"]
        for days, question in ((2, "Later bellen"), (1, "Eerst bellen")):
            ContactRequest.objects.create(
                bsn=bsn,
                name="Sophie",
                question=question,
                assignee=worker,
                due_at=now + timedelta(days=days),
            )
        # Messages newest id first, whatever their date: as the single list read them.
        for index in range(12):
            OutboxMessage.objects.create(
                bsn=bsn,
                subject=f"Bericht {index}",
                body="…",
                event_code="test",
                recipient="s@example.org",
            )
        OutboxMessage.objects.filter(subject="Bericht 11").update(
            created_at=now - timedelta(days=9)
        )
        case = Case.objects.get(number=numbers[0])
        for index in range(3):
            Document.objects.create(
                case=case,
                title=f"Stuk {index}",
                file_name="s.pdf",
                content_type="application/pdf",
                size=1,
            )
        Document.objects.filter(title="Stuk 0").update(uploaded_at=now + timedelta(days=1))
        ContactAttachment.objects.create(
            contact_id=newest,
            file_name="scan.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
        )
        CaseSuspension.objects.create(
            case=case,
            reason="Foto?",
            requested_on=now.date(),
            term_ends_on=now.date() + timedelta(days=14),
        )
    page = client.get("/desk/persoon/").content.decode()
    requests = _section(page, "open-requests")
    assert requests.index("Eerst bellen") < requests.index("Later bellen")
    assert str(worker) in requests
    sent = re.findall(r"Bericht (\d+)", _section(page, "messages"))
    assert sent == [str(index) for index in range(11, 1, -1)]
    documents = _section(page, "documents")
    assert re.findall(r"Stuk \d", documents) == ["Stuk 0", "Stuk 2", "Stuk 1"]
    assert f'href="/desk/zaken/{numbers[0]}/documenten/' in documents
    assert "/desk/bijlagen/" in documents and "(bij telefoon-contact van" in documents
    # A running suspension is read for the one case that has it, and shown as on its page.
    cases = page.split('data-testid="cases"', 1)[1].split("</table>", 1)[0]
    assert cases.count("termijn staat stil") == 1
    assert _count(client, "/desk/persoon/") == plain + 1


def test_the_summary_query_is_shared_but_each_party_sees_its_own(tenant_a, tenant_b):
    """``party_summary`` compiles its query once per organisation and swaps in the BSN:
    another person, or the same BSN in another organisation, never sees these rows."""
    from tests.conftest import make_person

    other = make_person(tenant_a.organisation, "111222333", given_names="Ali")
    _contacts(tenant_a, 2)
    _contacts(tenant_a, 1, bsn=other.bsn)
    _contacts(tenant_b, 3, bsn=tenant_a.person.bsn)
    make_person(tenant_b.organisation, tenant_a.person.bsn)
    for tenant, bsn, count in (
        (tenant_a, tenant_a.person.bsn, 2),
        (tenant_a, other.bsn, 1),
        (tenant_b, tenant_a.person.bsn, 3),
        (tenant_a, tenant_a.person.bsn, 2),
    ):
        page = _client(tenant, bsn=bsn).get("/desk/persoon/").content.decode()
        assert len(_contact_subjects(page)) == count, (tenant.host, bsn)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL plan")
def test_a_deep_page_reads_one_index_range(tenant_a):
    """A page deep in a long history joins only its own rows, found by the person's index
    from the cursor on: it costs what the first page costs."""
    from achterkant.cases.party_selectors import cases_of_party
    from achterkant.contacts.selectors import contact_rows_for
    from tests.test_indexes_postgres import _analyze, _clone_cases, _indexes_used

    case = tenant_a.open_case()
    now = timezone.now()
    bsn = tenant_a.person.bsn
    with tenant_a.active():
        Case.all_tenants.bulk_create(
            _clone_cases(case, 3000, created_at=lambda n: now - timedelta(hours=n)),
            batch_size=1000,
        )
        Case.all_tenants.bulk_create(
            _clone_cases(case, 3000, start=3000, initiator_bsn=lambda n: f"{100000000 + n}"),
            batch_size=1000,
        )
        Contact.objects.bulk_create(
            [
                Contact(
                    organisation=tenant_a.organisation,
                    channel="phone",
                    subject="Vraag",
                    question="…",
                    bsn=bsn if n < 3000 else f"{100000000 + n}",
                    started_at=now - timedelta(hours=n),
                    ended_at=now - timedelta(hours=n),
                )
                for n in range(6000)
            ],
            batch_size=2000,
        )
        _analyze("cases_case", "contacts_contact")
        for fetch, index, model, column in (
            (cases_of_party, "case_bsn", Case, "created_at"),
            (contact_rows_for, "contact_bsn", Contact, "started_at"),
        ):
            ordered = list(
                model.objects.filter(**{"initiator_bsn" if model is Case else "bsn": bsn})
                .order_by(f"-{column}", "-pk")
                .values_list("pk", flat=True)
            )
            with CaptureQueriesContext(connection) as queries:
                page = fetch(bsn=bsn, before=ordered[1999], limit=26)
            # Cases are model rows, contacts plain values (``contacts.selectors._contact_row``).
            assert [row["pk"] if isinstance(row, dict) else row.pk for row in page] == ordered[
                2000:2026
            ]
            [sql] = [q["sql"] for q in queries.captured_queries if "LIMIT 26" in q["sql"]]
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN ANALYZE {sql}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
            assert index in _indexes_used(plan), plan
            # The index range starts at the cursor: at most the page (and a tie) is read.
            scanned = re.findall(rf"Index Scan using {index} .*? rows=(\d+) loops", plan)
            assert scanned and max(int(n) for n in scanned) <= 27, plan
