from django.apps import AppConfig


class NotificatiesConfig(AppConfig):
    name = "achterkant.api.notificaties"
    label = "notificaties"
    verbose_name = "Notificaties (abonnementen)"

    def ready(self) -> None:
        from achterkant.api.notificaties.delivery import notifications_dispatch
        from achterkant.worker.periodic import register

        # Turns committed domain events into notifications and delivers what is due
        # (new, retries, stale claims). Never in a request.
        register(
            "notificaties.dispatch",
            every_seconds=float(_interval()),
            run=notifications_dispatch,
        )


def _interval() -> float:
    from django.conf import settings

    return settings.NOTIFICATIES_DISPATCH_INTERVAL_SECONDS
