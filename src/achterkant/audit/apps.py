from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "achterkant.audit"
    verbose_name = "Verwerkingenlog"
