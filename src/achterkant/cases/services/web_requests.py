"""The e-loket: a citizen files a request on the web, and it becomes a case like any other.

The same ``open_case`` as the phone and the counter use, with channel "web": the same
routing, deadlines, service norm and processing log. Only the idempotency key and the
assurance check are particular to the web.
"""

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from achterkant.cases.deadlines import case_deadline
from achterkant.cases.models import Case, Document, WebSubmission
from achterkant.cases.services.common import inform_initiator
from achterkant.cases.services.documents import add_document
from achterkant.cases.services.lifecycle import open_case
from achterkant.catalog.models import Channel, Product
from achterkant.identity.assurance import ensure_sufficient


@dataclass(frozen=True)
class WebRequest:
    """What the citizen filed, already checked against the form definition."""

    answers: dict  # field name -> plain JSON value, for the record
    lines: list[tuple[str, str]]  # (question, answer) as the case worker reads them
    uploads: list[tuple[str, UploadedFile]]  # (question, file)
    description: str = ""
    postcode: str = ""


def submit_web_request(
    *, product: Product, bsn: str, assurance: str, key: uuid.UUID, request: WebRequest
) -> tuple[Case, bool]:
    """Open the case for a web request; returns ``(case, created)``.

    The same key again (a double click, a refresh) returns the case of the first submit
    and opens nothing. The key belongs to the person who used it first. Everything is one
    transaction: if a file or the case fails, nothing of the request is stored.
    """
    ensure_sufficient(actual=assurance, required=product.assurance_level)
    if not product.case_type_identification:
        raise ValidationError("Dit product kunt u niet online aanvragen.")
    earlier = _earlier(key, bsn)
    if earlier is not None:
        return earlier, False
    stored: list[Document] = []
    try:
        with transaction.atomic():
            # The row with the key goes first: a second submit with the same key waits on
            # the unique index and then fails, instead of opening a second case.
            submission = WebSubmission.objects.create(
                key=key, product=product, initiator_bsn=bsn, answers=request.answers
            )
            case = _open(product=product, bsn=bsn, request=request, stored=stored)
            submission.case = case
            submission.save(update_fields=["case"])
    except Exception as error:
        # The rollback removed the rows; the files it wrote must go too.
        for document in stored:
            document.file.delete(save=False)
        if isinstance(error, IntegrityError):
            earlier = _earlier(key, bsn)
            if earlier is not None:
                return earlier, False
        raise
    return case, True


def _open(*, product: Product, bsn: str, request: WebRequest, stored: list) -> Case:
    explanation = "\n".join(f"{question}: {answer}" for question, answer in request.lines)
    case = open_case(
        actor=None,
        case_type_identification=product.case_type_identification,
        channel=Channel.WEB,
        initiator_bsn=bsn,
        product=product,
        description=request.description or product.name,
        explanation=f"Aangevraagd via Mijn gemeente.\n\n{explanation}".strip(),
        postcode=request.postcode,
    )
    for question, upload in request.uploads:
        stored.append(add_document(actor=None, case=case, upload=upload, title=question[:200]))
    inform_initiator(
        actor=None,
        case=case,
        event_code="case.opened",
        expected_date=case_deadline(case).decision_due,
    )
    return case


def _earlier(key: uuid.UUID, bsn: str) -> Case | None:
    submission = WebSubmission.objects.filter(key=key).select_related("case").first()
    if submission is None:
        return None
    if submission.initiator_bsn != bsn or submission.case is None:
        # Someone else's key: refuse rather than show their case.
        raise ValidationError("Dit formulier is al gebruikt. Laad de pagina opnieuw.")
    return submission.case
