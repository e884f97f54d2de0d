from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "achterkant.portal"
    verbose_name = "Mijn gemeente"

    def ready(self) -> None:
        from achterkant.portal import checks  # noqa: F401 - registers the deploy check
