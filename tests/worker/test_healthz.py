"""/healthz: 503 when the worker's heartbeat is stale or missing (issue 12, defect 3)."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from achterkant.worker.models import Heartbeat
from achterkant.worker.runner import beat


def _healthz():
    return Client(HTTP_HOST="localhost").get("/healthz")


def test_a_fresh_heartbeat_answers_200(db):
    beat("test-worker")
    response = _healthz()
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok" and body["worker"] == "ok"
    assert body["worker_heartbeat_age_seconds"] is not None


def test_a_stale_heartbeat_answers_503_with_worker_stale(db, settings):
    settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS = 120
    beat("test-worker")
    Heartbeat.objects.update(beat_at=timezone.now() - timedelta(seconds=121))
    response = _healthz()
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok"
    assert body["worker"] == "stale"
    assert body["worker_heartbeat_age_seconds"] >= 121


def test_the_threshold_comes_from_the_settings(db, settings):
    beat("test-worker")
    Heartbeat.objects.update(beat_at=timezone.now() - timedelta(seconds=300))
    settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS = 600
    assert _healthz().status_code == 200
    settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS = 60
    assert _healthz().status_code == 503


def test_the_newest_heartbeat_counts(db):
    beat("old-worker")
    beat("new-worker")
    Heartbeat.objects.filter(worker_id="old-worker").update(
        beat_at=timezone.now() - timedelta(hours=1)
    )
    assert _healthz().status_code == 200


def test_no_heartbeat_at_all_answers_503(db):
    response = _healthz()
    assert response.status_code == 503
    assert response.json() == {
        "database": "ok",
        "worker_heartbeat_age_seconds": None,
        "worker": "stale",
    }


def test_an_unreachable_database_still_answers_503(db, monkeypatch):
    from django.db import OperationalError

    class DeadConnection:
        def cursor(self):
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("achterkant.worker.views.connection", DeadConnection())
    response = _healthz()
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
