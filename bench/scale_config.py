"""make bench-scale: where it runs, with which settings, and the targets it prints."""

import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

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
    # As `achterkant serve` sets it, so that the in-process figures (queries, scale against
    # demo, open_case) are taken with the plans the server uses.
    "DB_PLAN_CACHE_MODE": os.environ.get("DB_PLAN_CACHE_MODE", "force_generic_plan"),
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
