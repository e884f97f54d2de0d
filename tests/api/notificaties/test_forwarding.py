"""Forwarding every notification to an external Notificaties API (Open Notificaties),
through the same deliveries: a ZGW JWT, retries, dead letter. The external API is a local
HTTP server."""

import jwt
import pytest

from achterkant.api.notificaties.delivery import ID_HEADER, notifications_dispatch
from achterkant.api.notificaties.models import Delivery, DeliveryStatus
from tests.api.notificaties.support import Notificaties, Subscriber

CLIENT_ID = "achterkant-doorsturen"
SECRET = "een-lang-gedeeld-geheim-van-minstens-32-tekens"


@pytest.fixture(autouse=True)
def _delivery_settings(settings):
    settings.PUBLIC_URL_TEMPLATE = "http://{host}"
    settings.NOTIFICATIES_MAX_ATTEMPTS = 2
    settings.NOTIFICATIES_RETRY_BASE_SECONDS = 0
    settings.NOTIFICATIES_TIMEOUT_SECONDS = 2


@pytest.fixture
def open_notificaties(settings):
    with Subscriber(status=200) as server:
        host, port = server.server.server_address[:2]
        settings.NOTIFICATIES_FORWARD_URL = f"http://{host}:{port}/api/v1/"
        settings.NOTIFICATIES_FORWARD_CLIENT_ID = CLIENT_ID
        settings.NOTIFICATIES_FORWARD_SECRET = SECRET
        yield server


def _forwards(tenant) -> list[Delivery]:
    with tenant.active():
        return list(Delivery.objects.filter(forward=True).order_by("pk"))


def test_every_notification_is_forwarded_with_a_zgw_token(tenant_a, open_notificaties):
    # Forwarding starts with the events after it is switched on (the first run).
    notifications_dispatch()
    tenant_a.open_case()
    assert notifications_dispatch() == 2  # no abonnement here at all
    received = open_notificaties.received
    assert sorted(r["body"]["resource"] for r in received) == ["status", "zaak"]
    for request in received:
        assert request["path"] == "/api/v1/notificaties"
        scheme, _, credentials = request["headers"]["Authorization"].partition(" ")
        assert scheme == "Bearer"
        claims = jwt.decode(credentials, SECRET, algorithms=["HS256"])
        assert claims["client_id"] == claims["iss"] == CLIENT_ID
        assert request["body"]["kanaal"] == "zaken"
        assert request["body"]["hoofdObject"].startswith(f"http://{tenant_a.host}/zaken/api/v1/")
    assert {d.status for d in _forwards(tenant_a)} == {DeliveryStatus.DELIVERED}


def test_a_forward_beside_an_abonnement_and_a_published_message(tenant_a, open_notificaties):
    with Subscriber() as subscriber:
        nrc = Notificaties(tenant_a, "afnemer")
        body = {"callbackUrl": subscriber.url, "auth": "Bearer x", "kanalen": [{"naam": "zaken"}]}
        assert nrc.post("/abonnement", body).status_code == 201
        tenant_a.open_case()
        message = {
            "kanaal": "zaken",
            "hoofdObject": "https://example.nl/zaken/1",
            "resource": "zaak",
            "resourceUrl": "https://example.nl/zaken/1",
            "actie": "create",
            "aanmaakdatum": "2026-11-29T12:00:00Z",
            "kenmerken": {},
        }
        assert nrc.post("/notificaties", message).status_code == 200
        notifications_dispatch()
    assert len(subscriber.received) == 3
    forwarded = open_notificaties.received
    assert len(forwarded) == 3
    assert message in [r["body"] for r in forwarded]
    # The same notification carries the same id to both.
    assert {r["headers"][ID_HEADER] for r in forwarded} == {
        r["headers"][ID_HEADER] for r in subscriber.received
    }


def test_a_failing_forward_is_retried_then_dead_lettered(tenant_a, open_notificaties):
    notifications_dispatch()
    open_notificaties.status = 400  # e.g. a kanaal Open Notificaties does not know
    tenant_a.open_case()
    notifications_dispatch()
    assert {(d.status, d.attempts) for d in _forwards(tenant_a)} == {(DeliveryStatus.PENDING, 1)}
    notifications_dispatch()
    forwards = _forwards(tenant_a)
    assert {(d.status, d.attempts, d.last_status_code) for d in forwards} == {
        (DeliveryStatus.DEAD, 2, 400)
    }
    assert len(open_notificaties.received) == 4
    ids = {r["headers"][ID_HEADER] for r in open_notificaties.received}
    assert len(ids) == 2  # a retry carries the same notification id


def test_no_forward_without_the_setting(tenant_a, settings):
    settings.NOTIFICATIES_FORWARD_URL = ""
    tenant_a.open_case()
    notifications_dispatch()
    assert _forwards(tenant_a) == []
