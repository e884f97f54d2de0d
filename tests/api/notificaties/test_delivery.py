"""Delivery: a zaak made through the Zaken API reaches a real HTTP subscriber, by the worker.

Each test runs the worker's periodic job (``notificaties.dispatch``) itself, as
``achterkant worker`` does, against a subscriber listening on a local port.
"""

import pytest

from achterkant.api.notificaties.delivery import (
    ID_HEADER,
    deliveries_replay,
    notifications_dispatch,
)
from achterkant.api.notificaties.models import Abonnement, Delivery, DeliveryStatus, Notification
from achterkant.worker.periodic import registered_jobs
from tests.api.notificaties.support import Notificaties, Subscriber
from tests.api.zaken.test_zaken_support import Zaken, zaak_body

AUTH = "Bearer afnemer-geheim"


@pytest.fixture(autouse=True)
def _delivery_settings(settings):
    settings.PUBLIC_URL_TEMPLATE = "http://{host}"  # the test client's scheme, as in body["url"]
    settings.NOTIFICATIES_MAX_ATTEMPTS = 3
    settings.NOTIFICATIES_RETRY_BASE_SECONDS = 0  # every retry is due at once
    settings.NOTIFICATIES_TIMEOUT_SECONDS = 0.5


def _subscribe(tenant, url: str, client_id: str = "afnemer", **filters) -> dict:
    nrc = Notificaties(tenant, client_id)
    kanalen = [{"naam": "zaken", "filters": filters}]
    response = nrc.post("/abonnement", {"callbackUrl": url, "auth": AUTH, "kanalen": kanalen})
    assert response.status_code == 201, response.content
    return response.json()


def _deliveries(tenant):
    with tenant.active():
        return list(Delivery.objects.select_related("notification").order_by("pk"))


def test_the_dispatch_job_is_registered():
    assert "notificaties.dispatch" in [job.name for job in registered_jobs()]


def test_a_new_zaak_reaches_the_subscriber(tenant_a):
    with Subscriber() as subscriber:
        _subscribe(tenant_a, subscriber.url, bronorganisatie=tenant_a.organisation.rsin)
        zaken = Zaken(tenant_a)
        response = zaken.post("/zaken", zaak_body(tenant_a))
        assert response.status_code == 201, response.content
        zaak = response.json()
        assert subscriber.received == []  # nothing in the request
        assert notifications_dispatch() >= 1
    # The zaak and its first status: one message each.
    assert sorted((r["body"]["resource"], r["body"]["actie"]) for r in subscriber.received) == [
        ("status", "create"),
        ("zaak", "create"),
    ]
    created = [r for r in subscriber.received if r["body"]["resource"] == "zaak"]
    request = created[0]
    assert request["headers"]["Authorization"] == AUTH
    assert request["headers"]["Content-Type"] == "application/json"
    body = request["body"]
    assert body["kanaal"] == "zaken"
    assert body["resource"] == "zaak"
    assert body["hoofdObject"] == zaak["url"]
    assert body["resourceUrl"] == zaak["url"]
    assert body["kenmerken"]["bronorganisatie"] == tenant_a.organisation.rsin
    assert body["kenmerken"]["zaaktype"] == zaak["zaaktype"]
    assert body["kenmerken"]["vertrouwelijkheidaanduiding"] == zaak["vertrouwelijkheidaanduiding"]
    assert body["aanmaakdatum"].endswith("Z")
    with tenant_a.active():
        notification = Notification.objects.get(uuid=request["headers"][ID_HEADER])
    assert notification.message == body
    assert {d.status for d in _deliveries(tenant_a)} == {DeliveryStatus.DELIVERED}


