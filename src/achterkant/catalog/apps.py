from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "achterkant.catalog"
    verbose_name = "Producten en zaaktypen"
