"""Which API framework for the ZGW APIs (issue 14)? Run `make bench-api`; see docs/api.md.

The same endpoint, ``GET /zaken/api/v1/zaken?rol__betrokkeneIdentificatie__natuurlijkPersoon
__inpBsn=<bsn>`` (first page of 100, ZGW envelope {count, next, previous, results}, 16 Zaak
fields), in two candidates mounted side by side by the bench-only project
``api_framework_app``:

- ``/drf/…``        Django REST framework as usually written (ModelSerializer, PageNumberPagination)
- ``/drf-lean/…``   DRF over the hand-written ``.values()`` query
- ``/ninja/…``      Django Ninja as usually written (Pydantic Schema over model instances)
- ``/ninja-lean/…`` Ninja over the hand-written ``.values()`` query (the design's habit)
- ``/ninja-lean/capped/…``, ``/ninja-lean/nocount/…``: the count variants

and the same three count variants for the whole organisation's list (no filter, 760k zaken).

Reads the scale database (SCALE_DATABASE_URL, default achterkant_scale) and never writes
to it; it must have been loaded by `make bench-scale`. Starts `achterkant serve` (gunicorn,
DEBUG=0, WEB_CONCURRENCY workers) with the bench settings, drives each path with wrk at 1 and
16 clients, BENCH_ROUNDS (3) rounds of BENCH_SECONDS (5), reports the median round. Beside
it: SQL queries per request and response size (in process, Django's test client), and the
same lookup as one hand-written SQL statement (psycopg, same run) as a ratio. Asserts nothing.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("BENCH_PORT", "8766")  # not bench-scale's port: both may run at once

import scale_measure  # noqa: E402
from scale_config import CLIENTS, DATABASE_URL, HOST, ROOT, ROUNDS, SECONDS, ensure_wrk  # noqa: E402
from scale_measure import in_process, median_round, run_wrk, start_server  # noqa: E402
from scale_paths import Path_  # noqa: E402

# scale_config set the production settings module; the bench project wraps it. The server
# finds ``api_framework_app`` through PYTHONPATH.
BENCH_DIR = str(Path(__file__).resolve().parent)
os.environ["DJANGO_SETTINGS_MODULE"] = "api_framework_app.settings"
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (BENCH_DIR, os.environ.get("PYTHONPATH", "")) if p
)
scale_measure.SERVER_LOG = ROOT / "var" / "bench-api-server.log"

BSN_PARAM = "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn"
API = "/zaken/api/v1/zaken"
TARGET = "p50 ≤3 ms (1 client); ≥1,500 req/s (16 clients); ≤3 queries"


def busiest_bsn() -> tuple[int, str]:
    """The organisation and the busiest person, as bench/scale_paths.py picks them."""
    from scale_paths import busiest_bsn as pick

    from achterkant.tenancy.models import Organisation

    organisation = Organisation.objects.get(slug="voorbeeld")
    return organisation.pk, pick(organisation.pk)


def paths(bsn: str) -> list[tuple[str, Path_, str]]:
    """(name, path, raw statement key) per measured endpoint."""
    query = f"?{BSN_PARAM}={bsn}"
    cookie = ["bench=1"]  # no session: the API is stateless (authentication is out of scope)
    rows = [
        ("DRF (ModelSerializer)", f"/drf{API}{query}", "bsn"),
        ("DRF lean (.values())", f"/drf-lean{API}{query}", "bsn"),
        ("Ninja (Schema/model)", f"/ninja{API}{query}", "bsn"),
        ("Ninja lean (.values())", f"/ninja-lean{API}{query}", "bsn"),
        ("DRF lean, Rust JSON", f"/drf-fast{API}{query}", "bsn"),
        ("Ninja lean, Rust JSON", f"/ninja-fast{API}{query}", "bsn"),
        ("Ninja lean, capped count", f"/ninja-lean/capped{API}{query}", "bsn capped"),
        ("Ninja lean, no count", f"/ninja-lean/nocount{API}{query}", "bsn nocount"),
        ("all zaken, exact count", f"/ninja-lean{API}", "all"),
        ("all zaken, capped count", f"/ninja-lean/capped{API}", "all capped"),
        ("all zaken, no count", f"/ninja-lean/nocount{API}", "all nocount"),
    ]
    return [(name, Path_(name, url, cookie), raw) for name, url, raw in rows]


SLOW = "all zaken, exact count"


def interleaved(measured: list[Path_], rounds: int = 15, calls: int = 10) -> dict:
    """Median wall and CPU ms per request, the paths taking turns round by round."""
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    wall = {path.name: [] for path in measured}
    cpu = {path.name: [] for path in measured}
    for path in measured:
        client.get(path.url, secure=True)  # warm up: imports, host cache, connection
    for _ in range(rounds):
        for path in measured:
            for _ in range(calls):
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(path.url, secure=True)
                cpu[path.name].append((time.process_time() - started_cpu) * 1000)
                wall[path.name].append((time.perf_counter() - started) * 1000)
    return {
        name: {"ms": statistics.median(wall[name]), "cpu": statistics.median(cpu[name])}
        for name in wall
    }


def fixed_cost_paths() -> list[Path_]:
    """Each framework's own cost per request: a BSN with no zaken (one COUNT, no rows)."""
    query = f"?{BSN_PARAM}=999999990"
    return [
        Path_(name, f"/{prefix}{API}{query}", ["bench=1"])
        for name, prefix in (
            ("DRF (ModelSerializer)", "drf"), ("DRF lean (.values())", "drf-lean"),
            ("DRF lean, Rust JSON", "drf-fast"), ("Ninja (Schema/model)", "ninja"),
            ("Ninja lean (.values())", "ninja-lean"), ("Ninja lean, Rust JSON", "ninja-fast"),
        )
    ]  # fmt: skip


