from django.apps import AppConfig


class CatalogiApiConfig(AppConfig):
    name = "achterkant.api.catalogi"
    label = "catalogi_api"
    verbose_name = "Catalogi API"
