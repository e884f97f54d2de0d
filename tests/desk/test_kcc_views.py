"""The agent's flows through the desk, on the real database."""

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from achterkant.audit.models import ProcessingLogEntry
from achterkant.catalog.models import ServiceNorm
from achterkant.contacts.models import Contact, ContactRequest, KnowledgeArticle
from achterkant.desk.kcc_views import ACTIVE_COMPANY, ACTIVE_PERSON
from achterkant.identity.models import Company
from achterkant.routing.models import Team

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def _session(client, **values):
    session = client.session
    session.update(values)
    session.save()
    return client


def test_search_by_surname_and_birth_date_lists_people_to_choose(tenant_a):
    client = tenant_a.client("agent")
    response = client.post(
        "/desk/personen/zoeken/naam/", {"surname": "vries", "birth_date": "14-03-1985"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Kies Sophie de Vries" in page
    response = client.post("/desk/personen/kiezen/", {"bsn": tenant_a.person.bsn})
    assert response["Location"] == "/desk/persoon/"


def test_search_by_postcode_and_house_number(tenant_a):
    response = tenant_a.client("agent").post(
        "/desk/personen/zoeken/adres/", {"postcode": "1011 ab", "house_number": "12"}
    )
    assert "Kies Sophie de Vries" in response.content.decode()


def test_no_match_says_so_without_an_error_page(tenant_a):
    response = tenant_a.client("agent").post(
        "/desk/personen/zoeken/adres/", {"postcode": "9999ZZ", "house_number": "1"}
    )
    assert response.status_code == 400
    assert "Er is geen persoon gevonden" in response.content.decode()


def test_invalid_search_input_names_the_field(tenant_a):
    client = tenant_a.client("agent")
    page = client.post("/desk/personen/zoeken/naam/", {"surname": "", "birth_date": "gisteren"})
    text = page.content.decode()
    assert "Achternaam: Dit veld is verplicht." in text
    assert "Geboortedatum: Voer een geldige datum in." in text
    page = client.post("/desk/personen/zoeken/adres/", {"postcode": "AB12", "house_number": "x"})
    assert "Postcode: Vul een postcode in zoals 1234 AB." in page.content.decode()


def test_company_by_kvk_opens_its_360_view(tenant_a):
    with tenant_a.active():
        Company.objects.create(kvk_number="69599084", name="Bakkerij De Korenschoof")
    client = tenant_a.client("agent")
    response = client.post("/desk/bedrijven/zoeken/", {"kvk_number": "69599084"})
    assert response["Location"] == "/desk/bedrijf/"
    assert "Bakkerij De Korenschoof" in client.get("/desk/bedrijf/").content.decode()
    bad = client.post("/desk/bedrijven/zoeken/", {"kvk_number": "123"})
    assert "KvK-nummer moet uit 8 cijfers bestaan" in bad.content.decode()


def test_360_view_shows_cases_with_expected_date_requests_and_messages(tenant_a):
    tenant_a.open_case()
    with tenant_a.active():
        team = Team.objects.create(identification="kcc", name="KCC")
        ContactRequest.objects.create(
            bsn=tenant_a.person.bsn, name="Sophie", phone="06", question="Bel terug",
            team=team, due_at=timezone.now(),
        )  # fmt: skip
    client = _session(tenant_a.client("agent"), **{ACTIVE_PERSON: tenant_a.person.bsn})
    page = client.get("/desk/persoon/").content.decode()
    assert "Uiterlijke beslisdatum" in page and "ZAAK-" in page  # column of party.html
    assert "Bel terug" in page


def test_recording_a_contact_with_articles_and_a_contact_request(tenant_a):
    with tenant_a.active():
        team = Team.objects.create(identification="kcc", name="KCC")
        article = KnowledgeArticle.objects.create(
            question="Paspoort verlopen?", answer="Maak een afspraak.", valid_from="2020-01-01"
        )
    client = _session(tenant_a.client("agent"), **{ACTIVE_PERSON: tenant_a.person.bsn})
    response = client.post("/desk/contacten/", {
        "channel": "phone", "question": "Kan iemand mij terugbellen?", "outcome": "contact_request",
        "team": team.pk, "callback_phone": "0612345678", "articles": [article.pk],
        "started_at": timezone.now().isoformat(), "idempotency_key": str(uuid.uuid4()),
    })  # fmt: skip
    assert response.status_code == 302
    with tenant_a.active():
        contact = Contact.objects.get()
        assert list(contact.articles.all()) == [article]
        assert ContactRequest.objects.get().team == team


def test_team_member_sees_the_request_in_the_queue_and_closes_it(tenant_a):
    with tenant_a.active():
        team = Team.objects.create(identification="kcc", name="KCC")
        team.members.add(tenant_a.staff["worker"])
        request = ContactRequest.objects.create(
            name="Sophie", phone="06", question="Bel terug", team=team, due_at=timezone.now()
        )
    client = tenant_a.client("worker")
    assert "te laat" in client.get("/desk/contactverzoeken/").content.decode()
    response = client.post(f"/desk/contactverzoeken/{request.pk}/", {"result": "handled"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "done"
    # Someone outside the team cannot open it.
    assert tenant_a.client("agent").get(f"/desk/contactverzoeken/{request.pk}/").status_code == 404


def test_unmatched_mail_is_linked_by_bsn(tenant_a):
    now = timezone.now()
    with tenant_a.active():
        contact = Contact.objects.create(
            channel="email", question="Vraag", started_at=now, ended_at=now
        )
    client = tenant_a.client("agent")
    assert "Koppelen" in client.get("/desk/e-mail/").content.decode()
    client.post(f"/desk/e-mail/{contact.pk}/koppelen/", {"bsn": "123456789"})
    contact.refresh_from_db()
    assert contact.bsn == ""
    client.post(f"/desk/e-mail/{contact.pk}/koppelen/", {"bsn": tenant_a.person.bsn})
    contact.refresh_from_db()
    assert contact.bsn == tenant_a.person.bsn


def test_letter_upload_creates_a_letter_contact(tenant_a, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client = tenant_a.client("agent")
    response = client.post("/desk/brieven/nieuw/", {
        "scan": SimpleUploadedFile("brief.pdf", PDF), "subject": "Vraag over WOZ",
        "question": "Wanneer komt de aanslag?", "idempotency_key": str(uuid.uuid4()),
    })  # fmt: skip
    assert response.status_code == 302
    with tenant_a.active():
        assert Contact.objects.get().channel == "letter"


def test_company_session_from_another_tenant_shows_nothing(tenant_a, tenant_b):
    with tenant_b.active():
        Company.objects.create(kvk_number="69599084", name="Alleen bij B")
    client = _session(tenant_a.client("agent"), **{ACTIVE_COMPANY: "69599084"})
    assert client.get("/desk/bedrijf/").status_code == 302


def test_a_contact_recorded_at_the_desk_is_due_per_the_channels_norm(tenant_a):
    with tenant_a.active():
        ServiceNorm.objects.create(
            product=tenant_a.product, channel="phone", amount=4, unit="calendar_days",
            promise="binnen 4 dagen",
        )  # fmt: skip
    client = _session(tenant_a.client("agent"), **{ACTIVE_PERSON: tenant_a.person.bsn})
    response = client.post("/desk/contacten/", {
        "channel": "phone", "question": "Waar blijft mijn container?", "outcome": "referred",
        "referred_to": "Afvalbedrijf", "product": tenant_a.product.pk,
        "started_at": timezone.now().isoformat(), "idempotency_key": str(uuid.uuid4()),
    })  # fmt: skip
    assert response.status_code == 302
    with tenant_a.active():
        contact = Contact.objects.get()
    assert contact.response_due_at is not None
    assert contact.response_due_at.date() > contact.started_at.date()


def test_opening_a_contact_request_is_logged_as_a_read(tenant_a):
    with tenant_a.active():
        team = Team.objects.create(identification="kcc", name="KCC")
        team.members.add(tenant_a.staff["worker"])
        request = ContactRequest.objects.create(
            bsn=tenant_a.person.bsn, name="Sophie", phone="06", question="Bel terug", team=team,
            due_at=timezone.now(),
        )  # fmt: skip
    assert tenant_a.client("worker").get(f"/desk/contactverzoeken/{request.pk}/").status_code == 200
    with tenant_a.active():
        log = ProcessingLogEntry.objects.get(action="read")
    assert (log.object_type, log.object_id, log.bsn) == (
        "contactverzoek", str(request.pk), tenant_a.person.bsn,
    )  # fmt: skip
    assert log.actor == tenant_a.staff["worker"]
