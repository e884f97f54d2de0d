"""Inzicht at municipal scale: the rebuild and the pages. Run `make bench-insights`.

1. Uses the scale database of `make bench-scale` (SCALE_DATABASE_URL; loads it when it is
   not there: 1M cases, 5M contacts).
2. Rebuilds the daily aggregates of every organisation over the whole history, once (or
   reuses them: BENCH_REBUILD=1 forces it), and prints the time and the rows.
3. Drives the insight pages through `achterkant serve` (gunicorn, DEBUG=0) with wrk, 1 and
   16 clients, 3 rounds; beside each: the SQL queries of one request and its in-process time,
   and, measured in the same run on raw PostgreSQL, (a) the statement that reads the same
   aggregates and (b) the same figures computed straight from the cases and contacts tables,
   which is what a page without aggregates would cost.

Prints the figures with the target (page ≤ 150 ms) beside them; asserts nothing.
"""

import os
import sys
import time
from datetime import date, timedelta
from urllib.parse import urlencode

from scale_config import DATABASE_URL, ROUNDS, SCALE, SECONDS, ensure_database, ensure_wrk
from scale_measure import (
    gunicorn_master,
    in_process,
    median_round,
    run_wrk,
    start_server,
    stop_server,
)
from scale_paths import Path_, staff_session

TARGET_MS = 150


