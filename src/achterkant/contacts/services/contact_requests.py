"""Contact requests (terugbelverzoek, interne taak): who acts, by when, and what happened."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.catalog.models import Channel, Product
from achterkant.contacts.models import Contact, ContactRequest, ContactRequestAttempt
from achterkant.contacts.norms import response_due
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
    """What the agent fills in for a callback or internal task."""

    name: str
    team: Team | None = None
    assignee: object | None = None
    phone: str = ""
    email: str = ""
    preferred_time: str = ""
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
    if not draft.phone.strip() and not draft.email.strip():
        errors["phone"] = "Vul een telefoonnummer of e-mailadres in."
    if not draft.name.strip():
        errors["name"] = "Vul de naam in van wie gebeld moet worden."
    if errors:
        raise ValidationError(errors)
    request = ContactRequest(
        contact=contact,
        bsn=bsn,
        kvk_number=kvk_number,
        name=draft.name,
        phone=draft.phone,
        email=draft.email,
        product=product,
        question=draft.question or (contact.question if contact else ""),
        preferred_time=draft.preferred_time,
        team=team,
        assignee=draft.assignee,
        due_at=_due_at(contact.channel if contact else Channel.PHONE, product),
        created_by=user_of(actor),
    )
    request.full_clean(exclude=["organisation", "contact", "team", "assignee", "product"])
    request.save()
    refresh_sla(request)
    if bsn:
        processing_log_record(
            actor=actor, action=Action.CREATE, bsns=[bsn], purpose=Purpose.CONTACT_HANDLING,
            object_type="contactverzoek", object_id=request.pk,
        )  # fmt: skip
    _emit(actor, request, "create")
    return request


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
