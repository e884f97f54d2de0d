"""An intake inserts the case as it stays: with its current status, team and assignee.

On PostgreSQL the case's and first status's ids come with the case number (one statement,
``cases.numbering.new_case_keys``), so the case row names its first status at the insert;
the routing rules are applied before the insert. No UPDATE of the case follows.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from achterkant.cases.models import Case, CaseEvent, CaseStatus
from achterkant.routing.models import RoutingRule, Team

pytestmark = pytest.mark.django_db


def _case_updates(queries) -> list[str]:
    return [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('UPDATE "cases_case"')
    ]


def test_the_case_is_inserted_with_its_first_status(tenant_a):
    tenant_a.open_case()  # warm the process's settings and the number's sequence
    with CaptureQueriesContext(connection) as queries:
        case = tenant_a.open_case()
    with tenant_a.active():
        stored = Case.objects.get(pk=case.pk)
        status = CaseStatus.objects.get(case=case)
    assert stored.current_status_id == status.pk == case.current_status.pk
    assert status.status_type == tenant_a.status_type(1)
    if connection.vendor == "postgresql":
        assert _case_updates(queries) == []
        (insert,) = [
            q["sql"] for q in queries.captured_queries if 'INSERT INTO "cases_case"' in q["sql"]
        ]
        assert '"current_status_id"' in insert


def test_the_first_case_of_a_year_gets_its_number_and_ids(tenant_a):
    case = tenant_a.open_case(start_date=date(2024, 3, 4))
    assert case.number == "ZAAK-2024-0000001"
    with tenant_a.active():
        assert Case.objects.get(pk=case.pk).current_status == CaseStatus.objects.get(case=case)


def test_a_routed_case_is_inserted_with_its_team_and_assignee(tenant_a):
    with tenant_a.active():
        team = Team.objects.create(identification="buiten", name="Buiten", auto_assign=True)
        team.members.add(tenant_a.staff["worker"])
        RoutingRule.objects.create(order=1, product_code=tenant_a.product.code, team=team)
    tenant_a.open_case()  # the worker now has one open case
    with CaptureQueriesContext(connection) as queries:
        case = tenant_a.open_case()
    with tenant_a.active():
        stored = Case.objects.get(pk=case.pk)
        (routed,) = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.ROUTED)
    assert (stored.team, stored.assignee) == (team, tenant_a.staff["worker"])
    assert routed.text == f"Naar team Buiten, toegewezen aan {tenant_a.staff['worker']}"
    if connection.vendor == "postgresql":
        assert _case_updates(queries) == []
    else:  # SQLite: the current status still follows the insert, the team does not
        assert all('"team_id"' not in sql for sql in _case_updates(queries))
