"""The indexes of issue 13 are used by the real queries: EXPLAIN on PostgreSQL.

Each test loads a few thousand rows shaped like a municipality's (most cases closed,
most messages about other cases), runs ANALYZE, captures the SQL the real selector
sends, and asserts that PostgreSQL's plan for exactly that SQL reads the named index
instead of scanning the table. No planner settings are changed: the row counts are
enough for an honest plan. SQLite has no comparable planner output, so these skip there.

The web server keeps the generic plan of a prepared statement (``plan_cache_mode``
``force_generic_plan``, conf/settings.py): a plan made without the values, once. So each
query is also planned that way (PREPARE, then EXPLAIN EXECUTE), and must read the same
index: a value-dependent choice would otherwise turn into a scan for every value.
"""

import re
import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from psycopg.sql import Literal

from achterkant.cases import queues
from achterkant.cases.models import Case
from achterkant.identity.lookup.base import LookupContext
from achterkant.identity.lookup.local import LocalRegisterLookup
from achterkant.identity.models import Person
from achterkant.notify.models import OutboxMessage
from achterkant.notify.selectors import messages_for_reference
from achterkant.notify.services import _claim_due
from achterkant.routing.models import Team

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="EXPLAIN plans of PostgreSQL; SQLite's planner and output differ",
)

INDEX_SCAN = re.compile(r"(Index Scan|Index Only Scan|Bitmap Index Scan) (using|on) (\w+)")


def _analyze(*tables: str) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


def _plan_of(call) -> tuple[str, str]:
    """The SQL the call sends last, and PostgreSQL's plan for it."""
    with CaptureQueriesContext(connection) as queries:
        call()
    sql = queries.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        # Statistics of this test's rows, not of whatever earlier tests left behind: the
        # planner's choice of index then depends on this data only.
        cursor.execute("ANALYZE cases_case")
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return sql, plan


def _sent(call) -> list[tuple[str, list | None]]:
    """The statements the call sends, with their parameters, in order."""
    sent = []

    def keep(execute, sql, params, many, context):
        sent.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        call()
    return sent


def _generic_plan_of(call, sql_contains: str = "") -> str:
    """PostgreSQL's generic plan for the statement the call sends last (or the last one
    containing ``sql_contains``): the plan a prepared statement keeps in the web server."""
    sql, params = [(q, p) for q, p in _sent(call) if sql_contains in q][-1]
    numbers = iter(range(1, len(params or ()) + 1))
    prepared = re.sub(r"%s", lambda _: f"${next(numbers)}", sql)
    raw = connection.connection
    values = ", ".join(Literal(value).as_string(raw) for value in params or ())
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute(f"PREPARE generic_probe AS {prepared}")
        try:
            cursor.execute(f"EXPLAIN EXECUTE generic_probe({values})" if values else
                           "EXPLAIN EXECUTE generic_probe")  # fmt: skip
            plan = "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("DEALLOCATE generic_probe")
    # A custom plan shows the values; a generic one shows $n where they go.
    assert not params or re.search(r"\$\d+", plan), plan
    return plan


def _indexes_used(plan: str) -> set[str]:
    return {match.group(3) for match in INDEX_SCAN.finditer(plan)}


def _clone_cases(case: Case, count: int, **fields) -> list[Case]:
    values = {f.attname: getattr(case, f.attname) for f in Case._meta.concrete_fields}
    start = fields.pop("start", 0)
    return [
        Case(
            **{
                **values,
                "id": None,
                "uuid": uuid.uuid4(),
                "number": f"ZAAK-IDX-{start + n:07d}",
                "current_status_id": None,
                **{k: (v(n) if callable(v) else v) for k, v in fields.items()},
            }
        )
        for n in range(count)
    ]


def _outbox_messages(tenant, count: int, reference, status) -> None:
    """``count`` messages; ``reference(n)`` and ``status(n)`` say what the n-th is about."""
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                organisation=tenant.organisation,
                event_code="case_opened",
                recipient="a@example.org",
                subject="Uw zaak",
                body="…",
                reference=reference(n),
                status=status(n),
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    _analyze("notify_outboxmessage")


def test_the_case_page_finds_its_messages_by_the_reference_index(tenant_a):
    with tenant_a.active():
        _outbox_messages(
            tenant_a, 6000,
            reference=lambda n: f"ZAAK-2026-{n // 3:07d}",  # three messages per case
            status=lambda n: "sent",
        )  # fmt: skip
        sql, plan = _plan_of(lambda: messages_for_reference("ZAAK-2026-0000777"))
        generic = _generic_plan_of(lambda: messages_for_reference("ZAAK-2026-0000777"))
    assert '"reference" = ' in sql
    assert "outbox_reference" in _indexes_used(plan), plan
    assert "Seq Scan on notify_outboxmessage" not in plan, plan
    assert "outbox_reference" in _indexes_used(generic), generic


