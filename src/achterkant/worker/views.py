from django.db import connection
from django.db.models import Max
from django.http import HttpRequest, JsonResponse
from django.utils import timezone

from achterkant.worker.models import Heartbeat


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: database reachable, age of the newest worker beat."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database_ok = True
        last_beat = Heartbeat.objects.aggregate(last=Max("beat_at"))["last"]
    except Exception:
        database_ok, last_beat = False, None
    age = None if last_beat is None else round((timezone.now() - last_beat).total_seconds(), 1)
    body = {
        "database": "ok" if database_ok else "unreachable",
        "worker_heartbeat_age_seconds": age,
    }
    return JsonResponse(body, status=200 if database_ok else 503)
