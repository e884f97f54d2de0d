"""The hot paths at production size, through the production server. Run `make bench-scale`.

1. Creates (or reuses) a PostgreSQL database (SCALE_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/achterkant_scale), migrates it and loads the scale
   dataset (`achterkant seed --scale`, SCALE=large by default) unless it is there already.
2. Starts `achterkant serve` (gunicorn, DEBUG=0, WEB_CONCURRENCY workers) on 127.0.0.1.
3. Drives every hot path with wrk (Debian package `wrk`, installed when missing) with 1 and
   16 clients, BENCH_ROUNDS rounds (3) of BENCH_SECONDS (5) each, and reports the median
   round: req/s, p50, p99. Beside it: SQL queries per request (counted in this process
   with Django's test client on the same database), the RSS of each gunicorn worker, the
   same lookup as one hand-written SQL statement (psycopg, same run) as a ratio, and the
   page's in-process cost at demo size (a second, demo-only database) against scale size.
4. Calls the `open_case` service directly from 1 and 4 processes.

Prints the figures with the targets beside them; asserts nothing.

The parts: ``scale_config`` (settings, targets), ``scale_paths`` (the hot paths and their
sessions), ``scale_measure`` (in process, raw PostgreSQL, wrk, the server, intake).
"""

import json
import os
import subprocess
import sys
import time

from scale_config import (
    CLIENTS,
    DATABASE_URL,
    DEMO_DATABASE_URL,
    ROUNDS,
    SCALE,
    SECONDS,
    TARGETS,
    ensure_database,
    ensure_wrk,
)
from scale_measure import (
    gunicorn_master,
    in_process,
    intake,
    median_round,
    raw_figures,
    rss_mb,
    run_wrk,
    run_wrk_with_cpu,
    start_server,
    stop_server,
    worker_pids,
)
from scale_paths import fixtures, hot_paths

# --- page cost at demo size ----------------------------------------------------------------------


def demo_page_costs() -> dict:
    """The same pages in-process on a demo-only database (a child process of this script)."""
    ensure_database(DEMO_DATABASE_URL)
    env = {**os.environ, "BENCH_ACTIVE_DATABASE_URL": DEMO_DATABASE_URL}
    output = subprocess.run(
        [sys.executable, __file__, "--demo-costs"], env=env, capture_output=True, text=True,
        timeout=900,
    )  # fmt: skip
    line = next((ln for ln in output.stdout.splitlines() if ln.startswith("COSTS ")), None)
    if line is None:
        print("Paginakosten op demogrootte niet gemeten:\n" + output.stderr[-2000:])
        return {}
    return json.loads(line[len("COSTS ") :])


# Open cases in the demo's busiest team, so that its queue has a full first and deep page.
DEMO_QUEUE_CASES = 90


def _fill_demo_queue() -> None:
    """Give the demo's queue as many rows to show as at scale size.

    Without it "scale/demo" compared a deep queue page of 13 rows with one of 25: the cost
    of rendering more, not of a larger database. The cases are filed through the intake
    service for one of the bench's writers (never the person the reading paths show), and
    topped up to a fixed count, so that repeated runs read the same pages.
    """
    from achterkant.cases.models import Case
    from achterkant.cases.services import open_case
    from achterkant.tenancy.context import use_organisation

    fx = fixtures()
    product, writer = fx["product"], fx["citizens"][0]
    with use_organisation(fx["organisation"]):
        have = Case.objects.filter(initiator_bsn=writer, product=product, end_date=None).count()
        for _ in range(max(0, DEMO_QUEUE_CASES - have)):
            open_case(
                actor=fx["agent"], case_type_identification=product.case_type_identification,
                product=product, channel="phone", initiator_bsn=writer,
            )  # fmt: skip


def demo_costs_main() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from achterkant.demo.seed import seed_demo

    seed_demo()
    call_command("collectstatic", interactive=False, verbosity=0)
    _fill_demo_queue()
    fx = fixtures()
    costs = in_process(hot_paths(fx)[:6])
    print("COSTS " + json.dumps({name: value["ms"] for name, value in costs.items()}))


