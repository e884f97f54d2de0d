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
"""

import json
import multiprocessing
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/achterkant_scale"
)
DEMO_DATABASE_URL = os.environ.get(
    "SCALE_DEMO_DATABASE_URL", DATABASE_URL.rsplit("/", 1)[0] + "/achterkant_scale_demo"
)
SCALE = os.environ.get("SCALE", "large")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
HOST = "voorbeeld.localhost"
CLIENTS = (1, 16)
SERVER_LOG = ROOT / "var" / "bench-scale-server.log"

# Production-like settings, for this process and for the server it starts.
os.environ.update({
    "DEBUG": "0",
    "DEMO_MODE": "0",
    "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY", "scale-bench-" + "x" * 40),
    "ALLOWED_HOSTS": "voorbeeld.localhost,proefdorp.localhost,127.0.0.1",
    "DJANGO_SETTINGS_MODULE": "achterkant.conf.settings",
    "WEB_ACCESS_LOG": "/dev/null",
})  # fmt: skip
os.environ["DATABASE_URL"] = os.environ.get("BENCH_ACTIVE_DATABASE_URL", DATABASE_URL)

TARGETS = {
    "360° view": "p50 ≤10 ms; 16 clients ≥200 req/s",
    "team queue, first page": "p50 ≤10 ms",
    "team queue, deep page": "p50 ≤10 ms",
    "case page": "p50 ≤15 ms; 16 clients ≥150 req/s",
    "Mijn overzicht": "p50 ≤10 ms",
    "knowledge search": "",
    "e-loket submit": "16 clients ≥200/s",
    "desk contact with case": "",
}


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk ontbreekt: installeren met apt-get (Debian-pakket wrk)…", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"], check=True, env=env
    )
    return shutil.which("wrk") or "wrk"


# --- fixtures: who and what each path asks for ------------------------------------------------


def fixtures() -> dict:
    from django.db import connection

    from achterkant.catalog.models import Product
    from achterkant.routing.models import Team
    from achterkant.staff.models import User
    from achterkant.tenancy.context import use_organisation
    from achterkant.tenancy.models import Organisation

    organisation = Organisation.objects.get(slug="voorbeeld")
    with connection.cursor() as cursor:
        # Someone with a long history: the busiest initiator of the newest cases.
        cursor.execute(
            "SELECT initiator_bsn FROM (SELECT initiator_bsn FROM cases_case "
            "WHERE organisation_id = %s ORDER BY id DESC LIMIT 20000) t "
            "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
            [organisation.pk],
        )
        bsn = cursor.fetchone()[0]
        cursor.execute(
            "SELECT team_id FROM cases_case WHERE organisation_id = %s AND end_date IS NULL "
            "AND team_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
            [organisation.pk],
        )
        team_id = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM cases_case WHERE organisation_id = %s AND team_id = %s "
            "AND end_date IS NULL AND queue_due_at IS NOT NULL",
            [organisation.pk, team_id],
        )
        queue_length = cursor.fetchone()[0]
        cursor.execute(
            "SELECT queue_due_at, id, number FROM cases_case WHERE organisation_id = %s "
            "AND team_id = %s AND end_date IS NULL AND queue_due_at IS NOT NULL "
            "ORDER BY queue_due_at, id OFFSET %s LIMIT 1",
            [organisation.pk, team_id, max(0, min(5000, queue_length - 60))],
        )
        deep_due, deep_id, deep_number = cursor.fetchone()
        cursor.execute(
            "SELECT bsn FROM identity_person WHERE organisation_id = %s AND email <> '' "
            "ORDER BY id DESC LIMIT 16",
            [organisation.pk],
        )
        citizens = [row[0] for row in cursor.fetchall()]
    with use_organisation(organisation):
        team = Team.objects.get(pk=team_id)
        product = Product.objects.get(code="melding-openbare-ruimte")
        eloket_product = product
    return {
        "organisation": organisation,
        "bsn": bsn,
        "team": team,
        "queue_length": queue_length,
        "deep_cursor": f"{deep_due.isoformat()}~{deep_id}",
        "case_number": deep_number,
        "citizens": citizens,
        "product": product,
        "eloket_product": eloket_product,
        "agent": User.objects.get(username="agent"),
        "worker": User.objects.get(username="behandelaar"),
    }


def staff_session(user, **extra) -> str:
    """A logged-in, second-factor-verified staff session (as after an SSO log-in)."""
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    session = client.session
    session["achterkant_mfa_by_idp"] = True
    for key, value in extra.items():
        session[key] = value
    session.save()
    return client.cookies["sessionid"].value


def citizen_session(organisation, bsn: str) -> str:
    """A portal session as DigiD leaves it (``portal.session.login_citizen``)."""
    from importlib import import_module

    from django.conf import settings

    from achterkant.identity.assurance import AssuranceLevel
    from achterkant.portal.session import SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = {
        "bsn": bsn, "kvk": "", "branch": "", "via": "digid",
        "assurance": AssuranceLevel.SUBSTANTIEEL, "saml": {}, "seen": time.time(),
        "organisation": organisation.pk,
    }  # fmt: skip
    store.create()
    return store.session_key


def eloket_body(product) -> dict:
    """Valid answers for the product's web form, from its form definition."""
    from django.utils import timezone

    from achterkant.catalog.selectors import case_type_version_for
    from achterkant.tenancy.context import use_organisation

    with use_organisation(product.organisation):
        case_type = case_type_version_for(product.case_type_identification, timezone.localdate())
    data = {}
    for spec in (case_type.form_definition or {}).get("fields", []):
        name, kind = spec["name"], spec["type"]
        if not spec.get("required"):
            continue
        if kind == "choice":
            data[name] = spec["choices"][0]
        elif kind == "address":
            data[f"{name}__postcode"] = "1011AB"
            data[f"{name}__huisnummer"] = "12"
        elif kind == "number":
            data[name] = str(spec.get("min", 1))
        elif kind == "date":
            data[name] = timezone.localdate().isoformat()
        elif kind == "yes_no":
            data[name] = "nee"
        elif kind in ("text", "long_text"):
            data[name] = "Losse stoeptegel voor de deur"
    return data


