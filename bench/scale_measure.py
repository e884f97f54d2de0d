"""make bench-scale: the measurements (in process, raw PostgreSQL, wrk, RSS, intake)."""

import json
import multiprocessing
import os
import signal
import statistics
import subprocess
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

from scale_config import HOST, PORT, ROOT, SERVER_LOG
from scale_paths import Path_

# --- in-process: queries per request, page cost ------------------------------------------------


def fill(body: dict) -> dict:
    from django.utils import timezone

    return {
        k: (str(uuid.uuid4()) if v == "{UUID}" else timezone.now().isoformat() if v == "{NOW}"
            else v)
        for k, v in body.items()
    }  # fmt: skip


def in_process(paths: list[Path_], runs: int = 20) -> dict:
    """Per path: SQL queries of one request and the median in-process time (ms).

    Queries are counted with an execute wrapper on this process's connection, so the
    production code needs no header or hook for it.
    """
    from django.db import connection
    from django.test import Client

    results = {}
    for path in paths:
        client = Client(HTTP_HOST=HOST)
        cookie = path.cookies[0]
        for part in cookie.split("; "):
            key, value = part.split("=", 1)
            client.cookies[key] = value

        def call(path=path, client=client):
            if path.method == "POST":
                return client.post(path.url, fill(path.body), secure=True)
            return client.get(path.url, secure=True)

        response = call()
        status = response.status_code
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            call()
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            call()
            samples.append((time.perf_counter() - started) * 1000)
        results[path.name] = {
            "status": status,
            "ok": status == path.expect,
            "queries": len(queries),
            "ms": statistics.median(samples),
            "write": path.method == "POST",
        }
    return results


# --- raw PostgreSQL: the main lookup of each path as one statement ------------------------------


def raw_figures(fx: dict) -> dict:
    import psycopg

    org = fx["organisation"].pk
    team = fx["team"].pk
    due, pk = fx["deep_cursor"].split("~")
    # One page of the queue (cases.queues.PAGE_SIZE rows): the page's ids from the queue
    # index first, then only those rows joined, as the page does. Joining first lets the
    # planner pick a hash join over every status row once its estimate drops (22 ms).
    queue = (
        "WITH page AS (SELECT c.id FROM cases_case c WHERE c.organisation_id = %s "
        "AND c.team_id = %s AND c.end_date IS NULL AND c.queue_due_at IS NOT NULL {after} "
        "ORDER BY c.queue_due_at, c.id LIMIT 25) "
        "SELECT c.id, c.number, c.description, c.queue_due_at, c.sla_state, ct.description, "
        "p.name, st.name, u.username, t.name FROM page JOIN cases_case c ON c.id = page.id "
        "JOIN catalog_casetype ct ON ct.id = c.case_type_id "
        "LEFT JOIN catalog_product p ON p.id = c.product_id "
        "LEFT JOIN cases_casestatus s ON s.id = c.current_status_id "
        "LEFT JOIN catalog_statustype st ON st.id = s.status_type_id "
        "LEFT JOIN staff_user u ON u.id = c.assignee_id LEFT JOIN routing_team t ON "
        "t.id = c.team_id ORDER BY c.queue_due_at, c.id"
    )
    statements = {
        "360° view": (
            "SELECT (SELECT row_to_json(p) FROM identity_person p WHERE p.organisation_id = %s "
            "AND p.bsn = %s), (SELECT json_agg(c) FROM (SELECT id, number, description, "
            "start_date, end_date, queue_due_at FROM cases_case WHERE organisation_id = %s AND "
            "initiator_bsn = %s ORDER BY created_at DESC LIMIT 11) c), (SELECT json_agg(k) FROM "
            "(SELECT id, channel, subject, started_at, outcome FROM contacts_contact WHERE "
            "organisation_id = %s AND bsn = %s ORDER BY started_at DESC LIMIT 11) k)",
            [org, fx["bsn"], org, fx["bsn"], org, fx["bsn"]],
        ),
        "team queue, first page": (queue.format(after=""), [org, team]),
        "team queue, deep page": (
            queue.format(after="AND (c.queue_due_at, c.id) > (%s, %s)"),
            [org, team, datetime.fromisoformat(due), int(pk)],
        ),
        "case page": (
            "SELECT row_to_json(c), (SELECT json_agg(s) FROM cases_casestatus s WHERE "
            "s.case_id = c.id), (SELECT json_agg(r) FROM cases_role r WHERE r.case_id = c.id), "
            "(SELECT json_agg(e) FROM cases_caseevent e WHERE e.case_id = c.id) "
            "FROM cases_case c WHERE c.organisation_id = %s AND c.number = %s",
            [org, fx["case_number"]],
        ),
        "Mijn overzicht": (
            "SELECT (SELECT json_agg(c) FROM (SELECT number, description, start_date, end_date, "
            "planned_end_date FROM cases_case WHERE organisation_id = %s AND initiator_bsn = %s "
            "ORDER BY created_at DESC LIMIT 16) c), (SELECT json_agg(m) FROM (SELECT id, "
            "subject, created_at, read_at FROM notify_outboxmessage WHERE organisation_id = %s "
            "AND bsn = %s ORDER BY id DESC LIMIT 20) m)",
            [org, fx["bsn"], org, fx["bsn"]],
        ),
        "knowledge search": (
            "SELECT id, question FROM contacts_knowledgearticle WHERE organisation_id = %s AND "
            "to_tsvector('dutch', question || ' ' || answer || ' ' || keywords) @@ "
            "plainto_tsquery('dutch', %s) LIMIT 20",
            [org, "paspoort verlopen"],
        ),
        "e-loket submit": (
            "INSERT INTO cases_case (number, description, explanation, "
            "responsible_organisation_rsin, registered_on, start_date, channel, "
            "products_or_services, confidentiality, payment_indication, selection_list_class, "
            '"references", archive_nomination, archive_status, initiator_bsn, created_at, '
            "case_type_id, organisation_id, sla_state, urgency, source_organisation_rsin, "
            "commissioning_organisation, channel_url, process_object_nature, uuid) "
            "SELECT 'RAW-' || gen_random_uuid(), description, '', "
            "responsible_organisation_rsin, current_date, current_date, 'web', "
            "'[]', confidentiality, '', '', '[]', '', 'nog_te_archiveren', initiator_bsn, now(), "
            "case_type_id, organisation_id, 'on_time', 2, responsible_organisation_rsin, '', '', "
            "'', gen_random_uuid() FROM cases_case WHERE "
            "organisation_id = %s AND number = %s",
            [org, fx["case_number"]],
        ),
        "desk contact with case": (
            "INSERT INTO contacts_contact (channel, bsn, kvk_number, subject, question, answer, "
            "outcome, answered_at_first_contact, referred_to, started_at, ended_at, "
            "handling_seconds, organisation_id, triage_status, triage_suggestions) VALUES "
            "('phone', %s, '', 'Raw', 'Raw', '', 'case', false, '', now(), now(), 0, %s, '', "
            "'[]')",
            [fx["bsn"], org],
        ),
    }
    url = os.environ["DATABASE_URL"]
    results = {}
    # No server-side prepared statements (psycopg prepares after 5 runs): a generic plan
    # can differ from the one the page gets, which sends its values inline.
    with psycopg.connect(url, prepare_threshold=None) as conn:
        for name, (sql, params) in statements.items():
            samples = []
            for _ in range(200):
                started = time.perf_counter()
                cursor = conn.execute(sql, params)
                if sql.startswith("SELECT"):
                    cursor.fetchall()
                conn.rollback()  # writes are measured, never kept
                samples.append((time.perf_counter() - started) * 1000)
            results[name] = statistics.median(samples)
    return results