def cpu_speed_ms() -> float:
    """A fixed piece of pure Python, timed: the same code is slower on a slower (or
    busier) virtual machine, and this says how much, so two runs can be compared."""
    samples = []
    for _ in range(7):
        started = time.perf_counter()
        sum(i * i for i in range(300_000))
        samples.append((time.perf_counter() - started) * 1000)
    return sorted(samples)[len(samples) // 2]


# --- main -----------------------------------------------------------------------------------------


def vacuum_analyze(url: str) -> float:
    """Bring the dataset to the state autovacuum keeps a production database in.

    Freshly loaded rows have no hint bits and no visibility map: the first runs that read
    them set the bits (writing pages) and index-only scans still visit the table. Runs
    right after a load read slower than later ones on the same code (docs/performance.md,
    seventh session). After a load this takes a while; after that, seconds.
    """
    import psycopg

    started = time.monotonic()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
    return time.monotonic() - started


def main() -> None:
    started = time.monotonic()
    ensure_database(DATABASE_URL)
    wrk = ensure_wrk()
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from achterkant.demo.scale import generate

    generation_started = time.monotonic()
    report = generate(SCALE, out=print)
    generation = time.monotonic() - generation_started
    print(
        f"Schaaldataset: schaal {report.scale:g}, "
        + ("hergebruikt" if report.reused else f"geladen in {report.seconds:.0f} s")
        + f" ({', '.join(f'{k} {v:,}' for k, v in report.sizes.items())})",
        flush=True,
    )
    vacuum_seconds = vacuum_analyze(DATABASE_URL)
    print(f"VACUUM (ANALYZE) vooraf: {vacuum_seconds:.0f} s", flush=True)
    bench_started = time.monotonic()
    speed_before = cpu_speed_ms()
    call_command("collectstatic", interactive=False, verbosity=0)
    fx = fixtures()
    paths = hot_paths(fx)
    print(
        f"Team {fx['team'].identification}: {fx['queue_length']:,} open zaken in de wachtrij; "
        f"persoon met {fx['bsn'][:3]}…; zaak {fx['case_number']}.",
        flush=True,
    )
    inproc = in_process(paths)
    for name, value in inproc.items():
        if not value["ok"]:
            print(f"LET OP: {name} gaf status {value['status']} in het proces.")
    raw = raw_figures(fx)
    from django.db import connections

    connections.close_all()
    server = start_server()
    try:
        master = gunicorn_master(server)
        figures = {}
        for path in paths:  # warm every worker up: imports, templates, connections
            run_wrk(wrk, path, 4, 1)
        for path in paths:
            figures[path.name] = {}
            for clients in CLIENTS:
                rounds = [
                    run_wrk_with_cpu(wrk, path, clients, SECONDS, master) for _ in range(ROUNDS)
                ]
                figures[path.name][clients] = median_round(rounds)
                print(
                    f"  {path.name:<24} {clients:>2} clients: "
                    + "  ".join(f"{r['rps']:7.1f}/s p50 {r['p50']:6.1f} ms" for r in rounds),
                    flush=True,
                )
        workers = worker_pids(master)
        rss = rss_mb(workers)
    finally:
        stop_server(server)
    bsns = fx["citizens"]
    intake_rates = {}
    for n in (1, 4):
        rounds = sorted((intake(n, SECONDS, bsns) for _ in range(ROUNDS)), key=lambda r: r["rate"])
        intake_rates[n] = rounds[len(rounds) // 2]
    demo = {} if os.environ.get("BENCH_SKIP_DEMO") else demo_page_costs()
    print_table(fx, report, figures, inproc, raw, rss, intake_rates, demo)
    print(
        f"\nSnelheid van deze machine (vaste Python-lus, mediaan van 7): {speed_before:.1f} ms "
        f"voor, {cpu_speed_ms():.1f} ms na de bench. Vergelijk runs alleen bij gelijke waarden."
    )
    print(
        f"Generatie {generation:.0f} s; bench {time.monotonic() - bench_started:.0f} s; "
        f"totaal {time.monotonic() - started:.0f} s. Database {DATABASE_URL.rsplit('/', 1)[-1]}, "
        f"{os.cpu_count()} cores, "
        f"WEB_CONCURRENCY={os.environ.get('WEB_CONCURRENCY', 'standaard')}, "
        f"plan_cache_mode={os.environ['DB_PLAN_CACHE_MODE'] or 'auto'}, "
        f"{ROUNDS} rondes van {SECONDS:g} s (mediaan)."
    )


def print_table(fx, report, figures, inproc, raw, rss, intake_rates, demo) -> None:
    print()
    header = (
        f"{'hot path':<24} {'1c req/s':>9} {'1c p50':>7} {'1c p99':>7} {'16c req/s':>10} "
        f"{'16c p50':>8} {'16c p99':>8} {'SQL':>4} {'raw ms':>7} {'page/raw':>9} "
        f"{'scale/demo':>10}  target"
    )
    print(header)
    print("-" * len(header))
    for name, by_clients in figures.items():
        one, many = by_clients[1], by_clients[16]
        queries = inproc[name]["queries"]
        ratio = one["p50"] / raw[name] if raw.get(name) else float("nan")
        flat = f"{inproc[name]['ms'] / demo[name]:9.2f}×" if demo.get(name) else f"{'–':>10}"
        errors = one["errors"] + many["errors"]
        note = f"  ({errors} fouten)" if errors else ""
        # "SQL ≤ 8" and "flat" are targets for pages; a write's statements (about one per
        # table it inserts into) are pinned in its own test, and the demo is not written to.
        kind = ["write: statements pinned"] if inproc[name]["write"] else ["SQL ≤8", "flat ≤1.5×"]
        target = "; ".join(part for part in [TARGETS.get(name, ""), *kind] if part)
        print(
            f"{name:<24} {one['rps']:9.1f} {one['p50']:7.1f} {one['p99']:7.1f} "
            f"{many['rps']:10.1f} {many['p50']:8.1f} {many['p99']:8.1f} {queries:4d} "
            f"{raw.get(name, float('nan')):7.2f} {ratio:8.1f}× {flat}  "
            f"{target}{note}"
        )
    print(
        f"{'open_case service':<24} 1 process {intake_rates[1]['rate']:7.1f} cases/s, "
        f"4 processes {intake_rates[4]['rate']:7.1f} cases/s   target: 4 processes ≥500 cases/s"
    )
    print(
        f"\nCPU per request with 16 clients (median round): the web workers' and PostgreSQL's "
        f"milliseconds, and the most {os.cpu_count()} cores could serve at that cost"
    )
    for name, by_clients in figures.items():
        many = by_clients[16]
        cost = many["web_ms"] + many["db_ms"]
        ceiling = (os.cpu_count() or 1) * 1000 / cost if cost else float("nan")
        print(
            f"  {name:<24} web {many['web_ms']:5.1f} ms + PostgreSQL {many['db_ms']:5.1f} ms"
            f" = {cost:5.1f} ms   ceiling {ceiling:6.0f} req/s"
        )
    for n, figures_n in intake_rates.items():
        cost = figures_n["python_ms"] + figures_n["db_ms"]
        print(
            f"  open_case, {n} process{'es' if n > 1 else '':<2}       Python "
            f"{figures_n['python_ms']:5.1f} ms + PostgreSQL {figures_n['db_ms']:5.1f} ms = "
            f"{cost:5.1f} ms per case   ceiling {(os.cpu_count() or 1) * 1000 / cost:6.0f} cases/s"
        )
    if rss:
        print(
            f"{'RSS per web worker':<24} "
            + ", ".join(f"{size:.0f}" for size in sorted(rss))
            + f" MB (max {max(rss):.0f} MB)   target ≤120 MB"
        )


if __name__ == "__main__":
    if "--demo-costs" in sys.argv:
        demo_costs_main()
    else:
        main()
