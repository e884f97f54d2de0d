"""*Beschrijf uw vraag* in the e-loket (issue 18): suggestions while typing, only forms
offered online and public articles, and the general request when nothing fits."""

import uuid

import pytest
from django.utils.formats import date_format
from django.utils.timezone import localtime

from achterkant.contacts.models import Contact
from tests.conftest import make_person
from tests.portal.test_portal import log_in
from tests.portal.triage_setup import train_small_model

LIST = "/mijn/aanvragen/"
SUGGEST = "/mijn/aanvragen/vraag/suggesties/"
ASK = "/mijn/aanvragen/vraag/stellen/"
HTMX = {"HTTP_HX_REQUEST": "true"}
# Session and the articles; the model, threshold and catalogue are kept in the process.
QUERIES_PER_SUGGESTION = 3


@pytest.fixture
def trained(tenant_a, settings, tmp_path):
    return train_small_model(tenant_a, settings, tmp_path)


@pytest.fixture
def citizen(tenant_a, trained):
    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    return client


def _suggest(client, text: str, **headers) -> str:
    response = client.post(SUGGEST, {"vraag": text, "submission_key": str(uuid.uuid4())}, **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_the_e_loket_page_has_the_question_box_above_the_list(citizen):
    page = citizen.get(LIST).content.decode()
    box = page.index('name="vraag"')
    assert box < page.index('data-testid="offered-products"')
    assert f'hx-post="{SUGGEST}"' in page and 'hx-trigger="input changed delay:400ms"' in page
    assert 'name="submission_key"' in page and 'maxlength="2000"' in page
    assert "vendor/htmx/htmx.min.js" in page


def test_a_question_suggests_the_matching_form_as_a_fragment(citizen):
    fragment = _suggest(citizen, "Er ligt een losse tegel op de stoep voor mijn huis", **HTMX)
    assert "<html" not in fragment
    assert 'href="/mijn/aanvragen/melding/"' in fragment
    assert "Dit formulier past bij uw vraag" in fragment
    # A good match: asking the municipality is still possible, but not the first choice.
    assert (
        "utrecht-button--secondary-action" in fragment
        and "Stel uw vraag aan de gemeente" in fragment
    )


def test_a_product_not_offered_online_is_never_suggested_nor_an_internal_article(citizen, trained):
    fragment = _suggest(citizen, "Mijn paspoort is verlopen en ik ga op reis", **HTMX)
    assert "/mijn/aanvragen/paspoort/" not in fragment and "Paspoort aanvragen<" not in fragment
    articles = trained["articles"]
    assert articles["public"].question in fragment and articles["public"].answer in fragment
    assert articles["internal"].question not in fragment
    assert articles["internal"].answer not in fragment
    assert articles["expired"].question not in fragment
    # Nothing to request online fits: the general request comes first.
    assert "utrecht-button--primary-action" in fragment
    assert 'formaction="/mijn/aanvragen/vraag/stellen/"' in fragment


def test_an_article_made_internal_after_training_is_not_shown_to_citizens(
    tenant_a, citizen, trained
):
    article = trained["articles"]["everyone"]
    with tenant_a.active():
        article.audience = "internal"
        article.save()
    fragment = _suggest(citizen, "Ik wil mijn oude bank en kast laten ophalen", **HTMX)
    assert 'href="/mijn/aanvragen/grofvuil/"' in fragment
    assert article.question not in fragment


@pytest.mark.parametrize(
    "text",
    ["", "   ", "hallo", "x" * 100_000, "Where can I renew my passport please", "\ufffd🙂 ∑∂"],
)
def test_odd_text_gets_no_suggestion_and_no_error(citizen, text):
    fragment = _suggest(citizen, text, **HTMX)
    assert "suggested-products" not in fragment and "/mijn/aanvragen/melding/" not in fragment
    if text.strip():
        assert "Wij weten niet welk formulier bij uw vraag past." in fragment


def test_the_question_is_capped_before_the_classifier(citizen):
    # A huge paste that starts with a clear question still gets its suggestion, quickly.
    fragment = _suggest(citizen, "Er ligt een losse tegel op de stoep. " + "bla " * 50_000, **HTMX)
    assert 'href="/mijn/aanvragen/melding/"' in fragment


def test_without_javascript_the_button_gives_the_whole_page(citizen):
    page = _suggest(citizen, "De lantaarnpaal in onze straat is kapot")
    assert '<h1 class="utrecht-heading-1">Iets aanvragen of melden</h1>' in page
    assert "De lantaarnpaal in onze straat is kapot</textarea>" in page
    assert 'href="/mijn/aanvragen/melding/"' in page.split('data-testid="question-suggestions"')[1]


def test_suggestions_need_the_citizen_log_in_and_a_post(tenant_a, trained):
    client = tenant_a.client()
    assert client.get(LIST)["Location"] == "/mijn/inloggen/"
    response = client.post(SUGGEST, {"vraag": "losse tegel"})
    assert response.status_code == 302 and response["Location"] == "/mijn/inloggen/"
    response = client.post(SUGGEST, {"vraag": "losse tegel"}, **HTMX)
    assert response.status_code == 401 and response["HX-Redirect"] == "/mijn/inloggen/"
    assert client.post(ASK, {"vraag": "Waar kan ik terecht?"})["Location"] == "/mijn/inloggen/"
    with tenant_a.active():
        assert Contact.objects.count() == 0
    log_in(client, tenant_a.person.bsn)
    assert client.get(SUGGEST).status_code == 405


def test_a_business_log_in_gets_no_suggestions_and_cannot_ask(tenant_a, trained):
    client = tenant_a.client()
    client.post("/mijn/inloggen/eherkenning-test/", {"kvk_number": "69599084", "assurance": "hoog"})
    assert 'name="vraag"' not in client.get(LIST).content.decode()
    fragment = _suggest(client, "Er ligt een losse tegel op de stoep", **HTMX)
    assert "ondernemer" in fragment and "/mijn/aanvragen/melding/" not in fragment
    key = str(uuid.uuid4())
    assert client.post(ASK, {"vraag": "Een vraag", "submission_key": key}).status_code == 404
    with tenant_a.active():
        assert Contact.objects.count() == 0


def test_a_general_request_is_filed_once_and_confirmed(tenant_a, citizen):
    key = str(uuid.uuid4())
    data = {"vraag": "Ik heb een vraag over de bomen in mijn straat.", "submission_key": key}
    response = citizen.post(ASK, data)
    with tenant_a.active():
        contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/mijn/aanvragen/vraag/ontvangen/{contact.pk}/"
    assert contact.bsn == tenant_a.person.bsn and contact.channel == "web"
    assert contact.question == data["vraag"]
    page = citizen.get(response["Location"]).content.decode()
    assert "Wij hebben uw vraag ontvangen" in page and data["vraag"] in page
    assert "Wat gebeurt er nu?" in page and 'data-testid="when"' in page
    # When: the date the gate gave the contact (a written question's norm), as it gave it.
    when = page.split('data-testid="when">')[1].split("</li>")[0]
    assert contact.response_due_at is not None
    due = date_format(localtime(contact.response_due_at), "l j F Y")
    assert when == f"U krijgt uiterlijk op {due} antwoord."
    # A double click or a refresh: the same contact, nothing new, and the citizen is told.
    again = citizen.post(ASK, data, follow=True)
    with tenant_a.active():
        assert Contact.objects.count() == 1
    assert again.redirect_chain[-1][0] == response["Location"]
    assert "Deze vraag had u al gesteld." in again.content.decode()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"vraag": "   "}, "Beschrijf eerst uw vraag."),
        ({"vraag": "x" * 2001}, "Uw vraag is te lang. Gebruik hoogstens 2000 tekens."),
        ({"vraag": "Een vraag", "submission_key": "geen-sleutel"}, "Laad de pagina opnieuw."),
        ({"vraag": "Een vraag", "submission_key": ""}, "Laad de pagina opnieuw."),
    ],
)
def test_a_bad_general_request_gets_a_dutch_error_and_writes_nothing(
    tenant_a, citizen, data, error
):
    data = {"submission_key": str(uuid.uuid4()), **data}
    response = citizen.post(ASK, data)
    assert response.status_code == 400
    assert error in response.content.decode()
    with tenant_a.active():
        assert Contact.objects.count() == 0


