"""PostgreSQL only: the database drops every application connection, again and again, during
a burst of requests (issue 12, "Reliability").

A real web server (``achterkant serve``) and a real worker (``achterkant worker``) run as
processes against the test database. While 8 clients send requests, a killer terminates
every connection they hold, five times, and once more when all sit idle. Expected: once the
burst is over, no request fails (each pooled connection is health-checked before use;
without the check, the first request of each web process fails), and the worker writes a
fresh heartbeat by itself, without a restart.

Bounded: every wait has a deadline; nothing is asserted about speed.
"""

import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from django.db import connection
from django.utils import timezone

from achterkant.worker.models import Heartbeat

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: pg_terminate_backend"
)

CLIENTS = 8
KILLS = 5
REQUESTS_AFTER_BURST = 60
DEADLINE_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _start(command: list[str], tmp_path: Path, extra_env: dict[str, str], log_name: str):
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "ACHTERKANT_HOME": str(tmp_path),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        **extra_env,
    }
    log = (tmp_path / log_name).open("wb")
    return subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "achterkant.cli", *command],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _terminate_application_connections(own_pid: int) -> int:
    """Terminates every other connection to the test database, as a restart would."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> %s",
            [own_pid],
        )
        return cursor.fetchone()[0]


def _wait_until(predicate, deadline: float, what: str) -> None:
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    pytest.fail(f"gave up waiting: {what}")


def test_requests_and_the_worker_recover_after_connections_drop_during_a_burst(
    transactional_db, tenant_a, tmp_path
):
    deadline = time.monotonic() + DEADLINE_SECONDS
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    processes = [
        _start(
            ["serve"],
            tmp_path,
            {"HOST": "127.0.0.1", "PORT": str(port)},
            "web.log",
        ),
        _start(["worker"], tmp_path, {"WORKER_INTERVAL_SECONDS": "0.2"}, "worker.log"),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own_pid = cursor.fetchone()[0]
    # /healthz reads the database and the heartbeat; the staff log-in page finds the
    # organisation by its host name: two different paths through the database.
    paths = [("/healthz", "localhost"), ("/medewerker/inloggen/", "a.localhost")]

    def get(client: httpx.Client, n: int) -> int:
        path, host = paths[n % len(paths)]
        try:
            return client.get(base + path, headers={"Host": host}).status_code
        except httpx.HTTPError:
            return 0

    try:
        with httpx.Client(timeout=10) as client:
            _wait_until(lambda: get(client, 0) == 200, deadline, "server and worker healthy")

            stop = threading.Event()
            during: list[int] = []

            def hammer(worker_no: int) -> None:
                with httpx.Client(timeout=10) as own:
                    n = worker_no
                    while not stop.is_set() and time.monotonic() < deadline:
                        during.append(get(own, n))
                        n += 1

            with ThreadPoolExecutor(CLIENTS) as pool:
                for worker_no in range(CLIENTS):
                    pool.submit(hammer, worker_no)
                terminated = 0
                for _ in range(KILLS):
                    time.sleep(0.4)
                    terminated += _terminate_application_connections(own_pid)
                time.sleep(0.4)
                stop.set()
            # And once more while every process sits idle on its pooled connection: the
            # case of a database restart at night.
            terminated += _terminate_application_connections(own_pid)
            killed_at = timezone.now()

            assert terminated >= KILLS, "the killer found connections to terminate"
            assert len(during) > 50, "the burst really ran"

            after = [get(client, n) for n in range(REQUESTS_AFTER_BURST)]
            with ThreadPoolExecutor(CLIENTS) as pool:
                after += list(pool.map(lambda n: get(client, n), range(REQUESTS_AFTER_BURST)))
            failures = [status for status in after if status != 200]
            assert failures == [], f"{len(failures)} requests failed after the burst"

            # The worker was not restarted: its own loop reconnected and beats again.
            _wait_until(
                lambda: Heartbeat.objects.filter(beat_at__gt=killed_at).exists(),
                deadline,
                "a heartbeat after the last kill",
            )
            health = client.get(base + "/healthz", headers={"Host": "localhost"})
            assert health.status_code == 200 and health.json()["worker"] == "ok"
            assert all(process.poll() is None for process in processes), "nothing died"
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
