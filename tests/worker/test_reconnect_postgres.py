"""PostgreSQL only: a web request after the database dropped its connection (issue 12,
defect 3). CONN_HEALTH_CHECKS makes Django test a pooled connection before a request
uses it, so the first request after a database restart does not fail.

Skipped on SQLite. Bounded: waits at most 10 s for the backend to go.
"""

import time

import pytest
from django.db import close_old_connections, connection
from django.test import Client

from achterkant.worker.runner import beat

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: pg_terminate_backend"
)


def _terminate_from_a_second_connection(pid: int) -> None:
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    params.pop("server_side_binding", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if not other.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
                return
            time.sleep(0.05)
    pytest.fail(f"backend {pid} was not terminated within 10 s")


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_a_request_after_the_connection_was_killed_still_answers_200(transactional_db):
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    beat("test-worker")
    pid = _backend_pid()
    _terminate_from_a_second_connection(pid)
    # What Django's request handler does at the end and start of every request (the test
    # Client leaves it out): a persistent connection is to be health-checked before use.
    close_old_connections()
    response = Client(HTTP_HOST="localhost").get("/healthz")
    assert response.status_code == 200, response.content
    assert response.json()["database"] == "ok"
    assert _backend_pid() != pid  # a new connection


def test_without_the_health_check_that_request_would_have_failed(transactional_db):
    """The counter-proof: the same sequence with the check switched off reaches the dead
    connection, and /healthz reports the database unreachable."""
    beat("test-worker")
    pid = _backend_pid()
    connection.health_check_enabled = False
    try:
        _terminate_from_a_second_connection(pid)
        close_old_connections()
        response = Client(HTTP_HOST="localhost").get("/healthz")
        assert response.status_code == 503
        assert response.json()["database"] == "unreachable"
    finally:
        connection.close()  # the next use opens a fresh, checked connection


def test_the_real_worker_loop_reconnects_after_its_connection_was_killed(
    transactional_db, settings
):
    """No mocks: the worker's own connection is terminated, without the health check to
    hide it. The next pass fails with a database error, the loop backs off (an injected
    sleep), drops the dead connection and the pass after that writes its heartbeat."""
    from achterkant.worker import runner
    from achterkant.worker.models import Heartbeat

    settings.WORKER_INTERVAL_SECONDS = 0.25
    runner.run_once("pg-worker")
    first_beat = Heartbeat.objects.get(worker_id="pg-worker").beat_at
    pid = _backend_pid()
    connection.health_check_enabled = False
    try:
        _terminate_from_a_second_connection(pid)
        sleeps = []
        runner.run_forever("pg-worker", sleep=sleeps.append, iterations=2)
        # The first pass hit the dead connection and backed off; the second went well.
        assert sleeps == [1, 0.25]
        assert _backend_pid() != pid
        assert Heartbeat.objects.get(worker_id="pg-worker").beat_at > first_beat
    finally:
        connection.close()
