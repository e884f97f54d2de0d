"""The Zaken API at municipal scale (issue 14, "Speed"). Run `make bench-zaken`; see docs/api.md.

Three calls of the real Zaken API, through the production server (`achterkant serve`,
gunicorn, DEBUG=0) on the scale database (1M zaken, loaded by `make bench-scale`):

- ``GET /zaken?rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=<busiest person>``
- ``GET /zaken/{uuid}`` (one of that person's zaken)
- ``POST /zaken`` (a new zaak of a published zaaktype: routed, clock, norm, event; every
  run adds its zaken to the scale database, description "bench-zaken-api")

Each with wrk at 1 and 16 clients, BENCH_ROUNDS (3) rounds of BENCH_SECONDS (5), the median
round. Beside each: SQL queries per request (in process) and the same lookup or insert as
one hand-written statement on raw PostgreSQL in the same run (psycopg, median of 200; the
insert is rolled back). Prints; asserts nothing.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date

os.environ.setdefault("BENCH_PORT", "8767")  # not bench-scale's or bench-api's port

import scale_measure  # noqa: E402
from scale_config import CLIENTS, DATABASE_URL, HOST, ROOT, ROUNDS, SECONDS, ensure_wrk  # noqa: E402
from scale_measure import LUA_DONE, median_round, start_server, wrk_result  # noqa: E402

scale_measure.SERVER_LOG = ROOT / "var" / "bench-zaken-server.log"
PORT = int(os.environ["BENCH_PORT"])
BSN_PARAM = "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn"
API = "/zaken/api/v1/zaken"
CLIENT_ID = "bench-zaken-api"
SECRET = "bench-zaken-api-secret-" + "x" * 16  # noqa: S105 - a bench's own client
TARGETS = {
    "list by BSN": "p50 ≤3 ms (1 client); ≥1,500/s (16)",
    "detail": "≥2,000/s",
    "create": "≥500/s",
    "floor (404)": "the stack's floor: what any API request costs here",
}
OPEN_ZAAK = {
    "list by BSN": "12/s, 80 ms; 41–48/s (16); 16 queries",
    "detail": "19/s; 24 queries",
    "create": "30/s; 38 queries",
    "floor (404)": "-",
}

LUA = (
    r"""
local path, method, body, auth = PATH, METHOD, BODY, AUTH
request = function()
  local headers = {
    ["Host"] = "HOSTNAME", ["Authorization"] = auth, ["Accept-Crs"] = "EPSG:4326",
    ["X-Forwarded-Proto"] = "https",
  }
  if body ~= "" then
    headers["Content-Type"] = "application/json"
    headers["Content-Crs"] = "EPSG:4326"
    return wrk.format(method, path, headers, body)
  end
  return wrk.format(method, path, headers)
end
"""
    + LUA_DONE
)


def bearer() -> str:
    import jwt

    payload = {"iss": CLIENT_ID, "client_id": CLIENT_ID, "iat": int(time.time())}
    return "Bearer " + jwt.encode(payload, SECRET, algorithm="HS256")


def ensure_client(organisation) -> None:
    """The bench's own application, with every autorisatie (created once, secret reset)."""
    from achterkant.api.autorisaties import services
    from achterkant.api.autorisaties.models import ClientCredential
    from achterkant.identity.actors import system
    from achterkant.tenancy.context import use_organisation

    actor = system("bench", [services.PERMISSION_CHANGE])
    with use_organisation(organisation):
        credential = ClientCredential.objects.filter(client_id=CLIENT_ID).first()
        if credential is None:
            services.application_create(
                actor=actor,
                data=services.ApplicationData(
                    label="Bench Zaken API", client_ids=[CLIENT_ID], all_authorisations=True
                ),
            )
            credential = ClientCredential.objects.get(client_id=CLIENT_ID)
        services.credential_set_secret(actor=actor, credential=credential, secret=SECRET)


