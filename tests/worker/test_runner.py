"""The worker loop survives database errors and backs off (issue 12, defect 3)."""

import logging

import pytest
from django.db import InterfaceError, OperationalError

from achterkant.worker import runner


def test_the_back_off_doubles_up_to_thirty_seconds():
    assert [runner.backoff_seconds(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_the_loop_survives_a_database_error_and_backs_off(monkeypatch, settings, caplog, error):
    settings.WORKER_INTERVAL_SECONDS = 0.5
    calls = []

    def run_once(worker_id):
        calls.append(worker_id)
        if len(calls) <= 3:
            raise error("the database went away")

    closed = []
    monkeypatch.setattr(runner, "run_once", run_once)
    monkeypatch.setattr(runner, "_drop_connections", lambda: closed.append(True))
    monkeypatch.setattr(runner, "close_old_connections", lambda: None)
    sleeps = []
    with caplog.at_level(logging.ERROR, logger="achterkant.worker.runner"):
        runner.run_forever("test-worker", sleep=sleeps.append, iterations=5)

    # Three failures, then it works again: the loop went on, and waited 1, 2, 4 s
    # between tries, then the normal interval; the broken connections were dropped.
    assert calls == ["test-worker"] * 5
    assert sleeps == [1, 2, 4, 0.5, 0.5]
    assert len(closed) == 3
    assert len([r for r in caplog.records if "database error" in r.getMessage()]) == 3


def test_after_recovery_the_back_off_starts_again_at_one_second(monkeypatch, settings):
    settings.WORKER_INTERVAL_SECONDS = 0.5
    outcomes = iter([OperationalError, OperationalError, None, OperationalError, None])

    def run_once(worker_id):
        outcome = next(outcomes)
        if outcome is not None:
            raise outcome("gone")

    monkeypatch.setattr(runner, "run_once", run_once)
    monkeypatch.setattr(runner, "_drop_connections", lambda: None)
    monkeypatch.setattr(runner, "close_old_connections", lambda: None)
    sleeps = []
    runner.run_forever("test-worker", sleep=sleeps.append, iterations=5)
    assert sleeps == [1, 2, 0.5, 1, 0.5]


def test_drop_connections_closes_the_real_connection(transactional_db):
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("Django never closes SQLite's in-memory test database")
    connection.ensure_connection()
    runner._drop_connections()
    assert connection.connection is None
    connection.ensure_connection()  # and the next use opens a new one
    assert connection.is_usable()
