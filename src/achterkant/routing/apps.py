from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "achterkant.routing"
    verbose_name = "Teams en routering"
