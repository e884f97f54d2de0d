from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "achterkant.routing"
    verbose_name = "Teams en routering"

    def ready(self) -> None:
        from achterkant.routing.models import RoutingRule, SlaPolicy, Team
        from achterkant.tenancy.settings_cache import register_settings_model

        register_settings_model(SlaPolicy)
        register_settings_model(Team)  # team lists and choices (routing.selectors.teams)
        register_settings_model(RoutingRule)  # routing.services.active_rules
