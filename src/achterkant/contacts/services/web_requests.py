"""The e-loket as a channel: a web request is a case and a contact, in one transaction.

A request filed in Mijn gemeente is a contact with the municipality like a call or a
letter, so it belongs in the person's history on both sides (Mijn overzicht and the
desk's 360° view). The case part, with every check of who may file what, is
``cases.services.web_requests.submit_web_request``; this gate adds the contact through
the one contact gate (:func:`~.receive.contact_receive`, channel "web"), in the same
transaction. Cases may not import contacts, so the e-loket's gate lives here.
"""

import uuid
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from achterkant.cases.models import Case
from achterkant.cases.services.web_requests import KEY_USED, submit_web_request
from achterkant.catalog.models import Channel
from achterkant.contacts.models import Outcome
from achterkant.contacts.services.receive import contact_receive
from achterkant.identity.lookup import PersonRecord
from achterkant.notify.services import PendingRecords


def web_request_receive(
    *,
    actor,
    product_code: str,
    answers: Mapping[str, Any],
    files: Mapping[str, UploadedFile] | None = None,
    key: uuid.UUID | str,
    person: PersonRecord | None = None,
) -> tuple[Case, bool]:
    """File a web request (see ``submit_web_request``) and record it as a contact.

    Returns ``(case, created)``. The same key again (a double click, a refresh) returns
    the first case and records nothing: no second case, no second contact. The contact
    carries the submission key as its idempotency key too, so the database refuses a
    second one even if that rule were ever bypassed. If the contact fails, the case and
    its files go as well.
    """
    stored: list = []
    # The case's and the contact's processing-log entries and domain events are written
    # together at the end: one insert each (``PendingRecords``).
    pending = PendingRecords()
    try:
        with transaction.atomic():
            case, created = submit_web_request(
                actor=actor, product_code=product_code, answers=answers, files=files, key=key,
                person=person, stored_files=stored, pending=pending,
            )  # fmt: skip
            if created:
                try:
                    _record_contact(actor=actor, case=case, key=key, pending=pending)
                except IntegrityError as error:
                    # The submission's key was new, but another contact holds it (a form
                    # of another channel, replayed): the block rolls back all of it.
                    raise ValidationError({"submission_key": KEY_USED}) from error
            pending.write()
    except BaseException:
        for file in stored:
            file.storage.delete(file.name)
        raise
    return case, created


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
