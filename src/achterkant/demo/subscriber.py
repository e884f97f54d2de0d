"""The demo's notification subscriber: a callback that writes down what it receives.

The demo seed subscribes it (one abonnement of the first organisation, on every kanaal)
at ``/_demo/notificaties-ontvangen`` on the demo server. Every notification the worker
delivers is appended to ``var/notificaties-ontvangen.log`` (under ``ACHTERKANT_HOME``; or
``DEMO_NOTIFICATIES_LOG``), one JSON line each, and answered 204. A request without the
abonnement's ``Authorization`` value gets 401, as a real subscriber would answer.
Only mounted with DEMO_MODE on (``conf/urls.py``). See docs/notifications.md.
"""

import hashlib
import hmac
import json
import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

PATH = "/_demo/notificaties-ontvangen"


def subscriber_token() -> str:
    """The secret in the abonnement's Authorization header: derived from SECRET_KEY (kept
    in var/ by the demo), so the seed and this view agree without storing it."""
    digest = hmac.new(settings.SECRET_KEY.encode(), b"demo-notificaties-ontvanger", hashlib.sha256)
    return digest.hexdigest()[:40]


def log_path() -> Path:
    configured = getattr(settings, "DEMO_NOTIFICATIES_LOG", "") or os.environ.get(
        "DEMO_NOTIFICATIES_LOG", ""
    )
    return Path(configured) if configured else Path(settings.VAR_DIR) / "notificaties-ontvangen.log"


@csrf_exempt
@require_POST
def receive(request: HttpRequest) -> HttpResponse:
    expected = f"Bearer {subscriber_token()}"
    if not hmac.compare_digest(request.headers.get("Authorization", ""), expected):
        return JsonResponse({"detail": "Onjuiste of ontbrekende Authorization-header."}, status=401)
    try:
        message = json.loads(request.body)
    except ValueError:
        return JsonResponse({"detail": "Het bericht is geen JSON."}, status=400)
    line = {
        "ontvangen": timezone.now().isoformat(),
        "notificatieId": request.headers.get("X-Notificatie-Id", ""),
        "bericht": message,
    }
    target = log_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a", encoding="utf-8") as log:
        log.write(json.dumps(line, ensure_ascii=False) + "\n")
    return HttpResponse(status=204)


def seed_subscriber(*, port: str | None = None) -> None:
    """Subscribe the demo receiver (on this demo server's port) to every kanaal."""
    port = port or os.environ.get("PORT", "8000")
    call_command(
        "notificaties_demo_abonnement",
        callback_url=f"http://127.0.0.1:{port}{PATH}",
        auth=f"Bearer {subscriber_token()}",
        verbosity=0,
    )


urlpatterns = [path("", receive, name="demo-notificaties-ontvangen")]
