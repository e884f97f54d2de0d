from django.apps import AppConfig


class WorktimeConfig(AppConfig):
    name = "achterkant.worktime"
    verbose_name = "Werkdagen en termijnen"

    def ready(self) -> None:
        from achterkant.tenancy.settings_cache import register_settings_model
        from achterkant.worktime.models import DecreeHoliday, OpeningHours

        register_settings_model(OpeningHours)
        register_settings_model(DecreeHoliday)  # national: every organisation's version
