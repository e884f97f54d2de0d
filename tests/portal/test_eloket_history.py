"""The e-loket (issue 17): a melding is confirmed as a melding, one message per submission,
and the request is a contact in the history on both sides, recorded once."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from achterkant.audit.models import ProcessingLogEntry
from achterkant.cases.models import Case, WebSubmission
from achterkant.catalog.models import CaseType
from achterkant.contacts.models import Contact
from achterkant.contacts.services import contact_receive, web_request_receive
from achterkant.identity.actors import Citizen, NotPermitted
from achterkant.notify.models import DomainEvent, OutboxMessage
from tests.portal.test_requests import FORM, GOOD_ANSWERS, URL, _answers, _citizen


@pytest.fixture
def eloket(tenant_a):
    """Tenant A's 'melding' product on the web; its case type says "Melden" (conftest)."""
    with tenant_a.active():
        CaseType.objects.filter(identification="ZT-MELDING").update(form_definition=FORM)
    return tenant_a


def _as_application(tenant):
    """The same product as an aanvraag: the case type's initiator action is "Aanvragen"."""
    with tenant.active():
        CaseType.objects.filter(identification="ZT-MELDING").update(initiator_action="Aanvragen")


def _messages(tenant):
    with tenant.active():
        return list(OutboxMessage.objects.order_by("pk"))


def test_a_melding_is_confirmed_as_a_melding_on_the_page_and_in_the_message(eloket):
    client = _citizen(eloket)
    form = client.get(URL).content.decode()
    assert "hebben wij uw melding afgehandeld" in form and "een besluit" not in form
    response = client.post(URL, _answers(client), follow=True)
    page = response.content.decode()
    assert "Wij hebben uw melding ontvangen" in page and "Bedankt voor uw melding" in page
    for word in ("aanvraag", "besluit"):
        assert word not in page.lower(), word
    (message,) = _messages(eloket)
    text = f"{message.subject}\n{message.body}"
    assert message.subject.startswith("Wij hebben uw melding ontvangen")
    assert "Bedankt voor uw melding" in text and "hebben wij uw melding afgehandeld" in text
    for word in ("aanvraag", "besluit", "verzoek"):
        assert word not in text.lower(), word
    with eloket.active():
        assert Case.objects.get().explanation.startswith("Gemeld via Mijn gemeente.")


def test_an_aanvraag_is_still_confirmed_as_one_with_the_decision_date(eloket):
    _as_application(eloket)
    client = _citizen(eloket)
    page = client.post(URL, _answers(client), follow=True).content.decode()
    assert "Wij hebben uw aanvraag ontvangen" in page and "Bedankt voor uw melding" not in page
    assert "U krijgt uiterlijk een besluit op" in page
    (message,) = _messages(eloket)
    assert "Bedankt voor uw verzoek" in message.body and "een besluit" in message.body


def test_one_submission_sends_exactly_one_message_with_number_and_promised_date(eloket):
    from django.utils.formats import date_format

    client = _citizen(eloket)
    client.post(URL, _answers(client))
    (message,) = _messages(eloket)
    with eloket.active():
        case = Case.objects.get()
    assert message.event_code == "case.opened" and message.reference == case.number
    assert case.number in message.body
    assert date_format(case.latest_end_date, "l j F Y") in message.body


def test_the_request_is_a_web_contact_in_both_histories_logged_once(eloket):
    client = _citizen(eloket)
    client.post(URL, _answers(client))
    with eloket.active():
        case = Case.objects.get()
        contact = Contact.objects.get()
        assert (contact.channel, contact.outcome, contact.case_id) == ("web", "case", case.pk)
        assert contact.bsn == eloket.person.bsn and contact.product_id == eloket.product.pk
        assert contact.agent is None and contact.responded_at is not None
        logged = ProcessingLogEntry.objects.filter(object_type="klantcontact", action="create")
        assert list(logged.values_list("object_id", "bsn", "actor_label")) == [
            (str(contact.pk), eloket.person.bsn, "de inwoner zelf (Mijn gemeente)")
        ]
        assert DomainEvent.objects.filter(channel="klantcontacten", action="create").count() == 1
    # The citizen's Mijn overzicht lists it ...
    home = client.get("/mijn/").content.decode()
    assert "Mijn contacten" in home and "Nog geen contacten" not in home
    assert "website" in home.split("Mijn contacten", 1)[1]
    # ... and so does the desk's 360° view of the person.
    desk = eloket.client("agent")
    desk.post("/desk/personen/kiezen/", {"bsn": eloket.person.bsn})
    view = desk.get("/desk/persoon/").content.decode()
    assert "website" in view and "Melding" in view and case.number in view


def test_a_double_submit_records_no_second_case_contact_or_message(eloket):
    client = _citizen(eloket)
    data = _answers(client)
    client.post(URL, data)
    again = client.post(URL, {**data, "wat": "Nog eens"}, follow=True)
    assert "Hieronder ziet u die melding" in again.content.decode()
    with eloket.active():
        assert Case.objects.count() == Contact.objects.count() == WebSubmission.objects.count() == 1
        assert Contact.objects.get().idempotency_key == uuid.UUID(data["submission_key"])
    assert len(_messages(eloket)) == 1


