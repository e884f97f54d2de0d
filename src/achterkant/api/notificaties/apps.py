from django.apps import AppConfig


class NotificatiesConfig(AppConfig):
    name = "achterkant.api.notificaties"
    label = "notificaties"
    verbose_name = "Notificaties (abonnementen)"

    def ready(self) -> None:
        from achterkant.api.notificaties.delivery import notifications_dispatch
        from achterkant.api.notificaties.models import Abonnement
        from achterkant.insights.maturity_facts import register_connection_counter
        from achterkant.worker.periodic import register

        # Inzicht's cross-government indicator counts the subscribers.
        register_connection_counter("notification_subscribers", Abonnement.objects.count)

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
