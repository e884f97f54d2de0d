"""The e-loket: a form per case type, prefill, per-field errors, one case per submit."""

import time
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.formats import date_format

from achterkant.audit.models import ProcessingLogEntry
from achterkant.audit.services import Purpose
from achterkant.cases.models import Case, Document, WebSubmission
from achterkant.cases.services.web_requests import submit_web_request
from achterkant.catalog.form_definition import validate_form_definition
from achterkant.catalog.models import CaseType, ServiceNorm
from achterkant.contacts.models import Contact
from achterkant.contacts.services import contact_receive
from achterkant.identity.actors import Citizen, Company, NotPermitted
from achterkant.identity.assurance import AssuranceTooLow
from achterkant.notify.models import OutboxMessage
from achterkant.routing.models import RoutingRule, Team
from tests.portal.test_portal import PDF, log_in

FORM = {
    "intro": "Meld hier een probleem.",
    "fields": [
        {"name": "soort", "label": "Waar gaat het over?", "type": "choice", "required": True,
         "choices": ["Stoeptegel", "Lantaarn"], "description": True},
        {"name": "locatie", "label": "Waar is het?", "type": "address", "required": True,
         "prefill": "address"},
        {"name": "wat", "label": "Wat is er aan de hand?", "type": "long_text", "required": True,
         "max_length": 200},
        {"name": "aantal", "label": "Hoeveel?", "type": "number", "min": 1, "max": 10},
        {"name": "sinds", "label": "Sinds wanneer?", "type": "date"},
        {"name": "gevaarlijk", "label": "Is het gevaarlijk?", "type": "yes_no", "required": True},
        {"name": "naam", "label": "Uw naam", "type": "text", "prefill": "name"},
        {"name": "foto", "label": "Foto", "type": "file"},
    ],
}  # fmt: skip
URL = "/mijn/aanvragen/melding/"


@pytest.fixture
def eloket(tenant_a):
    """Tenant A's 'melding' product with a web form, a web norm and a routing rule."""
    with tenant_a.active():
        CaseType.objects.filter(identification="ZT-MELDING").update(form_definition=FORM)
        ServiceNorm.objects.create(
            product=tenant_a.product, channel="web", amount=5, unit="working_days",
            promise="binnen 5 werkdagen opgelost",
        )  # fmt: skip
        team = Team.objects.create(identification="buiten", name="Team Buitenruimte")
        RoutingRule.objects.create(order=10, product_code="melding", team=team)
    return tenant_a


def _citizen(tenant):
    client = tenant.client()
    log_in(client, tenant.person.bsn)
    return client


