"""The e-loket as a channel: a web request is a case and a contact, in one transaction.

A request filed in Mijn gemeente is a contact with the municipality like a call or a
letter, so it belongs in the person's history on both sides (Mijn overzicht and the
desk's 360° view). The case part, with every check of who may file what, is
``cases.services.web_requests.submit_web_request``; this gate adds the contact through
the one contact gate (:func:`~.receive.contact_receive`, channel "web"), in the same
transaction. Cases may not import contacts, so the e-loket's gate lives here.
"""

import logging
import uuid
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from achterkant.cases.models import Case
from achterkant.cases.services.web_requests import (
    KEY_USED,
    earlier_submission,
    submit_web_request,
)
from achterkant.catalog.models import Channel
from achterkant.contacts.models import Outcome
from achterkant.contacts.services.receive import contact_receive
from achterkant.notify.services import PendingRecords

logger = logging.getLogger(__name__)


def web_request_receive(
    *,
    actor,
    product_code: str,
    answers: Mapping[str, Any],
    files: Mapping[str, UploadedFile] | None = None,
    key: uuid.UUID | str,
) -> tuple[Case, bool]:
    """File a web request (see ``submit_web_request``) and record it as a contact.

    Returns ``(case, created)``. The same key again (a double click, a refresh) returns
    the first case and records nothing: no second case, no second contact. The contact
    carries the submission key as its idempotency key too, so the database refuses a
    second one even if that rule were ever bypassed. If the contact fails, the case and
    its files go as well. The citizen's own record is read here (for the address and the
    message), and that read is logged even when the request is refused.
    """
    stored: list = []
    # The read, the case's and the contact's processing-log entries and domain events are
    # written together at the end: one insert each (``PendingRecords``).
    pending = PendingRecords()
    try:
        with transaction.atomic():
            case, created = submit_web_request(
                actor=actor, product_code=product_code, answers=answers, files=files, key=key,
                stored_files=stored, pending=pending,
            )  # fmt: skip
            try:
                _record_contact(actor=actor, case=case, key=key, pending=pending)
            except IntegrityError as error:
                # The submission's key was new, but another contact holds it (a form
                # of another channel, replayed): the block rolls back all of it.
                raise ValidationError({"submission_key": KEY_USED}) from error
            pending.write()
    except BaseException as error:
        for file in stored:
            file.storage.delete(file.name)
        _log_reads_anyway(pending)
        if isinstance(error, IntegrityError):
            # The key's unique index refused the submission: a double submit.
            earlier = earlier_submission(key, actor.bsn)
            if earlier is not None:
                return earlier, False
        raise
    return case, created


def _log_reads_anyway(pending: PendingRecords) -> None:
    """The request was refused or failed after the citizen's record was read: the read
    happened, so it is logged, on its own. If the database is what failed, the error that
    ended the request is the one to report."""
    try:
        pending.write_reads()
    except DatabaseError:
        logger.exception("The reads of a failed web request could not be logged")


def _record_contact(*, actor, case: Case, key, pending: PendingRecords) -> None:
    now = timezone.now()
    what = case.product.name if case.product_id else case.case_type.description
    contact_receive(
        actor=actor, channel=Channel.WEB, outcome=Outcome.CASE, case=case,
        bsn=case.initiator_bsn, product=case.product, subject=what[:200],
        question=case.explanation or what, started_at=now, ended_at=now,
        idempotency_key=key if isinstance(key, uuid.UUID) else uuid.UUID(str(key)),
        key_just_claimed=True,  # the submission row with this key was just inserted
        pending=pending,
    )  # fmt: skip