def fixtures() -> dict:
    from scale_paths import busiest_bsn

    from achterkant.cases.models import Case
    from achterkant.tenancy.context import use_organisation
    from achterkant.tenancy.models import Organisation

    organisation = Organisation.objects.get(slug="voorbeeld")
    ensure_client(organisation)
    bsn = busiest_bsn(organisation.pk)
    with use_organisation(organisation):
        case = (
            Case.objects.filter(initiator_bsn=bsn)
            .select_related("case_type")
            .order_by("-created_at")
            .first()
        )
        case_type = case.case_type
    zaaktype = f"https://{HOST}/catalogi/api/v1/zaaktypen/{case_type.uuid}"
    body = {
        "zaaktype": zaaktype,
        "bronorganisatie": organisation.rsin,
        "verantwoordelijkeOrganisatie": organisation.rsin,
        "startdatum": date.today().isoformat(),
        "omschrijving": "bench-zaken-api",
    }
    return {
        "organisation": organisation.pk,
        "bsn": bsn,
        "uuid": str(case.uuid),
        "body": body,
    }


def calls(fx: dict) -> list[tuple[str, str, str, str]]:
    """(name, method, path, JSON body or "")."""
    return [
        ("list by BSN", "GET", f"{API}?{BSN_PARAM}={fx['bsn']}", ""),
        ("detail", "GET", f"{API}/{fx['uuid']}", ""),
        ("create", "POST", API, json.dumps(fx["body"])),
        # The floor of this stack: server, middleware, token check and one indexed lookup
        # that finds nothing. No API read can cost less; the targets are read against it.
        ("floor (404)", "GET", f"{API}/00000000-0000-4000-8000-000000000000", ""),
    ]


def in_process(measured, auth: str) -> dict:
    """Status and SQL queries of one request (the second: caches warm), per call."""
    from django.db import connection
    from django.test import Client

    client = Client(
        HTTP_HOST=HOST, HTTP_AUTHORIZATION=auth, HTTP_ACCEPT_CRS="EPSG:4326",
        HTTP_CONTENT_CRS="EPSG:4326",
    )  # fmt: skip
    results = {}
    for name, method, path, body in measured:

        def call(method=method, path=path, body=body):
            if method == "POST":
                return client.post(path, body, content_type="application/json", secure=True)
            return client.get(path, secure=True)

        call()
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = call()
        results[name] = {
            "status": response.status_code,
            "queries": len(queries),
            "bytes": len(response.content),
        }
    return results


def raw_figures(fx: dict) -> dict:
    """The same lookups (and the insert, rolled back) as single statements: median ms."""
    import psycopg

    columns = (
        "uuid, number, description, case_type_id, registered_on, "
        "responsible_organisation_rsin, start_date, end_date, planned_end_date, "
        "latest_end_date, channel, confidentiality, payment_indication, current_status_id, "
        "archive_status"
    )
    org = fx["organisation"]
    statements = {
        "list by BSN": (
            f"SELECT {columns}, count(*) OVER () FROM cases_case WHERE organisation_id = %s "  # noqa: S608
            "AND initiator_bsn = %s ORDER BY created_at DESC LIMIT 100",
            [org, fx["bsn"]],
        ),
        "detail": (
            f"SELECT {columns} FROM cases_case WHERE organisation_id = %s AND uuid = %s",  # noqa: S608
            [org, fx["uuid"]],
        ),
        "floor (404)": (
            "SELECT uuid FROM cases_case WHERE organisation_id = %s AND uuid = %s",
            [org, "00000000-0000-4000-8000-000000000000"],
        ),
        "create": (
            "INSERT INTO cases_case (number, description, explanation, "
            "responsible_organisation_rsin, registered_on, start_date, channel, "
            "products_or_services, confidentiality, payment_indication, selection_list_class, "
            '"references", archive_nomination, archive_status, initiator_bsn, created_at, '
            "case_type_id, organisation_id, sla_state, urgency, source_organisation_rsin, "
            "commissioning_organisation, channel_url, process_object_nature, uuid) "
            "SELECT 'RAW-' || gen_random_uuid(), description, '', "
            "responsible_organisation_rsin, current_date, current_date, 'api', "
            "'[]', confidentiality, '', '', '[]', '', 'nog_te_archiveren', '', now(), "
            "case_type_id, organisation_id, 'on_time', 2, responsible_organisation_rsin, '', '', "
            "'', gen_random_uuid() FROM cases_case WHERE "
            "organisation_id = %s AND uuid = %s",
            [org, fx["uuid"]],
        ),
    }
    results = {}
    with psycopg.connect(DATABASE_URL, prepare_threshold=None) as conn:
        for name, (sql, params) in statements.items():
            samples = []
            for _ in range(200):
                started = time.perf_counter()
                cursor = conn.execute(sql, params)
                if sql.startswith("SELECT"):
                    cursor.fetchall()
                conn.rollback()
                samples.append((time.perf_counter() - started) * 1000)
            results[name] = statistics.median(samples)
    return results


