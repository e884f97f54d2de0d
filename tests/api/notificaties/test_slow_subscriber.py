"""A callback that hangs holds up neither intake nor the other abonnementen.

Intake only writes a domain event; the worker delivers. Here the worker's run really is in
the middle of a POST to a callback that does not answer, in another thread, while a zaak
is made through the Zaken API and the desk's service, and while the healthy abonnement
receives its messages from the same run. Committed data (``transaction=True``): the
worker's thread has its own database connection. Only outcomes are asserted; the waits
are bounds.
"""

import threading

import pytest
from django.db import connection

from achterkant.api.notificaties.delivery import notifications_dispatch
from achterkant.api.notificaties.models import Delivery, DeliveryStatus
from achterkant.cases.models import Case
from tests.api.notificaties.support import Notificaties, Subscriber
from tests.api.zaken.test_zaken_support import Zaken, zaak_body

AUTH = "Bearer afnemer-geheim"


def _subscribe(tenant, url: str, client_id: str) -> None:
    nrc = Notificaties(tenant, client_id)
    body = {"callbackUrl": url, "auth": AUTH, "kanalen": [{"naam": "zaken"}]}
    assert nrc.post("/abonnement", body).status_code == 201


@pytest.mark.django_db(transaction=True)
def test_a_hanging_callback_slows_neither_intake_nor_another_abonnement(tenant_a, settings):
    settings.PUBLIC_URL_TEMPLATE = "http://{host}"
    # Longer than the test: the hanging POST ends when the test lets it, not by timeout.
    settings.NOTIFICATIES_TIMEOUT_SECONDS = 60
    outcome: dict = {}

    def worker() -> None:
        try:
            outcome["arrived"] = notifications_dispatch()
        except Exception as error:  # reported below, not lost in the thread
            outcome["error"] = error
        finally:
            connection.close()

    with Subscriber(hang=True) as hanging, Subscriber() as healthy:
        _subscribe(tenant_a, hanging.url, "hangt")
        _subscribe(tenant_a, healthy.url, "gezond")
        zaken = Zaken(tenant_a)
        assert zaken.post("/zaken", zaak_body(tenant_a)).status_code == 201
        thread = threading.Thread(target=worker)
        thread.start()
        try:
            # The worker's run is stuck in the hanging callback …
            assert hanging.wait_for(1)
            # … and the healthy abonnement still got the zaak and its status from that run.
            assert healthy.wait_for(2)
            assert sorted(r["body"]["resource"] for r in healthy.received) == ["status", "zaak"]
            # Intake goes on meanwhile, through the API and through the desk's service.
            second = zaken.post("/zaken", zaak_body(tenant_a, omschrijving="Tweede"))
            assert second.status_code == 201, second.content
            desk_case = tenant_a.open_case()
            with tenant_a.active():
                assert Case.objects.filter(pk=desk_case.pk).exists()
                assert Case.objects.count() == 3
            assert thread.is_alive()  # the hang is not over: nothing waited for it
            assert len(hanging.received) == 1
        finally:
            hanging.released.set()
            thread.join(60)
    assert "error" not in outcome, outcome.get("error")
    # Once it answered, the run went on with that callback's other message.
    assert outcome["arrived"] == 4
    assert len(hanging.received) == 2
    with tenant_a.active():
        statuses = set(Delivery.objects.values_list("status", flat=True))
    assert statuses == {DeliveryStatus.DELIVERED}


def test_a_dead_callback_costs_one_attempt_per_run_and_others_still_arrive(tenant_a, settings):
    settings.PUBLIC_URL_TEMPLATE = "http://{host}"
    settings.NOTIFICATIES_TIMEOUT_SECONDS = 0.5
    settings.NOTIFICATIES_RETRY_BASE_SECONDS = 0
    with Subscriber(hang=True) as hanging, Subscriber() as healthy:
        _subscribe(tenant_a, hanging.url, "hangt")
        _subscribe(tenant_a, healthy.url, "gezond")
        for _ in range(3):
            tenant_a.open_case()
        assert notifications_dispatch() == 6  # the healthy one's six
        assert len(healthy.received) == 6
        # The hanging one: one attempt that timed out; its other five wait, untouched.
        assert len(hanging.received) == 1
        with tenant_a.active():
            rows = list(
                Delivery.objects.exclude(status=DeliveryStatus.DELIVERED).values_list(
                    "status", "attempts"
                )
            )
        assert sorted(rows) == [(DeliveryStatus.PENDING, 0)] * 5 + [(DeliveryStatus.PENDING, 1)]
