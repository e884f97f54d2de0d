from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "achterkant.cases"
    verbose_name = "Zaken"
