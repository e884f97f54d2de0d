from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "achterkant.catalog"
    verbose_name = "Producten en zaaktypen"

    def ready(self) -> None:
        from achterkant.catalog.models import Product
        from achterkant.tenancy.settings_cache import register_settings_model

        # The product lists of the desk's forms are kept per process (product_choices).
        register_settings_model(Product)