# --- the load generator --------------------------------------------------------------------------

# wrk's summary as one line that wrk_result() reads; every bench script ends with it.
LUA_DONE = r"""
done = function(summary, latency, requests)
  io.write(string.format(
    "RESULT {\"requests\": %d, \"seconds\": %f, \"p50\": %f, \"p99\": %f, \"errors\": %d}\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.status + summary.errors.timeout))
end
"""

LUA = (
    r"""
local cookies = COOKIES
local path, method, template = PATH, METHOD, BODY
local counter = 0
math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
local function uuid()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end
request = function()
  counter = counter + 1
  local headers = {
    ["Host"] = "HOSTNAME", ["Cookie"] = cookies[(counter % #cookies) + 1],
    ["X-Forwarded-Proto"] = "https", ["Origin"] = "https://HOSTNAME",
    ["Referer"] = "https://HOSTNAME" .. path,
  }
  local body = nil
  if template ~= "" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    body = string.gsub(template, "%%7BUUID%%7D", uuid)
    body = string.gsub(body, "%%7BNOW%%7D", os.date("!%Y-%m-%dT%H:%M:%S") .. "%%2B00:00")
  end
  return wrk.format(method, path, headers, body)
end
"""
    + LUA_DONE
)


def lua_string(value: str) -> str:
    return json.dumps(value)


