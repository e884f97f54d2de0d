from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "achterkant.contacts"
    verbose_name = "Klantcontacten"
