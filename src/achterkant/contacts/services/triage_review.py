"""The review queue of written contacts: an agent confirms or corrects the product.

A written contact that the classifier was not sure enough about
(``contact_routing.triage_new_contact``)
waits with its top 3 suggestions. The agent's choice sets the product, and with it the
norm (the same :func:`~.contact_routing.response_norm` intake uses) and the team (the same
routing rule), and it is stored as a labelled example for the next training: the
feedback loop of issue 18.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from achterkant.audit.models import Action
from achterkant.catalog.models import Channel, Product
from achterkant.contacts.models import Contact, TriageStatus
from achterkant.contacts.services.contact_routing import (
    classification_text,
    response_norm,
    route_contact,
)
from achterkant.contacts.services.receive import emit_contact_event, log_contact
from achterkant.identity.actors import require, user_of
from achterkant.tenancy.context import require_organisation

# What an agent may still decide: a contact waiting for review, or one the model routed
# on its own (a correction of an automatic choice teaches the model just as well).
_OPEN = (TriageStatus.REVIEW, TriageStatus.AUTO)


def contact_confirm_product(*, actor, contact: Contact, product: Product) -> Contact:
    """Confirm (or correct) the product of a classified contact, once. Returns the contact.

    ``actor`` needs ``contacts.add_contact``. The contact and the product must be of the
    active organisation (else ``Contact.DoesNotExist``, like any contact of another
    organisation). A contact already decided, or one a case was started for, is refused
    with a Dutch ``ValidationError``; a double submit writes once (the second finds it
    decided). The choice is recorded as a labelled example: "confirmed" when it is the
    model's top suggestion at intake, else "corrected".
    """

    actor = require(actor, "contacts.add_contact")
    organisation = require_organisation()
    if product.organisation_id != organisation.pk:
        raise ValidationError({"product": "Kies een product van uw eigen organisatie."})
    with transaction.atomic():
        # Tenant-scoped: another organisation's contact does not exist here.
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        if contact.triage_status == TriageStatus.CONFIRMED:
            raise ValidationError({"product": "Het product van dit contact is al bevestigd."})
        if contact.triage_status not in _OPEN:
            raise ValidationError({"product": "Dit contact hoeft niet beoordeeld te worden."})
        if contact.case_id is not None and contact.product_id != product.pk:
            raise ValidationError(
                {"product": "Voor dit contact is al een zaak gestart; het product ligt vast."}
            )
        # A web contact in review is always a general request (the e-loket's other
        # contacts come with their product and case).
        _norm, due = response_norm(
            contact.channel, product, contact.started_at, written=contact.channel == Channel.WEB
        )
        team = route_contact(contact.channel, product)
        fields = {
            "product": product, "response_due_at": due, "team": team,
            "triage_status": TriageStatus.CONFIRMED, "agent": contact.agent or user_of(actor),
        }  # fmt: skip
        # Conditional on the status read under the lock: where select_for_update is not a
        # lock (SQLite), a racing second click still changes nothing.
        changed = Contact.objects.filter(pk=contact.pk, triage_status=contact.triage_status).update(
            **fields
        )
        if not changed:
            raise ValidationError({"product": "Het product van dit contact is al bevestigd."})
        for name, value in fields.items():
            setattr(contact, name, value)
        record_triage_choice(actor=actor, contact=contact, product=product)
        log_contact(actor, contact, Action.UPDATE)
        emit_contact_event(
            actor=actor, resource="klantcontact", action="partial_update",
            reference=f"klantcontact-{contact.pk}", attributes={"kanaal": contact.channel},
        )  # fmt: skip
    return contact


def record_triage_choice(*, actor, contact: Contact, product: Product) -> None:
    """Store an agent's product for a classified contact as a labelled example: what the
    review queue does, and what starting a case from that contact does too
    (``contacts.contact_start_case``). "confirmed" when it is the model's top suggestion
    at intake, else "corrected". The caller has checked the actor and the status."""
    from achterkant.contacts.triage import record_example

    top = contact.triage_suggestions[0]["code"] if contact.triage_suggestions else ""
    record_example(
        actor=user_of(actor),  # the staff user: the example's "created by"
        text=_example_text(contact),
        product=product,
        source="confirmed" if top and top == product.code else "corrected",
        suggested_code=top,
        contact_id=contact.pk,
    )


def _example_text(contact: Contact) -> str:
    """The text the classifier read at intake, so the example teaches what it will read:
    of an e-mail without its quoted history and signature, which training does not strip
    (it prepares every example as plain text)."""
    from achterkant.contacts.triage.text import prepare

    text, source = classification_text(contact.channel, contact.subject, contact.question)
    return prepare(text, source=source) if source == "email" else text
