"""Zaakinformatieobjecten: an informatieobject linked to a case (the Zaken API), logged
for the case's applicant and announced on both the ``zaken`` and ``documenten`` kanalen."""

from django.db import transaction
from django.utils import timezone

from achterkant.cases.models import Case, CaseDocument, Document
from achterkant.cases.services.common import (
    authorize,
    emit_case_event,
    ensure_open,
    lock_case,
    log_case_write,
)
from achterkant.cases.services.informationobjects import (
    emit_document_events,
    field_error,
    locked_document,
)


@transaction.atomic
def case_document_create(
    *, actor, case: Case, document: Document, data: dict, force: bool = False
) -> CaseDocument:
    """Link a document to a case (zaakinformatieobject). The desk then shows it with the
    case: a document without a case gets this one as its own (``Document.case``)."""
    actor = authorize(
        actor, "cases.change_case", case=case, message="U mag deze zaak niet wijzigen."
    )
    case = lock_case(case)
    ensure_open(actor=actor, case=case, force=force)
    document = locked_document(document)
    if CaseDocument.objects.filter(case=case, document=document).exists():
        raise field_error("__all__", "Dit document hoort al bij deze zaak.", "unique")
    link = CaseDocument(case=case, document=document, **data)
    link.title = link.title or document.title
    link.organisation_id = case.organisation_id
    link.registered_at = timezone.now()
    link.save()
    if document.case_id is None:
        document.case = case
        document.save(update_fields=["case"])
    log_case_write(actor=actor, case=case)
    emit_case_event(
        actor=actor, case=case, resource="zaakinformatieobject", action="create",
        reference=str(link.uuid),
    )  # fmt: skip
    emit_document_events(
        actor=actor, document=document, events=[("objectinformatieobject", "create", link)]
    )
    return link


@transaction.atomic
def case_document_update(
    *, actor, link: CaseDocument, changes: dict, partial: bool = False, force: bool = False
) -> CaseDocument:
    """Change the title, description or status of a link; never its case or document."""
    actor = authorize(
        actor, "cases.change_case", case=link.case, message="U mag deze zaak niet wijzigen."
    )
    case = lock_case(link.case)
    ensure_open(actor=actor, case=case, force=force)
    for name, value in changes.items():
        setattr(link, name, value)
    link.save()
    log_case_write(actor=actor, case=case)
    emit_case_event(
        actor=actor, case=case, resource="zaakinformatieobject",
        action="partial_update" if partial else "update", reference=str(link.uuid),
    )  # fmt: skip
    return link


@transaction.atomic
def case_document_delete(*, actor, link: CaseDocument, force: bool = False) -> None:
    """Unlink a document from a case. The document stays (it may be deleted next); when
    the case was its own, it moves to another case it is linked to, or to none."""
    actor = authorize(
        actor, "cases.change_case", case=link.case, message="U mag deze zaak niet wijzigen."
    )
    case = lock_case(link.case)
    ensure_open(actor=actor, case=case, force=force)
    document = locked_document(link.document)
    log_case_write(actor=actor, case=case)
    emit_case_event(
        actor=actor, case=case, resource="zaakinformatieobject", action="destroy",
        reference=str(link.uuid),
    )  # fmt: skip
    emit_document_events(
        actor=actor, document=document, events=[("objectinformatieobject", "destroy", link)]
    )
    link.delete()
    if document.case_id == case.pk:
        other = document.case_links.order_by("registered_at", "pk").first()
        document.case = other.case if other else None
        document.save(update_fields=["case"])
