from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "achterkant.notify"
    verbose_name = "Berichten"

    def ready(self) -> None:
        from achterkant.notify.models import MessageTemplate
        from achterkant.notify.services import outbox_deliver_due
        from achterkant.tenancy.settings_cache import register_settings_model
        from achterkant.worker.periodic import register

        # Templates are read from the settings cache (notify.messages._active_templates).
        register_settings_model(MessageTemplate)

        # Retries and anything whose task was lost: the outbox row is the truth.
        register("notify.outbox_deliver_due", every_seconds=30, run=outbox_deliver_due)
