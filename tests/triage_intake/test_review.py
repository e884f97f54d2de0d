"""The feedback loop: an agent confirms or corrects the product of a contact in review.

The choice sets the product, the norm (the same rule as intake), the team (the same
routing rule) and the status, logs the processing, and is stored as a labelled example
("confirmed" when it was the model's top suggestion, else "corrected").
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from achterkant.audit.models import ProcessingLogEntry
from achterkant.catalog.models import Channel, Product
from achterkant.contacts.models import Contact, TriageStatus
from achterkant.contacts.services import contact_confirm_product, contact_receive
from achterkant.contacts.services.contact_routing import response_norm
from achterkant.contacts.triage.models import TriageExample
from achterkant.identity.actors import NotPermitted
from achterkant.notify.models import DomainEvent
from tests.triage_intake.conftest import set_threshold

QUESTION = "Mijn paspoort is verlopen. Hoe vraag ik een nieuw paspoort aan?"


@pytest.fixture
def in_review(trained):
    """An e-mail of a known person, waiting for review with paspoort as top suggestion."""
    set_threshold(trained, 0.999)
    with trained.active():
        contact = contact_receive(
            actor=trained.staff["agent"], channel=Channel.EMAIL, question=QUESTION,
            subject="Vraag", bsn=trained.person.bsn, email="sophie@example.nl",
        )  # fmt: skip
    assert contact.triage_status == TriageStatus.REVIEW
    assert contact.triage_suggestions[0]["code"] == "paspoort"
    trained.contact = contact
    return trained


def _confirm(tenant, code: str, role: str = "agent", contact=None):
    with tenant.active():
        return contact_confirm_product(
            actor=tenant.staff[role], contact=contact or tenant.contact,
            product=tenant.products[code],
        )  # fmt: skip


def test_confirming_the_top_suggestion(in_review):
    contact = _confirm(in_review, "paspoort")
    with in_review.active():
        stored = Contact.objects.get(pk=contact.pk)
        example = TriageExample.objects.get(contact_id=contact.pk)
        _norm, due = response_norm(Channel.EMAIL, in_review.products["paspoort"], stored.started_at)
        logged = ProcessingLogEntry.objects.filter(
            object_type="klantcontact", object_id=str(contact.pk), action="update"
        )
        assert logged.count() == 1
        assert DomainEvent.objects.filter(
            main_reference=f"klantcontact-{contact.pk}", action="partial_update"
        ).exists()
    assert stored.triage_status == TriageStatus.CONFIRMED
    assert stored.product == in_review.products["paspoort"]
    assert stored.team == in_review.teams["paspoort"]
    assert stored.response_due_at == due  # the product's 5 working days, not the default 2
    assert stored.agent == in_review.staff["agent"]
    # The suggestions stay as the model gave them: the queue's history.
    assert stored.triage_suggestions[0]["code"] == "paspoort"
    assert (example.source, example.suggested_code) == ("confirmed", "paspoort")
    assert example.product == in_review.products["paspoort"]
    assert example.created_by == in_review.staff["agent"]
    assert "paspoort" in example.text.lower()


def test_correcting_to_another_product(in_review):
    contact = _confirm(in_review, "grofvuil")
    with in_review.active():
        stored = Contact.objects.get(pk=contact.pk)
        example = TriageExample.objects.get(contact_id=contact.pk)
        _norm, due = response_norm(Channel.EMAIL, in_review.products["grofvuil"], stored.started_at)
    assert stored.product == in_review.products["grofvuil"]
    assert stored.team == in_review.teams["grofvuil"]
    assert stored.response_due_at == due
    assert (example.source, example.suggested_code) == ("corrected", "paspoort")


def test_a_second_confirmation_is_refused_and_writes_nothing(in_review):
    _confirm(in_review, "paspoort")
    with pytest.raises(ValidationError) as raised:
        _confirm(in_review, "grofvuil")
    assert "al bevestigd" in " ".join(raised.value.messages)
    with in_review.active():
        assert TriageExample.objects.filter(contact_id=in_review.contact.pk).count() == 1
        assert Contact.objects.get(pk=in_review.contact.pk).product.code == "paspoort"


def test_an_email_without_suggestions_is_confirmed_as_a_correction(triage_catalogue):
    """No model: the agent's choice still teaches the first model."""
    with triage_catalogue.active():
        contact = contact_receive(
            actor=triage_catalogue.staff["agent"], channel=Channel.EMAIL, question=QUESTION,
            email="iemand@example.org",
        )  # fmt: skip
    assert contact.triage_suggestions == []
    _confirm(triage_catalogue, "paspoort", contact=contact)
    with triage_catalogue.active():
        example = TriageExample.objects.get(contact_id=contact.pk)
    assert (example.source, example.suggested_code) == ("corrected", "")


