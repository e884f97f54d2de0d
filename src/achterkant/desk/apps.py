from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "achterkant.desk"
    verbose_name = "Werkplek"
