"""contact_receive: one gate for every channel (issue 10, "one truth on every channel")."""

import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.formats import date_format

from achterkant.audit.models import ProcessingLogEntry
from achterkant.audit.services import Purpose
from achterkant.catalog.models import Channel, NormUnit, ServiceNorm
from achterkant.contacts.models import (
    Contact,
    ContactAttachment,
    ContactRequest,
    ContactRequestAttempt,
    Outcome,
)
from achterkant.contacts.selectors import contact_request_get
from achterkant.contacts.services import (
    contact_receive,
    contact_register,
    contact_request_log_attempt,
    letter_register,
    receive,
)
from achterkant.identity.actors import Citizen, NotPermitted, Staff, system
from achterkant.identity.lookup.base import PersonRecord
from achterkant.notify.models import MessageTemplate, OutboxMessage
from achterkant.routing.models import Team
from tests.conftest import BSN_A, BSN_B
from tests.contacts.mail_helpers import ingest, raw

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def _phone_norm(tenant, minutes: int = 30) -> None:
    with tenant.active():
        ServiceNorm.objects.create(
            product=tenant.product, channel=Channel.PHONE, amount=minutes,
            unit=NormUnit.MINUTES, promise=f"binnen {minutes} minuten",
        )  # fmt: skip


# --- The desk: a due time from the norm, like every other channel ------------------------


def test_a_desk_contact_gets_its_due_time_from_the_channels_norm(tenant_a):
    _phone_norm(tenant_a)
    now = timezone.now()
    with tenant_a.active():
        contact = contact_register(
            actor=tenant_a.staff["agent"], channel=Channel.PHONE, bsn=tenant_a.person.bsn,
            product=tenant_a.product, question="Wanneer komt de vuilniswagen?",
            outcome=Outcome.REFERRED, referred_to="Afvalbedrijf",
            started_at=now - timedelta(minutes=2), ended_at=now,
        )  # fmt: skip
    assert contact.response_due_at == contact.started_at + timedelta(minutes=30)
    assert contact.agent == tenant_a.staff["agent"]


def test_a_channel_without_a_norm_has_no_due_time(tenant_a):
    with tenant_a.active():
        contact = contact_receive(
            actor=tenant_a.staff["agent"], channel=Channel.COUNTER, question="Vraag",
            outcome=Outcome.ANSWERED, answer="Antwoord",
        )  # fmt: skip
    assert contact.response_due_at is None
    assert contact.responded_at == contact.ended_at  # a conversation is answered at once


# --- Who may register ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "actor",
    [system("iets", set()), Citizen(bsn=BSN_A)],
    ids=["system-without-permission", "citizen"],
)
def test_only_an_actor_with_the_permission_may_register(tenant_a, actor):
    with tenant_a.active():
        with pytest.raises(NotPermitted):
            contact_receive(actor=actor, channel=Channel.PHONE, question="Vraag")
        assert not Contact.objects.exists()


def test_a_system_actor_registers_without_a_staff_user_and_is_named_in_the_log(tenant_a):
    intake = system("scanstraat", {"contacts.add_contact"})
    with tenant_a.active():
        contact = contact_receive(
            actor=intake, channel=Channel.LETTER, question="Brief", bsn=tenant_a.person.bsn,
            attachments=[SimpleUploadedFile("brief.pdf", PDF)],
        )  # fmt: skip
        log = ProcessingLogEntry.objects.get(object_type="klantcontact")
    assert contact.agent is None and contact.response_due_at is not None
    assert (log.actor, log.actor_label, log.object_type) == (None, "scanstraat", "klantcontact")


# --- Letters: a racing double submit ------------------------------------------------------


def _race(monkeypatch, tenant, key):
    """The other submit commits between our look-up and our insert: the look-up misses it."""
    with tenant.active():
        now = timezone.now()
        winner = Contact.objects.create(
            channel=Channel.LETTER, question="Eerste", started_at=now, ended_at=now,
            idempotency_key=key,
        )  # fmt: skip
    real = receive._existing
    calls = []

    def missed_once(idempotency_key):
        calls.append(idempotency_key)
        return None if len(calls) == 1 else real(idempotency_key)

    monkeypatch.setattr(receive, "_existing", missed_once)
    return winner


