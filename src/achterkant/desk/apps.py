from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "achterkant.desk"
    verbose_name = "Werkplek"

    def ready(self) -> None:
        from achterkant.desk.insight_views import keep_preset_views
        from achterkant.insights.maturity import maturity
        from achterkant.insights.services import keep_after_update

        # The worker computes Inzicht's preset views and the score right after each update,
        # so that their first view is as quick as the next (docs/insights.md).
        keep_after_update(keep_preset_views)
        keep_after_update(maturity)