def test_a_second_run_delivers_nothing_twice(tenant_a):
    with Subscriber() as subscriber:
        _subscribe(tenant_a, subscriber.url)
        assert Zaken(tenant_a).post("/zaken", zaak_body(tenant_a)).status_code == 201
        notifications_dispatch()
        first = len(subscriber.received)
        assert first >= 1
        assert notifications_dispatch() == 0
        assert len(subscriber.received) == first
    with tenant_a.active():
        # (The Zaken client's own registration is an event on kanaal autorisaties.)
        zaken = Notification.objects.filter(kanaal="zaken").count()
        assert zaken == len(_deliveries(tenant_a)) == first


def test_a_filter_that_does_not_match_gets_nothing(tenant_a):
    with Subscriber() as subscriber:
        _subscribe(tenant_a, subscriber.url, bronorganisatie="999999999")
        assert Zaken(tenant_a).post("/zaken", zaak_body(tenant_a)).status_code == 201
        notifications_dispatch()
    assert subscriber.received == []
    with tenant_a.active():
        assert Notification.objects.exists()  # the event was handled, for nobody
    assert _deliveries(tenant_a) == []


def test_another_organisations_abonnement_never_hears_of_it(tenant_a, tenant_b):
    with Subscriber() as ours, Subscriber() as theirs:
        _subscribe(tenant_a, ours.url, "afnemer-a")
        _subscribe(tenant_b, theirs.url, "afnemer-b")
        assert Zaken(tenant_a).post("/zaken", zaak_body(tenant_a)).status_code == 201
        notifications_dispatch()
    assert ours.received
    assert theirs.received == []
    assert _deliveries(tenant_b) == []


def test_a_failing_subscriber_is_retried_then_dead_lettered_then_replayed(tenant_a):
    with Subscriber(status=500) as subscriber:
        _subscribe(tenant_a, subscriber.url)
        zaken = Zaken(tenant_a)
        assert zaken.post("/zaken", zaak_body(tenant_a)).status_code == 201
        notifications_dispatch()
        deliveries = _deliveries(tenant_a)
        assert deliveries
        assert {(d.status, d.attempts) for d in deliveries} == {(DeliveryStatus.PENDING, 1)}
        assert {d.last_status_code for d in deliveries} == {500}
        notifications_dispatch()
        notifications_dispatch()
        deliveries = _deliveries(tenant_a)
        assert {(d.status, d.attempts) for d in deliveries} == {(DeliveryStatus.DEAD, 3)}
        sent = len(subscriber.received)
        assert sent == 3 * len(deliveries)
        # Dead: the worker leaves it alone.
        notifications_dispatch()
        assert len(subscriber.received) == sent
        ids = {r["headers"][ID_HEADER] for r in subscriber.received}
        assert len(ids) == len(deliveries)  # the same id on every attempt

        # The admin's action replays it; now the subscriber answers.
        subscriber.status = 200
        with tenant_a.active():
            dead = Delivery.objects.filter(status=DeliveryStatus.DEAD)
            assert deliveries_replay(list(dead)) == len(deliveries)
        assert notifications_dispatch() == len(deliveries)
        assert {d.status for d in _deliveries(tenant_a)} == {DeliveryStatus.DELIVERED}
        assert {r["headers"][ID_HEADER] for r in subscriber.received[sent:]} == ids


def test_the_admin_replay_action(tenant_a):
    admin_client_a = tenant_a.client("admin")
    with Subscriber(status=503) as subscriber:
        _subscribe(tenant_a, subscriber.url)
        assert Zaken(tenant_a).post("/zaken", zaak_body(tenant_a)).status_code == 201
        for _ in range(3):
            notifications_dispatch()
        dead = [d for d in _deliveries(tenant_a) if d.status == DeliveryStatus.DEAD]
        assert dead
        listing = admin_client_a.get("/admin/notificaties/delivery/?status__exact=dead")
        assert listing.status_code == 200
        assert listing.content.decode().count("opgegeven (dead letter)") >= len(dead)
        with tenant_a.active():
            abonnement = Abonnement.objects.get()
        for page in (
            "/admin/notificaties/notification/",
            "/admin/notificaties/kanaal/",
            "/admin/notificaties/abonnement/",
            f"/admin/notificaties/abonnement/{abonnement.pk}/change/",
            f"/admin/notificaties/delivery/{dead[0].pk}/change/",
        ):
            assert admin_client_a.get(page).status_code == 200, page
        response = admin_client_a.post(
            "/admin/notificaties/delivery/",
            {"action": "replay", "_selected_action": [d.pk for d in dead]},
        )
        assert response.status_code == 302
        subscriber.status = 204
        notifications_dispatch()
    assert {d.status for d in _deliveries(tenant_a)} == {DeliveryStatus.DELIVERED}


