"""The demo's subscriber: seeded as an abonnement on every kanaal, it logs what the worker
delivers and refuses a request without the abonnement's Authorization value."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import RequestFactory

from achterkant.api.notificaties.delivery import notifications_dispatch
from achterkant.api.notificaties.management.commands.notificaties_demo_abonnement import (
    CLIENT_ID,
)
from achterkant.api.notificaties.models import STANDARD_KANALEN, Abonnement, AbonnementKanaal
from achterkant.demo import subscriber
from achterkant.tenancy.models import Organisation


@pytest.fixture(autouse=True)
def _demo(settings, tmp_path):
    settings.DEMO_MODE = True
    settings.PUBLIC_URL_TEMPLATE = "http://{host}"
    settings.NOTIFICATIES_TIMEOUT_SECONDS = 5
    settings.DEMO_NOTIFICATIES_LOG = str(tmp_path / "notificaties-ontvangen.log")


def _post(body: bytes, authorization: str | None):
    headers = {"HTTP_X_NOTIFICATIE_ID": "abc"}
    if authorization is not None:
        headers["HTTP_AUTHORIZATION"] = authorization
    request = RequestFactory().post(
        subscriber.PATH, body, content_type="application/json", **headers
    )
    return subscriber.receive(request)


def _logged() -> list[dict]:
    path = subscriber.log_path()
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_view_checks_the_authorization_and_logs_the_message():
    message = {"kanaal": "zaken", "resource": "zaak", "actie": "create"}
    assert _post(json.dumps(message).encode(), None).status_code == 401
    assert _post(json.dumps(message).encode(), "Bearer fout").status_code == 401
    assert _logged() == []
    token = f"Bearer {subscriber.subscriber_token()}"
    assert _post(b"geen json", token).status_code == 400
    assert _post(json.dumps(message).encode(), token).status_code == 204
    [line] = _logged()
    assert line["bericht"] == message
    assert line["notificatieId"] == "abc"


def test_the_seed_subscribes_once_on_every_kanaal(tenant_a, tenant_b):
    subscriber.seed_subscriber(port="8123")
    subscriber.seed_subscriber(port="8124")  # again, on another port: updated, not doubled
    first = Organisation.objects.order_by("pk").first()
    rows = list(Abonnement.all_tenants.filter(client_id=CLIENT_ID))
    assert len(rows) == 1
    [abonnement] = rows
    assert abonnement.organisation_id == first.pk
    assert abonnement.callback_url == f"http://127.0.0.1:8124{subscriber.PATH}"
    assert abonnement.auth == f"Bearer {subscriber.subscriber_token()}"
    kanalen = AbonnementKanaal.all_tenants.filter(abonnement=abonnement).values_list(
        "kanaal__naam", flat=True
    )
    assert sorted(kanalen) == sorted(STANDARD_KANALEN)


def test_the_worker_delivers_to_the_demo_subscriber(tenant_a):
    """The demo view behind a real local HTTP server: what the worker POSTs is logged."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the name http.server dispatches on
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            response = _post(body, self.headers.get("Authorization"))
            self.send_response(response.status_code)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format, *args) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        subscriber.seed_subscriber(port=str(server.server_address[1]))
        case = tenant_a.open_case()
        assert notifications_dispatch() == 2
    finally:
        server.shutdown()
        server.server_close()
    logged = _logged()
    assert sorted(line["bericht"]["resource"] for line in logged) == ["status", "zaak"]
    assert all(str(case.uuid) in line["bericht"]["hoofdObject"] for line in logged)
