"""The cross-channel equivalence test: one rule, one date, every channel.

One person asks for one product on every intake channel: the desk by phone and at the
counter, an e-mail (an ``.eml`` through the intake, then a case started from it), a
scanned letter, the e-loket in Mijn gemeente, and another system through the Zaken API
(the zaak, then its initiator as a rol). Each goes through its own adapter (the HTTP
views, the intake, the API). The cases that come out must be the same in everything that is
not the channel itself: the team, the norm date, the legal date, the SLA state, the
processing-log entries of the case, the messages to the citizen (apart from the case
number) and the domain events. And every screen and message shows the same dates.

The second scenario stops the clock (an information request) and extends the term on
each of those cases: the dates stay equal across channels, and the desk, the portal and
the message show one date while the clock is stopped.

The third and fourth (issue 17): a callback request keeps the same preferred moment (a
day and a window) whichever channel the agent records it for, and an e-loket request is a
web contact in the history like a desk contact is a phone contact: in the desk's 360° view
and in Mijn gemeente, with one message (one e-mail) to the citizen per request.

If one channel diverges (its own due date, its own message, a missing log entry or
event), this test fails.
"""

import re
import uuid
from collections import Counter
from datetime import time, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from achterkant.audit.models import ProcessingLogEntry
from achterkant.audit.services import Purpose
from achterkant.cases.models import Case
from achterkant.cases.promise import case_promise
from achterkant.cases.services import extend_case
from achterkant.cases.services.information import request_information
from achterkant.catalog.models import CaseType
from achterkant.contacts.mail_intake import ingest_message
from achterkant.contacts.models import Contact, ContactRequest
from achterkant.desk.kcc_views import ACTIVE_PERSON
from achterkant.identity.models import Person
from achterkant.notify.models import DomainEvent, OutboxMessage
from achterkant.notify.services import outbox_message_deliver
from achterkant.routing.models import RoutingRule, Team
from tests.contacts.test_callback_requests import next_open_day
from tests.portal.test_portal import PDF, log_in

FORM = {
    "fields": [
        {"name": "wat", "label": "Wat is er aan de hand?", "type": "long_text", "required": True}
    ]
}
CHANNELS = ["phone", "counter", "email", "letter", "web", "api"]


@pytest.fixture
def scene(tenant_a, settings, tmp_path):
    """Tenant A's 'melding' product: a 5-working-day norm, an 8-week term, a web form."""
    settings.MEDIA_ROOT = str(tmp_path)
    with tenant_a.active():
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(
            service_norm="P5D", form_definition=FORM
        )
        team = Team.objects.create(identification="buiten", name="Team Buitenruimte")
        RoutingRule.objects.create(order=10, product_code="melding", team=team)
        team.members.add(tenant_a.staff["worker"])
    return tenant_a


