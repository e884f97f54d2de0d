"""The contact form's proposal (issue 18): while the agent types the question, the likely
product (one click fills the field) and the suggested articles in the knowledge panel."""

import re

import pytest

from achterkant.desk.party_views import ACTIVE_PERSON
from tests.desk.party_page import agent_client, contact_form
from tests.portal.triage_setup import train_small_model

URL = "/desk/contacten/voorstel/"
HTMX = {"HTTP_HX_REQUEST": "true"}
# Session, user and the articles; model, threshold and product list are kept in the process.
QUERIES_PER_PROPOSAL = 4


@pytest.fixture
def trained(tenant_a, settings, tmp_path):
    return train_small_model(tenant_a, settings, tmp_path)


def _propose(client, **data) -> str:
    response = client.post(URL, data, **HTMX)
    assert response.status_code == 200
    return response.content.decode()


def test_the_contact_form_asks_for_a_proposal_while_the_agent_types(tenant_a):
    page = agent_client(tenant_a).get("/desk/persoon/").content.decode()
    form = contact_form(page)
    assert f'hx-post="{URL}"' in form and 'hx-trigger="input changed delay:400ms"' in form
    assert 'hx-params="question,articles,kb_suggested"' in form
    assert 'id="triage-suggestion"' in form and 'id="kb-suggested"' in form
    assert "achterkant/contact-triage.js" in page
    # The kept form (desk.contact_form_cache) still fills in its own token and key.
    assert "@@achterkant" not in page


def test_the_agent_gets_the_product_even_when_it_is_not_offered_online(tenant_a, trained):
    fragment = _propose(agent_client(tenant_a), question="Mijn paspoort is verlopen, ik ga op reis")
    passport = trained["products"]["paspoort"]
    assert re.search(r"Voorstel: <strong>Paspoort aanvragen</strong> \(waarschijnlijk\)", fragment)
    assert f'data-triage-product="{passport.pk}"' in fragment
    # Staff see every article, internal ones too, as out-of-band content of the panel.
    assert 'id="kb-suggested" hx-swap-oob="true"' in fragment
    assert trained["articles"]["internal"].question in fragment
    assert trained["articles"]["public"].question in fragment
    assert trained["articles"]["expired"].question not in fragment


def test_a_ticked_suggested_article_stays_ticked_when_the_proposal_changes(tenant_a, trained):
    public = trained["articles"]["public"]
    fragment = _propose(
        agent_client(tenant_a),
        question="Ik wil mijn oude bank laten ophalen",
        articles=[str(public.pk), "12"],
        kb_suggested=[str(public.pk), "niet-een-id"],
    )
    assert "Grofvuil laten ophalen" in fragment
    assert re.search(rf'value="{public.pk}" checked> Gebruikt: <strong>{public.question}', fragment)
    assert trained["articles"]["everyone"].question in fragment
    assert 'value="12"' not in fragment  # ticked elsewhere (search hits): not this list's


@pytest.mark.parametrize(
    "question", ["", "hallo", "x" * 100_000, "Where can I renew my passport please"]
)
def test_odd_text_gets_no_proposal_and_no_error(tenant_a, trained, question):
    fragment = _propose(agent_client(tenant_a), question=question)
    assert "Voorstel:" not in fragment and "data-triage-product" not in fragment
    if question:
        assert 'data-testid="no-proposal"' in fragment
    assert 'id="kb-suggested" hx-swap-oob="true"' in fragment  # the old articles go


def test_without_a_model_the_agent_picks_the_product_as_before(tenant_a, settings, tmp_path):
    settings.TRIAGE_MODEL_DIR = str(tmp_path)
    fragment = _propose(agent_client(tenant_a), question="Mijn paspoort is verlopen")
    assert "Voorstel:" not in fragment and "Kies zelf een product." in fragment


def test_the_proposal_is_for_staff_who_record_contacts_only(tenant_a, trained):
    anonymous = tenant_a.client()
    response = anonymous.post(URL, {"question": "paspoort verlopen"})
    assert response.status_code == 302 and response["Location"].startswith("/medewerker/inloggen/")
    worker = tenant_a.client("worker")  # may read contacts, not record them
    assert worker.post(URL, {"question": "paspoort verlopen"}).status_code == 403
    agent = agent_client(tenant_a, **{ACTIVE_PERSON: tenant_a.person.bsn})
    assert agent.get(URL, {"question": "paspoort verlopen"}).status_code == 405


def test_a_proposal_costs_a_few_queries(tenant_a, trained, django_assert_max_num_queries):
    agent = agent_client(tenant_a)
    _propose(agent, question="Ik wil mijn oude bank laten ophalen")  # warm: model, products
    with django_assert_max_num_queries(QUERIES_PER_PROPOSAL):
        fragment = _propose(agent, question="Mijn paspoort is verlopen, ik ga op reis")
    assert "Voorstel:" in fragment
