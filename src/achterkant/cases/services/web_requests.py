"""The e-loket: a citizen files a request on the web, and it becomes a case like any other.

The channel's gate is ``contacts.services.web_request_receive``: it calls this service
and records the request as a contact too, in the same transaction (cases may not import
contacts). This module is the case part of that gate.

The same ``register_case`` that ``open_case`` uses for the phone and the counter, with
channel "web": the same routing, deadlines, service norm and processing log. This service
is the complete gate for a web request: who may file (a citizen, logged in strongly
enough), which products (those offered online today), which answers (the case type's form,
checked by :func:`achterkant.catalog.form_answers.clean_answers`). A web form is only an
adapter: it passes what was sent and shows the errors it gets back.
"""

import uuid
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from achterkant.cases.models import Case, WebSubmission
from achterkant.cases.services.documents import check_upload
from achterkant.cases.services.lifecycle import register_case
from achterkant.catalog.form_answers import CleanedAnswers, clean_answers
from achterkant.catalog.models import Channel, Product
from achterkant.catalog.selectors import product_offered_online
from achterkant.identity.actors import Citizen, Company, NotPermitted
from achterkant.identity.assurance import ensure_sufficient
from achterkant.identity.lookup import PersonLookupError, PersonRecord
from achterkant.identity.services import person_for_self_service
from achterkant.notify.services import PendingRecords

BUSINESS_REFUSAL = (
    "Als ondernemer kunt u dit nog niet online aanvragen. Neem contact op met de gemeente, "
    "dan helpen wij u verder."
)
# A submission key that belongs to someone else's submit, or to another contact.
KEY_USED = "Dit formulier is al gebruikt. Laad de pagina opnieuw."


class NotOfferedOnline(ValidationError):
    """The product does not exist here, or has no web form valid today."""

    def __init__(self):
        super().__init__("Dit product kunt u niet online aanvragen.", code="not_offered_online")


def ensure_may_request(*, actor, product: Product) -> Citizen:
    """The citizen, if this actor may request ``product`` online; else a Dutch refusal.

    A business cannot file online yet (:class:`NotPermitted`); a log-in weaker than the
    product needs is refused with :class:`~achterkant.identity.assurance.AssuranceTooLow`.
    A channel may call this before it shows the form; :func:`submit_web_request` calls it
    again.
    """
    if isinstance(actor, Company):
        raise NotPermitted(BUSINESS_REFUSAL)
    if not isinstance(actor, Citizen):
        raise NotPermitted("Alleen een inwoner kan hier zelf een aanvraag doen.")
    ensure_sufficient(actual=actor.assurance, required=product.assurance_level)
    return actor


