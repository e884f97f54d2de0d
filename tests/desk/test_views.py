import re
import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from achterkant.audit.models import ProcessingLogEntry
from achterkant.cases.models import Case
from achterkant.contacts.models import Contact
from achterkant.desk.kcc_views import ACTIVE_PERSON


def _with_active_person(client, bsn):
    session = client.session
    session[ACTIVE_PERSON] = bsn
    session.save()
    return client


def _contact_post(tenant, **overrides):
    data = {
        "channel": "phone",
        "product": tenant.product.pk,
        "subject": "Lantaarnpaal",
        "question": "De lantaarnpaal is kapot.",
        "answer": "",
        "outcome": "case",
        "started_at": timezone.now().isoformat(),
        "idempotency_key": str(uuid.uuid4()),
    }
    return {**data, **overrides}


def test_desk_needs_a_login(tenant_a):
    response = tenant_a.client().get("/desk/")
    assert response.status_code == 302
    assert response["Location"].startswith("/medewerker/inloggen/")


def test_login_with_a_wrong_password_says_so_in_dutch(tenant_a):
    response = tenant_a.client().post(
        "/medewerker/inloggen/", {"username": "agent-a", "password": "fout"}
    )
    assert "De gebruikersnaam of het wachtwoord klopt niet." in response.content.decode()


def test_search_with_an_invalid_bsn_names_the_field(tenant_a):
    response = tenant_a.client("agent").post("/desk/personen/zoeken/", {"bsn": "123456789"})
    assert response.status_code == 400
    assert "BSN: Dit BSN bestaat niet: controleer de cijfers." in response.content.decode()


def test_search_finds_the_person_and_logs_it(tenant_a):
    client = tenant_a.client("agent")
    response = client.post("/desk/personen/zoeken/", {"bsn": tenant_a.person.bsn})
    assert response.status_code == 302
    page = client.get("/desk/persoon/").content.decode()
    assert "Sophie de Vries" in page
    assert "Kerkstraat 12" in page
    with tenant_a.active():
        assert (
            ProcessingLogEntry.objects.filter(
                bsn=tenant_a.person.bsn, actor=tenant_a.staff["agent"]
            ).count()
            == 2
        )  # the search and the page


def test_secret_address_is_never_shown(tenant_a):
    with tenant_a.active():
        tenant_a.person.secret = True
        tenant_a.person.save()
    client = _with_active_person(tenant_a.client("agent"), tenant_a.person.bsn)
    page = client.get("/desk/persoon/").content.decode()
    assert "Kerkstraat" not in page
    assert "Geheim" in page


def test_person_page_query_count_is_pinned(tenant_a, django_assert_num_queries):
    for _ in range(5):
        tenant_a.open_case()
    client = _with_active_person(tenant_a.client("agent"), tenant_a.person.bsn)
    client.get("/desk/persoon/")  # warm the session and permission caches
    # +4 since the case promise: opening hours, SLA policy, holidays and the running
    # suspensions of the listed cases, once per page. +1 since two-factor authentication: the
    # device that verified the session. 22 -> 19 (-1 organisation cached,
    # -2 permissions cached; docs/performance.md, "Fixed cost per request"). 19 -> 17 since
    # the organisation's settings (opening hours, SLA policy) are cached per version.
    # 17 -> 15: the contact form's product and team options come from the process too.
    # 15 -> 10: the contacts, open contact requests, messages, documents and attachments in
    # one query (contacts.selectors.party_summary); the running suspensions only for a
    # listed case that has one (an EXISTS flag in the cases' query). 10 -> 9: the user
    # comes with the session (staff.sessions). 9 -> 8: the device that verified the
    # session is kept in it (staff.twofactor.verified).
    with django_assert_num_queries(8):
        response = client.get("/desk/persoon/")
    assert response.content.decode().count('href="/desk/zaken/ZAAK-') == 5


def test_recording_a_contact_starts_a_case_and_a_double_submit_records_one(tenant_a):
    client = _with_active_person(tenant_a.client("agent"), tenant_a.person.bsn)
    data = _contact_post(tenant_a)
    first = client.post("/desk/contacten/", data)
    second = client.post("/desk/contacten/", data)
    assert first.status_code == second.status_code == 302
    with tenant_a.active():
        assert Contact.objects.count() == 1
        assert Case.objects.count() == 1
    page = client.get("/desk/persoon/").content.decode()
    assert re.search(r"zaak ZAAK-\d{4}-0000001 gestart", page)


