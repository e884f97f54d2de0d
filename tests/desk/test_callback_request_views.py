"""Callback requests in the desk (issue 17): the known phone number and e-mail address as
the contact route, the preferred moment as a day and a window, the queue's *Pogingen*."""

import re
import uuid
from datetime import time, timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from achterkant.audit.models import ProcessingLogEntry
from achterkant.contacts.models import Contact, ContactRequest
from achterkant.contacts.services import (
    ContactRequestDraft,
    contact_register,
    contact_request_log_attempt,
)
from achterkant.desk import contact_form_cache
from achterkant.desk.forms_kcc import ContactForm
from achterkant.desk.party_views import ACTIVE_COMPANY, ACTIVE_PERSON
from achterkant.identity.models import Company, Person
from achterkant.routing.models import Team
from tests.conftest import make_person
from tests.contacts.test_callback_requests import next_open_day
from tests.desk.party_page import agent_client as _client
from tests.desk.party_page import contact_form as _form

OTHER_BSN = "111222333"  # a second person in tenant A
KVK = "69599084"


@pytest.fixture
def team(tenant_a):
    with tenant_a.active():
        team = Team.objects.create(identification="kcc", name="KCC")
        team.members.add(tenant_a.staff["worker"])
    return team


def _route_options(form: str) -> list[str]:
    legend = form.split("Terugbellen of mailen via", 1)[1].split("</fieldset>", 1)[0]
    return [" ".join(label.split()) for label in re.findall(r"> ([^<]*)</label>", legend)]


def _post(client, **fields):
    data = {
        "channel": "phone", "question": "Kan iemand mij terugbellen?",
        "outcome": "contact_request", "started_at": timezone.now().isoformat(),
        "idempotency_key": str(uuid.uuid4()), **fields,
    }  # fmt: skip
    return client.post("/desk/contacten/", data)


# The contact route


def test_the_known_phone_and_e_mail_are_offered_first_and_the_phone_is_chosen(tenant_a):
    with tenant_a.active():
        Person.objects.filter(bsn=tenant_a.person.bsn).update(phone="0612345678")
    form = _form(_client(tenant_a).get("/desk/persoon/").content.decode())
    assert _route_options(form) == [
        "Bel 06-12345678 (bekend)", "Mail naar sophie@example.nl (bekend)", "Ander nummer",
        "Ander e-mailadres",
    ]  # fmt: skip
    assert re.search(r'value="known_phone"[^>]*checked', form)
    assert 'name="known_phone" value="0612345678"' in form


def test_without_a_known_phone_the_e_mail_is_chosen(tenant_a):
    form = _form(_client(tenant_a).get("/desk/persoon/").content.decode())
    assert _route_options(form)[0] == "Mail naar sophie@example.nl (bekend)"
    assert re.search(r'value="known_email"[^>]*checked', form)
    assert "Bel " not in " ".join(_route_options(form))


def test_the_ready_made_form_never_shows_one_persons_number_to_another(tenant_a, tenant_b):
    """The form is kept per organisation; the route is filled in for each page."""
    with tenant_a.active():
        Person.objects.filter(bsn=tenant_a.person.bsn).update(phone="0611111111")
    make_person(tenant_a.organisation, OTHER_BSN, given_names="Piet", email="piet@example.nl",
                phone="0622222222")  # fmt: skip
    with tenant_b.active():
        Person.objects.filter(bsn=tenant_b.person.bsn).update(phone="0633333333")
    client = _client(tenant_a)
    first = _form(client.get("/desk/persoon/").content.decode())
    assert "0611111111" in first
    session = client.session
    session[ACTIVE_PERSON] = OTHER_BSN
    session.save()
    second = _form(client.get("/desk/persoon/").content.decode())
    assert "0622222222" in second and "piet@example.nl" in second
    assert "0611111111" not in second and "sophie@example.nl" not in second
    anonymous = _form(client.get("/desk/anoniem/").content.decode())
    assert _route_options(anonymous) == ["Ander nummer", "Ander e-mailadres"]
    assert "06111" not in anonymous and "06222" not in anonymous
    other_organisation = _form(_client(tenant_b).get("/desk/persoon/").content.decode())
    assert "0633333333" in other_organisation
    assert "06111" not in other_organisation and "06222" not in other_organisation


def test_a_company_is_offered_its_own_number(tenant_a):
    with tenant_a.active():
        Company.objects.create(kvk_number=KVK, name="Bakkerij", phone="0201234567")
    page = _client(tenant_a, **{ACTIVE_COMPANY: KVK}).get("/desk/bedrijf/").content.decode()
    assert _route_options(_form(page))[0] == "Bel 0201234567 (bekend)"


