from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "achterkant.contacts.triage"
    label = "triage"
    verbose_name = "Vraagherkenning"

    def ready(self) -> None:
        from achterkant.contacts.triage.jobs import retrain_changed_organisations
        from achterkant.contacts.triage.models import TriageSettings
        from achterkant.tenancy.settings_cache import register_settings_model
        from achterkant.worker.periodic import register

        # The threshold and the current model's token are read once per activation.
        register_settings_model(TriageSettings)
        # Hourly look; each organisation is retrained when its examples changed, or once a
        # day (jobs.py), so a busy worker does not retrain on every tick.
        register("triage.retrain", every_seconds=3600, run=retrain_changed_organisations)