def test_the_gate_returns_the_first_case_for_the_same_key_and_adds_nothing(eloket):
    key = uuid.uuid4()
    actor = Citizen(bsn=eloket.person.bsn)
    with eloket.active():
        first, created = web_request_receive(
            actor=actor, product_code="melding", answers=GOOD_ANSWERS, key=key
        )
        again, created_again = web_request_receive(
            actor=actor, product_code="melding", answers=GOOD_ANSWERS, key=str(key)
        )
        assert (created, created_again, again) == (True, False, first)
        assert Contact.objects.count() == 1 and OutboxMessage.objects.count() == 1


def test_a_failing_contact_leaves_no_case_either(eloket, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("contact kapot")

    monkeypatch.setattr("achterkant.contacts.services.web_requests.contact_receive", broken)
    with eloket.active(), pytest.raises(RuntimeError):
        web_request_receive(
            actor=Citizen(bsn=eloket.person.bsn), product_code="melding",
            answers=GOOD_ANSWERS, key=uuid.uuid4(),
        )  # fmt: skip
    with eloket.active():
        assert not Case.objects.exists() and not WebSubmission.objects.exists()
        assert not OutboxMessage.objects.exists() and not Contact.objects.exists()


def test_a_citizen_records_no_contact_but_their_own_web_request(eloket):
    other = eloket.open_case(initiator_bsn="999990019")
    mine = eloket.open_case()
    citizen = Citizen(bsn=eloket.person.bsn)
    with eloket.active():
        for channel, case, bsn in (
            ("phone", mine, eloket.person.bsn),  # not the web
            ("web", None, eloket.person.bsn),  # no case of their own request
            ("web", other, "999990019"),  # someone else's
        ):
            with pytest.raises(NotPermitted):
                contact_receive(
                    actor=citizen, channel=channel, question="x", outcome="case", case=case,
                    bsn=bsn, product=eloket.product,
                )  # fmt: skip
        with pytest.raises(ValidationError, match="hoort niet bij dit contact"):
            contact_receive(
                actor=eloket.staff["agent"], channel="web", question="x", outcome="answered",
                answer="ja", case=mine, bsn=eloket.person.bsn,
            )  # fmt: skip
        assert not Contact.objects.exists()


def test_the_desk_letter_and_email_channels_still_send_their_one_message(eloket):
    """The same rule in the service for every channel: one message for a new case (the
    adapters themselves: tests/test_equivalence.py)."""
    for channel in ("phone", "counter", "letter", "email"):
        case = eloket.open_case(channel=channel)
        with eloket.active():
            codes = list(
                OutboxMessage.objects.filter(reference=case.number).values_list(
                    "event_code", flat=True
                )
            )
        assert codes == ["case.opened"], channel


def test_a_meldings_later_messages_promise_no_besluit_either(eloket):
    """After the confirmation, the status, information-request and information-received
    messages of a melding name the date it is dealt with, never a besluit; an aanvraag's
    keep the besluit."""
    from datetime import timedelta

    from django.utils import timezone

    from achterkant.cases.services import set_status
    from achterkant.cases.services.assignment import take_case
    from achterkant.cases.services.information import (
        record_information_received,
        request_information,
    )

    for as_application in (False, True):
        if as_application:
            _as_application(eloket)
        client = _citizen(eloket)
        client.post(URL, _answers(client))
        worker = eloket.staff["worker"]
        with eloket.active():
            case = Case.objects.order_by("-pk").first()
            first = OutboxMessage.objects.order_by("-pk").first().pk
            take_case(actor=worker, case=case)
            request_information(
                actor=worker, case=case, question="Waar precies?",
                respond_before=timezone.localdate() + timedelta(days=10),
            )  # fmt: skip
            record_information_received(actor=worker, case=case)
            set_status(actor=worker, case=case, status_type=eloket.status_type(2))
            later = list(OutboxMessage.objects.filter(pk__gt=first).order_by("pk"))
        codes = [m.event_code for m in later]
        assert codes == [
            "case.information_requested", "case.information_received", "case.status_changed",
        ]  # fmt: skip
        for message in later:
            text = message.body.lower()
            if as_application:
                assert "een besluit" in text, message.event_code
            else:
                assert "besluit" not in text, message.event_code
                assert "uw melding" in text and "afgehandeld" in text, message.event_code


def test_a_meldings_case_page_names_its_dates_as_a_meldings(eloket):
    """Mijn gemeente's case page: a melding was "gemeld", and is dealt with by its last
    date; an aanvraag was "aangevraagd" and gets a besluit by it. The same date."""
    from django.utils.formats import date_format

    for as_application in (False, True):
        if as_application:
            _as_application(eloket)
        client = _citizen(eloket)
        client.post(URL, _answers(client))
        with eloket.active():
            case = Case.objects.order_by("-pk").first()
        page = client.get(f"/mijn/zaken/{case.number}/").content.decode()
        facts = page.split('class="utrecht-data-list"', 1)[1].split("</dl>", 1)[0]
        assert date_format(case.latest_end_date, "l j F Y") in facts
        if as_application:
            assert "Aangevraagd op" in facts and "U krijgt uiterlijk een besluit op" in facts
        else:
            assert "Gemeld op" in facts and "Uiterlijk afgehandeld op" in facts
            assert "besluit" not in facts.lower() and "aangevraagd" not in facts.lower()