def test_a_racing_double_letter_submit_returns_the_winners_contact(tenant_a, media, monkeypatch):
    key = uuid.uuid4()
    winner = _race(monkeypatch, tenant_a, key)
    with tenant_a.active():
        contact = letter_register(
            actor=tenant_a.staff["agent"], scan=SimpleUploadedFile("brief.pdf", PDF),
            subject="Bezwaar", question="Tweede", bsn=tenant_a.person.bsn, idempotency_key=key,
        )  # fmt: skip
        assert contact.pk == winner.pk
        assert Contact.objects.count() == 1
        # Nothing of the losing submit is left: no attachment row, no file, no log entry.
        assert not ContactAttachment.objects.exists()
        assert not ProcessingLogEntry.objects.exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_racing_double_letter_submit_on_the_desk_is_no_500(tenant_a, monkeypatch):
    key = uuid.uuid4()
    _race(monkeypatch, tenant_a, key)
    response = tenant_a.client("agent").post("/desk/brieven/nieuw/", {
        "scan": SimpleUploadedFile("brief.pdf", PDF), "subject": "Vraag over WOZ",
        "question": "Wanneer komt de aanslag?", "idempotency_key": str(key),
    })  # fmt: skip
    assert response.status_code == 302
    with tenant_a.active():
        assert Contact.objects.count() == 1


def test_a_letter_gets_one_acknowledgement_in_the_berichtenbox_with_its_due_date(tenant_a):
    with tenant_a.active():
        contact = letter_register(
            actor=tenant_a.staff["agent"], scan=SimpleUploadedFile("brief.pdf", PDF),
            subject="Vraag", question="Vraag", bsn=tenant_a.person.bsn,
        )  # fmt: skip
        message = OutboxMessage.objects.get()
    assert message.event_code == "contact.letter_acknowledged"
    assert message.bsn == tenant_a.person.bsn and message.in_berichtenbox
    assert message.subject == "Wij hebben uw brief ontvangen"
    # The same due date the desk shows for the letter (the letter norm: 3 weeks).
    assert date_format(timezone.localtime(contact.response_due_at), "l j F Y") in message.body


def test_a_letter_from_someone_unknown_gets_no_acknowledgement(tenant_a):
    with tenant_a.active():
        letter_register(
            actor=tenant_a.staff["agent"], scan=SimpleUploadedFile("brief.pdf", PDF),
            subject="Vraag", question="Vraag",
        )  # fmt: skip
        assert not OutboxMessage.objects.exists()


# --- E-mail intake through the same gate -------------------------------------------------


def test_the_intake_acknowledgement_uses_the_organisations_own_text(tenant_a, tenant_b):
    with tenant_a.active():
        MessageTemplate.objects.create(
            event_code="contact.email_acknowledged",
            subject="Ontvangen: {{ email_subject }}",
            body="Eigen tekst van {{ organisation_name }}: u krijgt {{ service_promise }}, "
            'uiterlijk {{ expected_date|date:"j-n-Y" }}.',
        )
    ingest(tenant_a, raw("plain.eml"))
    ingest(tenant_b, raw("plain.eml"))
    with tenant_a.active():
        contact = Contact.objects.get()
        message = OutboxMessage.objects.get()
    due = timezone.localtime(contact.response_due_at)
    assert message.event_code == "contact.email_acknowledged"
    # email_subject is no longer given: an old template renders it empty (the sender's
    # subject is never repeated in our name).
    assert message.subject == "Ontvangen:"
    assert message.body.startswith(
        f"Eigen tekst van Gemeente A: u krijgt binnen 2 werkdagen antwoord, "
        f"uiterlijk {due.day}-{due.month}-{due.year}."
    )
    assert not message.in_berichtenbox  # a reply to the e-mail, by e-mail only
    with tenant_b.active():  # the other organisation keeps the built-in text
        assert "Eigen tekst" not in OutboxMessage.objects.get().body


