from django.apps import AppConfig


class ConfConfig(AppConfig):
    name = "achterkant.conf"
    label = "achterkant_conf"
    verbose_name = "Instellingen"

    def ready(self) -> None:
        from achterkant.conf import checks  # noqa: F401 - registers the deploy checks
