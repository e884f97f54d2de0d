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

        # The outbox is the worker's queue: every pass delivers what is due (new messages,
        # retries, the claims of a worker that died).
        register("notify.outbox_deliver_due", every_seconds=0, run=outbox_deliver_due)
