from django.apps import AppConfig


class AutorisatiesConfig(AppConfig):
    name = "achterkant.api.autorisaties"
    label = "autorisaties"
    verbose_name = "API-koppelingen (autorisaties)"

    def ready(self) -> None:
        from achterkant.api.autorisaties import checks  # noqa: F401 - registers the check
        from achterkant.api.autorisaties.models import Application, Authorisation, ClientCredential
        from achterkant.insights.maturity_facts import register_connection_counter
        from achterkant.tenancy.settings_cache import register_settings_model

        # Every process keeps its organisation's clients (secrets and autorisaties) per
        # settings version (api.auth): a change reaches every process at its next request.
        for model in (Application, ClientCredential, Authorisation):
            register_settings_model(model)
        # Inzicht's cross-government indicator counts the active koppelingen.
        register_connection_counter(
            "zgw_applications",
            lambda: Application.objects.filter(credentials__secret__gt="").distinct().count(),
        )
