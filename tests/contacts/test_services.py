import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from achterkant.audit.models import ProcessingLogEntry
from achterkant.cases.models import Case, Document
from achterkant.catalog.models import Product
from achterkant.contacts.models import Contact, ContactRequest, ContactRequestAttempt
from achterkant.contacts.services import (
    ContactRequestDraft,
    contact_answer,
    contact_link_person,
    contact_register,
    contact_request_log_attempt,
    letter_register,
)
from achterkant.routing.models import Team

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def _register(tenant, **overrides):
    now = timezone.now()
    arguments = {
        "actor": tenant.staff["agent"],
        "channel": "phone",
        "bsn": tenant.person.bsn,
        "product": tenant.product,
        "subject": "Lantaarnpaal",
        "question": "De lantaarnpaal is kapot.",
        "outcome": "answered",
        "answer": "We sturen iemand langs.",
        "started_at": now - timedelta(minutes=3),
        "ended_at": now,
    }
    with tenant.active():
        return contact_register(**{**arguments, **overrides})


def test_answered_at_first_contact_is_stored_with_handling_time(tenant_a):
    contact = _register(tenant_a)
    assert contact.outcome == "answered" and contact.answered_at_first_contact
    assert 179 <= contact.handling_seconds <= 181
    assert contact.responded_at == contact.ended_at


def test_a_contact_can_start_a_case_and_is_linked_to_it(tenant_a):
    contact = _register(tenant_a, outcome="case", answer="")
    with tenant_a.active():
        case = Case.objects.get()
    assert contact.case == case and not contact.answered_at_first_contact
    assert case.channel == "phone"
    assert (case.description, case.explanation) == ("Lantaarnpaal", "De lantaarnpaal is kapot.")


def test_a_contact_request_goes_to_a_team_with_a_computed_due_time(tenant_a):
    with tenant_a.active():
        team = Team.objects.create(identification="kcc", name="KCC")
    draft = ContactRequestDraft(name="Sophie de Vries", team=team, phone="0612345678")
    contact = _register(tenant_a, outcome="contact_request", answer="", contact_request=draft)
    with tenant_a.active():
        request = ContactRequest.objects.get()
        assert ProcessingLogEntry.objects.filter(object_type="contactverzoek").exists()
    assert request.contact == contact and request.team == team
    assert request.bsn == tenant_a.person.bsn
    assert request.question == "De lantaarnpaal is kapot."
    assert request.due_at > contact.ended_at


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"outcome": "answered", "answer": ""}, "answer"),
        ({"outcome": "referred", "referred_to": ""}, "referred_to"),
        ({"outcome": "contact_request"}, "team"),
        ({"outcome": "case", "bsn": ""}, "bsn"),
        ({"outcome": "onzin"}, "outcome"),
        ({"channel": "duif"}, "channel"),
        ({"kvk_number": "123"}, "__all__"),
    ],
)
def test_each_outcome_asks_for_what_it_needs_and_writes_nothing(tenant_a, overrides, field):
    with pytest.raises(ValidationError) as error:
        _register(tenant_a, **overrides)
    if field != "__all__":
        assert field in error.value.message_dict
    with tenant_a.active():
        assert not Contact.objects.exists() and not Case.objects.exists()


def test_the_same_idempotency_key_records_one_contact(tenant_a):
    key = uuid.uuid4()
    first = _register(tenant_a, outcome="case", idempotency_key=key)
    second = _register(tenant_a, outcome="case", idempotency_key=key)
    assert first.pk == second.pk
    with tenant_a.active():
        assert (Contact.objects.count(), Case.objects.count()) == (1, 1)


def test_anonymous_contacts_are_allowed_but_cannot_start_a_case(tenant_a):
    assert _register(tenant_a, bsn="").bsn == ""
    with pytest.raises(ValidationError, match="BSN van de aanvrager"):
        _register(tenant_a, bsn="", outcome="case")


def test_a_product_without_case_type_cannot_start_a_case(tenant_a):
    with tenant_a.active():
        info = Product.objects.create(code="info", name="Afvalkalender")
    with pytest.raises(ValidationError, match="product waarvoor u een zaak kunt starten"):
        _register(tenant_a, product=info, outcome="case")


def test_a_contact_cannot_end_before_it_starts(tenant_a):
    now = timezone.now()
    with pytest.raises(ValidationError):
        _register(tenant_a, started_at=now, ended_at=now - timedelta(minutes=1))


