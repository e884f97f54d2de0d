"""The berichtenbox: every message to the citizen readable behind DigiD, e-mail only a notice."""

import time
from datetime import timedelta

from django.core import mail
from django.db import transaction
from django.utils import timezone

from achterkant.cases.services.information import request_information
from achterkant.identity.models import Person
from achterkant.notify.models import OutboxMessage
from achterkant.notify.services import outbox_email_enqueue, outbox_message_deliver
from achterkant.tenancy.models import Hostname
from tests.portal.test_portal import log_in


def _message(tenant, *, bsn=None, body="Uw zaak ZAAK-1 over Kerkstraat 12 is ingepland."):
    with tenant.active(), transaction.atomic():
        return outbox_email_enqueue(
            event_code="case.status_changed",
            recipient="sophie@example.nl",
            subject="Nieuws over uw zaak",
            body=body,
            bsn=tenant.person.bsn if bsn is None else bsn,
            reference="ZAAK-1",
        )


def test_the_email_only_says_there_is_a_new_message(tenant_a, settings):
    settings.PUBLIC_URL_TEMPLATE = "https://{host}"
    Hostname.objects.filter(organisation=tenant_a.organisation).delete()
    Hostname.objects.create(organisation=tenant_a.organisation, hostname="mijn.voorbeeld.nl")
    message = _message(tenant_a)
    assert outbox_message_deliver(message_id=message.pk)
    (email,) = mail.outbox
    assert email.subject == f"U heeft een nieuw bericht van {tenant_a.organisation.name}"
    assert "https://mijn.voorbeeld.nl/mijn/berichten/" in email.body
    headers = str(email.message())
    for personal in ("Kerkstraat", "ZAAK-1", "Sophie", tenant_a.person.bsn):
        assert personal not in email.body and personal not in email.subject
        assert personal not in headers.replace("sophie@example.nl", "")
    assert email.extra_headers["X-Achterkant-Reference"] == f"bericht-{message.pk}"


def test_someone_known_only_by_email_gets_the_text_itself(tenant_a):
    message = _message(tenant_a, bsn="", body="Wij hebben uw e-mail ontvangen.")
    outbox_message_deliver(message_id=message.pk)
    assert mail.outbox[0].body == "Wij hebben uw e-mail ontvangen."


def test_the_citizen_reads_messages_and_they_become_read(tenant_a):
    first, second = _message(tenant_a), _message(tenant_a, body="Tweede bericht.")
    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    assert "U heeft 2 ongelezen berichten" in client.get("/mijn/").content.decode()
    inbox = client.get("/mijn/berichten/").content.decode()
    assert inbox.count("<strong>nieuw</strong>") == 2
    page = client.get(f"/mijn/berichten/{first.pk}/").content.decode()
    assert "Kerkstraat 12 is ingepland" in page
    first.refresh_from_db()
    assert first.read_at is not None
    assert client.get("/mijn/berichten/").content.decode().count("<strong>nieuw</strong>") == 1
    assert "U heeft 1 ongelezen bericht." in client.get("/mijn/").content.decode()
    read_at = first.read_at
    client.get(f"/mijn/berichten/{first.pk}/")
    first.refresh_from_db()
    assert first.read_at == read_at  # the first reading counts
    second.refresh_from_db()
    assert second.read_at is None


def test_a_forged_message_id_finds_nothing(tenant_a, tenant_b):
    others = _message(tenant_a, bsn="999990019")
    other_tenant = _message(tenant_b)
    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    assert client.get(f"/mijn/berichten/{others.pk}/").status_code == 404
    assert client.get(f"/mijn/berichten/{other_tenant.pk}/").status_code == 404
    assert OutboxMessage.all_tenants.get(pk=others.pk).read_at is None


def test_a_business_has_no_person_messages(tenant_a):
    _message(tenant_a, bsn="")
    client = tenant_a.client()
    client.post(
        "/mijn/inloggen/eherkenning-test/", {"kvk_number": "69599084", "assurance": "midden"}
    )
    assert "U heeft nog geen berichten" in client.get("/mijn/berichten/").content.decode()