def test_contact_form_errors_are_dutch_and_save_nothing(tenant_a):
    client = _with_active_person(tenant_a.client("agent"), tenant_a.person.bsn)
    response = client.post(
        "/desk/contacten/", _contact_post(tenant_a, question="", outcome="answered")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Vraag: Dit veld is verplicht." in page
    # The outcome's own rule, from the service, once the form itself is complete.
    response = client.post("/desk/contacten/", _contact_post(tenant_a, outcome="answered"))
    assert "Antwoord: Vul het antwoord in dat u heeft gegeven." in response.content.decode()
    with tenant_a.active():
        assert Contact.objects.count() == 0


def test_case_worker_sets_a_status_and_cannot_go_back(tenant_a):
    case = tenant_a.open_case()
    later, earlier = tenant_a.status_type(2), tenant_a.status_type(1)
    client = tenant_a.client("worker")
    response = client.post(f"/desk/zaken/{case.number}/status/", {"status_type": later.pk})
    assert response.status_code == 302
    response = client.post(f"/desk/zaken/{case.number}/status/", {"status_type": earlier.pk})
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_agents_cannot_set_statuses(tenant_a):
    case = tenant_a.open_case()
    response = tenant_a.client("agent").post(f"/desk/zaken/{case.number}/status/", {})
    assert response.status_code == 403


def test_processing_log_page_is_for_team_leads_not_agents(tenant_a):
    assert tenant_a.client("agent").get("/desk/verwerkingen/").status_code == 403
    response = tenant_a.client("lead").post("/desk/verwerkingen/", {"bsn": "12"})
    assert response.status_code == 400
    assert "Het BSN moet uit 9 cijfers bestaan." in response.content.decode()


def test_admin_is_open_to_functional_admins_only(tenant_a, tenant_b):
    # Logged in without an admin role: the Dutch 403 page (tests/staff/test_admin_forbidden.py).
    assert tenant_a.client("agent").get("/admin/").status_code == 403
    assert tenant_a.client("lead").get("/admin/").status_code == 403
    response = tenant_a.client("admin").get("/admin/catalog/product/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Melding" in page
    # B's functional admin on A's site is logged out, so not admitted.
    client = tenant_b.client("admin")
    client.defaults["HTTP_HOST"] = tenant_a.host
    assert client.get("/admin/").status_code == 302


def test_admin_product_list_shows_only_own_products(tenant_a, tenant_b):
    with tenant_b.active():
        tenant_b.product.name = "Alleen van B"
        tenant_b.product.save()
    page = tenant_a.client("admin").get("/admin/catalog/product/").content.decode()
    assert "Alleen van B" not in page
    response = tenant_a.client("admin").get(f"/admin/catalog/product/{tenant_b.product.pk}/change/")
    assert response.status_code == 302  # admin redirects a missing object to the index


def test_recording_a_contact_with_a_case_has_a_pinned_statement_count(tenant_a):
    client = _with_active_person(tenant_a.client("agent"), tenant_a.person.bsn)
    client.post("/desk/contacten/", _contact_post(tenant_a))  # warm caches, the case number
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/desk/contacten/", _contact_post(tenant_a))
    assert response.status_code == 302
    statements = [query["sql"] for query in queries.captured_queries]
    # The write in make bench-scale (docs/performance.md). Session with its user (the
    # device that verified it is kept in it), settings version, the chosen product, the
    # key's earlier contact (a double submit); the savepoint pair (a test runs in a
    # transaction; in production it is BEGIN and COMMIT); the case keys, case, status,
    # role; the person for the message, the message; the contact; the log entries and the
    # domain events of case and contact (one insert each). SQLite takes the case number
    # from its counter row and sets the case's status after the insert: one more.
    assert len(statements) == (15 if connection.vendor == "postgresql" else 16), statements
    assert sum(sql.startswith('INSERT INTO "audit_processinglogentry"') for sql in statements) == 1
    assert sum(sql.startswith('INSERT INTO "notify_domainevent"') for sql in statements) == 1