def test_attempts_are_logged_and_handled_closes_the_request(tenant_a):
    with tenant_a.active():
        team = Team.objects.create(identification="kcc", name="KCC")
    draft = ContactRequestDraft(name="Sophie", team=team, phone="0612345678")
    _register(tenant_a, outcome="contact_request", contact_request=draft)
    with tenant_a.active():
        request = ContactRequest.objects.get()
        agent = tenant_a.staff["agent"]
        team.members.add(agent)  # only the team (or the assignee) may work on it
        contact_request_log_attempt(actor=agent, request=request, result="not_reached")
        contact_request_log_attempt(actor=agent, request=request, result="handled", note="Gebeld")
        request.refresh_from_db()
        assert request.status == "done" and request.closed_at is not None
        assert list(request.attempts.values_list("result", flat=True)) == ["not_reached", "handled"]
        with pytest.raises(ValidationError, match="al afgehandeld"):
            contact_request_log_attempt(actor=agent, request=request, result="note", note="x")
        assert ContactRequestAttempt.objects.count() == 2


def test_unmatched_contacts_can_be_linked_and_written_ones_answered(tenant_a):
    contact = _register(tenant_a, bsn="", channel="email", outcome="open", answer="")
    with tenant_a.active():
        agent = tenant_a.staff["agent"]
        contact_link_person(actor=agent, contact=contact, bsn=tenant_a.person.bsn)
        answered = contact_answer(actor=agent, contact=contact, answer="Hierbij het antwoord.")
        with pytest.raises(ValidationError, match="al beantwoord"):
            contact_answer(actor=agent, contact=contact, answer="Nog eens")
    assert answered.bsn == tenant_a.person.bsn and answered.responded_at is not None


def test_a_letter_becomes_a_letter_contact_with_its_scan_and_optionally_a_case(
    tenant_a, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    with tenant_a.active():
        # A KCC agent may open the case, so the scan it came with becomes its document.
        contact = letter_register(
            actor=tenant_a.staff["agent"], scan=SimpleUploadedFile("brief.pdf", PDF),
            subject="Bezwaar", question="Bezwaar tegen de aanslag", bsn=tenant_a.person.bsn,
            product=tenant_a.product, start_case=True,
        )  # fmt: skip
        assert contact.channel == "letter" and contact.response_due_at is not None
        assert contact.attachments.get().content_type == "application/pdf"
        assert Document.objects.get(case=contact.case).title == "Brief: Bezwaar"


def test_a_letter_that_is_not_a_pdf_is_refused_and_nothing_is_written(tenant_a, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    with tenant_a.active():
        with pytest.raises(ValidationError, match="Dit soort bestand"):
            letter_register(actor=tenant_a.staff["agent"], subject="x", question="y",
                            scan=SimpleUploadedFile("brief.pdf", b"MZ\x90\x00" * 20))  # fmt: skip
        assert not Contact.objects.exists()


def test_a_contact_request_without_a_team_is_routed_by_the_rules(tenant_a):
    from achterkant.routing.models import RoutingRule

    with tenant_a.active():
        team = Team.objects.create(identification="stadsbeheer", name="Stadsbeheer")
        RoutingRule.objects.create(order=1, product_code="melding", team=team)
    draft = ContactRequestDraft(name="Sophie", phone="0612345678")
    _register(tenant_a, outcome="contact_request", contact_request=draft)
    with tenant_a.active():
        assert ContactRequest.objects.get().team == team


def test_a_contact_request_nobody_can_take_is_refused(tenant_a):
    draft = ContactRequestDraft(name="Sophie", phone="0612345678")
    with pytest.raises(ValidationError, match="Kies het team"):
        _register(tenant_a, outcome="contact_request", contact_request=draft)
    with tenant_a.active():
        assert not Contact.objects.exists()


def test_a_late_contact_request_is_escalated_once_by_the_sweep(tenant_a):
    from achterkant.contacts.sla import sweep_contact_requests
    from achterkant.routing.models import Escalation

    with tenant_a.active():
        team = Team.objects.create(identification="kcc", name="KCC")
    draft = ContactRequestDraft(name="Sophie", team=team, phone="0612345678")
    _register(tenant_a, outcome="contact_request", contact_request=draft)
    with tenant_a.active():
        request = ContactRequest.objects.get()
        assert request.sla_state == "on_time" and request.sla_next_check_at is not None
    later = request.due_at + timedelta(hours=1)
    sweep_contact_requests(now=later)
    sweep_contact_requests(now=later)
    with tenant_a.active():
        request.refresh_from_db()
        assert (request.sla_state, request.urgency) == ("breached", 2)
        assert Escalation.objects.filter(item_kind="contact_request").count() == 1