def submit_web_request(
    *,
    actor,
    product_code: str,
    answers: Mapping[str, Any],
    files: Mapping[str, UploadedFile] | None = None,
    key: uuid.UUID | str,
    person: PersonRecord | None = None,
    stored_files: list | None = None,
    pending: PendingRecords | None = None,
) -> tuple[Case, bool]:
    """Check and file a web request; returns ``(case, created)``.

    Refuses a product not offered online today (:class:`NotOfferedOnline`), an actor who
    may not file it (see :func:`ensure_may_request`), and answers that do not fit the form:
    a ValidationError with Dutch messages per field key (an address has
    ``<name>__postcode`` and so on; a bad ``key`` is reported under ``submission_key``).
    ``answers`` and ``files`` are what was sent, unchecked; unknown keys are ignored.
    ``person`` is the citizen's own register record, if the channel read it already;
    without it this service reads it (logged as the e-loket's self-service read). It
    completes the street and city of a matching address, and the *Zaak gestart* message
    may use it instead of reading the register again (the local register only:
    ``common.inform_initiator``).

    The same key again (a double click, a refresh) returns the case of the first submit
    and opens nothing. The key belongs to the person who used it first. Everything is one
    transaction: if a file or the case fails, nothing of the request is stored.
    ``stored_files``, if given, collects the files stored, so a caller with an outer
    transaction can remove them when that rolls back. ``pending``, if given, collects the
    case's processing-log entries and domain events, for that caller to write with its own
    (``notify.services.PendingRecords``); such a caller owns the transaction, so a key used
    before reaches it as the IntegrityError, and it asks :func:`earlier_submission` after
    its rollback (no savepoint here, which would cost two statements on every submit).
    """
    found = product_offered_online(product_code, timezone.localdate())
    if found is None:
        raise NotOfferedOnline()
    product, case_type = found
    citizen = ensure_may_request(actor=actor, product=product)
    if person is None:
        person = _own_record(citizen.bsn, pending)
    elif person.bsn != citizen.bsn:
        person = None  # someone else's record completes nothing
    errors: dict[str, list] = {}
    try:
        request = clean_answers(
            case_type.form_definition, answers, files, check_file=check_upload, person=person
        )
    except ValidationError as error:
        errors.update(error.error_dict)
    try:
        key = _as_key(key)
    except ValidationError as error:
        errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)

    # A key used before is found by the unique index (below), not by a SELECT first: that
    # read would cost every submit a query for the rare double one.
    stored: list = []  # the files written, to remove if the transaction rolls back
    # What the case leaves pending reaches the caller only if this block commits.
    ours = PendingRecords() if pending is not None else None
    try:
        with transaction.atomic(savepoint=pending is None):
            case = _open(
                product=product, citizen=citizen, request=request, stored=stored,
                is_report=case_type.is_report, person=person, pending=ours,
            )  # fmt: skip
            # The row with the key comes with its case, so it is one insert. A second
            # submit with the same key (a double click) waits on the unique index, fails
            # when the first commits, and its rollback takes its case along: there is one.
            WebSubmission.objects.create(
                key=key, case=case, product=product, initiator_bsn=citizen.bsn,
                answers=request.answers,
            )  # fmt: skip
    except Exception as error:
        # The rollback removed the rows; the files it wrote must go too.
        for file in stored:
            file.delete(save=False)
        if isinstance(error, IntegrityError) and pending is None:
            earlier = earlier_submission(key, citizen.bsn)
            if earlier is not None:
                return earlier, False
        raise
    if stored_files is not None:
        stored_files.extend(stored)
    if pending is not None:
        pending.add(ours)
    return case, True


def earlier_submission(key: uuid.UUID | str, bsn: str) -> Case | None:
    """The case an earlier submit with this key opened, when the key is this person's.

    For a submit refused by the key's unique index, after its rollback. None when no
    submit holds the key (the refusal was about something else); someone else's key is
    refused with a ValidationError rather than showing their case.
    """
    submission = WebSubmission.objects.filter(key=_as_key(key)).select_related("case").first()
    if submission is None:
        return None
    if submission.initiator_bsn != bsn or submission.case is None:
        raise ValidationError(KEY_USED)
    return submission.case


def _own_record(bsn: str, pending: PendingRecords | None) -> PersonRecord | None:
    """The citizen's register record; None if the register is down (no completion)."""
    try:
        return person_for_self_service(bsn=bsn, log=pending.reads if pending else None)
    except PersonLookupError:
        return None


def _open(
    *, product: Product, citizen: Citizen, request: CleanedAnswers, stored: list, is_report: bool,
    person: PersonRecord | None, pending: PendingRecords | None,
) -> Case:  # fmt: skip
    explanation = "\n".join(f"{question}: {answer}" for question, answer in request.lines)
    how = "Gemeld" if is_report else "Aangevraagd"
    # This service is the citizen's gate: it checked the product, level and answers. It
    # runs in the submit's atomic block, which any error leaves (no savepoint needed), and
    # the message may use the citizen's record read for this submit (``person``).
    case = register_case(
        actor=citizen,
        savepoint=False,
        person=person,
        pending=pending,
        case_type_identification=product.case_type_identification,
        channel=Channel.WEB,
        initiator_bsn=citizen.bsn,
        product=product,
        description=request.description or product.name,
        explanation=f"{how} via Mijn gemeente.\n\n{explanation}".strip(),
        postcode=request.postcode,
        documents=[(upload, question[:200]) for question, upload in request.uploads],
        stored_files=stored,
    )
    return case


def _as_key(value) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value or ""))
    except ValueError:
        raise ValidationError(
            {"submission_key": "Dit formulier is niet goed verstuurd. Laad de pagina opnieuw."}
        ) from None
