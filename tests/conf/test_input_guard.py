"""One guard refuses control characters in every path, parameter and form field (issue 12).

NUL reached PostgreSQL and gave a 500; now any C0 control (except TAB, LF, CR), DEL or C1
control in the path, the query string or a form gives a 400 with a Dutch message.
"""

import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import timezone

from achterkant.conf.middleware import BAD_INPUT_MESSAGE, InputGuardMiddleware
from achterkant.contacts.models import Contact
from achterkant.desk.kcc_views import ACTIVE_PERSON


def _agent_with_person(tenant):
    client = tenant.client("agent")
    session = client.session
    session[ACTIVE_PERSON] = tenant.person.bsn
    session.save()
    return client


def _contact_form(tenant, **fields):
    return {
        "channel": "phone", "question": "Wanneer wordt het afval opgehaald?", "answer": "Dinsdag.",
        "outcome": "answered", "product": tenant.product.pk,
        "started_at": timezone.now().isoformat(), "idempotency_key": str(uuid.uuid4()), **fields,
    }  # fmt: skip


def _refused(response):
    assert response.status_code == 400
    assert BAD_INPUT_MESSAGE in response.content.decode()


@pytest.mark.parametrize("value", ["Vraag\x00", "\x00", "a\x07b", "a\x1bb", "a\x7fb", "a\x85b"])
def test_a_control_character_in_a_contact_form_field_is_refused(tenant_a, value):
    client = _agent_with_person(tenant_a)
    _refused(client.post("/desk/contacten/", _contact_form(tenant_a, question=value)))
    with tenant_a.active():
        assert not Contact.objects.exists()


def test_a_control_character_in_a_field_name_is_refused(tenant_a):
    client = _agent_with_person(tenant_a)
    _refused(client.post("/desk/contacten/", _contact_form(tenant_a, **{"vraag\x00": "x"})))


def test_tab_and_newlines_in_a_form_still_work(tenant_a):
    client = _agent_with_person(tenant_a)
    question = "Regel één\n\tingesprongen\r\nregel drie"
    response = client.post("/desk/contacten/", _contact_form(tenant_a, question=question))
    assert response.status_code == 302
    with tenant_a.active():
        saved = Contact.objects.get().question
    assert saved.replace("\r\n", "\n") == question.replace("\r\n", "\n")


def test_nul_in_a_portal_case_number_is_refused(tenant_a):
    from tests.portal.test_portal import log_in

    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    _refused(client.get("/mijn/zaken/ZAAK-2026-000000%00/"))
    _refused(client.get("/mijn/zaken/ZAAK-2026-000000%00/reageren/"))
    # Without the NUL the same URL is an ordinary "not found", not a refusal.
    assert client.get("/mijn/zaken/ZAAK-2026-000000/").status_code == 404


def test_nul_in_an_admin_changelist_filter_is_refused(tenant_a):
    client = tenant_a.client("admin")
    assert client.get("/admin/catalog/casetype/", {"q": "melding"}).status_code == 200
    _refused(client.get("/admin/catalog/casetype/?q=%00"))
    _refused(client.get("/admin/catalog/casetype/", {"q": "mel\x00ding"}))


def test_a_desk_url_parameter_with_nul_is_refused(tenant_a):
    _refused(tenant_a.client("worker").get("/desk/zaken/", {"voor": "\x00"}))


def test_uploads_are_checked_by_field_name_never_by_contents(tenant_a):
    factory = RequestFactory()
    guard = InputGuardMiddleware(lambda request: None)  # reaching the view answers None
    contents = SimpleUploadedFile("brief.pdf", b"%PDF-1.4\x00\x01\x02 binary", "application/pdf")
    assert guard(factory.post("/desk/x/", {"document": contents, "title": "Brief"})) is None
    # Django drops unprintable characters from file names itself; a field name is ours.
    named = SimpleUploadedFile("brief.pdf", b"%PDF", "application/pdf")
    response = guard(factory.post("/desk/x/", {"document\x00": named}))
    assert response.status_code == 400


def test_api_paths_get_problem_json():
    guard = InputGuardMiddleware(lambda request: None)
    response = guard(RequestFactory().get("/zaken/api/v1/zaken", {"identificatie": "Z\x00"}))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == 400
    assert body["invalidParams"][0]["name"] == "identificatie"


def test_the_refusal_page_is_dutch_html():
    response = InputGuardMiddleware(lambda request: None)(RequestFactory().get("/desk/\x01"))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert '<html lang="nl">' in response.content.decode()


def test_a_parameter_without_a_name_is_named_as_no_single_field():
    """The standard's invalidParams name may not be empty (schemathesis found ``?=\\x01``)."""
    guard = InputGuardMiddleware(lambda request: None)
    response = guard(RequestFactory().get("/besluiten/api/v1/besluitinformatieobjecten?=%01"))
    assert response.status_code == 400
    assert json.loads(response.content)["invalidParams"][0]["name"] == "nonFieldErrors"