COLUMNS = (
    "number, description, case_type_id, registered_on, responsible_organisation_rsin, "
    "start_date, end_date, planned_end_date, latest_end_date, channel, confidentiality, "
    "payment_indication, current_status_id, archive_status"
)


def raw_figures(org: int, bsn: str) -> dict:
    """The same lookups as single statements (median ms of 200), the floor for the ratio."""
    import psycopg

    by_bsn = "organisation_id = %(org)s AND initiator_bsn = %(bsn)s"
    page = (
        "(SELECT json_agg(c) FROM (SELECT {columns} FROM cases_case WHERE {where} "
        "ORDER BY {order} LIMIT {limit}) c)"
    )
    bsn_page = page.format(
        columns=COLUMNS, where=by_bsn, order="created_at DESC, id DESC", limit=100
    )
    bsn_page_plus = page.format(
        columns=COLUMNS, where=by_bsn, order="created_at DESC, id DESC", limit=101
    )
    all_where = "organisation_id = %(org)s"
    all_page = page.format(columns=COLUMNS, where=all_where, order="id DESC", limit=100)
    all_page_plus = page.format(columns=COLUMNS, where=all_where, order="id DESC", limit=101)
    capped = "(SELECT count(*) FROM (SELECT 1 FROM cases_case WHERE {where} LIMIT 10001) t)"
    statements = {
        "bsn": f"SELECT (SELECT count(*) FROM cases_case WHERE {by_bsn}), {bsn_page}",
        "bsn capped": f"SELECT {capped.format(where=by_bsn)}, {bsn_page}",
        "bsn nocount": f"SELECT {bsn_page_plus}",
        "all": f"SELECT (SELECT count(*) FROM cases_case WHERE {all_where}), {all_page}",
        "all capped": f"SELECT {capped.format(where=all_where)}, {all_page}",
        "all nocount": f"SELECT {all_page_plus}",
        "count only, all": f"SELECT count(*) FROM cases_case WHERE {all_where}",
        "count only, bsn": f"SELECT count(*) FROM cases_case WHERE {by_bsn}",
    }
    results = {}
    # No server-side prepared statements: Django sends no prepared statements either.
    with psycopg.connect(os.environ["DATABASE_URL"], prepare_threshold=None) as conn:
        for name, sql in statements.items():
            runs = 20 if name.startswith(("all", "count only, all")) else 200
            samples = []
            for _ in range(runs):
                started = time.perf_counter()
                conn.execute(sql, {"org": org, "bsn": bsn}).fetchall()
                samples.append((time.perf_counter() - started) * 1000)
            results[name] = statistics.median(samples)
    return results


def response_sizes(measured: list[tuple[str, Path_, str]]) -> dict:
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    sizes, bodies = {}, {}
    for name, path, _ in measured:
        response = client.get(path.url, secure=True)
        body = response.json() if response.status_code == 200 else {}
        sizes[name] = (response.status_code, len(response.content), body.get("count"))
        if "?" in path.url:
            bodies.setdefault(json.dumps(body.get("results"), sort_keys=True), []).append(name)
    # Every candidate must give the same zaken, or the comparison means nothing.
    if len(bodies) != 1:
        raise SystemExit(f"De kandidaten geven verschillende resultaten: {list(bodies.values())}")
    return sizes


def machine_load() -> str:
    one, five, fifteen = os.getloadavg()
    top = subprocess.run(
        ["ps", "-eo", "pcpu,comm", "--sort=-pcpu", "--no-headers"],
        capture_output=True, text=True, check=False,
    ).stdout.splitlines()[:4]  # fmt: skip
    busiest = ", ".join(" ".join(line.split()[::-1]) + "%" for line in top)
    return f"load {one:.2f} / {five:.2f} / {fifteen:.2f} (1/5/15 min); busiest: {busiest}"


