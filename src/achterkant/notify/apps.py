from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "achterkant.notify"
    verbose_name = "Berichten"

    def ready(self) -> None:
        from achterkant.notify.services import outbox_deliver_due
        from achterkant.worker.periodic import register

        # Retries and anything whose task was lost: the outbox row is the truth.
        register("notify.outbox_deliver_due", every_seconds=30, run=outbox_deliver_due)
