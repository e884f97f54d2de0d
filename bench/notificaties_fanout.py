"""Notificaties under load: 1,000 cases opened while the worker delivers to 10 subscribers.

Not part of `make test`; run `make bench-notificaties`. Uses its own database
(BENCH_DATABASE_URL, default SQLite under var/; PostgreSQL is the figure that counts) and
10 local HTTP servers that answer 204. Prints:

* the intake rate through the service (``open_case``) with no delivery running, and while
  the worker's dispatch runs at the same time in another process (the subscribers are a
  third);
* how long until every notification of those cases (a zaak and its first status: two
  events per case, 10 deliveries each) has arrived, from the first case opened.

Asserts nothing.
"""

import logging
import multiprocessing
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "achterkant.conf.settings")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-notificaties.sqlite3'}"
)
os.environ["DEMO_MODE"] = "0"  # no demo abonnement: only the bench's 10 subscribers

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

from achterkant.api.notificaties import services  # noqa: E402
from achterkant.api.notificaties.delivery import notifications_dispatch  # noqa: E402
from achterkant.api.notificaties.models import (  # noqa: E402
    Abonnement,
    Delivery,
    DeliveryStatus,
)
from achterkant.cases.services import open_case  # noqa: E402
from achterkant.identity.models import Person  # noqa: E402
from achterkant.notify.models import DomainEvent  # noqa: E402
from achterkant.staff.models import User  # noqa: E402
from achterkant.tenancy.context import use_organisation  # noqa: E402
from achterkant.tenancy.models import Organisation  # noqa: E402

# One line per POST would cost the worker more than the POST.
logging.getLogger("httpx").setLevel(logging.WARNING)

SUBSCRIBERS = 10
CASES = int(os.environ.get("BENCH_CASES", "1000"))
BASELINE_CASES = 200


def serve_subscribers(ports, received, stop) -> None:
    """The 10 subscribers, in their own process (as they are elsewhere in real life)."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real subscriber

        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with received.get_lock():
                received.value += 1
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format, *args) -> None:  # noqa: A002
            pass

    servers = [ThreadingHTTPServer(("127.0.0.1", 0), Handler) for _ in range(SUBSCRIBERS)]
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ports.put([server.server_address[1] for server in servers])
    stop.wait()
    for server in servers:
        server.shutdown()


def run_worker(stop) -> None:
    """The worker's periodic job, back to back (as `achterkant worker` with a short
    interval), in its own process as in production, until stopped."""
    try:
        while not stop.is_set():
            if not notifications_dispatch():
                time.sleep(0.05)
    finally:
        connection.close()


def open_cases(agent, bsns, count: int) -> float:
    start = time.perf_counter()
    for index in range(count):
        open_case(
            actor=agent,
            case_type_identification="ZT-MOR",
            channel="phone",
            initiator_bsn=bsns[index % len(bsns)],
        )
    return time.perf_counter() - start


def delivered_since(event_id: int) -> int:
    return Delivery.all_tenants.filter(
        notification__event_id__gt=event_id, status=DeliveryStatus.DELIVERED
    ).count()


def main() -> None:
    call_command("migrate", verbosity=0)
    if not Organisation.objects.filter(slug="voorbeeld").exists():
        call_command("seed", persons=50, verbosity=0)
    organisation = Organisation.objects.get(slug="voorbeeld")
    connections.close_all()  # a forked process must not share the parent's connection
    context = multiprocessing.get_context("fork")
    ports, received, stop = context.Queue(), context.Value("i", 0), context.Event()
    servers = context.Process(target=serve_subscribers, args=(ports, received, stop))
    servers.start()
    with use_organisation(organisation):
        Abonnement.objects.all().delete()
        for port in ports.get(timeout=60):
            services.abonnement_create(
                actor=None,
                data=services.AbonnementData(
                    callback_url=f"http://127.0.0.1:{port}/callback",
                    auth="Bearer bench",
                    kanalen=[services.FilterGroupData(naam="zaken")],
                ),
            )
        agent = User.objects.get(username="agent")
        bsns = list(Person.objects.order_by("bsn").values_list("bsn", flat=True)[:50])

        # Intake alone: nothing is delivered meanwhile.
        baseline = open_cases(agent, bsns, BASELINE_CASES)
        while notifications_dispatch():  # deliver that backlog before the real run
            pass

        start_event = DomainEvent.all_tenants.order_by("-pk").values_list("pk", flat=True)[0]
        connections.close_all()
        worker = context.Process(target=run_worker, args=(stop,))
        started = time.perf_counter()
        worker.start()
        intake = open_cases(agent, bsns, CASES)
        intake_done = time.perf_counter()
        events = DomainEvent.all_tenants.filter(pk__gt=start_event, channel="zaken").count()
        expected = events * SUBSCRIBERS
        while delivered_since(start_event) < expected:
            time.sleep(0.1)
        finished = time.perf_counter()
    stop.set()
    worker.join(60)
    servers.join(60)

    print(f"subscribers: {SUBSCRIBERS}, cases: {CASES} ({events} events, {expected} deliveries)")
    print(f"intake, no delivery running:  {BASELINE_CASES / baseline:8.1f} cases/s")
    print(f"intake, delivery running:     {CASES / intake:8.1f} cases/s")
    total = finished - started
    print(
        f"all delivered after:          {total:8.1f} s from the first case "
        f"({expected / total:.0f} deliveries/s), {finished - intake_done:.1f} s after the last"
    )
    print(f"requests received, both runs: {received.value}")
    print(f"database: {connection.vendor}, python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
