from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "achterkant.identity"
    verbose_name = "Personen"
