"""Contact requests (terugbelverzoek, interne taak): who acts, by when, and what happened."""

from dataclasses import dataclass
from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.catalog.models import Channel, Product
from achterkant.contacts.contact_details import EMAIL_ERROR, PHONE_ERROR, clean_email, clean_phone
from achterkant.contacts.models import Contact, ContactRequest, ContactRequestAttempt
from achterkant.contacts.norms import response_due
from achterkant.contacts.preferred_moment import preferred_moment_errors
from achterkant.contacts.selectors import contact_request_may_work_on
from achterkant.contacts.sla import refresh_sla
from achterkant.identity.actors import NotPermitted, require, user_of
from achterkant.routing.models import Team
from achterkant.routing.services import route
from achterkant.worktime.calendar import add_working_days
from achterkant.worktime.hours import FALLBACK_OPENING_HOURS, end_of_working_day
from achterkant.worktime.selectors import opening_hours_of_active_organisation


@dataclass(frozen=True)
class ContactRequestDraft:
    """What the agent fills in for a callback or internal task.

    ``phone`` or ``email``: how to reach them (one is enough: the route they chose).
    ``preferred_date``, ``preferred_from``, ``preferred_until``: when they prefer it, a
    day and/or a window (``contacts.preferred_moment``).
    """

    name: str
    team: Team | None = None
    assignee: object | None = None
    phone: str = ""
    email: str = ""
    preferred_date: date | None = None
    preferred_from: time | None = None
    preferred_until: time | None = None
    question: str = ""


def _due_at(channel: str, product: Product | None):
    now = timezone.now()
    # A callback is a phone call, also when the question came in at the counter.
    norm_channel = Channel.PHONE if channel in (Channel.PHONE, Channel.COUNTER) else channel
    due = response_due(norm_channel, product, now)
    if due is None:
        # Typical municipal charter: a callback by the end of the next working day.
        next_day = add_working_days(timezone.localdate(now), 1)
        hours = opening_hours_of_active_organisation() or FALLBACK_OPENING_HOURS
        due = end_of_working_day(next_day, opening_hours=hours)
    return due


@transaction.atomic
def contact_request_create(
    *,
    actor,
    draft: ContactRequestDraft,
    contact: Contact | None = None,
    bsn: str = "",
    kvk_number: str = "",
    product: Product | None = None,
) -> ContactRequest:
    """Hand a question to a team or a colleague, due per the product's service norm.

    Without a chosen team or colleague, the routing rules pick the team for the product,
    the same way they route cases. ``actor`` needs ``contacts.add_contact``.
    """
    actor = require(actor, "contacts.add_contact")
    team = draft.team
    if team is None and draft.assignee is None and product is not None:
        team = route(
            product_code=product.code,
            case_type_identification=product.case_type_identification,
            channel=contact.channel if contact else Channel.PHONE,
        )
    errors = {}
    if team is None and draft.assignee is None:
        errors["team"] = "Kies het team of de medewerker die terugbelt."
    phone, email = _reachable_on(draft, errors)
    if not draft.name.strip():
        errors["name"] = "Vul de naam in van wie gebeld moet worden."
    errors |= preferred_moment_errors(
        preferred_date=draft.preferred_date, preferred_from=draft.preferred_from,
        preferred_until=draft.preferred_until, now=timezone.localtime(),
    )  # fmt: skip
    if errors:
        raise ValidationError(errors)
    request = ContactRequest(
        contact=contact,
        bsn=bsn,
        kvk_number=kvk_number,
        name=draft.name,
        phone=phone,
        email=email,
        product=product,
        question=draft.question or (contact.question if contact else ""),
        preferred_date=draft.preferred_date,
        preferred_from=draft.preferred_from,
        preferred_until=draft.preferred_until,
        team=team,
        assignee=draft.assignee,
        due_at=_due_at(contact.channel if contact else Channel.PHONE, product),
        created_by=user_of(actor),
    )
    # The window was checked above, in words an agent understands; its constraint would
    # cost a query to check again.
    request.full_clean(
        exclude=["organisation", "contact", "team", "assignee", "product", "preferred_from",
                 "preferred_until"]
    )  # fmt: skip
    request.save()
    refresh_sla(request)
    if bsn:
        processing_log_record(
            actor=actor, action=Action.CREATE, bsns=[bsn], purpose=Purpose.CONTACT_HANDLING,
            object_type="contactverzoek", object_id=request.pk,
        )  # fmt: skip
    _emit(actor, request, "create")
    return request


def _reachable_on(draft: ContactRequestDraft, errors: dict) -> tuple[str, str]:
    """The draft's phone number and e-mail address, each checked and in one spelling;
    what is wrong goes into ``errors``."""
    phone, email = draft.phone.strip(), draft.email.strip()
    if not phone and not email:
        errors["phone"] = "Vul een telefoonnummer of e-mailadres in."
    if phone:
        try:
            phone = clean_phone(phone)
        except ValueError:
            errors["phone"] = PHONE_ERROR
    if email:
        try:
            email = clean_email(email)
        except ValueError:
            errors["email"] = EMAIL_ERROR
    return phone, email


def _emit(actor, request: ContactRequest, action: str) -> None:
    from achterkant.contacts.services.receive import emit_contact_event

    emit_contact_event(
        actor=actor, resource="internetaak", action=action,
        reference=f"contactverzoek-{request.pk}",
    )  # fmt: skip


@transaction.atomic
def contact_request_log_attempt(
    *, actor, request: ContactRequest, result: str, note: str = ""
) -> ContactRequestAttempt:
    """Record a try ('niet bereikt', 'afgehandeld'); 'afgehandeld' closes the request.

    Only its assignee or a member of its team may, with ``contacts.change_contactrequest``
    (:func:`~achterkant.contacts.selectors.contact_request_may_work_on`).
    """
    actor = require(actor, "contacts.change_contactrequest")
    request = ContactRequest.objects.select_for_update().get(pk=request.pk)
    if not contact_request_may_work_on(actor, request):
        raise NotPermitted("Dit contactverzoek is voor een ander team of een andere medewerker.")
    if request.status == ContactRequest.Status.DONE:
        raise ValidationError({"result": "Dit contactverzoek is al afgehandeld."})
    if result not in ContactRequestAttempt.Result.values:
        raise ValidationError({"result": "Kies wat er gebeurde."})
    if result == ContactRequestAttempt.Result.NOTE and not note.strip():
        raise ValidationError({"note": "Vul de notitie in."})
    attempt = ContactRequestAttempt.objects.create(
        request=request, by=user_of(actor), result=result, note=note
    )
    if result == ContactRequestAttempt.Result.HANDLED:
        request.status = ContactRequest.Status.DONE
        request.closed_at = timezone.now()
        request.save(update_fields=["status", "closed_at"])
        refresh_sla(request)
    if request.bsn:
        processing_log_record(
            actor=actor, action=Action.UPDATE, bsns=[request.bsn],
            purpose=Purpose.CONTACT_HANDLING, object_type="contactverzoek", object_id=request.pk,
        )  # fmt: skip
    _emit(actor, request, "partial_update")
    return attempt
