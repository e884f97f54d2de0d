from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "achterkant.cases"
    verbose_name = "Zaken"

    def ready(self) -> None:
        from achterkant.cases import message_events
        from achterkant.cases.sla import sweep_cases
        from achterkant.worker.periodic import register

        register("cases.sla_sweep", every_seconds=60, run=sweep_cases)
        # A changed calendar moves stored dates: the sweep recomputes them within a minute.
        from django.db.models.signals import post_delete, post_save

        from achterkant.cases.sla import recheck_after_calendar_change
        from achterkant.worktime.models import DecreeHoliday, OpeningHours

        for model in (DecreeHoliday, OpeningHours):
            for signal in (post_save, post_delete):
                signal.connect(
                    recheck_after_calendar_change, sender=model, dispatch_uid=f"cases-{model}"
                )
        # The messages this app sends: their variables and default texts (notify.events).
        message_events.register()
