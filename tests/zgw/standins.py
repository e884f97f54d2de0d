"""Local stand-ins for the two outside services the VNG ZGW suite reads.

The suite points ``referentielijst_url`` at VNG's public Referentielijsten API and ``mock_url``
at a Postman mock server; neither is reachable from here, and a conformance run must not
depend on them anyway. One HTTP server on a thread serves both:

- ``<base>/referentielijsten/api/v1``: the Referentielijsten & Selectielijst API (procestypen,
  resultaten, resultaattypeomschrijvingen, each with ``/{uuid}``), built on the official data
  in ``standards/referentielijsten/``. The data files carry bare UUIDs; we hand out
  absolute URLs on this server, so every resource the suite (or the Catalogi API validating a
  ``selectielijstProcestype``) follows resolves here.
- ``<base>/mock``: the responses recorded in ``ZGW_mocks.json``.

Use it as a context manager (``with StandIns() as s: s.referentielijst_url``), from the
``zgw_standins`` pytest fixture, or run ``python -m tests.zgw.standins`` to serve until Ctrl-C.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

# The data logic is the product's own demo stand-in (DEMO_MODE serves it under
# /_referentielijsten/api/v1/); this harness serves the same class from its own HTTP server.
from achterkant.demo.referentielijsten import (  # noqa: F401 - re-exported for the tests
    PAGE_SIZE,
    REFERENTIELIJSTEN_DIR,
    RESOURCES,
    STANDARDS,
    UUID_RE,
    Referentielijsten,
    fout,
)

MOCKS_FILE = STANDARDS / "zgw" / "postman" / "ZGW_mocks.json"

REFERENTIELIJSTEN_PREFIX = "/referentielijsten/api/v1"
MOCK_PREFIX = "/mock"


@dataclass(frozen=True)
class MockResponse:
    status: int
    body: bytes
    content_type: str


@cache
def mock_routes() -> dict[tuple[str, str], MockResponse]:
    """``(method, path below mock_url)`` -> the first recorded response in ZGW_mocks.json."""
    collection = json.loads(MOCKS_FILE.read_text(encoding="utf-8"))
    routes: dict[tuple[str, str], MockResponse] = {}
    for item in collection["item"]:
        request = item["request"]
        raw = request["url"]["raw"] if isinstance(request["url"], dict) else request["url"]
        path = urlsplit(raw.replace("{{mock_url}}", "http://mock")).path
        recorded = item["response"][0]
        body = (recorded.get("body") or "").encode()
        headers = {h["key"].lower(): h["value"] for h in recorded.get("header") or []}
        content_type = headers.get("content-type") or _guess_content_type(body)
        routes[(request["method"].upper(), path)] = MockResponse(
            recorded["code"], body, content_type
        )
    return routes


def _guess_content_type(body: bytes) -> str:
    # The recordings leave out the header for most JSON bodies; Postman's mock server sent
    # them as JSON, and clients parse them as JSON.
    try:
        json.loads(body)
    except ValueError:
        return "text/plain; charset=utf-8"
    return "application/json"


class _Handler(BaseHTTPRequestHandler):
    server: _StandInServer

    def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches on
        self._dispatch(with_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch(with_body=False)

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch(with_body=True)

    do_PUT = do_PATCH = do_DELETE = do_POST

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        # Quiet by default: newman's report is where a run is read, not stderr.
        if self.server.verbose:
            super().log_message(format, *args)

    def _dispatch(self, with_body: bool) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        split = urlsplit(self.path)
        method = "GET" if self.command == "HEAD" else self.command
        if split.path.startswith(REFERENTIELIJSTEN_PREFIX):
            if method != "GET":
                status, body = fout(
                    HTTPStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "Alleen lezen."
                )
            else:
                path = split.path[len(REFERENTIELIJSTEN_PREFIX) :]
                status, body = self.server.referentielijsten.handle(path, parse_qs(split.query))
            self._send(status, json.dumps(body).encode(), "application/json", with_body)
            return
        if split.path.startswith(MOCK_PREFIX + "/"):
            mock = mock_routes().get((method, split.path[len(MOCK_PREFIX) :]))
            if mock is not None:
                self._send(mock.status, mock.body, mock.content_type, with_body)
                return
        status, body = fout(HTTPStatus.NOT_FOUND, "not_found", f"Onbekend pad: {split.path}")
        self._send(status, json.dumps(body).encode(), "application/json", with_body)

    def _send(self, status: int, body: bytes, content_type: str, with_body: bool) -> None:
        self.send_response(status)
        if status != HTTPStatus.NO_CONTENT:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body and status != HTTPStatus.NO_CONTENT:
            self.wfile.write(body)


class _StandInServer(ThreadingHTTPServer):
    daemon_threads = True
    referentielijsten: Referentielijsten
    verbose: bool = False


class StandIns:
    """Both stand-ins on one local port, served from a background thread."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, verbose: bool = False) -> None:
        self._server = _StandInServer((host, port), _Handler)
        self._server.verbose = verbose
        bound_host, bound_port = self._server.server_address[:2]
        self.base_url = f"http://{bound_host}:{bound_port}"
        self.referentielijst_url = self.base_url + REFERENTIELIJSTEN_PREFIX
        self.mock_url = self.base_url + MOCK_PREFIX
        self._server.referentielijsten = Referentielijsten(self.referentielijst_url)
        self._thread: threading.Thread | None = None

    @property
    def referentielijsten(self) -> Referentielijsten:
        return self._server.referentielijsten

    def start(self) -> StandIns:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="zgw-standins", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> StandIns:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@pytest.fixture(scope="session", name="zgw_standins")
def zgw_standins_fixture() -> Iterator[StandIns]:
    """``zgw_standins``: the stand-ins on a free port for the whole session.

    Import ``zgw_standins_fixture`` into a test module or conftest to make it available.
    """
    with StandIns() as standins:
        yield standins


def main() -> None:
    import argparse
    import time

    parser = argparse.ArgumentParser(description="Serve the ZGW suite's stand-ins until Ctrl-C.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8099)
    args = parser.parse_args()
    with StandIns(args.host, args.port, verbose=True) as standins:
        print(f"referentielijst_url = {standins.referentielijst_url}")
        print(f"mock_url            = {standins.mock_url}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
