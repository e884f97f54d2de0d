"""Reads from a PostgreSQL streaming replica, only where safe (issue 13; docs/scaling.md).

The router's rules are unit-tested here without a second server. The real proof starts
two PostgreSQL servers of its own in a temporary directory: a primary, and a real streaming
replica of it made with ``pg_basebackup -R`` (the shared test server allows no replication
connections). The product is migrated on the primary and reaches the replica through WAL;
``tests/conf/replica_probe.py`` then runs in its own process with ``DATABASE_URL`` and
``DATABASE_REPLICA_URL`` and reports which server answered each read.

PostgreSQL only; every wait is bounded and both servers are stopped at the end.
"""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test import RequestFactory

from achterkant.conf import db_router
from achterkant.conf.db_router import (
    PIN_COOKIE,
    REPLICA,
    ReadYourWritesMiddleware,
    ReplicaRouter,
    mark_wrote_to_primary,
    reading_from_replica,
)

REPO = Path(__file__).resolve().parents[2]
STEP_TIMEOUT = 120  # seconds for any one step; generous, never asserted as a timing


def _postgres_bin() -> Path | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup"))
    return candidates[-1].parent if candidates else None


@pytest.fixture
def with_replica_alias(monkeypatch):
    """As if a ``replica`` alias were configured (never connected to in these unit tests)."""
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)
    monkeypatch.setattr(connections["default"], "in_atomic_block", False)
    token = db_router.start_unit_of_work()
    yield ReplicaRouter()
    db_router.end_unit_of_work(token)


def test_without_a_replica_the_router_changes_nothing():
    with reading_from_replica():
        assert ReplicaRouter().db_for_read(None) is None
    assert ReplicaRouter().db_for_write(None) == "default"


def test_reads_go_to_the_replica_only_when_opted_in(with_replica_alias):
    router = with_replica_alias
    assert router.db_for_read(None) == "default"
    with reading_from_replica():
        assert router.db_for_read(None) == REPLICA
    assert router.db_for_read(None) == "default"
    assert router.db_for_write(None) == "default"


def test_after_a_write_reads_stay_on_the_primary(with_replica_alias):
    router = with_replica_alias
    mark_wrote_to_primary()
    with reading_from_replica():
        assert router.db_for_read(None) == "default"


def test_inside_a_transaction_reads_stay_on_the_primary(with_replica_alias, monkeypatch):
    monkeypatch.setattr(connections["default"], "in_atomic_block", True)
    with reading_from_replica():
        assert with_replica_alias.db_for_read(None) == "default"


def test_migrations_never_run_on_the_replica():
    router = ReplicaRouter()
    assert router.allow_migrate(REPLICA, "cases") is False
    assert router.allow_migrate("default", "cases") is None


def test_the_write_detector_sees_writes_not_reads(db):
    token = db_router.start_unit_of_work()
    try:
        with connection.cursor() as cursor:  # makes sure the wrapper is installed
            cursor.execute("SELECT 1")
        assert not db_router.wrote_to_primary()
        # How Django writes a union on PostgreSQL (SQLite would not parse it): a read too.
        db_router._records_writes(lambda *args: None, "(SELECT 1) UNION ALL (SELECT 2)",
                                  None, False, {})  # fmt: skip
        assert not db_router.wrote_to_primary()
        from achterkant.tenancy.models import Organisation

        Organisation.objects.create(name="X", slug="x", rsin="003000000")
        assert db_router.wrote_to_primary()
    finally:
        db_router.end_unit_of_work(token)


def test_a_request_that_wrote_pins_its_browser_to_the_primary(with_replica_alias):
    def view(request):
        from django.http import HttpResponse

        pinned_at_start = db_router.wrote_to_primary()
        if request.method == "POST":
            mark_wrote_to_primary()
        return HttpResponse("pinned" if pinned_at_start else "free")

    middleware = ReadYourWritesMiddleware(view)
    factory = RequestFactory()
    response = middleware(factory.post("/"))
    assert PIN_COOKIE in response.cookies
    assert response.cookies[PIN_COOKIE]["httponly"]
    # The next request of that browser (the redirect after the POST) starts pinned …
    follow = factory.get("/")
    follow.COOKIES[PIN_COOKIE] = "1"
    assert middleware(follow).content == b"pinned"
    # … another browser, or the same one after the cookie expired, does not.
    fresh = middleware(factory.get("/"))
    assert fresh.content == b"free" and PIN_COOKIE not in fresh.cookies