class Path_:
    def __init__(self, name, url, cookies, method="GET", body=None, expect=200):
        self.name, self.url, self.cookies = name, url, cookies
        self.method, self.body, self.expect = method, body, expect


def hot_paths(fx: dict) -> list[Path_]:
    from django.middleware.csrf import CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    from achterkant.desk.kcc_views import ACTIVE_PERSON

    csrf = get_random_string(CSRF_SECRET_LENGTH)

    def staff(user, n=16, **extra):
        return [f"sessionid={staff_session(user, **extra)}; csrftoken={csrf}" for _ in range(n)]

    citizens = fx["citizens"]
    team = fx["team"].identification
    deep = urlencode({"na": fx["deep_cursor"]})
    contact = {
        "csrfmiddlewaretoken": csrf, "channel": "phone", "product": fx["product"].pk,
        "subject": "Losse stoeptegel", "question": "Er ligt een losse stoeptegel.",
        "outcome": "case", "started_at": "{NOW}", "idempotency_key": "{UUID}",
    }  # fmt: skip
    eloket = {
        "csrfmiddlewaretoken": csrf, "submission_key": "{UUID}",
        **eloket_body(fx["eloket_product"]),
    }  # fmt: skip
    agent_360 = staff(fx["agent"], **{ACTIVE_PERSON: fx["bsn"]})
    return [
        Path_("360° view", "/desk/persoon/", agent_360),
        Path_("team queue, first page", f"/desk/teams/{team}/", staff(fx["worker"])),
        Path_("team queue, deep page", f"/desk/teams/{team}/?{deep}", staff(fx["worker"])),
        Path_("case page", f"/desk/zaken/{fx['case_number']}/", staff(fx["worker"])),
        Path_(
            "Mijn overzicht",
            "/mijn/",
            [
                f"sessionid={citizen_session(fx['organisation'], fx['bsn'])}; csrftoken={csrf}"
                for _ in range(16)
            ],
        ),
        Path_("knowledge search", "/desk/kennisbank/?q=paspoort+verlopen", staff(fx["agent"])),
        Path_(
            "e-loket submit",
            f"/mijn/aanvragen/{fx['eloket_product'].code}/",
            [
                f"sessionid={citizen_session(fx['organisation'], bsn)}; csrftoken={csrf}"
                for bsn in citizens
            ],
            method="POST",
            body=eloket,
            expect=302,
        ),
        Path_(
            "desk contact with case",
            "/desk/contacten/",
            staff(fx["agent"], **{ACTIVE_PERSON: fx["bsn"]}),
            method="POST",
            body=contact,
            expect=302,
        ),
    ]


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
        }
    return results


# --- raw PostgreSQL: the main lookup of each path as one statement ------------------------------


