"""Verzendingen of an informatieobject (Documenten API 1.5): to whom it was sent or from
whom it came, and how."""

from django.db import transaction

from achterkant.cases.models import Document, DocumentDispatch
from achterkant.cases.services.common import authorize
from achterkant.cases.services.informationobjects import (
    emit_document_events,
    field_error,
)


@transaction.atomic
def dispatch_save(
    *, actor, document: Document, data: dict, row: DocumentDispatch | None = None
) -> DocumentDispatch:
    """Create (``row`` None) or change a verzending of the document."""
    permission = "cases.change_document" if row else "cases.add_document"
    authorize(actor, permission, message="U mag geen verzendingen vastleggen.")
    creating = row is None
    row = row or DocumentDispatch(document=document)
    for name, value in data.items():
        setattr(row, name, value)
    row.document = document
    row.organisation_id = document.organisation_id
    addresses = [row.domestic_address, row.foreign_address, row.postal_address]
    if sum(1 for a in addresses if a) > 1:
        raise field_error(
            "__all__",
            "Geef hooguit één adres: binnenlands, buitenlands of postadres.",
            "invalid-address",
        )
    row.save()
    emit_document_events(
        actor=actor,
        document=document,
        events=[("verzending", "create" if creating else "update", row)],
    )
    return row


@transaction.atomic
def dispatch_delete(*, actor, row: DocumentDispatch) -> None:
    authorize(actor, "cases.delete_document", message="U mag geen verzendingen verwijderen.")
    emit_document_events(
        actor=actor, document=row.document, events=[("verzending", "destroy", row)]
    )
    row.delete()
