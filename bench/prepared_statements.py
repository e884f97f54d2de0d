"""What server-side prepared statements save on the hot paths' lookups (issue 13, cause 5).

Takes the SQL Django sends for a few hot-path lookups (the case by number with its joins, a
person's cases, a team-queue page, a case's messages), and runs each 500 times on one
PostgreSQL connection: once planned anew every time (psycopg ``prepare=False``, what
client-side binding did) and once prepared (``prepare=True``, what ``DB_PREPARE_THRESHOLD``
does from the second run). Prints the median per execution and the planning time
PostgreSQL reports for one run. Asserts nothing.

Run against the scale dataset: ``.venv/bin/python bench/prepared_statements.py``
(``SCALE_DATABASE_URL``, default postgres://postgres@127.0.0.1:5432/achterkant_scale).
"""

import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "achterkant.conf.settings")
os.environ["DATABASE_URL"] = os.environ.get(
    "SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/achterkant_scale"
)

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.db import connection  # noqa: E402

from achterkant.cases.models import Case  # noqa: E402
from achterkant.cases.queues import QUEUE_FIELDS  # noqa: E402
from achterkant.notify.models import OutboxMessage  # noqa: E402
from achterkant.tenancy.context import use_organisation  # noqa: E402
from achterkant.tenancy.models import Organisation  # noqa: E402

RUNS = 500


def lookups() -> dict[str, tuple[str, tuple]]:
    organisation = Organisation.objects.get(slug="voorbeeld")
    with use_organisation(organisation):
        case = Case.objects.filter(end_date__isnull=True).exclude(team=None).order_by("pk")[0]
        querysets = {
            "case by number (case page)": Case.objects.filter(number=case.number).select_related(
                "case_type", "product", "current_status__status_type", "assignee", "team"
            ),
            "a person's cases (360° view)": Case.objects.filter(initiator_bsn=case.initiator_bsn)
            .select_related("case_type", "product", "current_status__status_type")
            .order_by("-created_at", "-pk")[:50],
            "team queue page": Case.objects.filter(
                team_id=case.team_id, end_date__isnull=True, queue_due_at__isnull=False
            )
            .select_related(*QUEUE_FIELDS)
            .order_by("queue_due_at", "pk")[:50],
            "a case's messages (case page)": OutboxMessage.objects.filter(
                reference=case.number
            ).order_by("pk"),
        }
        return {name: qs.query.sql_with_params() for name, qs in querysets.items()}


def timed(cursor, sql: str, params: tuple, *, prepare: bool) -> float:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        cursor.execute(sql, params, prepare=prepare)
        cursor.fetchall()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def planning_ms(cursor, sql: str, params: tuple) -> float:
    cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
    return cursor.fetchone()[0][0]["Planning Time"]


def main() -> None:
    queries = lookups()
    params = connection.get_connection_params()
    for key in ("cursor_factory", "context", "prepare_threshold", "server_side_binding"):
        params.pop(key, None)
    print(f"{'lookup':34} {'planned each time':>18} {'prepared':>10} {'planning':>10}")
    with psycopg.connect(**params, autocommit=True) as conn, conn.cursor() as cursor:
        for name, (sql, sql_params) in queries.items():
            unprepared = timed(cursor, sql, sql_params, prepare=False)
            prepared = timed(cursor, sql, sql_params, prepare=True)
            planning = planning_ms(cursor, sql, sql_params)
            print(f"{name:34} {unprepared:15.3f} ms {prepared:7.3f} ms {planning:7.3f} ms")


if __name__ == "__main__":
    main()