@pytest.mark.parametrize(
    ("route", "extra", "phone", "email"),
    [
        ("known_phone", {}, "0612345678", ""),
        ("known_email", {}, "", "sophie@example.nl"),
        ("other_phone", {"callback_phone": "+31 6 87654321"}, "0687654321", ""),
        ("other_email", {"callback_email": "werk@example.nl"}, "", "werk@example.nl"),
    ],
)
def test_the_chosen_route_is_what_the_request_keeps(tenant_a, team, route, extra, phone, email):
    day = next_open_day(tenant_a)
    response = _post(
        _client(tenant_a), team=team.pk, known_phone="0612345678",
        known_email="sophie@example.nl", contact_route=route, preferred_date=day.isoformat(),
        preferred_from="09:00", preferred_until="12:00", **extra,
    )  # fmt: skip
    assert response.status_code == 302
    with tenant_a.active():
        request = ContactRequest.objects.get()
    assert (request.phone, request.email) == (phone, email)
    assert (request.preferred_date, request.preferred_from, request.preferred_until) == (
        day, time(9), time(12),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "label", "message"),
    [
        (
            {"contact_route": "other_phone", "callback_phone": "06-123"},
            "Telefoonnummer",
            "Vul een geldig telefoonnummer in",
        ),
        (
            {"contact_route": "other_email", "callback_email": "sophie@"},
            "E-mailadres",
            "Vul een geldig e-mailadres in",
        ),
        (
            {"contact_route": "known_phone", "known_phone": "onbekend"},
            "Terugbellen of mailen via",
            "Vul een geldig telefoonnummer in",
        ),
        (
            {"contact_route": "known_email", "callback_phone": "0612345678"},
            "Telefoonnummer",
            "Kies ‘Ander nummer’ of maak dit veld leeg.",
        ),
        (
            {"contact_route": "other_email"},
            "E-mailadres",
            "Vul een telefoonnummer of e-mailadres in.",
        ),
        ({"preferred_date": "2020-01-06"}, "Voorkeursdag", "Deze dag is al voorbij."),
        (
            {"preferred_from": "12:00", "preferred_until": "09:00"},
            "Bereikbaar tot",
            "De eindtijd moet later zijn dan de begintijd.",
        ),
    ],
)
def test_a_bad_callback_shows_the_error_at_its_field_and_writes_nothing(
    tenant_a, team, fields, label, message
):
    data = {"team": team.pk, "known_email": "sophie@example.nl", "contact_route": "known_email"}
    response = _post(_client(tenant_a), **{**data, **fields})
    form = _form(response.content.decode())
    assert response.status_code == 400
    assert f"{label}: {message}" in form
    with tenant_a.active():
        assert not Contact.objects.exists() and not ContactRequest.objects.exists()
    # The known values stay offered after the error.
    assert "Mail naar sophie@example.nl (bekend)" in _route_options(form)


def test_callback_fields_left_filled_do_not_block_another_outcome(tenant_a):
    response = _post(
        _client(tenant_a), outcome="answered", answer="Uitgelegd.", known_email="s@example.nl",
        contact_route="known_email", callback_phone="0612345678", preferred_from="07:00",
    )  # fmt: skip
    assert response.status_code == 302
    with tenant_a.active():
        assert Contact.objects.get().outcome == "answered"
        assert not ContactRequest.objects.exists()


def test_the_callback_fields_say_when_they_are_required(tenant_a):
    form = _form(_client(tenant_a).get("/desk/persoon/").content.decode())
    assert "Terugbellen of mailen via (verplicht bij een terugbelverzoek)</legend>" in form
    assert "Telefoonnummer (verplicht bij ‘Ander nummer’)</label>" in form
    assert "Voorkeursdag (niet verplicht)</label>" in form
    # An always-required field is required for the browser and screen readers too.
    assert re.search(r'<textarea name="question"[^>]*required', form)
    assert not re.search(r'name="callback_phone"[^>]*required', form)


# The queue and the request


def _request(tenant, team, **fields):
    now = timezone.now()
    with tenant.active():
        contact_register(
            actor=tenant.staff["agent"], channel="phone", bsn=tenant.person.bsn,
            question="Bel mij terug", outcome="contact_request",
            contact_request=ContactRequestDraft(name="Sophie de Vries", team=team, **fields),
            started_at=now - timedelta(minutes=1), ended_at=now,
        )  # fmt: skip
        return ContactRequest.objects.order_by("-pk").first()


