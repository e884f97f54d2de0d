"""What makes Mijn overzicht and the e-loket cheap per request, kept correct.

* ``tenancy.compiled``: the overview's queries are compiled once per process and run with
  each party's own numbers; a day, an organisation and a kind of party get their own.
* ``portal_rows.feedback_form``: the rating form rendered once per page, each row its value.
* ``request_form_class``: one form class per form definition, by its content.
* the e-loket's products kept per settings version: a saved product is seen at once.
"""

from django.db import connection
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from achterkant.catalog.models import CaseType, Product
from achterkant.portal.request_form import request_form_class
from tests.portal.test_feedback import _closed_case, _contact
from tests.portal.test_overview import _citizen, _numbers, _section
from tests.portal.test_portal import _company_case, log_in
from tests.portal.test_requests import FORM, URL, eloket  # noqa: F401


def test_each_citizen_sees_their_own_rows_from_the_one_compiled_query(tenant_a):
    mine = [tenant_a.open_case(), _closed_case(tenant_a)]
    _contact(tenant_a, tenant_a.person.bsn)
    theirs = tenant_a.open_case(initiator_bsn="999990019")
    _contact(tenant_a, "999990019")
    page = _citizen(tenant_a).get("/mijn/").content.decode()  # compiles
    other = tenant_a.client()
    log_in(other, "999990019")
    their_page = other.get("/mijn/").content.decode()  # reuses, with their BSN
    assert _numbers(page) == [mine[0].number, mine[1].number]
    assert _numbers(their_page) == [theirs.number]
    assert "Wanneer wordt het afval opgehaald?" in _section(their_page, "Mijn contacten")
    assert "U heeft nog geen afgeronde zaken." in their_page


def test_a_company_and_its_branch_log_in_each_get_their_own_query(tenant_a):
    case = _company_case(tenant_a)
    pages = {}
    for branch in ("", "000012345678", ""):
        client = tenant_a.client()
        client.post(
            "/mijn/inloggen/eherkenning-test/",
            {"kvk_number": "69599084", "branch_number": branch, "assurance": "midden"},
        )
        pages.setdefault(branch, []).append(client.get("/mijn/").content.decode())
    assert all(_numbers(page) == [case.number] for page in pages[""])
    # The branch has no role in the case: it sees none of the company's cases.
    assert _numbers(pages["000012345678"][0]) == []


def test_the_rating_form_is_rendered_once_and_carries_each_rows_value():
    template = engines["django"].from_string(
        '{% load portal_rows %}{% url "portal:feedback" as feedback_url %}'
        '{% for value in values %}{% feedback_form "case" value %}{% endfor %}'
    )
    request = RequestFactory().get("/")
    html = template.render({"values": ["ZAAK-1", 'a"<b']}, request)
    assert html.count("<form") == 2
    assert 'name="case" value="ZAAK-1"' in html and 'id="comment-case-ZAAK-1"' in html
    assert 'name="case" value="a&quot;&lt;b"' in html and 'a"<b' not in html
    assert "\x00" not in html


def test_one_form_class_per_definition_and_an_edited_one_is_new():
    form_class = request_form_class(FORM)
    assert request_form_class({**FORM}) is form_class
    edited = {**FORM, "fields": [*FORM["fields"], {"name": "prefix", "label": "P", "type": "text"}]}
    new_class = request_form_class(edited)
    assert new_class is not form_class
    assert "prefix" in new_class().fields and "prefix" not in form_class().fields
    assert list(form_class().fields)[:3] == ["submission_key", "soort", "locatie__postcode"]
    # Each form has its own fields and key: nothing one request sets reaches the next.
    one, two = form_class(), form_class()
    one.fields["soort"].label = "changed"
    assert two.fields["soort"].label != "changed"
    assert one.initial["submission_key"] != two.initial["submission_key"]


def test_a_saved_product_is_seen_at_the_next_request(eloket):  # noqa: F811
    client = _citizen(eloket)
    with eloket.active():
        product = Product.objects.get(code="melding")
    assert f'<h1 class="utrecht-heading-1">{product.name}</h1>' in client.get(URL).content.decode()
    with eloket.active():
        product.name = "Melding van een gebrek"
        product.save()
    assert ">Melding van een gebrek</h1>" in client.get(URL).content.decode()
    with eloket.active():
        product.case_type_identification = ""
        product.save()
    assert client.get(URL).status_code == 404


def test_the_form_page_reads_no_product_from_the_database(eloket):  # noqa: F811
    """Session, settings version, the person's record and its processing-log entry:
    4 statements (7, then 6 with the entry between SAVEPOINT and RELEASE, before)."""
    client = _citizen(eloket)
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    assert not any('"catalog_product"' in query["sql"] for query in queries.captured_queries)
    assert len(queries.captured_queries) == 4
    with eloket.active():
        assert CaseType.objects.get(identification="ZT-MELDING").form_definition == FORM
