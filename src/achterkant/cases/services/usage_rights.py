"""Gebruiksrechten of an informatieobject (Documenten API 1.5): what may be done with it
beyond consultation. ``indicatieGebruiksrecht`` follows them: true while there are any,
empty when the last goes."""

from django.db import transaction

from achterkant.cases.models import Document, DocumentUsageRight, DocumentVersion
from achterkant.cases.services.common import authorize
from achterkant.cases.services.informationobjects import (
    emit_document_events,
    field_error,
    locked_document,
    snapshot,
)


def _sync_usage_rights(document: Document) -> None:
    # indicatieGebruiksrecht follows the gebruiksrechten (not a new version: the API's
    # own side effect, as in the reference implementation).
    value = True if document.usage_rights_set.exists() else None
    Document.objects.filter(pk=document.pk).update(usage_rights=value)
    DocumentVersion.objects.filter(document=document, number=document.version).update(
        fields={**snapshot(document), "usage_rights": value}
    )
    document.usage_rights = value


@transaction.atomic
def usage_right_save(
    *, actor, document: Document, data: dict, row: DocumentUsageRight | None = None
) -> DocumentUsageRight:
    """Create (``row`` None) or change a gebruiksrecht; the document's indicatie follows."""
    permission = "cases.change_document" if row else "cases.add_document"
    authorize(actor, permission, message="U mag geen gebruiksrechten vastleggen.")
    document = locked_document(document)
    creating = row is None
    row = row or DocumentUsageRight(document=document)
    for name, value in data.items():
        setattr(row, name, value)
    row.document = document
    row.organisation_id = document.organisation_id
    if row.ends_at and row.starts_at and row.ends_at < row.starts_at:
        raise field_error("ends_at", "De einddatum ligt voor de startdatum.", "invalid")
    row.save()
    _sync_usage_rights(document)
    emit_document_events(
        actor=actor,
        document=document,
        events=[("gebruiksrechten", "create" if creating else "update", row)],
    )
    return row


@transaction.atomic
def usage_right_delete(*, actor, row: DocumentUsageRight) -> None:
    authorize(actor, "cases.delete_document", message="U mag geen gebruiksrechten verwijderen.")
    document = locked_document(row.document)
    emit_document_events(
        actor=actor, document=document, events=[("gebruiksrechten", "destroy", row)]
    )
    row.delete()
    _sync_usage_rights(document)