# --- a real streaming replica (PostgreSQL only) ----------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres_user() -> list[str]:
    """initdb and postgres refuse to run as root: then run them as the ``postgres`` user."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _run(command: list, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed PostgreSQL tools
        command, check=True, capture_output=True, timeout=STEP_TIMEOUT, **kwargs
    )


@pytest.fixture
def streaming_replica():
    """(primary URL, replica URL) of a new primary and a real streaming replica of it."""
    pg_bin = _postgres_bin()
    if pg_bin is None:
        pytest.skip("PostgreSQL server binaries not installed (/usr/lib/postgresql/*/bin)")
    # Not under tmp_path: its parents are closed to the ``postgres`` user.
    base = Path(tempfile.mkdtemp(prefix="achterkant-replica-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
    as_user = _as_postgres_user()
    primary, replica = base / "primary", base / "replica"
    ports = {primary: _free_port(), replica: _free_port()}
    started = []

    def start(data_dir: Path) -> None:
        options = (
            f"-p {ports[data_dir]} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={base} -c fsync=off"
        )
        log = base / f"{data_dir.name}.log"
        _run([*as_user, pg_bin / "pg_ctl", "-D", data_dir, "-l", log, "-w", "-o", options, "start"])
        started.append(data_dir)

    try:
        _run([*as_user, pg_bin / "initdb", "-D", primary, "-U", "postgres", "--auth=trust",
              "-E", "UTF8", "--locale=C.UTF-8"])  # fmt: skip
        start(primary)
        # initdb's pg_hba.conf with --auth=trust allows replication from 127.0.0.1.
        _run([*as_user, pg_bin / "pg_basebackup", "-h", "127.0.0.1", "-p", str(ports[primary]),
              "-U", "postgres", "-D", replica, "-R", "-X", "stream"])  # fmt: skip
        start(replica)
        _run([pg_bin / "createdb", "-h", "127.0.0.1", "-p", str(ports[primary]),
              "-U", "postgres", "achterkant"])  # fmt: skip
        yield (
            f"postgres://postgres@127.0.0.1:{ports[primary]}/achterkant",
            f"postgres://postgres@127.0.0.1:{ports[replica]}/achterkant",
            base,
        )
    finally:
        for data_dir in reversed(started):
            with contextlib.suppress(subprocess.SubprocessError):
                _run([*as_user, pg_bin / "pg_ctl", "-D", data_dir, "-m", "immediate", "-w", "stop"])
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: streaming replication is a PostgreSQL feature",
)
def test_a_real_streaming_replica_serves_opted_in_reads_and_never_a_writers_read(
    streaming_replica, tmp_path
):
    primary_url, replica_url, base = streaming_replica
    env = {
        **os.environ,
        "ACHTERKANT_HOME": str(tmp_path),
        "DATABASE_URL": primary_url,
        "DATABASE_REPLICA_URL": replica_url,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONPATH": str(REPO),
    }
    migrate = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "achterkant.cli", "migrate", "-v0"],
        env=env, capture_output=True, text=True, timeout=STEP_TIMEOUT, cwd=REPO,
    )  # fmt: skip
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    probe = subprocess.run(  # noqa: S603 - our own probe
        [sys.executable, "-m", "tests.conf.replica_probe"],
        env=env, capture_output=True, text=True, timeout=STEP_TIMEOUT, cwd=REPO,
    )  # fmt: skip
    assert probe.returncode == 0, probe.stderr[-3000:]
    result = json.loads(probe.stdout.strip().splitlines()[-1])

    # A real hot standby, following the primary: the schema got there through WAL only.
    assert result["replica_in_recovery"] is True
    assert result["primary_in_recovery"] is False
    assert result["allow_migrate_replica"] is False
    assert "read-only transaction" in result["replica_write"]

    first = result["first_number"]
    clean = result["clean"]
    assert first in clean["numbers"]
    assert clean["replica_queries"] > 0 and clean["primary_selects"] == 0

    # Read-your-writes: the request that wrote reads the primary and sees its new case,
    # although the replica has stopped replaying.
    after_write = result["after_write"]
    assert after_write["replica_queries"] == 0
    assert after_write["new_number"] in after_write["numbers"]

    # The lag is real: a request that wrote nothing reads the replica, still without it.
    lagging = result["lagging"]
    assert lagging["replica_queries"] > 0
    assert after_write["new_number"] not in lagging["numbers"]
    assert first in lagging["numbers"]

    assert result["atomic"]["replica_queries"] == 0
    assert after_write["new_number"] in result["atomic"]["numbers"]

    caught_up = result["caught_up"]
    assert caught_up["replica_queries"] > 0
    assert after_write["new_number"] in caught_up["numbers"]
