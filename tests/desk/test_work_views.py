"""The case-worker desk: queues, the case page's actions and the team lead's view."""

import re
import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from achterkant.cases.models import Case, CaseEvent
from achterkant.cases.queues import PAGE_SIZE, case_queue, parse_cursor, queue_cursor
from achterkant.catalog.models import CaseType, DecisionType, ResultType

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def team(team, tenant_a):
    """The desk's team (conftest), with a norm of 5 working days for the case type."""
    with tenant_a.active():
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(service_norm="P5D")
    return team


def _post(client, case, action, data=None, **extra):
    return client.post(f"/desk/zaken/{case.number}/{action}/", data or {}, **extra)


def test_web_and_phone_cases_land_in_the_same_queue_with_the_same_norm(tenant_a, team):
    web, phone = tenant_a.open_case(channel="web"), tenant_a.open_case(channel="phone")
    page = tenant_a.client("worker").get("/desk/teams/stadsbeheer/").content.decode()
    assert web.number in page and phone.number in page
    assert web.sla_due_at == phone.sla_due_at


def test_the_worker_takes_asks_receives_decides_and_closes(tenant_a, team, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    case = tenant_a.open_case()
    client = tenant_a.client("worker")
    _post(client, case, "oppakken")
    respond_before = (timezone.localdate() + timedelta(days=14)).isoformat()
    _post(
        client, case, "informatie-vragen", {"question": "Foto?", "respond_before": respond_before}
    )
    assert "termijn staat stil" in client.get(f"/desk/zaken/{case.number}/").content.decode()
    _post(client, case, "informatie-ontvangen", {"channel": "counter"})
    _post(client, case, "notitie", {"text": "Gebeld met de melder."})
    _post(client, case, "document", {"title": "Foto", "upload": SimpleUploadedFile("f.pdf", PDF)})
    with tenant_a.active():
        decision_type = DecisionType.objects.create(
            catalogue=tenant_a.case_type.catalogue, description="Besluit",
            valid_from="2020-01-01",
        )  # fmt: skip
        DecisionType.objects.filter(pk=decision_type.pk).update(is_concept=False)
        decision_type.case_types.add(tenant_a.case_type)
        result = ResultType.objects.filter(case_type=tenant_a.case_type).first()
    today = timezone.localdate().isoformat()
    _post(client, case, "besluit", {"decision_type": decision_type.pk, "decided_on": today,
                                    "effective_from": today})  # fmt: skip
    _post(client, case, "resultaat", {"result_type": result.pk})
    response = _post(client, case, "afsluiten", follow=True)
    assert "De zaak is afgesloten." in response.content.decode()
    with tenant_a.active():
        case.refresh_from_db()
        kinds = set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert case.end_date is not None and case.assignee == tenant_a.staff["worker"]
    assert {"taken", "info_requested", "info_received", "note"} <= kinds


def test_errors_come_back_as_clear_messages_not_500s(tenant_a, team):
    case = tenant_a.open_case()
    client = tenant_a.client("worker")
    response = _post(client, case, "afsluiten", follow=True)
    assert "Leg eerst het resultaat vast" in response.content.decode()
    response = _post(client, case, "informatie-vragen", {"question": ""}, follow=True)
    assert "Dit veld is verplicht" in response.content.decode()
    _post(client, case, "verlengen", {"reason": "Advies"})
    response = _post(client, case, "verlengen", {"reason": "Nog eens"}, follow=True)
    assert "al eens verlengd" in response.content.decode()
    assert _post(client, case, "bestaat-niet").status_code == 404
    assert tenant_a.client("agent").post(f"/desk/zaken/{case.number}/oppakken/").status_code == 403


def test_two_workers_taking_the_same_case(tenant_a, team):
    case = tenant_a.open_case()
    _post(tenant_a.client("worker"), case, "oppakken")
    response = _post(tenant_a.client("lead"), case, "oppakken", follow=True)
    assert "al opgepakt door" in response.content.decode()


def test_team_lead_sees_workload_risks_and_deadlines(tenant_a, team):
    case = tenant_a.open_case()
    _post(tenant_a.client("worker"), case, "oppakken")
    page = tenant_a.client("lead").get("/desk/teamleider/").content.decode()
    assert "Werkvoorraad per medewerker" in page
    workload = page.split('data-testid="workload"', 1)[1].split("</table>", 1)[0]
    assert 'Worker A</td><td class="utrecht-table__cell">1</td>' in workload
    assert tenant_a.client("worker").get("/desk/teamleider/").status_code == 403


def test_queue_filters_and_keyset_pages(tenant_a, team):
    for _ in range(PAGE_SIZE + 3):
        tenant_a.open_case()
    with tenant_a.active():
        first = case_queue(team_id=team.pk)
        second = case_queue(team_id=team.pk, after=parse_cursor(queue_cursor(first)))
    assert len(first) == PAGE_SIZE and len(second) == 3
    assert not {c.pk for c in first} & {c.pk for c in second}
    page = tenant_a.client("worker").get("/desk/teams/stadsbeheer/?unassigned=on").content.decode()
    assert "Volgende zaken" in page
    assert tenant_a.client("worker").get("/desk/teams/stadsbeheer/?na=kapot").status_code == 200


def test_my_work_pages_through_all_my_cases(tenant_a, team):
    """A worker with more cases than one page reaches every one of them."""
    with tenant_a.active():
        opened = [tenant_a.open_case() for _ in range(PAGE_SIZE + 2)]
        Case.objects.filter(pk__in=[c.pk for c in opened]).update(assignee=tenant_a.staff["worker"])
    client = tenant_a.client("worker")
    first = client.get("/desk/werk/").content.decode()
    link = re.search(r'href="\?([^"]+)">Volgende zaken', first)
    assert link, "no next page on a full first page"
    second = client.get("/desk/werk/?" + link.group(1).replace("&amp;", "&")).content.decode()
    shown = {c.number for c in opened if c.number in first} | {
        c.number for c in opened if c.number in second
    }
    assert shown == {c.number for c in opened}
    assert "Volgende zaken" not in second


def test_the_team_queue_shows_the_most_urgent_contact_requests_and_links_to_all(tenant_a, team):
    from achterkant.contacts.services import ContactRequestDraft, contact_request_create

    with tenant_a.active():
        for n in range(12):
            contact_request_create(
                actor=tenant_a.staff["agent"],
                draft=ContactRequestDraft(
                    name=f"Beller {n:02}", team=team, phone="0612345678", question="Bel mij"
                ),
                bsn=tenant_a.person.bsn,
            )
    client = tenant_a.client("worker")
    page = client.get("/desk/teams/stadsbeheer/").content.decode()
    listed = re.findall(r"Beller \d\d", page)
    assert len(listed) == 10
    assert "Alle contactverzoeken" in page
    everything = client.get("/desk/contactverzoeken/").content.decode()
    assert len(set(re.findall(r"Beller \d\d", everything))) == 12


def test_team_queue_query_count_is_pinned(tenant_a, team, django_assert_num_queries):
    for _ in range(5):
        tenant_a.open_case()
    client = tenant_a.client("worker")
    client.get("/desk/teams/stadsbeheer/")
    # +3 since the case promise: opening hours, SLA policy and the running suspensions.
    # +1 since two-factor authentication: the device that verified the session.
    # 13 -> 10 (-1 organisation cached,
    # -2 permissions cached; docs/performance.md, "Fixed cost per request").
    # 10 -> 8: opening hours, SLA policy and decree days read from the process, one query
    # for the organisation's settings version instead (tenancy.settings_cache). 8 -> 7: the
    # team itself comes from the process too (routing.selectors.teams). 7 -> 6: the running
    # suspensions come with the queue's rows; read apart only when a row has one. 6 -> 5:
    # the user comes with the session (staff.sessions). 5 -> 4: the device that verified
    # the session is kept in it (staff.twofactor.verified).
    with django_assert_num_queries(4):
        client.get("/desk/teams/stadsbeheer/")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans: PostgreSQL only")
def test_a_queue_of_10000_open_cases_reads_one_page_by_index(tenant_a, team):
    """The queue query walks the team/deadline index and stops after a page of rows."""
    case = tenant_a.open_case()
    now = timezone.now()
    with tenant_a.active():
        fields = {f.attname: getattr(case, f.attname) for f in Case._meta.concrete_fields}
        rows = []
        for n in range(10_000):
            row = Case(
                **{
                    **fields,
                    "id": None,
                    "uuid": uuid.uuid4(),
                    "number": f"ZAAK-2026-{n + 100:07d}",
                    "queue_due_at": now + timedelta(minutes=n),
                    "current_status_id": None,
                }
            )
            rows.append(row)  # fmt: skip
        Case.objects.bulk_create(rows, batch_size=2000)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE cases_case")
        queryset = Case.objects.filter(
            team_id=team.pk, end_date__isnull=True, queue_due_at__isnull=False
        ).order_by("queue_due_at", "pk")[:PAGE_SIZE]
        plan = queryset.explain(analyze=True)
    assert "case_team_queue" in plan
    assert "Sort" not in plan  # the index order is the queue order
    rows_read = [int(n) for n in re.findall(r"actual time=[\d.]+\.\.[\d.]+ rows=(\d+)", plan)]
    assert max(rows_read) <= PAGE_SIZE + 1  # one page read, not 10,000 rows
