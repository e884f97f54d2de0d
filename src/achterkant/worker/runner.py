"""The worker loop: heartbeat, periodic jobs, then drain the task queue.

The queue is Django Tasks with the database backend (``django_tasks_db``): tasks are
rows, enqueued in the same transaction as the change that caused them.

A database error (the server restarted, the connection dropped) never ends the worker:
it drops its connection, waits 1, 2, 4 … at most 30 seconds, and tries again.
"""

import logging
import os
import socket
import time
from collections.abc import Callable

from django.conf import settings
from django.db import Error as DatabaseError
from django.db import close_old_connections, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from achterkant.worker.models import Heartbeat
from achterkant.worker.periodic import registered_jobs

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 30.0


def backoff_seconds(failures: int) -> float:
    """How long to wait after this many database failures in a row: 1, 2, 4 … 30."""
    return min(2.0 ** max(failures - 1, 0), MAX_BACKOFF_SECONDS)


def default_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def beat(worker_id: str) -> None:
    Heartbeat.objects.update_or_create(worker_id=worker_id, defaults={"beat_at": timezone.now()})


def run_due_periodic_jobs(now: float | None = None) -> list[str]:
    now = time.monotonic() if now is None else now
    ran = []
    for job in registered_jobs():
        if now - job.last_run >= job.every_seconds:
            job.last_run = now
            try:
                job.run()
            except Exception:  # one failing sweep must not stop the queue
                logger.exception("Periodic job %s failed", job.name)
            ran.append(job.name)
    return ran


def drain_queue(worker_id: str) -> None:
    """Run every task that is ready, then return."""
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run()


def run_once(worker_id: str | None = None) -> None:
    """One pass of the loop; tests and `achterkant worker --once` use this."""
    worker_id = worker_id or default_worker_id()
    beat(worker_id)
    run_due_periodic_jobs()
    drain_queue(worker_id)


def _drop_connections() -> None:
    """Forget every database connection, broken or not; the next query opens a new one."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DatabaseError:  # closing a dead connection can fail too
            logger.debug("Closing database connection %s failed", connection.alias)


def run_forever(
    worker_id: str | None = None,
    *,
    sleep: Callable[[float], object] = time.sleep,
    iterations: int | None = None,
) -> None:
    """Loop until stopped. ``sleep`` and ``iterations`` are for tests: no real waiting,
    and a loop that ends."""
    worker_id = worker_id or default_worker_id()
    logger.info("Worker %s started", worker_id)
    failures = 0
    done = 0
    while iterations is None or done < iterations:
        done += 1
        try:
            close_old_connections()
            run_once(worker_id)
        except DatabaseError:
            failures += 1
            delay = backoff_seconds(failures)
            logger.exception(
                "Worker %s: database error (%d in a row); reconnecting in %.0f s",
                worker_id,
                failures,
                delay,
            )
            _drop_connections()
            sleep(delay)
            continue
        if failures:
            logger.info(
                "Worker %s: database reachable again after %d failures", worker_id, failures
            )
            failures = 0
        sleep(settings.WORKER_INTERVAL_SECONDS)
