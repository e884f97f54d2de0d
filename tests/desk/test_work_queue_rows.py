"""The team queue and Mijn werk read their rows with ``values_list`` (cases.queues.QueueRow)
and print them ready-made (desk/partials/queue_rows.html): they must show exactly what the
case rows of ``Case`` instances show (desk/partials/case_rows.html, the team lead's list)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from achterkant.cases.models import Case
from achterkant.cases.queues import QUEUE_FIELDS, case_queue, with_working_days_left
from achterkant.cases.services.assignment import take_case
from achterkant.cases.services.information import (
    record_information_received,
    request_information,
)
from achterkant.routing.sla import Urgency


@pytest.fixture
def varied(tenant_a, team):
    """Cases that differ in every column the row prints."""
    worker, lead = tenant_a.staff["worker"], tenant_a.staff["lead"]
    today = timezone.localdate()
    plain = tenant_a.open_case()
    late = tenant_a.open_case(start_date=today - timedelta(days=70))  # past the legal date
    stopped = tenant_a.open_case()
    answered = tenant_a.open_case()
    without_product = tenant_a.open_case()
    without_status = tenant_a.open_case()
    urgent = tenant_a.open_case()
    nameless = tenant_a.open_case()
    with tenant_a.active():
        for case in (stopped, answered):
            take_case(actor=worker, case=case)
            request_information(
                actor=worker, case=case, question="Foto?",
                respond_before=today + timedelta(days=14),
            )  # fmt: skip
        record_information_received(actor=worker, case=answered, channel="phone")
        Case.objects.filter(pk=without_product.pk).update(product=None)
        Case.objects.filter(pk=without_status.pk).update(current_status=None)
        Case.objects.filter(pk=urgent.pk).update(urgency=Urgency.URGENT, assignee=lead)
        # Nobody's full name: the row shows the username, as User.__str__ does.
        lead.__class__.objects.filter(pk=lead.pk).update(first_name="", last_name="")
        Case.objects.filter(pk=nameless.pk).update(assignee=lead)
    return [plain, late, stopped, answered, without_product, without_status, urgent, nameless]


def _table(page: str, testid: str) -> str:
    match = re.search(
        rf'<table class="utrecht-table" data-testid="{testid}">.*?</table>', page, re.S
    )
    assert match, testid
    return match.group(0)


def _case_rows(tenant, testid: str, **filters) -> str:
    """The same queue as ``Case`` instances, printed by the case rows of the team lead."""
    with tenant.active():
        cases = list(
            Case.objects.filter(end_date__isnull=True, **filters)
            .select_related(*QUEUE_FIELDS)
            .order_by("queue_due_at", "pk")
        )
        return render_to_string(
            "desk/partials/case_rows.html",
            {"cases": with_working_days_left(cases), "testid": testid},
        )


def test_the_team_queue_shows_what_the_case_rows_show(tenant_a, team, varied):
    page = tenant_a.client("worker").get("/desk/teams/stadsbeheer/").content.decode()
    shown = _table(page, "team-cases")
    assert shown == _case_rows(tenant_a, "team-cases", team=team).strip()
    # What the cases differ in is there, so the comparison compared something.
    rows = {case.number: _row(shown, case.number) for case in varied}
    assert "termijn staat stil" in rows[varied[2].number]
    assert "termijn staat stil" not in rows[varied[3].number]
    assert "achterkant-overdue" in rows[varied[1].number]
    assert "spoed" in rows[varied[6].number]
    assert tenant_a.staff["lead"].username in rows[varied[7].number]
    assert f'href="/desk/zaken/{varied[0].number}/"' in rows[varied[0].number]


def test_my_work_shows_what_the_case_rows_show(tenant_a, team, varied):
    worker = tenant_a.staff["worker"]
    with tenant_a.active():
        Case.objects.filter(pk__in=[case.pk for case in varied[:4]]).update(assignee=worker)
    page = tenant_a.client("worker").get("/desk/werk/").content.decode()
    shown = _table(page, "my-cases")
    assert shown == _case_rows(tenant_a, "my-cases", assignee=worker).strip()
    assert shown.count('data-testid="sla-state"') == 4


def test_an_empty_queue_says_so(tenant_a, team):
    page = tenant_a.client("worker").get("/desk/teams/stadsbeheer/").content.decode()
    assert _table(page, "team-cases") == _case_rows(tenant_a, "team-cases", team=team).strip()
    assert "Geen zaken." in page


def test_the_running_suspensions_are_read_only_when_a_row_has_one(tenant_a, team):
    """The rows say whether a clock may stand; the promise's own selector is asked which
    suspension only then (one query), so the rows' promises are the cases' promises."""
    worker = tenant_a.staff["worker"]
    cases = [tenant_a.open_case() for _ in range(3)]
    with tenant_a.active():
        with CaptureQueriesContext(connection) as queries:
            case_queue(team_id=team.pk)
        assert _suspension_queries(queries) == 0
        take_case(actor=worker, case=cases[1])
        request_information(
            actor=worker, case=cases[1], question="Foto?",
            respond_before=timezone.localdate() + timedelta(days=14),
        )  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            rows = case_queue(team_id=team.pk)
        assert _suspension_queries(queries) == 1
        instances = with_working_days_left(
            list(Case.objects.filter(team=team).select_related(*QUEUE_FIELDS)
                 .order_by("queue_due_at", "pk"))
        )  # fmt: skip
    assert [row.pk for row in rows] == [case.pk for case in instances]
    assert [row.promise for row in rows] == [case.promise for case in instances]
    assert [row.working_days_left for row in rows] == [c.working_days_left for c in instances]
    assert [row.promise.clock_stopped is not None for row in rows].count(True) == 1


def _suspension_queries(queries) -> int:
    """Queries that read suspensions themselves (the rows' query only asks whether any)."""
    return sum(
        q["sql"].startswith('SELECT "cases_casesuspension"') for q in queries.captured_queries
    )


def _row(table: str, number: str) -> str:
    match = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{number}(?:(?!</tr>).)*</tr>", table, re.S)
    assert match, number
    return match.group(0)


def test_the_filter_fields_rendered_once_are_the_fields_rendered_per_page(tenant_a, team):
    """Without a filter the page prints the fields rendered once per process; with one it
    renders them itself. Apart from the value typed, the two are the same markup."""
    client = tenant_a.client("worker")
    empty = _form(client.get("/desk/teams/stadsbeheer/").content.decode())
    paged = _form(client.get("/desk/teams/stadsbeheer/?na=kapot&status=").content.decode())
    filtered = _form(client.get("/desk/teams/stadsbeheer/?status=Ontvangen").content.decode())
    assert '<option value="Ontvangen" selected>' in filtered
    assert '<option value="Ontvangen">' in empty  # the statuses by name, a drop-down
    status = re.compile(r'<select name="status".*?</select>', re.S)
    assert empty == paged and status.sub("", empty) == status.sub("", filtered)
    checked = _form(client.get("/desk/teams/stadsbeheer/?overdue=on").content.decode())
    assert checked.replace(" checked", "") == empty


def _form(page: str) -> str:
    match = re.search(r'<form method="get" class="achterkant-columns">.*?</form>', page, re.S)
    assert match
    return match.group(0)