def test_the_worker_claims_due_messages_through_the_due_index(tenant_a):
    """The outbox is the worker's queue: the claim must not walk every message ever sent."""
    with tenant_a.active():
        _outbox_messages(
            tenant_a, 6000,
            reference=lambda n: f"ZAAK-2026-{n:07d}",
            status=lambda n: "sent" if n % 500 else "pending",
        )  # fmt: skip
    claimed = []
    sent = _sent(lambda: claimed.extend(_claim_due(5)))
    assert len(claimed) == 5
    [(sql, params)] = [(q, p) for q, p in sent if "SKIP LOCKED" in q]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "outbox_due" in _indexes_used(plan), plan
    assert "Seq Scan on notify_outboxmessage" not in plan, plan


def test_the_surname_search_uses_the_upper_surname_index(tenant_a):
    with tenant_a.active():
        Person.objects.bulk_create(
            [
                Person(
                    organisation=tenant_a.organisation,
                    bsn=f"{100000000 + n}",
                    given_names="Jan",
                    surname=f"Achternaam{n % 1500}",
                    birth_date=date(1950, 1, 1) + timedelta(days=n % 9000),
                )
                for n in range(6000)
            ],
            batch_size=2000,
        )
        _analyze("identity_person")
        context = LookupContext(purpose="test", processing="test", user="test")
        sql, plan = _plan_of(
            lambda: LocalRegisterLookup().by_surname_and_birth_date(
                "achternaam42", date(1950, 1, 1) + timedelta(days=42), context=context
            )
        )
        generic = _generic_plan_of(
            lambda: LocalRegisterLookup().by_surname_and_birth_date(
                "achternaam42", date(1950, 1, 1) + timedelta(days=42), context=context
            )
        )
        # The person's record by BSN, as every intake and the e-loket read it.
        by_bsn = _generic_plan_of(
            lambda: LocalRegisterLookup().by_bsn("100000042", context=context)
        )
    assert "UPPER(" in sql  # case-insensitive, as the desk expects
    assert "person_upper_name_birth" in _indexes_used(plan), plan
    assert "Seq Scan on identity_person" not in plan, plan
    assert "person_upper_name_birth" in _indexes_used(generic), generic
    assert "person_unique_bsn" in _indexes_used(by_bsn), by_bsn


