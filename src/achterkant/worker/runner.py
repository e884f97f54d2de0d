"""The worker loop: heartbeat, periodic jobs, then drain the task queue.

The queue is Django Tasks with the database backend (``django_tasks_db``): tasks are
rows, enqueued in the same transaction as the change that caused them.
"""

import logging
import os
import socket
import time

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from achterkant.worker.models import Heartbeat
from achterkant.worker.periodic import registered_jobs

logger = logging.getLogger(__name__)


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


def run_forever(worker_id: str | None = None) -> None:
    worker_id = worker_id or default_worker_id()
    logger.info("Worker %s started", worker_id)
    while True:
        close_old_connections()
        run_once(worker_id)
        time.sleep(settings.WORKER_INTERVAL_SECONDS)
