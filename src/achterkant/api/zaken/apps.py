from django.apps import AppConfig


class ZakenApiConfig(AppConfig):
    name = "achterkant.api.zaken"
    label = "zaken_api"
    verbose_name = "Zaken API"
