from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "achterkant.portal"
    verbose_name = "Mijn gemeente"

    def ready(self) -> None:
        from achterkant.notify.links import (
            register_berichtenbox_link,
            register_case_link,
            register_document_link,
        )
        from achterkant.portal import checks  # noqa: F401 - registers the deploy check
        from achterkant.portal.links import berichtenbox_link, case_link, document_link

        # notify's e-mail about a new message links here; notify knows no portal URL.
        register_berichtenbox_link(berichtenbox_link)
        # A message about a decision links to its letter (cases.services.decision_letters).
        register_document_link(document_link)
        # A message about a shared note points to the case page (services.assignment).
        register_case_link(case_link)
