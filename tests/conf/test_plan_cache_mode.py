"""The web server keeps the generic plans of its prepared statements (issue 13).

`achterkant serve` sets DB_PLAN_CACHE_MODE=force_generic_plan unless told otherwise, and
the setting reaches every PostgreSQL connection as a start-up option; other commands (the
worker, the CLI) keep PostgreSQL's default. Which plans the pages' queries get then is
tested in tests/test_indexes_postgres.py.
"""

import os
import subprocess
import sys

import pytest
from django.db import connection

from achterkant import cli


def _environment_seen_by(argv: list[str], monkeypatch) -> str | None:
    seen = {}
    monkeypatch.delenv("DB_PLAN_CACHE_MODE", raising=False)
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line",
        lambda args: seen.setdefault("mode", os.environ.get("DB_PLAN_CACHE_MODE")),
    )
    cli.main(argv)
    return seen["mode"]


def test_serve_asks_for_generic_plans_and_other_commands_do_not(monkeypatch):
    assert _environment_seen_by(["achterkant", "serve"], monkeypatch) == "force_generic_plan"
    assert _environment_seen_by(["achterkant", "worker"], monkeypatch) is None
    assert _environment_seen_by(["achterkant", "migrate"], monkeypatch) is None


def test_an_operator_choice_for_serve_is_kept(monkeypatch):
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line",
        lambda args: None,
    )
    monkeypatch.setenv("DB_PLAN_CACHE_MODE", "auto")
    cli.main(["achterkant", "serve"])
    assert os.environ["DB_PLAN_CACHE_MODE"] == "auto"


def _setting_in_a_fresh_process(
    mode: str, *, show: bool = True, replica: bool = False
) -> subprocess.CompletedProcess:
    code = "import django; django.setup()\n"
    if show:
        code += (
            "from django.db import connections\n"
            "for alias in connections:\n"
            "    with connections[alias].cursor() as c:\n"
            "        c.execute('SHOW plan_cache_mode'); print(alias, c.fetchone()[0])\n"
        )
    env = {**os.environ, "DB_PLAN_CACHE_MODE": mode}
    if connection.vendor == "postgresql":  # the test database, which surely exists
        db = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
        if replica:  # a second connection to the same server stands in for a replica
            env["DATABASE_REPLICA_URL"] = env["DATABASE_URL"]
    return subprocess.run(  # noqa: S603 - our own settings module
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_the_mode_reaches_the_postgresql_connection():
    done = _setting_in_a_fresh_process("force_generic_plan")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "default force_generic_plan"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_the_read_replica_gets_the_same_connection_options():
    done = _setting_in_a_fresh_process("force_generic_plan", replica=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-2:] == [
        "default force_generic_plan",
        "replica force_generic_plan",
    ]


def test_an_unknown_mode_is_refused_at_start():
    done = _setting_in_a_fresh_process("sometimes", show=False)
    if connection.vendor != "postgresql":
        assert done.returncode == 0  # SQLite has no plan cache; the setting is not read
        return
    assert done.returncode != 0
    assert "DB_PLAN_CACHE_MODE must be auto, force_generic_plan or force_custom_plan" in (
        done.stderr
    )