def _answers(client, **overrides):
    page = client.get(URL)
    key = page.context["form"].initial["submission_key"]
    data = {
        "submission_key": str(key),
        "soort": "Stoeptegel",
        "locatie__postcode": "1011 ab",
        "locatie__huisnummer": "12",
        "wat": "Een losse tegel voor de deur.",
        "aantal": "2",
        "sinds": "2026-11-20",
        "gevaarlijk": "ja",
        "naam": "Sophie de Vries",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_schema_refuses_a_bad_definition_with_dutch_reasons():
    validate_form_definition(FORM)
    validate_form_definition({})
    bad = {
        "fields": [
            {"name": "a", "label": "A", "type": "choice"},
            {"name": "Fout naam", "label": "B", "type": "text"},
            {"name": "c", "label": "C", "type": "kleur"},
            {"name": "d", "label": "D", "type": "text", "kleur": "rood"},
        ]
    }
    with pytest.raises(ValidationError) as error:
        validate_form_definition(bad)
    text = " ".join(error.value.messages)
    assert "Veld 1: het onderdeel 'choices' ontbreekt." in text
    assert "Veld 2, 'name': gebruik alleen kleine letters" in text
    assert "Veld 3, 'type': kies een van text, long_text" in text
    assert "Niet toegestaan: kleur." in text
    for field in (
        {"name": "submission_key", "label": "X", "type": "text"},
        {"name": "a__postcode", "label": "X", "type": "text"},
    ):
        with pytest.raises(ValidationError, match="deze naam is gereserveerd"):
            validate_form_definition({"fields": [field]})
    for limits in ({"min": 0.005}, {"max": 1e300}):
        with pytest.raises(ValidationError, match="hoogstens 2 cijfers achter de komma"):
            validate_form_definition(
                {"fields": [{"name": "n", "label": "N", "type": "number", **limits}]}
            )
    with pytest.raises(ValidationError, match="komt meer dan eens voor"):
        validate_form_definition({"fields": [{"name": "a", "label": "A", "type": "text"}] * 2})


def test_saving_a_case_type_validates_its_form_definition(tenant_a):
    with tenant_a.active():
        case_type = CaseType.objects.get(identification="ZT-MELDING")
        case_type.form_definition = {"fields": []}
        with pytest.raises(ValidationError) as error:
            case_type.full_clean()
    assert "form_definition" in error.value.message_dict


def test_only_products_with_a_web_form_are_offered(eloket):
    client = _citizen(eloket)
    page = client.get("/mijn/aanvragen/").content.decode()
    assert "Melding" in page and URL in page
    with eloket.active():
        CaseType.objects.filter(identification="ZT-MELDING").update(form_definition={})
    assert URL not in client.get("/mijn/aanvragen/").content.decode()
    assert client.get(URL).status_code == 404


def test_known_person_data_is_prefilled_and_the_lookup_is_logged(eloket):
    client = _citizen(eloket)
    form = client.get(URL).context["form"]
    assert form.initial["naam"] == "Sophie de Vries"
    assert form.initial["locatie__postcode"] == "1011AB"
    assert form.initial["locatie__huisnummer"] == 12
    with eloket.active():
        assert ProcessingLogEntry.objects.filter(
            bsn=eloket.person.bsn, purpose=Purpose.SELF_SERVICE, actor_label="Mijn gemeente"
        ).exists()


def test_a_web_request_opens_a_routed_case_and_confirms_it(eloket, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client = _citizen(eloket)
    data = _answers(client, foto=SimpleUploadedFile("tegel.pdf", PDF), onbekend="genegeerd")
    response = client.post(URL, data)
    with eloket.active():
        case = Case.objects.select_related("team", "product").get()
        assert response["Location"] == f"/mijn/aanvragen/ontvangen/{case.number}/"
        assert (case.channel, case.product.code, case.team.name) == (
            "web", "melding", "Team Buitenruimte",
        )  # fmt: skip
        assert case.description == "Stoeptegel"
        assert "Waar is het?: Kerkstraat 12, 1011AB Voorbeeld" in case.explanation
        assert "Is het gevaarlijk?: ja" in case.explanation and "genegeerd" not in str(
            WebSubmission.objects.get().answers
        )
        assert Document.objects.get(case=case).title == "Foto"
        message = OutboxMessage.objects.get(event_code="case.opened")
        assert case.number in message.body
    page = client.get(response["Location"]).content.decode()
    assert case.number in page
    # The confirmation shows the case promise, not the web channel's contact norm.
    assert "binnen 5 werkdagen opgelost" not in page
    assert date_format(case.latest_end_date, "l j F Y") in page


def test_a_double_submit_or_refresh_opens_one_case(eloket):
    client = _citizen(eloket)
    data = _answers(client)
    first = client.post(URL, data)
    second = client.post(URL, {**data, "wat": "Toch iets anders"}, follow=True)
    assert second.redirect_chain[-1][0] == first["Location"]
    assert "Dit formulier had u al verstuurd" in second.content.decode()
    with eloket.active():
        assert Case.objects.count() == 1 and WebSubmission.objects.count() == 1


def test_someone_elses_submission_key_is_refused(eloket):
    client = _citizen(eloket)
    data = _answers(client)
    client.post(URL, data)
    other = eloket.client()
    log_in(other, "999990019")
    response = other.post(URL, data)
    assert response.status_code == 200
    assert "Dit formulier is al gebruikt" in response.content.decode()
    with eloket.active():
        assert Case.objects.count() == 1


def test_a_key_another_contact_holds_is_refused_and_nothing_is_stored(eloket):
    # The contact is written without a savepoint of its own (the submission just claimed
    # the key): a clash with another channel's contact rolls back the whole submit.
    client = _citizen(eloket)
    data = _answers(client)
    with eloket.active():
        contact_receive(
            actor=eloket.staff["agent"], channel="phone", question="Over de stoep",
            outcome="open", bsn=eloket.person.bsn,
            idempotency_key=uuid.UUID(data["submission_key"]),
        )  # fmt: skip
        log_before = ProcessingLogEntry.objects.count()
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "Dit formulier is al gebruikt" in response.content.decode()
    with eloket.active():
        assert not Case.objects.exists() and not WebSubmission.objects.exists()
        assert Contact.objects.count() == 1
        assert not OutboxMessage.objects.filter(event_code="case.opened").exists()
        # Only the form's prefill read is logged, nothing of the refused submit.
        assert ProcessingLogEntry.objects.count() == log_before + 1


def test_invalid_values_are_reported_per_field_and_nothing_is_stored(eloket):
    client = _citizen(eloket)
    data = _answers(
        client, locatie__postcode="0000 XX", aantal="11", sinds="gisteren", wat="", gevaarlijk=None
    )
    response = client.post(URL, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["locatie__postcode"] == ["Vul een postcode in zoals 1234 AB."]
    assert errors["aantal"] == ["Zorg ervoor dat deze waarde hoogstens 10 is."]
    assert errors["sinds"] == ["Voer een geldige datum in."]
    assert errors["wat"] == ["Dit veld is verplicht."] == errors["gevaarlijk"]
    assert "Niet alles is goed ingevuld" in response.content.decode()
    with eloket.active():
        assert not Case.objects.exists() and not WebSubmission.objects.exists()


def test_an_upload_of_the_wrong_type_gets_a_clear_message(eloket):
    client = _citizen(eloket)
    data = _answers(client, foto=SimpleUploadedFile("foto.pdf", b"MZ\x90\x00 not a pdf"))
    response = client.post(URL, data)
    assert "PDF" in response.context["form"].errors["foto"][0]
    with eloket.active():
        assert not Case.objects.exists()


def test_a_product_needing_a_higher_assurance_level_is_refused(eloket):
    with eloket.active():
        type(eloket.product).objects.filter(pk=eloket.product.pk).update(assurance_level="hoog")
    client = _citizen(eloket)  # the mock logs in at Midden
    page = client.get(URL)
    assert page.status_code == 403
    assert "betrouwbaarheidsniveau Hoog of hoger" in page.content.decode()
    assert "ingelogd met niveau Midden" in page.content.decode()
    assert client.post(URL, {"submission_key": str(uuid.uuid4())}).status_code == 403
    with eloket.active():
        assert not Case.objects.exists()


def test_the_confirmation_of_another_citizens_case_is_not_found(eloket):
    other = eloket.open_case(initiator_bsn="999990019")
    client = _citizen(eloket)
    assert client.get(f"/mijn/aanvragen/ontvangen/{other.number}/").status_code == 404


def test_another_organisations_product_is_not_found(eloket, tenant_b):
    with tenant_b.active():
        type(tenant_b.product).objects.filter(pk=tenant_b.product.pk).update(code="alleen-b")
        CaseType.objects.filter(identification="ZT-MELDING").update(form_definition=FORM)
    client = _citizen(eloket)
    assert client.get("/mijn/aanvragen/alleen-b/").status_code == 404


def test_an_expired_session_keeps_the_draft_for_the_same_person_only(eloket, monkeypatch):
    client = _citizen(eloket)
    data = _answers(client, wat="Half ingevuld")
    later = time.time() + 15 * 60 + 1
    monkeypatch.setattr("achterkant.portal.session.time.time", lambda: later)
    response = client.post(URL, data, follow=True)
    assert response.redirect_chain[-1][0] == "/mijn/inloggen/"
    assert "staat dan weer klaar" in response.content.decode()
    with eloket.active():
        assert not Case.objects.exists()
    log_in(client, eloket.person.bsn)
    form = client.get(URL).context["form"]
    assert form.initial["wat"] == "Half ingevuld"
    assert form.initial["submission_key"] == data["submission_key"]

    client.post(URL, _answers(client, wat="Nog een"))  # someone else now, on this browser
    monkeypatch.setattr("achterkant.portal.session.time.time", lambda: later + 16 * 60)
    client.post(URL, data)
    log_in(client, "999990019")
    assert client.get(URL).context["form"].initial.get("wat") != "Half ingevuld"


def test_a_business_cannot_yet_file_online(eloket):
    client = eloket.client()
    client.post("/mijn/inloggen/eherkenning-test/", {"kvk_number": "69599084", "assurance": "hoog"})
    response = client.get(URL)
    assert response.status_code == 403
    assert "Als ondernemer" in response.content.decode()


def test_the_mock_login_can_pick_a_higher_level_for_trying_products(eloket):
    from urllib.parse import parse_qs, urlsplit

    with eloket.active():
        type(eloket.product).objects.filter(pk=eloket.product.pk).update(
            assurance_level="substantieel"
        )
    client = eloket.client()
    start = urlsplit(
        client.get("/mijn/inloggen/digid-test/", {"niveau": "substantieel"})["Location"]
    )
    acs = parse_qs(start.query)["acs"][0]
    client.get(f"{acs}&bsn={eloket.person.bsn}")
    assert client.get(URL).status_code == 200
    log_in(client, eloket.person.bsn)  # without a choice: the default, Midden
    assert client.get(URL).status_code == 403


def test_a_failure_after_the_files_are_stored_leaves_nothing(eloket, settings, tmp_path):
    from unittest import mock

    settings.MEDIA_ROOT = str(tmp_path)
    client = _citizen(eloket)
    data = _answers(client, foto=SimpleUploadedFile("tegel.pdf", PDF))
    with (
        mock.patch(
            "achterkant.cases.services.lifecycle.inform_initiator",
            side_effect=RuntimeError("outbox kapot"),
        ),
        pytest.raises(RuntimeError),
    ):
        client.post(URL, data)
    with eloket.active():
        assert not Case.objects.exists() and not WebSubmission.objects.exists()
        assert not Document.objects.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_draft_is_kept_an_hour_at_most(eloket, monkeypatch):
    client = _citizen(eloket)
    data = _answers(client, wat="Half ingevuld")
    start = time.time()
    monkeypatch.setattr("achterkant.portal.session.time.time", lambda: start + 16 * 60)
    client.post(URL, data)
    assert client.session["portal_draft"]["data"]["wat"] == "Half ingevuld"
    monkeypatch.setattr("achterkant.portal.session.time.time", lambda: start + 16 * 60 + 3601)
    client.get("/mijn/inloggen/")
    assert "portal_draft" not in client.session


def test_an_upload_that_is_too_large_gets_a_clear_message(eloket, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    client = _citizen(eloket)
    big = SimpleUploadedFile("groot.pdf", PDF + b"0" * 2048)
    response = client.post(URL, _answers(client, foto=big))
    (error,) = response.context["form"].errors["foto"]
    assert error == "Het bestand is te groot (2,1\xa0KB). Het mag maximaal 1,0\xa0KB zijn."
    with eloket.active():
        assert not Case.objects.exists()


# The service is the complete gate: the same checks when it is called without the web form.

GOOD_ANSWERS = {
    "soort": "Stoeptegel",
    "locatie__postcode": "1011 ab",
    "locatie__huisnummer": "12",
    "wat": "Een losse tegel voor de deur.",
    "gevaarlijk": "ja",
}


def _submit(tenant, actor=None, **arguments):
    arguments = {
        "actor": actor or Citizen(bsn=tenant.person.bsn, assurance="midden"),
        "product_code": "melding",
        "answers": GOOD_ANSWERS,
        "key": uuid.uuid4(),
        **arguments,
    }
    with tenant.active():
        return submit_web_request(**arguments)


def _nothing_stored(tenant, media=None):
    with tenant.active():
        assert not Case.objects.exists() and not WebSubmission.objects.exists()
        assert not Document.objects.exists()
    if media is not None:
        assert [p for p in media.rglob("*") if p.is_file()] == []
    return True


def test_the_service_opens_a_case_from_the_raw_answers(eloket):
    key = uuid.uuid4()
    case, created = _submit(eloket, answers={**GOOD_ANSWERS, "onbekend": "genegeerd"}, key=key)
    assert created
    with eloket.active():
        case = Case.objects.get(pk=case.pk)
        assert (case.channel, case.description) == ("web", "Stoeptegel")
        # The service read the citizen's own record, which completed the address.
        assert "Waar is het?: Kerkstraat 12, 1011AB Voorbeeld" in case.explanation
        assert WebSubmission.objects.get().answers["gevaarlijk"] is True
        assert "onbekend" not in WebSubmission.objects.get().answers
    again, created = _submit(eloket, key=str(key))
    assert (again, created) == (case, False)


def test_the_service_refuses_a_product_not_offered_online(eloket):
    with eloket.active():
        CaseType.objects.filter(identification="ZT-MELDING").update(form_definition={})
    for code in ("melding", "bestaat-niet"):
        with pytest.raises(ValidationError) as refusal:
            _submit(eloket, product_code=code)
        assert refusal.value.messages == ["Dit product kunt u niet online aanvragen."]
    assert _nothing_stored(eloket)


def test_the_service_checks_the_answers_per_field_and_writes_nothing(eloket, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    answers = {**GOOD_ANSWERS, "locatie__postcode": "0000 XX", "aantal": "11", "wat": ""}
    answers.pop("gevaarlijk")
    with pytest.raises(ValidationError) as error:
        _submit(
            eloket,
            answers=answers,
            files={"foto": SimpleUploadedFile("tegel.pdf", PDF)},
            key="geen-sleutel",
        )
    assert error.value.message_dict == {
        "locatie__postcode": ["Vul een postcode in zoals 1234 AB."],
        "aantal": ["Zorg ervoor dat deze waarde hoogstens 10 is."],
        "wat": ["Dit veld is verplicht."],
        "gevaarlijk": ["Dit veld is verplicht."],
        "submission_key": ["Dit formulier is niet goed verstuurd. Laad de pagina opnieuw."],
    }
    assert _nothing_stored(eloket, tmp_path)
    with pytest.raises(ValidationError) as error:
        _submit(eloket, files={"foto": SimpleUploadedFile("foto.pdf", b"MZ\x90\x00 geen pdf")})
    assert "PDF" in error.value.message_dict["foto"][0]
    assert _nothing_stored(eloket, tmp_path)


def test_the_service_refuses_a_business(eloket):
    with pytest.raises(NotPermitted) as refusal:
        _submit(eloket, actor=Company(kvk_number="69599084", assurance="hoog"))
    assert str(refusal.value) == (
        "Als ondernemer kunt u dit nog niet online aanvragen. Neem contact op met de gemeente, "
        "dan helpen wij u verder."
    )
    assert _nothing_stored(eloket)


def test_the_service_refuses_a_log_in_weaker_than_the_product_needs(eloket):
    with eloket.active():
        type(eloket.product).objects.filter(pk=eloket.product.pk).update(assurance_level="hoog")
    with pytest.raises(AssuranceTooLow, match="betrouwbaarheidsniveau Hoog of hoger"):
        _submit(eloket, actor=Citizen(bsn=eloket.person.bsn, assurance="substantieel"))
    assert _nothing_stored(eloket)
    case, created = _submit(eloket, actor=Citizen(bsn=eloket.person.bsn, assurance="hoog"))
    assert created
