"""A Notificaties API client with a ZGW token, and a real HTTP subscriber to deliver to."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.test import Client

from tests.api.helpers import register, token

BASE = "/notificaties/api/v1"


class Notificaties:
    def __init__(self, tenant, client_id: str = "nrc-all", *, scopes=None):
        if scopes is None:
            register(tenant.organisation, client_id, label="Afnemer", all_authorisations=True)
        else:
            register(tenant.organisation, client_id, component="nrc", scopes=tuple(scopes))
        self.client = Client(HTTP_HOST=tenant.host, HTTP_AUTHORIZATION=f"Bearer {token(client_id)}")
        self.tenant = tenant

    def get(self, path: str, params=None):
        return self.client.get(f"{BASE}{path}", params or {})

    def post(self, path: str, body):
        return self.client.post(f"{BASE}{path}", json.dumps(body), content_type="application/json")

    def put(self, path: str, body):
        return self.client.put(f"{BASE}{path}", json.dumps(body), content_type="application/json")

    def patch(self, path: str, body):
        return self.client.patch(f"{BASE}{path}", json.dumps(body), content_type="application/json")

    def delete(self, path: str):
        return self.client.delete(f"{BASE}{path}")


class Subscriber:
    """A tiny HTTP server in a thread that records every POST it receives.

    ``status`` is what it answers; with ``hang`` set it waits (until stopped) before
    answering, as a callback that hangs does.
    """

    def __init__(self, status: int = 204, hang: bool = False):
        self.status = status
        self.hang = hang
        self.received: list[dict] = []
        self.released = threading.Event()
        self._arrived = threading.Condition()
        subscriber = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the name http.server dispatches on
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with subscriber._arrived:
                    subscriber.received.append(
                        {"headers": dict(self.headers.items()), "body": json.loads(body),
                         "path": self.path}
                    )  # fmt: skip
                    subscriber._arrived.notify_all()
                if subscriber.hang:
                    subscriber.released.wait(30)
                try:
                    self.send_response(subscriber.status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:  # the client gave up (its timeout)
                    pass

            def log_message(self, format, *args) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def wait_for(self, count: int, seconds: float = 30) -> bool:
        """Wait until ``count`` requests have arrived (or ``seconds`` passed): a bound on a
        wait, never a timing assertion."""
        with self._arrived:
            return self._arrived.wait_for(lambda: len(self.received) >= count, seconds)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/callback"

    def __enter__(self) -> "Subscriber":
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