def _desk(tenant, channel: str) -> None:
    client = tenant.client("agent")
    session = client.session
    session[ACTIVE_PERSON] = tenant.person.bsn
    session.save()
    response = client.post("/desk/contacten/", {
        "channel": channel, "product": tenant.product.pk, "subject": "Losse stoeptegel",
        "question": "Er ligt een losse stoeptegel voor mijn deur.", "outcome": "case",
        "started_at": timezone.now().isoformat(), "idempotency_key": str(uuid.uuid4()),
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]


def _email(tenant) -> None:
    raw = (
        # Our receiving server authenticated the sender, so the e-mail is linked to her.
        "Authentication-Results: mx.gemeente-a.nl; dmarc=pass header.from=example.nl\r\n"
        "From: Sophie de Vries <sophie@example.nl>\r\nTo: info@gemeente-a.nl\r\n"
        "Subject: Losse stoeptegel\r\nMessage-ID: <tegel-1@example.nl>\r\n"
        f"Date: {timezone.now():%a, %d %b %Y %H:%M:%S +0000}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "Er ligt een losse stoeptegel voor mijn deur.\r\n"
    ).encode()
    with tenant.active():
        mail = ingest_message(raw)
    client = tenant.client("agent")
    response = client.post(
        f"/desk/contacten/{mail.contact.pk}/zaak/", {"product": tenant.product.pk}
    )
    assert response.status_code == 302


def _letter(tenant) -> None:
    response = tenant.client("agent").post("/desk/brieven/nieuw/", {
        "scan": SimpleUploadedFile("brief.pdf", PDF), "bsn": tenant.person.bsn,
        "subject": "Losse stoeptegel", "question": "Er ligt een losse stoeptegel.",
        "product": tenant.product.pk, "start_case": "on", "idempotency_key": str(uuid.uuid4()),
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]


def _web(tenant) -> None:
    client = tenant.client()
    log_in(client, tenant.person.bsn)
    page = client.get("/mijn/aanvragen/melding/")
    key = page.context["form"].initial["submission_key"]
    response = client.post(
        "/mijn/aanvragen/melding/",
        {"submission_key": str(key), "wat": "Er ligt een losse stoeptegel voor mijn deur."},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def _api(tenant) -> None:
    """A system through the Zaken API, in ZGW's order: the zaak, then its initiator as a
    rol (which makes the person the applicant and sends the message)."""
    from achterkant.api.autorisaties.models import ClientCredential
    from achterkant.catalog.models import RoleType
    from tests.api.helpers import register, token

    with tenant.active():
        if not ClientCredential.objects.filter(client_id="formulieren").exists():
            register(
                tenant.organisation, "formulieren", all_authorisations=True, label="Formulieren"
            )
        initiator = RoleType.objects.get(
            case_type=tenant.case_type, generic_description="initiator"
        )
    client = Client(
        HTTP_HOST=tenant.host, HTTP_AUTHORIZATION=f"Bearer {token('formulieren')}",
        HTTP_ACCEPT_CRS="EPSG:4326", HTTP_CONTENT_CRS="EPSG:4326",
    )  # fmt: skip
    base = f"http://{tenant.host}"
    zaak = client.post("/zaken/api/v1/zaken", {
        "bronorganisatie": tenant.organisation.rsin,
        "verantwoordelijkeOrganisatie": tenant.organisation.rsin,
        "zaaktype": f"{base}/catalogi/api/v1/zaaktypen/{tenant.case_type.uuid}",
        "startdatum": timezone.localdate().isoformat(),
        "omschrijving": "Losse stoeptegel",
    }, content_type="application/json")  # fmt: skip
    assert zaak.status_code == 201, zaak.content.decode()[:2000]
    rol = client.post("/zaken/api/v1/rollen", {
        "zaak": zaak.json()["url"], "betrokkeneType": "natuurlijk_persoon",
        "roltype": f"{base}/catalogi/api/v1/roltypen/{initiator.uuid}",
        "roltoelichting": "Melder", "betrokkeneIdentificatie": {"inpBsn": tenant.person.bsn},
    }, content_type="application/json")  # fmt: skip
    assert rol.status_code == 201, rol.content.decode()[:2000]


INTAKE = {
    "phone": lambda tenant: _desk(tenant, "phone"),
    "counter": lambda tenant: _desk(tenant, "counter"),
    "email": _email,
    "letter": _letter,
    "web": _web,
    "api": _api,
}


def _case_through(tenant, channel: str) -> tuple[Case, list[ProcessingLogEntry]]:
    with tenant.active():
        log_before = ProcessingLogEntry.objects.order_by("-pk").values_list("pk", flat=True)
        last_log = log_before.first() or 0
        cases_before = set(Case.objects.values_list("pk", flat=True))
    INTAKE[channel](tenant)
    with tenant.active():
        (case,) = Case.objects.exclude(pk__in=cases_before).select_related("team", "case_type")
        log = list(ProcessingLogEntry.objects.filter(pk__gt=last_log))
    return case, log


def _number_free(text: str, case: Case) -> str:
    return text.replace(case.number, "ZAAK-N")


def _picture(tenant, case: Case, log: list[ProcessingLogEntry]) -> dict:
    """Everything about a case that must not depend on the channel it came in on."""
    with tenant.active():
        case = Case.objects.select_related("team", "case_type").get(pk=case.pk)
        promise = case_promise(case)
        messages = [
            (m.event_code, _number_free(m.subject, case), _number_free(m.body, case))
            for m in OutboxMessage.objects.filter(reference=case.number).order_by("pk")
        ]
        events = [
            (e.channel, e.resource, e.action, tuple(sorted(e.attributes.items())))
            for e in DomainEvent.objects.filter(main_reference=case.number).order_by("pk")
            # A channel that carries a file adds a zaakinformatieobject; the Zaken API,
            # which names the initiator as a rol after the zaak, adds a rol.
            if e.resource not in ("zaakinformatieobject", "rol")
        ]
    # The case's own processing: the case itself and telling the citizen about it. The
    # person enters the case with it, or (the Zaken API) with the initiator rol after it.
    entered = {"zaak": "zaak", "rol": "zaak"}
    case_log = Counter(
        (entry.action, entered.get(entry.object_type, entry.object_type), entry.purpose, entry.bsn)
        for entry in log
        if (entry.object_type in entered and entry.object_id == case.number)
        # Telling the citizen about the case; a written contact's own acknowledgement is
        # the contact's, not the case's.
        or (
            entry.purpose == Purpose.CITIZEN_NOTIFICATION
            and entry.actor_label != "ontvangstbevestiging"
        )
    )
    return {
        "team": case.team.name if case.team else None,
        "case type": case.case_type.identification,
        "norm": promise.norm,
        "norm due": promise.norm_due_at,
        "legal date": promise.decision_due,
        "sla state": promise.sla_state,
        "stored": (case.sla_due_at, case.latest_end_date, case.queue_due_at, case.sla_state),
        "planned end": case.planned_end_date,
        "messages": messages,
        "events": events,
        "processing log": case_log,
    }


def _screens(tenant, case: Case) -> dict:
    """The dates each screen shows for the case, as text."""
    desk = tenant.client("worker").get(f"/desk/zaken/{case.number}/").content.decode()
    portal_client = tenant.client()
    log_in(portal_client, tenant.person.bsn)
    portal = portal_client.get(f"/mijn/zaken/{case.number}/").content.decode()
    return {"desk": desk, "portal": portal}


def _testid(page: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</dd>', page, re.S)
    assert match, f"{testid} not on the page"
    return re.sub(r"<[^>]+>", " ", match.group(1))


def test_every_channel_gives_the_same_case_and_shows_the_same_dates(scene):
    cases = {channel: _case_through(scene, channel) for channel in CHANNELS}
    pictures = {channel: _picture(scene, case, log) for channel, (case, log) in cases.items()}

    reference = pictures["phone"]
    assert reference["team"] == "Team Buitenruimte"
    assert reference["norm"] == "5 werkdagen"
    assert reference["norm due"] is not None and reference["legal date"] is not None
    assert [code for code, _, _ in reference["messages"]] == ["case.opened"]
    assert ("zaken", "zaak", "create") in [event[:3] for event in reference["events"]]
    assert ("create", "zaak", Purpose.CASE_HANDLING, scene.person.bsn) in reference[
        "processing log"
    ]
    for channel, picture in pictures.items():
        for key, value in reference.items():
            assert picture[key] == value, f"{channel} differs from phone in {key!r}"

    promise = None
    for channel, (case, _) in cases.items():
        with scene.active():
            promise = case_promise(Case.objects.get(pk=case.pk))
            assert case.channel == channel
        norm_day = date_format(promise.norm_due_on, "l j F Y")
        legal_day = date_format(promise.decision_due, "l j F Y")
        screens = _screens(scene, case)
        assert norm_day in _testid(screens["desk"], "sla"), channel
        assert legal_day in _testid(screens["desk"], "latest-end-date"), channel
        assert norm_day in _testid(screens["portal"], "service-date"), channel
        assert legal_day in _testid(screens["portal"], "expected-date"), channel
        with scene.active():
            opened = OutboxMessage.objects.get(reference=case.number, event_code="case.opened")
        assert norm_day in opened.body and legal_day in opened.body, channel

    # Written channels got their one acknowledgement, from the contact, before the case.
    with scene.active():
        for channel in ("email",):
            contact = Contact.objects.get(channel=channel)
            acknowledgements = OutboxMessage.objects.filter(reference=f"klantcontact-{contact.pk}")
            assert acknowledgements.count() == 1


def test_a_stopped_clock_and_an_extension_show_one_date_on_every_channel(scene):
    cases = {channel: _case_through(scene, channel)[0] for channel in CHANNELS}
    worker = scene.staff["worker"]
    respond_before = timezone.localdate() + timedelta(days=14)
    for case in cases.values():
        with scene.active():
            request_information(
                actor=worker, case=case, question="Stuur een foto van de tegel.",
                respond_before=respond_before,
            )  # fmt: skip

    dates = set()
    for channel, case in cases.items():
        with scene.active():
            promise = case_promise(Case.objects.get(pk=case.pk))
            asked = OutboxMessage.objects.get(
                reference=case.number, event_code="case.information_requested"
            )
        assert promise.clock_stopped is not None and promise.clock_stopped.since == (
            timezone.localdate()
        )
        legal_day = date_format(promise.decision_due, "l j F Y")
        screens = _screens(scene, case)
        # One date while the clock stands still: desk, portal and message agree.
        assert legal_day in _testid(screens["desk"], "latest-end-date"), channel
        assert 'data-testid="clock-stopped"' in screens["desk"], channel
        assert legal_day in _testid(screens["portal"], "expected-date"), channel
        assert "De termijn staat stil" in _testid(screens["portal"], "expected-date"), channel
        assert legal_day in asked.body, channel
        dates.add((promise.decision_due, promise.norm_due_at, promise.sla_state))
    assert len(dates) == 1, dates  # the same dates whatever the channel

    for case in cases.values():
        with scene.active():
            extend_case(actor=worker, case=case, reason="Advies van een andere afdeling nodig.")
    extended = set()
    for channel, case in cases.items():
        with scene.active():
            promise = case_promise(Case.objects.get(pk=case.pk))
            told = OutboxMessage.objects.get(reference=case.number, event_code="case.extended")
        assert promise.extension_term == "6 weken"
        assert date_format(promise.decision_due, "l j F Y") in told.body, channel
        assert date_format(promise.decision_due, "l j F Y") in _testid(
            _screens(scene, case)["desk"], "latest-end-date"
        ), channel
        extended.add((promise.decision_due, promise.norm_due_at, promise.sla_state))
    assert len(extended) == 1, extended

    pictures = {
        channel: _picture(scene, case, log=[]) for channel, case in cases.items()
    }  # the messages and events of the whole story, per case
    for channel, picture in pictures.items():
        assert picture["messages"] == pictures["phone"]["messages"], channel
        assert picture["events"] == pictures["phone"]["events"], channel


# --- the callback window (issue 17) -------------------------------------------------------

# The channels an agent records a callback for: the contact form's own choice.
CALLBACK_CHANNELS = ["phone", "counter", "email", "chat"]
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")  # fmt: skip


def _callback_through(tenant, channel: str, day) -> ContactRequest:
    with tenant.active():
        before = set(ContactRequest.objects.values_list("pk", flat=True))
        team = Team.objects.get(identification="buiten")
    client = tenant.client("agent")
    session = client.session
    session[ACTIVE_PERSON] = tenant.person.bsn
    session.save()
    response = client.post("/desk/contacten/", {
        "channel": channel, "product": tenant.product.pk, "subject": "Losse stoeptegel",
        "question": "Kan iemand mij terugbellen over de stoeptegel?",
        "outcome": "contact_request", "team": team.pk, "known_phone": "0612345678",
        "contact_route": "known_phone", "preferred_date": day.isoformat(),
        "preferred_from": "09:00", "preferred_until": "12:00",
        "started_at": timezone.now().isoformat(), "idempotency_key": str(uuid.uuid4()),
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant.active():
        return ContactRequest.objects.exclude(pk__in=before).select_related("contact").get()


def test_a_callback_keeps_the_same_preferred_moment_whatever_the_channel(scene):
    day = next_open_day(scene)
    with scene.active():
        Person.objects.filter(bsn=scene.person.bsn).update(phone="0612345678")
    requests = {channel: _callback_through(scene, channel, day) for channel in CALLBACK_CHANNELS}
    stored = {
        channel: (
            request.preferred_date, request.preferred_from, request.preferred_until,
            request.preferred_note, request.phone, request.team_id, request.bsn,
            request.product_id, request.status, request.sla_state,
        )
        for channel, request in requests.items()
    }  # fmt: skip
    reference = stored["phone"]
    assert reference[:5] == (day, time(9), time(12), "", "0612345678")
    for channel, values in stored.items():
        assert values == reference, f"{channel} stores another callback than phone"
        assert requests[channel].contact.channel == channel
    # Every screen says the one moment the same way: the queue and each request's page.
    moment = f"{day.day} {MONTHS[day.month - 1]} {day.year}</time>, 09:00–12:00"
    worker = scene.client("worker")
    queue = worker.get("/desk/contactverzoeken/").content.decode()
    for channel, request in requests.items():
        row = queue.split(f'href="/desk/contactverzoeken/{request.pk}/"', 1)[1]
        assert moment in row.split("</tr>", 1)[0], channel
        page = worker.get(f"/desk/contactverzoeken/{request.pk}/").content.decode()
        assert moment in page, channel


# --- the e-loket request is a contact (issue 17) -------------------------------------------


def test_an_e_loket_request_is_a_web_contact_on_both_screens_with_one_message(scene):
    mail.outbox = []
    cases = {channel: _case_through(scene, channel)[0] for channel in ("phone", "web")}
    with scene.active():
        contacts = {channel: Contact.objects.get(case=case) for channel, case in cases.items()}
    # The same contact, apart from the channel and who recorded it (the citizen: nobody).
    for channel, contact in contacts.items():
        assert (contact.channel, contact.outcome, contact.bsn, contact.product_id) == (
            channel, "case", scene.person.bsn, scene.product.pk,
        ), channel  # fmt: skip
        assert contact.responded_at is not None, channel
    assert contacts["web"].agent is None and contacts["phone"].agent is not None

    # The desk's 360° view lists both, each with its channel and its case.
    agent = scene.client("agent")
    session = agent.session
    session[ACTIVE_PERSON] = scene.person.bsn
    session.save()
    view = agent.get("/desk/persoon/").content.decode()
    history = view.split('data-testid="contacts"', 1)[1].split("</table>", 1)[0]
    cells = [
        [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(
            r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in history.split("<tr")[2:]
    ]  # fmt: skip
    rows = {row[1]: row[3] for row in cells}
    assert rows == {
        "telefoon": f"Zaak {cases['phone'].number}", "website": f"Zaak {cases['web'].number}",
    }  # fmt: skip

    # Mijn gemeente lists both in *Mijn contacten*.
    portal = scene.client()
    log_in(portal, scene.person.bsn)
    home = portal.get("/mijn/").content.decode()
    listed = home.split('data-testid="portal-contacts"', 1)[1].split("</ul>", 1)[0]
    assert ", telefoon: " in listed and ", website: " in listed

    # One message per request, and it goes out as one e-mail: no acknowledgement of the
    # web contact besides the case's own confirmation.
    with scene.active():
        for channel, case in cases.items():
            codes = [
                m.event_code for m in OutboxMessage.objects.filter(bsn=scene.person.bsn)
                if case.number in m.subject + m.body
                or m.reference in (case.number, f"klantcontact-{contacts[channel].pk}")
            ]  # fmt: skip
            assert codes == ["case.opened"], channel
        # What the worker's task would send: every message still waiting.
        for pk in OutboxMessage.objects.filter(status="pending").values_list("pk", flat=True):
            outbox_message_deliver(message_id=pk)
    to_her = [m for m in mail.outbox if m.to == [scene.person.email]]
    assert len(to_her) == 2, [m.subject for m in to_her]
    with scene.active():
        for case in cases.values():
            opened = OutboxMessage.objects.get(reference=case.number)
            assert opened.status == "sent", case.number