def test_staying_logged_in_restarts_the_idle_clock(tenant_a, monkeypatch):
    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    page = client.get("/mijn/").content.decode()
    assert 'data-session-seconds="900"' in page and 'id="session-warning"' in page
    start = time.time()
    monkeypatch.setattr("achterkant.portal.session.time.time", lambda: start + 14 * 60)
    assert client.post("/mijn/sessie/verlengen/").json() == {"seconds_left": 900}
    monkeypatch.setattr("achterkant.portal.session.time.time", lambda: start + 28 * 60)
    assert client.get("/mijn/").status_code == 200
    monkeypatch.setattr("achterkant.portal.session.time.time", lambda: start + 44 * 60)
    response = client.post("/mijn/sessie/verlengen/")
    assert response.status_code == 401
    assert client.get("/mijn/")["Location"] == "/mijn/inloggen/"


def test_page_views_record_activity_at_most_every_30_seconds(tenant_a, monkeypatch):
    """A page view costs no session write when activity was recorded less than 30 s ago;
    the idle limit so ends a session at most 30 s early, never late."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def session_writes(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return [
            q
            for q in queries.captured_queries
            # The session table: Django's, or the one that also names the staff member.
            if q["sql"].startswith(('UPDATE "django_session', 'UPDATE "staff_session'))
        ]

    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    start = time.time()
    monkeypatch.setattr("achterkant.portal.session.time.time", lambda: start + 20)
    assert session_writes("/mijn/") == []
    monkeypatch.setattr("achterkant.portal.session.time.time", lambda: start + 60)
    assert len(session_writes("/mijn/")) == 1
    # The clock restarted at +60 s, so the session still lives just before +60 s + 15 min.
    monkeypatch.setattr("achterkant.portal.session.time.time", lambda: start + 60 + 15 * 60 - 2)
    assert client.get("/mijn/sessie/").json()["seconds_left"] in (1, 2, 3)


def test_without_an_email_address_the_message_is_still_in_the_berichtenbox(tenant_a):
    with tenant_a.active():
        Person.objects.filter(pk=tenant_a.person.pk).update(email="")
    case = tenant_a.open_case()
    with tenant_a.active():
        request_information(
            actor=tenant_a.staff["worker"], case=case, question="Stuur een foto.",
            respond_before=timezone.localdate() + timedelta(days=14),
        )  # fmt: skip
    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    inbox = client.get("/mijn/berichten/").content.decode()
    assert "Wij hebben informatie van u nodig" in inbox
    assert mail.outbox == []
    staff_view = tenant_a.client("lead").get("/desk/berichten/").content.decode()
    assert "alleen in Mijn gemeente (geen e-mailadres)" in staff_view


def test_asking_how_long_the_session_has_left_is_not_activity(tenant_a, monkeypatch):
    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    start = time.time()
    monkeypatch.setattr("achterkant.portal.session.time.time", lambda: start + 10 * 60)
    assert client.get("/mijn/sessie/").json()["seconds_left"] in (299, 300, 301)
    monkeypatch.setattr("achterkant.portal.session.time.time", lambda: start + 16 * 60)
    assert client.get("/mijn/sessie/").json() == {"seconds_left": 0}
    assert client.get("/mijn/")["Location"] == "/mijn/inloggen/"


def test_an_automatic_reply_to_an_email_stays_out_of_the_berichtenbox(tenant_a):
    # It repeats what the sender wrote, and an e-mail's sender can be forged.
    with tenant_a.active(), transaction.atomic():
        reply = outbox_email_enqueue(
            event_code="contact.email_acknowledged", recipient="sophie@example.nl",
            subject="Ontvangen: Klik hier om uw DigiD te verlengen", body="Wij hebben uw e-mail "
            "ontvangen.", bsn=tenant_a.person.bsn, in_berichtenbox=False,
        )  # fmt: skip
    outbox_message_deliver(message_id=reply.pk)
    assert mail.outbox[0].body == "Wij hebben uw e-mail ontvangen."
    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    assert "DigiD te verlengen" not in client.get("/mijn/berichten/").content.decode()
    assert client.get(f"/mijn/berichten/{reply.pk}/").status_code == 404
    assert "U heeft geen ongelezen berichten" in client.get("/mijn/").content.decode()