class FakeLookup:
    """A person source that knows one address, and records what it was asked."""

    def __init__(self):
        self.asked = []

    RECORD = PersonRecord(
        bsn=BSN_B, given_names="Sophie", surname_prefix="", surname="Adapter", birth_date=None
    )

    def by_email(self, email, *, context):
        self.asked.append((email, context.purpose))
        return self.RECORD if email.lower() == "sophie@example.nl" else None

    def by_bsn(self, bsn, *, context):
        self.asked.append((bsn, context.purpose))
        return self.RECORD if bsn == BSN_B else None


def test_the_intake_finds_the_sender_through_the_person_lookup_adapter(tenant_a, monkeypatch):
    fake = FakeLookup()
    monkeypatch.setattr(receive, "get_person_lookup", lambda: fake)
    mail = ingest(tenant_a, raw("plain.eml"))
    # The adapter's answer counts, not the local table (which says BSN_A for this address).
    assert mail.contact.bsn == BSN_B
    assert fake.asked == [("Sophie@example.nl", Purpose.CONTACT_HANDLING)]
    with tenant_a.active():
        looked_up = ProcessingLogEntry.objects.get(object_type="persoon")
    assert (looked_up.bsn, looked_up.action) == (BSN_B, "read")  # the lookup is logged


def test_the_intake_on_the_brp_source_leaves_the_sender_unmatched(tenant_a, settings):
    settings.PERSON_LOOKUP = "brp"
    settings.BRP_API_URL = "http://brp.invalid/haalcentraal/api/brp"
    mail = ingest(tenant_a, raw("plain.eml"))  # no request is sent (no network in tests)
    assert mail.contact.bsn == ""
    with tenant_a.active():
        assert OutboxMessage.objects.get().bsn == ""


# --- Contact requests: the team rule lives in the service ---------------------------------


@pytest.fixture
def request_for_team(tenant_a):
    with tenant_a.active():
        team = Team.objects.create(identification="kcc", name="KCC")
        team.members.add(tenant_a.staff["worker"])
        return ContactRequest.objects.create(
            bsn=tenant_a.person.bsn, name="Sophie", phone="06", question="Bel terug",
            team=team, due_at=timezone.now() + timedelta(days=1),
        )  # fmt: skip


def test_logging_an_attempt_outside_the_team_and_not_assigned_is_not_permitted(
    tenant_a, request_for_team
):
    with tenant_a.active():
        with pytest.raises(NotPermitted):
            contact_request_log_attempt(
                actor=tenant_a.staff["agent"], request=request_for_team, result="handled"
            )
        assert not ContactRequestAttempt.objects.exists()
        request_for_team.refresh_from_db()
        assert request_for_team.status == ContactRequest.Status.TODO
        # The team member may, and so may the assignee (as a typed actor too).
        contact_request_log_attempt(
            actor=tenant_a.staff["worker"], request=request_for_team, result="not_reached"
        )
        ContactRequest.objects.filter(pk=request_for_team.pk).update(
            assignee=tenant_a.staff["agent"]
        )
        contact_request_log_attempt(
            actor=Staff(tenant_a.staff["agent"]), request=request_for_team, result="handled"
        )
        assert ContactRequestAttempt.objects.count() == 2


def test_a_system_cannot_log_an_attempt(tenant_a, request_for_team):
    robot = system("robot", {"contacts.change_contactrequest"})
    with tenant_a.active(), pytest.raises(NotPermitted):
        contact_request_log_attempt(actor=robot, request=request_for_team, result="handled")


def test_opening_a_contact_request_logs_a_read(tenant_a, request_for_team):
    worker = tenant_a.staff["worker"]
    with tenant_a.active():
        assert contact_request_get(actor=tenant_a.staff["agent"], pk=request_for_team.pk) is None
        assert not ProcessingLogEntry.objects.exists()  # a refused look writes nothing
        assert contact_request_get(actor=worker, pk=request_for_team.pk) == request_for_team
        log = ProcessingLogEntry.objects.get()
    assert (log.action, log.bsn, log.purpose) == ("read", BSN_A, Purpose.CONTACT_HANDLING)
    assert (log.object_type, log.object_id) == ("contactverzoek", str(request_for_team.pk))
    assert log.actor == worker
