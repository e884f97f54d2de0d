"""`achterkant serve` is a production server (issue 13): gunicorn with WEB_CONCURRENCY sync
workers, static files compressed and cached by WhiteNoise, graceful stop and reload.

The real command runs as a process on a free port of 127.0.0.1; nothing about speed is
asserted. Static files need no database, so this runs the same on SQLite and PostgreSQL.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

DEADLINE_SECONDS = 40
# As the TLS-terminating proxy in front of it says (without DEBUG, plain HTTP is redirected).
HTTPS = {"X-Forwarded-Proto": "https"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children(pid: int) -> set[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return {int(child) for child in children.read_text().split()} if children.exists() else set()


def _wait_until(predicate, what: str):
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"gave up waiting: {what}")


@pytest.fixture
def server(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "ACHTERKANT_HOME": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'server.sqlite3'}",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        # As in production: without DEBUG, WhiteNoise caches hashed files for good.
        "DEBUG": "0",
        "SECRET_KEY": "test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "achterkant.cli", "serve"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"

    def up():
        try:
            response = httpx.get(f"{base}/static/achterkant/site.css", headers=HTTPS, timeout=2)
            return response.status_code == 200
        except httpx.HTTPError:
            return False

    try:
        _wait_until(lambda: process.poll() is not None or up(), "the server answers")
        assert process.poll() is None, (tmp_path / "server.log").read_text()
        yield process, base, tmp_path
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        log.close()


def test_it_runs_web_concurrency_gunicorn_workers(server):
    process, _, _ = server
    workers = _wait_until(lambda: len(_children(process.pid)) == 2 and _children(process.pid), "2")
    for pid in workers:
        assert "gunicorn" in Path(f"/proc/{pid}/cmdline").read_text() or "achterkant" in (
            Path(f"/proc/{pid}/cmdline").read_text()
        )


def test_static_files_are_compressed_and_cached_under_hashed_names(server):
    _, base, home = server
    manifest = json.loads((home / "var" / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["achterkant/site.css"]
    assert hashed != "achterkant/site.css"
    response = httpx.get(f"{base}/static/{hashed}", headers={**HTTPS, "Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]


def test_sighup_replaces_the_workers_and_sigterm_stops_gracefully(server):
    process, base, _ = server
    before = _wait_until(lambda: len(_children(process.pid)) == 2 and _children(process.pid), "2")
    process.send_signal(signal.SIGHUP)
    after = _wait_until(
        lambda: (c := _children(process.pid)) and len(c) == 2 and not (c & before) and c,
        "new workers after SIGHUP",
    )
    assert not after & before
    assert httpx.get(f"{base}/static/achterkant/site.css", headers=HTTPS).status_code == 200
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=DEADLINE_SECONDS) == 0


def test_static_files_are_collected_in_a_child_and_a_failure_stops_the_start(monkeypatch):
    """The master forks the workers, so collecting (hashing and compressing every file)
    happens in a child that takes its memory with it; if collecting fails, no server."""
    from django.core.management.base import CommandError

    from achterkant.demo.management.commands import serve

    collected_by = []

    def collect(*args, **kwargs):
        collected_by.append(os.getpid())
        if kwargs.get("verbosity") == 0 and os.environ.get("_FAIL_COLLECT"):
            raise OSError("schijf vol")

    monkeypatch.setattr(serve, "call_command", collect)
    serve._collect_static_in_child()
    assert collected_by == []  # the child's call is not this process's
    monkeypatch.setenv("_FAIL_COLLECT", "1")
    with pytest.raises(CommandError, match="collectstatic is mislukt"):
        serve._collect_static_in_child()