def _queue_row(page: str, request) -> str:
    return page.split(f'href="/desk/contactverzoeken/{request.pk}/"', 1)[1].split("</tr>", 1)[0]


def test_the_queue_shows_the_attempts_and_the_preferred_moment(tenant_a, team):
    day = next_open_day(tenant_a)
    tried = _request(tenant_a, team, phone="0612345678", preferred_date=day,
                     preferred_from=time(9), preferred_until=time(12))  # fmt: skip
    untried = _request(tenant_a, team, email="sophie@example.nl")
    with tenant_a.active():
        for _ in range(2):
            contact_request_log_attempt(
                actor=tenant_a.staff["worker"], request=tried, result="not_reached"
            )
    page = tenant_a.client("worker").get("/desk/contactverzoeken/").content.decode()
    assert '<th class="utrecht-table__header-cell">Pogingen</th>' in page
    row = _queue_row(page, tried)
    assert re.search(r"2, laatste .*: niet bereikt</td>", row)
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
              "september", "oktober", "november", "december"]  # fmt: skip
    assert f"{day.day} {months[day.month - 1]} {day.year}</time>, 09:00–12:00" in row
    assert "nog geen</td>" in _queue_row(page, untried)


def test_the_queue_reads_attempts_in_the_same_query(tenant_a, team, django_assert_num_queries):
    """No query per row: the count of queries is the same for one request or three."""
    client = tenant_a.client("worker")
    first = _request(tenant_a, team, phone="0612345678")
    client.get("/desk/contactverzoeken/")  # warm caches (settings, permissions)
    with CaptureQueriesContext(connection) as one:
        client.get("/desk/contactverzoeken/")
    for _ in range(2):
        request = _request(tenant_a, team, phone="0612345678")
        with tenant_a.active():
            contact_request_log_attempt(
                actor=tenant_a.staff["worker"], request=request, result="not_reached"
            )
    with tenant_a.active():
        contact_request_log_attempt(actor=tenant_a.staff["worker"], request=first, result="note",
                                    note="Voicemail")  # fmt: skip
    with django_assert_num_queries(len(one)):
        client.get("/desk/contactverzoeken/")


def test_a_request_links_to_the_persons_360_view(tenant_a, team):
    request = _request(tenant_a, team, phone="0612345678")
    worker = tenant_a.client("worker")
    for url in ("/desk/contactverzoeken/", f"/desk/contactverzoeken/{request.pk}/"):
        page = worker.get(url).content.decode()
        form = re.search(r'<form class="achterkant-person-link".*?</form>', page, re.S).group(0)
        assert 'action="/desk/personen/kiezen/"' in form
        assert f'name="bsn" value="{tenant_a.person.bsn}"' in form
        assert "360°-beeld" in form
    response = worker.post("/desk/personen/kiezen/", {"bsn": tenant_a.person.bsn})
    assert response["Location"] == "/desk/persoon/"
    with tenant_a.active():  # following the link looks the person up, logged
        assert ProcessingLogEntry.objects.filter(object_type="persoon").exists()


def test_an_old_free_text_moment_is_still_shown(tenant_a, team):
    request = _request(tenant_a, team, phone="0612345678")
    with tenant_a.active():
        ContactRequest.objects.filter(pk=request.pk).update(preferred_note="liefst na het eten")
    page = tenant_a.client("worker").get(f"/desk/contactverzoeken/{request.pk}/").content.decode()
    assert "liefst na het eten" in page
    assert 'href="tel:0612345678"' in page


def test_the_ready_made_form_with_a_route_is_what_the_template_renders(tenant_a, monkeypatch):
    """The route slot holds exactly what the template renders for this person's values."""
    started_at, key = timezone.now(), uuid.uuid4()
    monkeypatch.setattr(contact_form_cache, "get_token", lambda request: "t0ken")
    monkeypatch.setattr(contact_form_cache.timezone, "now", lambda: started_at)
    monkeypatch.setattr(contact_form_cache.uuid, "uuid4", lambda: key)
    known = {"known_phone": "0612345678", "known_email": "a&b@example.nl"}
    with tenant_a.active():
        ready = contact_form_cache.unbound_contact_form_html(
            RequestFactory().get("/desk/persoon/"), party="person", party_name="Sophie", **known
        )
        form = ContactForm(initial={"started_at": started_at, "idempotency_key": key, **known})
        rendered = render_to_string(
            "desk/partials/contact_form.html",
            {"contact_form": form, "csrf_token": "t0ken", "person": {"full_name": "Sophie"}},
        )
    assert ready == rendered
    assert "Mail naar a&amp;b@example.nl (bekend)" in ready