def test_the_confirmation_shows_only_your_own_question(tenant_a, citizen):
    citizen.post(ASK, {"vraag": "Mijn eigen vraag", "submission_key": str(uuid.uuid4())})
    with tenant_a.active():
        contact = Contact.objects.get()
    other = tenant_a.client()
    make_person(tenant_a.organisation, "999990019")
    log_in(other, "999990019")
    assert other.get(f"/mijn/aanvragen/vraag/ontvangen/{contact.pk}/").status_code == 404
    assert citizen.get(f"/mijn/aanvragen/vraag/ontvangen/{contact.pk + 999}/").status_code == 404


def test_a_suggestion_costs_a_few_queries_whatever_the_catalogue(
    citizen, django_assert_max_num_queries
):
    _suggest(citizen, "Ik wil mijn oude bank laten ophalen", **HTMX)  # warm: model, catalogue
    with django_assert_max_num_queries(QUERIES_PER_SUGGESTION):
        fragment = _suggest(citizen, "Mijn oude kast en matras moeten weg", **HTMX)
    assert 'href="/mijn/aanvragen/grofvuil/"' in fragment


def test_another_organisation_neither_uses_this_model_nor_sees_its_questions(
    tenant_a, tenant_b, citizen
):
    citizen.post(ASK, {"vraag": "Mijn eigen vraag", "submission_key": str(uuid.uuid4())})
    with tenant_a.active():
        contact = Contact.objects.get()
    other = tenant_b.client()
    log_in(other, tenant_b.person.bsn)
    # Tenant B has no model of its own: no product, the general request is offered.
    fragment = _suggest(other, "Er ligt een losse tegel op de stoep voor mijn huis", **HTMX)
    assert "suggested-products" not in fragment and "Stel uw vraag aan de gemeente" in fragment
    assert other.get(f"/mijn/aanvragen/vraag/ontvangen/{contact.pk}/").status_code == 404