def main() -> None:
    started = time.monotonic()
    wrk = ensure_wrk()
    sys.path.insert(0, BENCH_DIR)
    import django

    django.setup()
    org, bsn = busiest_bsn()
    measured = paths(bsn)
    sizes = response_sizes(measured)
    for name, (status, _, _) in sizes.items():
        if status != 200:
            raise SystemExit(f"{name}: status {status}; is the scale database loaded?")
    # Queries per request: counted on the second call, as bench-scale does.
    inproc = in_process([path for _, path, _ in measured], runs=1)
    # In process (no HTTP, no gunicorn), interleaved so that load from elsewhere on the
    # machine falls on every candidate alike; CPU time of this process leaves the database
    # and other processes out, so it is the framework's own cost even on a busy machine.
    timing = interleaved([path for name, path, _ in measured if name != SLOW])
    fixed = interleaved(fixed_cost_paths())
    raw = raw_figures(org, bsn)
    print(f"Persoon {bsn[:3]}… met {sizes[measured[0][0]][2]:,} zaken; pagina van 100.")
    load_before = machine_load()
    print("Vooraf: " + load_before, flush=True)
    from django.db import connections

    connections.close_all()
    server = start_server()
    figures = {}
    try:
        for _, path, _ in measured:  # warm every worker: imports, connections, host cache
            run_wrk(wrk, path, 4, 1)
        for name, path, _ in measured:
            figures[name] = {}
            for clients in CLIENTS:
                rounds = [run_wrk(wrk, path, clients, SECONDS) for _ in range(ROUNDS)]
                figures[name][clients] = median_round(rounds)
                print(
                    f"  {name:<26} {clients:>2} clients: "
                    + "  ".join(f"{r['rps']:7.1f}/s p50 {r['p50']:6.2f} ms" for r in rounds),
                    flush=True,
                )
        load_during = machine_load()
    finally:
        import signal

        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    print_table(measured, figures, inproc, timing, raw, sizes)
    print(
        "\nIn process, per request (median wall / CPU ms of this process): a page of 100 "
        "zaken, against an empty list (the framework's fixed cost and one COUNT):"
    )
    for name, value in fixed.items():
        page = timing[name]
        print(
            f"  {name:<26} 100 zaken {page['ms']:5.2f} / {page['cpu']:5.2f} ms   "
            f"leeg {value['ms']:5.2f} / {value['cpu']:5.2f} ms"
        )
    print(
        f"\nRaw PostgreSQL alone: COUNT(*) over the organisation {raw['count only, all']:.1f} ms; "
        f"COUNT(*) for this BSN {raw['count only, bsn']:.2f} ms."
    )
    print("Vooraf: " + load_before)
    print("Aan het eind: " + load_during)
    print(
        f"Database {DATABASE_URL.rsplit('/', 1)[-1]}, {os.cpu_count()} cores, "
        f"WEB_CONCURRENCY={os.environ.get('WEB_CONCURRENCY', 'standaard')}, {ROUNDS} rondes "
        f"van {SECONDS:g} s (mediaan); totaal {time.monotonic() - started:.0f} s."
    )


def print_table(measured, figures, inproc, timing, raw, sizes) -> None:
    header = (
        f"{'endpoint':<26} {'1c req/s':>9} {'1c p50':>7} {'1c p99':>7} {'16c req/s':>10} "
        f"{'16c p50':>8} {'16c p99':>8} {'SQL':>4} {'KB':>5} {'in-proc':>7} {'CPU':>5} "
        f"{'raw ms':>7} "
        f"{'p50/raw':>8}"
    )
    print("\n" + header)
    print("-" * len(header))
    for name, _, raw_key in measured:
        one, many = figures[name][1], figures[name][16]
        own, nan = timing.get(name, {}), float("nan")  # the slow path is not timed in process
        ratio = one["p50"] / raw[raw_key] if raw.get(raw_key) else float("nan")
        errors = one["errors"] + many["errors"]
        note = f"  ({errors} fouten)" if errors else ""
        print(
            f"{name:<26} {one['rps']:9.1f} {one['p50']:7.2f} {one['p99']:7.2f} "
            f"{many['rps']:10.1f} {many['p50']:8.2f} {many['p99']:8.2f} "
            f"{inproc[name]['queries']:4d} {sizes[name][1] / 1024:5.1f} "
            f"{own.get('ms', nan):7.2f} {own.get('cpu', nan):5.2f} "
            f"{raw[raw_key]:7.2f} "
            f"{ratio:7.1f}×{note}"
        )
    print(f"target (issue 14), list by BSN: {TARGET}; Open Zaak: 12 req/s, 80 ms at 1M zaken")


if __name__ == "__main__":
    main()