def run_wrk(wrk: str, path: Path_, clients: int, seconds: float) -> dict:
    body = urlencode(path.body) if path.body else ""
    script = (
        LUA.replace("COOKIES", "{" + ",".join(lua_string(c) for c in path.cookies) + "}")
        .replace("PATH", lua_string(path.url))
        .replace("METHOD", lua_string(path.method))
        .replace("BODY", lua_string(body))
        .replace("HOSTNAME", HOST)
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        output = subprocess.run(
            [
                wrk, "-t", str(min(clients, 2)), "-c", str(clients),
                "-d", f"{max(1, round(seconds))}s",
                "--timeout", "10s", "-s", handle.name, f"http://127.0.0.1:{PORT}",
            ],
            capture_output=True, text=True, timeout=seconds + 60,
        ).stdout  # fmt: skip
    finally:
        os.unlink(handle.name)
    return wrk_result(output)


def wrk_result(output: str) -> dict:
    """The figures our Lua ``done`` printed (``RESULT {...}``): req/s, p50, p99, errors."""
    line = next((ln for ln in output.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        return {"requests": 0, "rps": 0.0, "p50": float("nan"), "p99": float("nan"), "errors": -1}
    data = json.loads(line[len("RESULT ") :])
    # Responses other than 2xx/3xx count as errors (summary.errors.status).
    return {
        "requests": data["requests"],
        "rps": data["requests"] / data["seconds"] if data["seconds"] else 0.0,
        "p50": data["p50"],
        "p99": data["p99"],
        "errors": data["errors"],
    }


# --- where the CPU goes -----------------------------------------------------------------------


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU time each process used so far (/proc/<pid>/stat)."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return used


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds between two readings: a process that started in between counts from
    zero, one that ended is lost (so the figure is a lower bound)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def postgres_pids() -> list[int]:
    """Every PostgreSQL process on this machine: the server is local in this bench."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


def run_wrk_with_cpu(wrk: str, path: Path_, clients: int, seconds: float, master: int) -> dict:
    """One wrk round, with the CPU milliseconds per request of the web workers and of
    PostgreSQL beside it: what one request costs the machine, and so the most a machine of
    this many cores can serve (``cores × 1000 / (web + db)`` requests per second)."""
    web, database = cpu_seconds(worker_pids(master)), cpu_seconds(postgres_pids())
    result = run_wrk(wrk, path, clients, seconds)
    # A worker renewed after WEB_MAX_REQUESTS takes its CPU time with it (``cpu_used``).
    done = max(result["requests"], 1)
    result["web_ms"] = cpu_used(web, cpu_seconds(worker_pids(master))) * 1000 / done
    result["db_ms"] = cpu_used(database, cpu_seconds(postgres_pids())) * 1000 / done
    return result


def median_round(rounds: list[dict]) -> dict:
    ordered = sorted(rounds, key=lambda r: r["rps"])
    return ordered[len(ordered) // 2]


# --- the server -----------------------------------------------------------------------------------


def start_server() -> subprocess.Popen:
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(PORT)}
    SERVER_LOG.parent.mkdir(exist_ok=True)
    log = SERVER_LOG.open("w")  # a file, not a pipe: a full pipe would stall the server
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "achterkant"), "serve"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    import socket

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("De server startte niet:\n" + SERVER_LOG.read_text()[-3000:])
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=1):
                break
        except OSError:
            time.sleep(0.5)
    time.sleep(2)  # let every worker boot
    return process


def stop_server(server: subprocess.Popen) -> None:
    """SIGTERM the server's process group (gunicorn shuts down gracefully); kill it if it
    has not stopped after 30 s."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master) and "achterkant" in (
            fields.get("Name", "") + (entry / "cmdline").read_text(errors="ignore")
        ):
            pids.append(int(entry.name))
    return pids


def gunicorn_master(process: subprocess.Popen) -> int:
    return process.pid  # `achterkant serve` runs gunicorn's arbiter in its own process


def rss_mb(pids: list[int]) -> list[float]:
    sizes = []
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        except OSError:
            pass
    return sizes


# --- open_case from N processes -------------------------------------------------------------------


def _intake(args) -> int:
    seconds, bsns, index = args
    import django
    from django.db import connections

    django.setup()
    connections.close_all()
    from achterkant.cases.services import open_case
    from achterkant.staff.models import User
    from achterkant.tenancy.context import use_organisation
    from achterkant.tenancy.models import Organisation

    organisation = Organisation.objects.get(slug="voorbeeld")
    count = 0
    agent = User.objects.get(username="agent")
    with connections["default"].cursor() as cursor:  # this process's backend (local server)
        cursor.execute("SELECT pg_backend_pid()")
        backend = [cursor.fetchone()[0]]
    deadline = time.monotonic() + seconds
    started_cpu, backend_cpu = time.process_time(), cpu_seconds(backend)
    while time.monotonic() < deadline:
        # One activation per case, as one request or task: it reads the settings version.
        with use_organisation(organisation):
            open_case(
                actor=agent, case_type_identification="ZT-MOR", channel="phone",
                initiator_bsn=bsns[(count + index) % len(bsns)],
            )  # fmt: skip
        count += 1
    return count, time.process_time() - started_cpu, cpu_used(backend_cpu, cpu_seconds(backend))


def intake(processes: int, seconds: float, bsns: list[str]) -> dict:
    """Cases per second from ``processes`` processes calling ``open_case``, with the CPU
    milliseconds per case of those processes (their loop only) and of PostgreSQL."""
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    with context.Pool(processes) as pool:
        results = pool.map(_intake, [(seconds, bsns, i) for i in range(processes)])
    cases = max(sum(count for count, _, _ in results), 1)
    return {
        "rate": sum(count for count, _, _ in results) / seconds,
        "python_ms": sum(cpu for _, cpu, _ in results) * 1000 / cases,
        # The backends' own CPU; PostgreSQL's WAL writer and checkpointer are not in it.
        "db_ms": sum(db for _, _, db in results) * 1000 / cases,
    }
