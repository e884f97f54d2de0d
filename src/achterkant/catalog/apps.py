from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "achterkant.catalog"
    verbose_name = "Producten en zaaktypen"

    def ready(self) -> None:
        from achterkant.catalog.models import CaseType, Product, RoleType, ServiceNorm, StatusType
        from achterkant.tenancy.settings_cache import register_settings_model

        # The product lists of the desk's forms are kept per process (product_choices).
        register_settings_model(Product)
        # A contact's norm per product and channel (contacts.norms.norm_for).
        register_settings_model(ServiceNorm)
        # A new case's type (api.zaken.zaak_selectors.published_case_type), first status
        # and initiator role type (cases.services.common).
        register_settings_model(CaseType)
        register_settings_model(StatusType)
        register_settings_model(RoleType)