def rebuild_if_needed() -> float | None:
    from django.db import connection

    from achterkant.insights.services import aggregates_rebuild
    from achterkant.tenancy.context import use_organisation
    from achterkant.tenancy.models import Organisation

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM insights_dailyaggregate")
        have = cursor.fetchone()[0]
    if have and not os.environ.get("BENCH_REBUILD"):
        print(f"Dagcijfers hergebruikt ({have:,} rijen).", flush=True)
        return None
    started = time.monotonic()
    for organisation in Organisation.objects.all():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT least((SELECT min(started_at)::date FROM contacts_contact "
                "WHERE organisation_id = %s), (SELECT min(registered_on) FROM cases_case "
                "WHERE organisation_id = %s))",
                [organisation.pk, organisation.pk],
            )
            first = cursor.fetchone()[0] or date.today()
        with use_organisation(organisation):
            t0 = time.monotonic()
            rows = aggregates_rebuild(first)
        print(
            f"  {organisation.name}: {first:%d-%m-%Y} t/m vandaag, {rows:,} rijen in "
            f"{time.monotonic() - t0:.0f} s",
            flush=True,
        )
    return time.monotonic() - started


def raw_lookups(organisation_id: int, first: date, last: date) -> dict:
    """The same figures on raw PostgreSQL, best of 5: from the aggregates, and from the
    source tables."""
    import psycopg

    aggregates = (
        "SELECT channel, sum(contacts), sum(contacts_fcr_eligible), "
        "sum(contacts_first_contact_resolved), sum(cases_in), sum(cases_closed), "
        "sum(cases_closed_with_norm), sum(cases_closed_within_norm), sum(ratings), "
        "sum(ratings_satisfied) FROM insights_dailyaggregate WHERE organisation_id = %(org)s "
        "AND day BETWEEN %(first)s AND %(last)s GROUP BY channel"
    )
    source = (
        "SELECT c.channel, count(*), "
        "count(*) FILTER (WHERE c.sla_due_at IS NOT NULL), "
        "count(*) FILTER (WHERE c.end_date <= "
        "(c.sla_due_at AT TIME ZONE 'Europe/Amsterdam')::date), "
        "percentile_disc(0.5) WITHIN GROUP (ORDER BY c.end_date - c.start_date) "
        "FROM cases_case c WHERE c.organisation_id = %(org)s "
        "AND c.end_date BETWEEN %(first)s AND %(last)s GROUP BY c.channel "
        "UNION ALL SELECT k.channel, count(*), 0, 0, 0 FROM contacts_contact k "
        "WHERE k.organisation_id = %(org)s AND k.started_at >= %(first)s "
        "AND k.started_at < %(last)s::date + 1 GROUP BY k.channel"
    )
    params = {"org": organisation_id, "first": first, "last": last}
    results = {}
    with psycopg.connect(DATABASE_URL) as conn:
        for name, sql in (("aggregates", aggregates), ("source tables", source)):
            samples = []
            for _ in range(5):
                started = time.perf_counter()
                conn.execute(sql, params).fetchall()
                samples.append((time.perf_counter() - started) * 1000)
            results[name] = min(samples)
    return results


def main() -> None:
    ensure_database(DATABASE_URL)
    wrk = ensure_wrk()
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.urls import reverse

    from achterkant.demo.scale import generate
    from achterkant.staff.models import User
    from achterkant.tenancy.models import Organisation

    report = generate(SCALE, out=print)
    print(f"Schaaldataset: {', '.join(f'{k} {v:,}' for k, v in report.sizes.items())}")
    rebuild_seconds = rebuild_if_needed()
    call_command("collectstatic", interactive=False, verbosity=0)
    organisation = Organisation.objects.get(slug="voorbeeld")
    lead = User.objects.get(username="teamleider")
    cookies = [f"sessionid={staff_session(lead)}" for _ in range(16)]
    last = date.today()
    year = urlencode({"van": (last - timedelta(days=365)).isoformat(), "tot": last.isoformat()})
    quarter = urlencode({"van": (last - timedelta(days=90)).isoformat(), "tot": last.isoformat()})
    dashboard = reverse("desk:insights")
    paths = [
        Path_("Inzicht, 12 maanden", f"{dashboard}?{year}&stap=maand", cookies),
        Path_("Inzicht, standaard", dashboard, cookies),
        Path_("Inzicht, per dag, 3 mnd", f"{dashboard}?{quarter}&stap=dag", cookies),
        Path_("maturiteitsscore", reverse("desk:insights_score"), cookies),
    ]
    inproc = in_process(paths, runs=10)
    raw = raw_lookups(organisation.pk, last - timedelta(days=365), last)
    from django.db import connections

    connections.close_all()
    server = start_server()
    figures = {}
    try:
        gunicorn_master(server)
        for path in paths:
            run_wrk(wrk, path, 2, 1)
        for path in paths:
            figures[path.name] = {
                clients: median_round([run_wrk(wrk, path, clients, SECONDS) for _ in range(ROUNDS)])
                for clients in (1, 16)
            }
    finally:
        stop_server(server)
    print()
    if rebuild_seconds is not None:
        print(f"Opnieuw berekenen van alle dagcijfers: {rebuild_seconds:.0f} s")
    print(
        f"raw PostgreSQL, 12 maanden: uit de dagcijfers {raw['aggregates']:.2f} ms; "
        f"uit de zaken en contacten zelf {raw['source tables']:.1f} ms"
    )
    header = (
        f"{'pagina':<26}{'1c req/s':>9}{'1c p50':>8}{'1c p99':>8}{'16c req/s':>10}"
        f"{'16c p50':>9}{'SQL':>5}{'in proces':>11}{'pagina/raw':>11}  doel"
    )
    print(header)
    print("-" * len(header))
    for path in paths:
        one, many = figures[path.name][1], figures[path.name][16]
        own = inproc[path.name]
        status = "" if own["ok"] else f"  (status {own['status']})"
        print(
            f"{path.name:<26}{one['rps']:9.1f}{one['p50']:8.1f}{one['p99']:8.1f}"
            f"{many['rps']:10.1f}{many['p50']:9.1f}{own['queries']:5d}{own['ms']:9.1f}ms"
            f"{one['p50'] / raw['aggregates']:10.0f}×  p50 ≤{TARGET_MS} ms{status}"
        )
    print(f"\n{os.cpu_count()} cores; schaal {SCALE}; {ROUNDS} rondes van {SECONDS:g} s.")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
