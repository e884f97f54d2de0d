from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "achterkant.demo"
    verbose_name = "Demo"
