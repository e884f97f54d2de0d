from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "achterkant.cases"
    verbose_name = "Zaken"

    def ready(self) -> None:
        from achterkant.cases import message_events
        from achterkant.cases.sla import sweep_cases
        from achterkant.worker.periodic import register

        register("cases.sla_sweep", every_seconds=60, run=sweep_cases)
        # The messages this app sends: their variables and default texts (notify.events).
        message_events.register()
