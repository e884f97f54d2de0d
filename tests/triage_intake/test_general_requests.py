"""The e-loket's general request: the citizen's own words, always to an agent for review."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from achterkant.audit.models import ProcessingLogEntry
from achterkant.catalog.models import Channel
from achterkant.contacts.models import Contact, Outcome, TriageStatus
from achterkant.contacts.norms import response_due
from achterkant.contacts.services import contact_confirm_product, general_request_receive
from achterkant.contacts.services.general_requests import MAX_LENGTH
from achterkant.contacts.triage.models import TriageExample
from achterkant.identity.actors import Citizen, NotPermitted, Staff
from tests.triage_intake.conftest import set_threshold

TEXT = "Mijn oude bank en matras moeten weg. Kunnen jullie die komen ophalen?"


def _ask(tenant, text: str = TEXT, key=None, bsn: str | None = None):
    with tenant.active():
        return general_request_receive(
            actor=Citizen(bsn=bsn or tenant.person.bsn), text=text, key=key or uuid.uuid4()
        )


def test_a_general_request_waits_for_review_with_the_team_of_the_best_guess(trained):
    set_threshold(trained, 0.0)  # even when the model is sure, an agent confirms
    contact, created = _ask(trained)
    assert created
    assert contact.channel == Channel.WEB
    assert contact.bsn == trained.person.bsn
    assert contact.outcome == Outcome.OPEN and contact.responded_at is None
    assert contact.triage_status == TriageStatus.REVIEW
    assert contact.product is None
    assert contact.team == trained.teams["grofvuil"]
    assert contact.triage_suggestions[0]["code"] == "grofvuil"
    # A written question: answered on the e-mail norm until an agent names the product.
    with trained.active():
        expected = response_due(Channel.EMAIL, None, contact.started_at)
    assert expected is not None and contact.response_due_at == expected
    with trained.active():
        assert ProcessingLogEntry.objects.filter(
            bsn=trained.person.bsn, object_type="klantcontact", object_id=str(contact.pk)
        ).exists()


def test_the_same_key_records_one_contact(trained):
    key = uuid.uuid4()
    first, created = _ask(trained, key=key)
    again, created_again = _ask(trained, key=str(key))
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    with trained.active():
        assert Contact.objects.filter(channel=Channel.WEB).count() == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Beschrijf uw vraag."), ("   \n ", "Beschrijf uw vraag."),
     ("x" * (MAX_LENGTH + 1), "te lang")],
)  # fmt: skip
def test_empty_or_too_long_text_is_refused_in_dutch(trained, text, message):
    with pytest.raises(ValidationError) as raised:
        _ask(trained, text=text)
    assert message in " ".join(raised.value.message_dict["text"])
    with trained.active():
        assert not Contact.objects.exists()


def test_a_broken_key_is_refused(trained):
    with pytest.raises(ValidationError) as raised:
        _ask(trained, key="geen-sleutel")
    assert "key" in raised.value.message_dict


def test_only_a_citizen_files_a_general_request(trained):
    with trained.active(), pytest.raises(NotPermitted):
        general_request_receive(actor=Staff(trained.staff["agent"]), text=TEXT, key=uuid.uuid4())


def test_without_a_model_it_still_comes_in(triage_catalogue):
    contact, created = _ask(triage_catalogue)
    assert created and contact.triage_status == TriageStatus.REVIEW
    assert contact.team is None and contact.triage_suggestions == []


def test_an_agent_confirms_it_and_the_web_norm_of_the_product_applies(trained):
    contact, _ = _ask(trained)
    with trained.active():
        confirmed = contact_confirm_product(
            actor=trained.staff["agent"], contact=contact, product=trained.products["grofvuil"]
        )
        example = TriageExample.objects.get(contact_id=contact.pk)
    assert confirmed.triage_status == TriageStatus.CONFIRMED
    assert confirmed.team == trained.teams["grofvuil"]
    # The example is the citizen's own words, not our fixed subject line.
    assert example.text == TEXT
    assert example.source == "confirmed"
    # Grofvuil has no web norm: the written question keeps its date, it does not lose it.
    with trained.active():
        assert confirmed.response_due_at == response_due(Channel.EMAIL, None, contact.started_at)
