from django.apps import AppConfig


class ConfConfig(AppConfig):
    name = "achterkant.conf"
    label = "achterkant_conf"
    verbose_name = "Instellingen"

    def ready(self) -> None:
        # checks: registers the deploy checks. db_router: before any connection opens, so
        # that every primary connection records writes (read-your-writes).
        from achterkant.conf import checks, db_router  # noqa: F401