def test_an_email_example_is_stored_without_its_quoted_history(trained):
    from achterkant.contacts.mail_intake import ingest_message
    from tests.triage_intake.test_intake import QUOTED_REPLY

    set_threshold(trained, 0.999)
    with trained.active():
        contact = ingest_message(QUOTED_REPLY.encode()).contact
    _confirm(trained, "paspoort", contact=contact)
    with trained.active():
        example = TriageExample.objects.get(contact_id=contact.pk)
    assert "paspoort" in example.text
    assert "grofvuil" not in example.text.lower()  # the quoted reply and signature are gone


def test_a_contact_not_in_review_is_refused(trained):
    now = timezone.now()
    with trained.active():
        call = contact_receive(
            actor=trained.staff["agent"], channel=Channel.PHONE, question=QUESTION,
            outcome="answered", answer="Afspraak maken.", started_at=now, ended_at=now,
        )  # fmt: skip
    with pytest.raises(ValidationError):
        _confirm(trained, "paspoort", contact=call)


def test_another_organisations_contact_does_not_exist(in_review, tenant_b):
    with tenant_b.active():
        product_b = Product.objects.get(code="melding")
        with pytest.raises(Contact.DoesNotExist):
            contact_confirm_product(
                actor=tenant_b.staff["agent"], contact=in_review.contact, product=product_b
            )
    with in_review.active():
        assert Contact.objects.get(pk=in_review.contact.pk).triage_status == TriageStatus.REVIEW


def test_another_organisations_product_is_refused(in_review, tenant_b):
    with tenant_b.active():
        product_b = Product.objects.get(code="melding")
    with in_review.active(), pytest.raises(ValidationError):
        contact_confirm_product(
            actor=in_review.staff["agent"], contact=in_review.contact, product=product_b
        )
    with in_review.active():
        assert not TriageExample.objects.filter(contact_id=in_review.contact.pk).exists()


def test_a_case_worker_without_the_contact_permission_is_refused(in_review):
    with pytest.raises(NotPermitted):
        _confirm(in_review, "paspoort", role="worker")
    with in_review.active():
        assert Contact.objects.get(pk=in_review.contact.pk).triage_status == TriageStatus.REVIEW


def test_an_auto_routed_contact_can_be_corrected(trained):
    set_threshold(trained, 0.3)
    with trained.active():
        contact = contact_receive(
            actor=trained.staff["agent"], channel=Channel.EMAIL, question=QUESTION,
            email="iemand@example.org",
        )  # fmt: skip
    assert contact.triage_status == TriageStatus.AUTO
    _confirm(trained, "melding", contact=contact)
    with trained.active():
        stored = Contact.objects.get(pk=contact.pk)
        example = TriageExample.objects.get(contact_id=contact.pk)
    assert stored.team == trained.teams["melding"]
    assert (example.source, example.suggested_code) == ("corrected", "paspoort")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: row locks")
def test_two_agents_clicking_at_once_write_once(transactional_db, in_review):
    """Two requests in two connections confirm the same contact at the same moment: one
    wins, the other is told it is already confirmed; one example, one product."""
    start = threading.Barrier(2, timeout=30)
    results = {}

    def click(code: str) -> None:
        try:
            start.wait()
            results[code] = _confirm(in_review, code)
        except ValidationError as error:
            results[code] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(code,)) for code in ("paspoort", "grofvuil")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    refused = [r for r in results.values() if isinstance(r, ValidationError)]
    confirmed = [r for r in results.values() if isinstance(r, Contact)]
    assert (len(confirmed), len(refused)) == (1, 1)
    with in_review.active():
        example = TriageExample.objects.get(contact_id=in_review.contact.pk)
        stored = Contact.objects.get(pk=in_review.contact.pk)
    assert stored.product == confirmed[0].product == example.product


def test_starting_a_case_from_a_contact_in_review_teaches_the_model_too(in_review):
    """Starting a case names the product as surely as the queue does (the feedback loop)."""
    from achterkant.contacts.services import contact_start_case

    with in_review.active():
        contact = contact_start_case(
            actor=in_review.staff["agent"], contact=in_review.contact,
            product=in_review.products["melding"],
        )  # fmt: skip
        stored = Contact.objects.get(pk=contact.pk)
        example = TriageExample.objects.get(contact_id=contact.pk)
    assert stored.case is not None and stored.triage_status == TriageStatus.CONFIRMED
    assert (example.source, example.suggested_code) == ("corrected", "paspoort")
    assert example.product == in_review.products["melding"]
    # Decided: the review queue no longer offers it.
    with pytest.raises(ValidationError):
        _confirm(in_review, "paspoort", contact=stored)