@pytest.fixture
def busy_team(tenant_a):
    """A team with 400 open cases (assigned, partly late), among 3,600 open cases of nine
    other teams and 8,000 closed ones: the proportions of a municipality's case table."""
    case = tenant_a.open_case()
    now = timezone.now()
    with tenant_a.active():
        team = Team.objects.create(identification="idx", name="Indexteam")
        others = [
            Team.objects.create(identification=f"idx{n}", name=f"Ander team {n}") for n in range(9)
        ]
        worker, lead = tenant_a.staff["worker"], tenant_a.staff["lead"]
        team.members.add(worker, lead)
        closed = _clone_cases(
            case, 8000, team_id=team.pk, assignee_id=worker.pk, end_date=case.start_date,
            queue_due_at=lambda n: now - timedelta(days=n),
        )  # fmt: skip
        elsewhere = _clone_cases(
            case, 3600, start=8000, team_id=lambda n: others[n % 9].pk, assignee_id=worker.pk,
            queue_due_at=lambda n: now + timedelta(minutes=n),
        )  # fmt: skip
        open_ = _clone_cases(
            case, 400, start=20000, team_id=team.pk,
            assignee_id=lambda n: worker.pk if n % 2 else lead.pk,
            sla_state=lambda n: "breached" if n % 5 == 0 else "on_time",
            queue_due_at=lambda n: now + timedelta(hours=n // 3),  # ties of three
        )  # fmt: skip
        Case.objects.bulk_create(closed + elsewhere + open_, batch_size=2000)
        _analyze("cases_case")
    return team


def test_the_team_lead_workload_counts_from_the_partial_open_case_index(tenant_a, busy_team):
    """Each member's open work, as Mijn werk lists it (their cases in every team)."""
    with tenant_a.active():
        sql, plan = _plan_of(lambda: queues.workload([busy_team.pk]))
        generic = _generic_plan_of(lambda: queues.workload([busy_team.pk]))
        rows = queues.workload([busy_team.pk])
    assert "GROUP BY" in sql
    assert "case_workload" in _indexes_used(plan), plan
    assert "case_workload" in _indexes_used(generic), generic
    assert "Seq Scan on cases_case" not in generic, generic
    assert "Seq Scan on cases_case" not in plan, plan
    # The worker: 200 of the team's 400 and 3,600 in other teams; the lead: 200.
    assert sorted(row["open"] for row in rows) == [200, 3800]
    assert sum(row["late"] for row in rows) == 80


def test_a_queue_page_after_a_cursor_is_one_index_range(tenant_a, busy_team):
    """The row comparison lets the queue index stop after one page, also past page 1."""
    with tenant_a.active():
        first = queues.case_queue(team_id=busy_team.pk)
        after = queues.parse_cursor(queues.queue_cursor(first))
        sql, _plan = _plan_of(lambda: queues.case_queue(team_id=busy_team.pk, after=after))
        # The page query is the one that selects from cases_case with the row comparison.
        with CaptureQueriesContext(connection) as queries:
            queues.case_queue(team_id=busy_team.pk, after=after)
        [page_sql] = [q["sql"] for q in queries.captured_queries if ") > (" in q["sql"]]
        generic_pages = [
            _generic_plan_of(lambda: queues.case_queue(team_id=busy_team.pk), "cases_case"),
            _generic_plan_of(lambda: queues.case_queue(team_id=busy_team.pk, after=after), ") > ("),
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN ANALYZE {page_sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
    row_comparison = r'\((U0|"cases_case")\."queue_due_at", (U0|"cases_case")\."id"\) > \('
    assert re.search(row_comparison, page_sql)
    assert "case_team_queue" in _indexes_used(plan), plan
    # The page's ids come from the index in queue order; the joins and the final order then
    # handle that one page only: no step of the plan touches more than a page of rows.
    rows_read = [int(n) for n in re.findall(r"actual time=[\d.]+\.\.[\d.]+ rows=(\d+)", plan)]
    assert max(rows_read) <= queues.PAGE_SIZE + 1, plan  # one page, not every later row
    for generic in generic_pages:  # the first page and the one after the cursor
        assert "case_team_queue" in _indexes_used(generic), generic
        assert "Sort  " not in generic.split("Limit")[-1], generic  # read in index order


def test_a_person_with_thousands_of_cases_and_contacts_reads_one_page(tenant_a):
    """The 360° view and Mijn overzicht list a person's newest 50 cases and contacts. The
    page's ids come from the person's index first, and only those rows are joined.

    At municipal scale the joined-first form was planned from an estimate of 4 rows for a
    person with 2,117 cases, so all of them were joined and sorted (9.5 ms against 0.7 ms).
    At this test's size the statistics are exact and PostgreSQL plans both forms well, so
    this guards the shape of the plan; the scale figures are in docs/performance.md."""
    from achterkant.cases.selectors import cases_for_bsn
    from achterkant.contacts.models import Contact
    from achterkant.contacts.selectors import contacts_for

    case = tenant_a.open_case()
    now = timezone.now()
    with tenant_a.active():
        Case.all_tenants.bulk_create(
            _clone_cases(case, 3000, created_at=lambda n: now - timedelta(hours=n)),
            batch_size=1000,
        )
        Case.all_tenants.bulk_create(
            _clone_cases(case, 6000, start=3000, initiator_bsn=lambda n: f"{100000000 + n}"),
            batch_size=2000,
        )
        Contact.objects.bulk_create(
            [
                Contact(
                    organisation=tenant_a.organisation,
                    channel="phone",
                    bsn=tenant_a.person.bsn if n < 3000 else f"{100000000 + n}",
                    subject="Vraag",
                    question="…",
                    started_at=now - timedelta(hours=n),
                    ended_at=now - timedelta(hours=n),
                )
                for n in range(9000)
            ],
            batch_size=2000,
        )
        _analyze("cases_case", "contacts_contact")
        for call in (
            lambda: cases_for_bsn(bsn=tenant_a.person.bsn),
            lambda: contacts_for(bsn=tenant_a.person.bsn),
        ):
            with CaptureQueriesContext(connection) as queries:
                page = call()
            assert len(page) == 50
            [page_sql] = [q["sql"] for q in queries.captured_queries if "LIMIT 50" in q["sql"]]
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN ANALYZE {page_sql}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
            # Only the page's rows are joined (a small table may still be scanned to
            # find them by id, which at scale is an index lookup).
            joined = re.findall(
                r"(?:Join|Nested Loop).*actual time=[\d.]+\.\.[\d.]+ rows=(\d+)", plan
            )
            assert joined and max(int(n) for n in joined) <= 51, plan
            assert _indexes_used(plan) & {"case_bsn", "contact_bsn"}, plan
            generic = _generic_plan_of(call, "LIMIT 50")
            assert _indexes_used(generic) & {"case_bsn", "contact_bsn"}, generic
