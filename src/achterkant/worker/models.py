from django.db import models


class Heartbeat(models.Model):
    """The last sign of life of each worker process, for ``/healthz``."""

    worker_id = models.CharField(max_length=100, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker_id} @ {self.beat_at:%H:%M:%S}"