def run_wrk(wrk: str, method: str, path: str, body: str, auth: str, clients: int) -> dict:
    script = (
        LUA.replace("PATH", json.dumps(path))
        .replace("METHOD", json.dumps(method))
        .replace("BODY", json.dumps(body))
        .replace("AUTH", json.dumps(auth))
        .replace("HOSTNAME", HOST)
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        output = subprocess.run(
            [
                wrk, "-t", str(min(clients, 2)), "-c", str(clients),
                "-d", f"{max(1, round(SECONDS))}s", "--timeout", "10s", "-s", handle.name,
                f"http://127.0.0.1:{PORT}",
            ],
            capture_output=True, text=True, timeout=SECONDS + 60,
        ).stdout  # fmt: skip
    finally:
        os.unlink(handle.name)
    return wrk_result(output)


def main() -> None:
    started = time.monotonic()
    wrk = ensure_wrk()
    import django

    django.setup()
    fx = fixtures()
    auth = bearer()
    measured = calls(fx)
    inproc = in_process(measured, auth)
    for name, result in inproc.items():
        if result["status"] not in ((404,) if name.startswith("floor") else (200, 201)):
            raise SystemExit(f"{name}: status {result['status']}; is the scale database loaded?")
    raw = raw_figures(fx)
    from django.db import connections

    connections.close_all()
    server = start_server()
    figures: dict = {}
    try:
        for _, method, path, body in measured[:2]:  # warm every worker
            run_wrk(wrk, method, path, body, auth, 4)
        for name, method, path, body in measured:
            figures[name] = {}
            for clients in CLIENTS:
                rounds = [run_wrk(wrk, method, path, body, auth, clients) for _ in range(ROUNDS)]
                figures[name][clients] = median_round(rounds)
                print(
                    f"  {name:<12} {clients:>2} clients: "
                    + "  ".join(f"{r['rps']:7.1f}/s p50 {r['p50']:6.2f} ms" for r in rounds),
                    flush=True,
                )
    finally:
        scale_measure.stop_server(server)
    print_table(measured, figures, inproc, raw)
    print(
        f"\nPersoon {fx['bsn'][:3]}…; database {DATABASE_URL.rsplit('/', 1)[-1]}, "
        f"{os.cpu_count()} cores, WEB_CONCURRENCY={os.environ.get('WEB_CONCURRENCY', 'standaard')}"
        f", {ROUNDS} rondes van {SECONDS:g} s (mediaan); totaal {time.monotonic() - started:.0f} s."
    )


def print_table(measured, figures, inproc, raw) -> None:
    header = (
        f"{'call':<12} {'1c req/s':>9} {'1c p50':>7} {'16c req/s':>10} {'16c p50':>8} "
        f"{'SQL':>4} {'KB':>5} {'raw ms':>7} {'p50/raw':>8}  target; Open Zaak"
    )
    print("\n" + header)
    print("-" * len(header))
    for name, *_ in measured:
        one, many = figures[name][1], figures[name][16]
        errors = one["errors"] + many["errors"]
        note = f"  ({errors} fouten)" if errors and not name.startswith("floor") else ""
        ratio = one["p50"] / raw[name] if raw.get(name) else float("nan")
        print(
            f"{name:<12} {one['rps']:9.1f} {one['p50']:7.2f} {many['rps']:10.1f} "
            f"{many['p50']:8.2f} {inproc[name]['queries']:4d} "
            f"{inproc[name]['bytes'] / 1024:5.1f} {raw[name]:7.2f} {ratio:7.1f}×  "
            f"{TARGETS[name]}; {OPEN_ZAAK[name]}{note}"
        )


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
