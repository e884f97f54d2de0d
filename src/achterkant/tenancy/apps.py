from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class TenancyConfig(AppConfig):
    name = "achterkant.tenancy"
    verbose_name = "Organisaties"

    def ready(self) -> None:
        from achterkant.tenancy.models import Hostname, Organisation
        from achterkant.tenancy.selectors import organisation_changed

        # The host-name cache of this process forgets everything when a host name or an
        # organisation is saved or deleted (other processes: after TENANT_CACHE_SECONDS).
        for model in (Hostname, Organisation):
            for name, signal in (("saved", post_save), ("deleted", post_delete)):
                signal.connect(
                    organisation_changed,
                    sender=model,
                    dispatch_uid=f"achterkant.tenancy.cache.{model.__name__}.{name}",
                )
