from django.apps import AppConfig


class WorktimeConfig(AppConfig):
    name = "achterkant.worktime"
    verbose_name = "Werkdagen en termijnen"
