from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "achterkant.tenancy"
    verbose_name = "Organisaties"
