from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.http import HttpRequest, JsonResponse
from django.utils import timezone

from achterkant.worker.models import Heartbeat


def healthz(request: HttpRequest) -> JsonResponse:
    """Health for load balancers and monitoring: database reachable, worker alive.

    503 when the database is unreachable, or when the newest worker heartbeat is missing
    or older than ``WORKER_HEARTBEAT_MAX_AGE_SECONDS`` (then ``"worker": "stale"``).
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database_ok = True
        last_beat = Heartbeat.objects.aggregate(last=Max("beat_at"))["last"]
    except Exception:
        database_ok, last_beat = False, None
    age = None if last_beat is None else round((timezone.now() - last_beat).total_seconds(), 1)
    worker_ok = age is not None and age <= settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS
    body = {
        "database": "ok" if database_ok else "unreachable",
        "worker_heartbeat_age_seconds": age,
    }
    if database_ok:
        body["worker"] = "ok" if worker_ok else "stale"
    return JsonResponse(body, status=200 if database_ok and worker_ok else 503)
