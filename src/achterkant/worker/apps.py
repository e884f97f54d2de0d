from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "achterkant.worker"
    verbose_name = "Achtergrondtaken"