def raw_figures(fx: dict) -> dict:
    import psycopg

    org = fx["organisation"].pk
    team = fx["team"].pk
    due, pk = fx["deep_cursor"].split("~")
    queue = (
        "SELECT c.id, c.number, c.description, c.queue_due_at, c.sla_state, ct.description, "
        "p.name, st.name, u.username, t.name FROM cases_case c "
        "JOIN catalog_casetype ct ON ct.id = c.case_type_id "
        "LEFT JOIN catalog_product p ON p.id = c.product_id "
        "LEFT JOIN cases_casestatus s ON s.id = c.current_status_id "
        "LEFT JOIN catalog_statustype st ON st.id = s.status_type_id "
        "LEFT JOIN staff_user u ON u.id = c.assignee_id LEFT JOIN routing_team t ON "
        "t.id = c.team_id WHERE c.organisation_id = %s AND c.team_id = %s "
        "AND c.end_date IS NULL AND c.queue_due_at IS NOT NULL {after} "
        "ORDER BY c.queue_due_at, c.id LIMIT 50"
    )
    statements = {
        "360° view": (
            "SELECT (SELECT row_to_json(p) FROM identity_person p WHERE p.organisation_id = %s "
            "AND p.bsn = %s), (SELECT json_agg(c) FROM (SELECT id, number, description, "
            "start_date, end_date, queue_due_at FROM cases_case WHERE organisation_id = %s AND "
            "initiator_bsn = %s ORDER BY created_at DESC LIMIT 20) c), (SELECT json_agg(k) FROM "
            "(SELECT id, channel, subject, started_at, outcome FROM contacts_contact WHERE "
            "organisation_id = %s AND bsn = %s ORDER BY started_at DESC LIMIT 20) k)",
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
            "ORDER BY created_at DESC LIMIT 50) c), (SELECT json_agg(m) FROM (SELECT id, "
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
            "case_type_id, organisation_id, sla_state, urgency) "
            "SELECT 'RAW-' || gen_random_uuid(), description, '', "
            "responsible_organisation_rsin, current_date, current_date, 'web', "
            "'[]', confidentiality, '', '', '[]', '', 'nog_te_archiveren', initiator_bsn, now(), "
            "case_type_id, organisation_id, 'on_time', 2 FROM cases_case WHERE "
            "organisation_id = %s AND number = %s",
            [org, fx["case_number"]],
        ),
        "desk contact with case": (
            "INSERT INTO contacts_contact (channel, bsn, kvk_number, subject, question, answer, "
            "outcome, answered_at_first_contact, referred_to, started_at, ended_at, "
            "handling_seconds, organisation_id) VALUES ('phone', %s, '', 'Raw', 'Raw', '', "
            "'case', false, '', now(), now(), 0, %s)",
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

LUA = r"""
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
done = function(summary, latency, requests)
  io.write(string.format(
    "RESULT {\"requests\": %d, \"seconds\": %f, \"p50\": %f, \"p99\": %f, \"errors\": %d}\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.status + summary.errors.timeout))
end
"""


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
    line = next((ln for ln in output.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        return {"rps": 0.0, "p50": float("nan"), "p99": float("nan"), "errors": -1}
    data = json.loads(line[len("RESULT ") :])
    # Responses other than 2xx/3xx count as errors (summary.errors.status).
    return {
        "rps": data["requests"] / data["seconds"] if data["seconds"] else 0.0,
        "p50": data["p50"],
        "p99": data["p99"],
        "errors": data["errors"],
    }


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
    with use_organisation(organisation):
        agent = User.objects.get(username="agent")
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            open_case(
                actor=agent, case_type_identification="ZT-MOR", channel="phone",
                initiator_bsn=bsns[(count + index) % len(bsns)],
            )  # fmt: skip
            count += 1
    return count


def intake(processes: int, seconds: float, bsns: list[str]) -> float:
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    with context.Pool(processes) as pool:
        counts = pool.map(_intake, [(seconds, bsns, i) for i in range(processes)])
    return sum(counts) / seconds


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


def demo_costs_main() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from achterkant.demo.seed import seed_demo

    seed_demo()
    call_command("collectstatic", interactive=False, verbosity=0)
    fx = fixtures()
    costs = in_process(hot_paths(fx)[:6])
    print("COSTS " + json.dumps({name: value["ms"] for name, value in costs.items()}))


# --- main -----------------------------------------------------------------------------------------


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
    bench_started = time.monotonic()
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
                rounds = [run_wrk(wrk, path, clients, SECONDS) for _ in range(ROUNDS)]
                figures[path.name][clients] = median_round(rounds)
                print(
                    f"  {path.name:<24} {clients:>2} clients: "
                    + "  ".join(f"{r['rps']:7.1f}/s p50 {r['p50']:6.1f} ms" for r in rounds),
                    flush=True,
                )
        workers = worker_pids(master)
        rss = rss_mb(workers)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    bsns = fx["citizens"]
    intake_rates = {
        n: statistics.median(intake(n, SECONDS, bsns) for _ in range(ROUNDS)) for n in (1, 4)
    }
    demo = {} if os.environ.get("BENCH_SKIP_DEMO") else demo_page_costs()
    print_table(fx, report, figures, inproc, raw, rss, intake_rates, demo)
    print(
        f"\nGeneratie {generation:.0f} s; bench {time.monotonic() - bench_started:.0f} s; "
        f"totaal {time.monotonic() - started:.0f} s. Database {DATABASE_URL.rsplit('/', 1)[-1]}, "
        f"{os.cpu_count()} cores, "
        f"WEB_CONCURRENCY={os.environ.get('WEB_CONCURRENCY', 'standaard')}, "
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
        print(
            f"{name:<24} {one['rps']:9.1f} {one['p50']:7.1f} {one['p99']:7.1f} "
            f"{many['rps']:10.1f} {many['p50']:8.1f} {many['p99']:8.1f} {queries:4d} "
            f"{raw.get(name, float('nan')):7.2f} {ratio:8.1f}× {flat}  "
            f"{TARGETS.get(name, '')}; SQL ≤8; flat ≤1.5×{note}"
        )
    print(
        f"{'open_case service':<24} 1 process {intake_rates[1]:7.1f} cases/s, "
        f"4 processes {intake_rates[4]:7.1f} cases/s   target: 4 processes ≥500 cases/s"
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
