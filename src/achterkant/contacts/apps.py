from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "achterkant.contacts"
    verbose_name = "Klantcontacten"

    def ready(self) -> None:
        from achterkant.contacts import message_events
        from achterkant.contacts.sla import sweep_contact_requests
        from achterkant.worker.periodic import register

        register("contacts.sla_sweep", every_seconds=60, run=sweep_contact_requests)
        # The messages this app sends: their variables and default texts (notify.events).
        message_events.register()