def test_a_hanging_callback_does_not_block_the_request(tenant_a):
    with Subscriber(hang=True) as subscriber:
        _subscribe(tenant_a, subscriber.url)
        response = Zaken(tenant_a).post("/zaken", zaak_body(tenant_a))
        # The 201 arrives while nothing has been sent or even queued for delivery.
        assert response.status_code == 201, response.content
        assert subscriber.received == []
        assert _deliveries(tenant_a) == []
        # The worker's attempt ends at its timeout and is retried later; the callback's
        # other delivery (the zaak and its first status: two) waits for the next run.
        assert notifications_dispatch() == 0
        deliveries = _deliveries(tenant_a)
        assert sorted((d.status, d.attempts) for d in deliveries) == [
            (DeliveryStatus.PENDING, 0),
            (DeliveryStatus.PENDING, 1),
        ]
        tried = [d for d in deliveries if d.attempts]
        assert "Timeout" in tried[0].last_error


def test_publish_routes_a_clients_notification(tenant_a):
    with Subscriber() as subscriber:
        _subscribe(tenant_a, subscriber.url, zaaktype="https://example.nl/zaaktypen/1")
        publisher = Notificaties(tenant_a, "bron", scopes=["notificaties.publiceren"])
        message = {
            "kanaal": "zaken",
            "hoofdObject": "https://example.nl/zaken/1",
            "resource": "zaak",
            "resourceUrl": "https://example.nl/zaken/1",
            "actie": "create",
            "aanmaakdatum": "2026-11-29T12:00:00Z",
            "kenmerken": {"zaaktype": "https://example.nl/zaaktypen/1"},
        }
        response = publisher.post("/notificaties", message)
        assert response.status_code == 200, response.content
        assert response.json() == message
        assert subscriber.received == []
        other = {**message, "kenmerken": {"zaaktype": "https://example.nl/zaaktypen/2"}}
        assert publisher.post("/notificaties", other).status_code == 200
        notifications_dispatch()
    assert [r["body"] for r in subscriber.received] == [message]


def test_publish_validation(tenant_a):
    publisher = Notificaties(tenant_a, "bron", scopes=["notificaties.publiceren"])
    base = {
        "kanaal": "zaken",
        "hoofdObject": "https://example.nl/zaken/1",
        "resource": "zaak",
        "resourceUrl": "https://example.nl/zaken/1",
        "actie": "create",
        "aanmaakdatum": "2026-11-29T12:00:00Z",
    }
    unknown = publisher.post("/notificaties", {**base, "kanaal": "onbekend"})
    assert unknown.status_code == 400
    assert [(p["name"], p["code"]) for p in unknown.json()["invalidParams"]] == [
        ("kanaal", "message_kanaal")
    ]
    bad = publisher.post("/notificaties", {**base, "kenmerken": {"kleur": "rood"}})
    assert [(p["name"], p["code"]) for p in bad.json()["invalidParams"]] == [
        ("kenmerken", "kenmerken_inconsistent")
    ]
    date = publisher.post("/notificaties", {**base, "aanmaakdatum": "gisteren"})
    assert [(p["name"], p["code"]) for p in date.json()["invalidParams"]] == [
        ("aanmaakdatum", "invalid")
    ]
    consumer = Notificaties(tenant_a, "afn", scopes=["notificaties.consumeren"])
    assert consumer.post("/notificaties", base).status_code == 403
    with tenant_a.active():
        assert not Notification.objects.exists()
