from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "achterkant.insights"
    verbose_name = "Inzicht"

    def ready(self) -> None:
        from achterkant.insights.benchmark import score_snapshots_update_all
        from achterkant.insights.services import aggregates_update_all
        from achterkant.worker.periodic import register

        # Every quarter of an hour: today's figures stay fresh, and the days a late event
        # can still change (a repeat contact within 7 days, a message read later) follow.
        register("insights.update", every_seconds=900, run=aggregates_update_all)
        # The league table reads each organisation's stored score, refreshed daily.
        register("insights.maturity", every_seconds=86400, run=score_snapshots_update_all)
