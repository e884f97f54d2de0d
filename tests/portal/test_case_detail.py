"""Mijn gemeente: one case in detail (timeline, decision, result, dates) and downloads."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from achterkant.audit.models import ProcessingLogEntry
from achterkant.audit.services import Purpose
from achterkant.cases.models import Document
from achterkant.cases.services import add_decision, add_document, add_role, set_result, set_status
from achterkant.catalog.models import DecisionType, ResultType, RoleType
from achterkant.catalog.services import decision_type_publish
from achterkant.identity.actors import Citizen
from tests.portal.test_portal import log_in

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
KVK = "69599084"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _document(tenant, case, *, actor=None, title="Besluit aan u"):
    with tenant.active():
        return add_document(
            actor=actor or tenant.staff["worker"], case=case, title=title,
            upload=SimpleUploadedFile("besluit.pdf", PDF),
        )  # fmt: skip


def _citizen(tenant):
    client = tenant.client()
    log_in(client, tenant.person.bsn)
    return client


def _reads(tenant, object_type, object_id):
    with tenant.active():
        return list(
            ProcessingLogEntry.objects.filter(
                object_type=object_type, object_id=str(object_id), action="read"
            )
        )


@pytest.fixture
def decided_case(tenant_a):
    case = tenant_a.open_case()
    worker = tenant_a.staff["worker"]
    with tenant_a.active():
        decision_type = DecisionType.objects.create(
            catalogue=tenant_a.case_type.catalogue, description="Besluit op uw melding",
            valid_from=date(2020, 1, 1),
        )  # fmt: skip
        decision_type.case_types.add(tenant_a.case_type)
        decision_type = decision_type_publish(decision_type=decision_type)
        add_decision(
            actor=worker, case=case, decision_type=decision_type,
            decided_on=date(2026, 3, 1), effective_from=date(2026, 3, 2),
        )  # fmt: skip
    status_type = tenant_a.status_type(2)
    with tenant_a.active():
        set_status(actor=worker, case=case, status_type=status_type)
        result_type = ResultType.objects.get(case_type=tenant_a.case_type, description="Opgelost")
        set_result(
            actor=worker, case=case, result_type=result_type, explanation="De lamp brandt weer."
        )
    return case


def test_the_detail_page_shows_timeline_decision_result_and_dates(tenant_a, decided_case):
    client = _citizen(tenant_a)
    home = client.get("/mijn/").content.decode()
    assert f'href="/mijn/zaken/{decided_case.number}/"' in home
    response = client.get(f"/mijn/zaken/{decided_case.number}/")
    assert response.status_code == 200
    page = response.content.decode()
    timeline = page.split('data-testid="timeline"')[1].split("</ol>")[0]
    assert "Ontvangen" in timeline and "We hebben het werk ingepland." in timeline
    decisions = page.split('data-testid="decisions"')[1].split("</ul>")[0]
    assert "Besluit op uw melding, genomen op 1 maart 2026" in decisions
    assert "geldt vanaf 2 maart 2026" in decisions
    result = page.split('data-testid="result"')[1].split("</p>")[0]
    assert "Opgelost" in result and "De lamp brandt weer." in result
    assert 'data-testid="expected-date"' in page  # the dates come from the case promise
    (entry,) = _reads(tenant_a, "zaak", decided_case.number)
    assert entry.purpose == Purpose.SELF_SERVICE and entry.bsn == tenant_a.person.bsn


def test_someone_elses_case_or_another_tenants_is_not_found(tenant_a, tenant_b):
    other = tenant_a.open_case(initiator_bsn="999990019")
    case_b = tenant_b.open_case()
    client = _citizen(tenant_a)
    assert client.get(f"/mijn/zaken/{other.number}/").status_code == 404
    assert client.get(f"/mijn/zaken/{case_b.number}/").status_code == 404
    assert client.get("/mijn/zaken/bestaat-niet/").status_code == 404
    assert _reads(tenant_a, "zaak", other.number) == []


def test_the_detail_page_needs_a_log_in(tenant_a):
    case = tenant_a.open_case()
    response = tenant_a.client().get(f"/mijn/zaken/{case.number}/")
    assert response["Location"] == "/mijn/inloggen/"


def test_the_detail_page_query_count_is_pinned(
    tenant_a, decided_case, django_assert_max_num_queries
):
    for title in ("Een", "Twee", "Drie"):
        _document(tenant_a, decided_case, title=title)
    client = _citizen(tenant_a)
    url = f"/mijn/zaken/{decided_case.number}/"
    client.get(url)
    # 15 -> 14 (-1 organisation cached).
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()
    assert "Drie" in page


def test_a_citizen_downloads_a_shared_document_and_it_is_logged(tenant_a):
    case = tenant_a.open_case()
    document = _document(tenant_a, case)
    client = _citizen(tenant_a)
    assert f'href="/mijn/documenten/{document.pk}/"' in client.get("/mijn/").content.decode()
    detail = client.get(f"/mijn/zaken/{case.number}/").content.decode()
    assert f'href="/mijn/documenten/{document.pk}/"' in detail
    response = client.get(f"/mijn/documenten/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="besluit.pdf"'
    (entry,) = _reads(tenant_a, "document", document.pk)
    assert entry.purpose == Purpose.SELF_SERVICE and entry.bsn == tenant_a.person.bsn
    assert entry.actor is None


def test_a_citizen_downloads_their_own_upload_even_if_marked_confidential(tenant_a):
    case = tenant_a.open_case()
    own = _document(tenant_a, case, actor=Citizen(bsn=tenant_a.person.bsn), title="Uw foto")
    with tenant_a.active():
        Document.objects.filter(pk=own.pk).update(confidentiality="vertrouwelijk")
    assert _citizen(tenant_a).get(f"/mijn/documenten/{own.pk}/").status_code == 200


def test_a_citizen_gets_not_found_for_what_is_not_theirs_to_read(tenant_a, tenant_b):
    mine = tenant_a.open_case()
    internal = _document(tenant_a, mine, title="Interne notitie")
    with tenant_a.active():
        Document.objects.filter(pk=internal.pk).update(confidentiality="vertrouwelijk")
    others = _document(tenant_a, tenant_a.open_case(initiator_bsn="999990019"))
    other_tenant = _document(tenant_b, tenant_b.open_case())
    client = _citizen(tenant_a)
    detail = client.get(f"/mijn/zaken/{mine.number}/").content.decode()
    assert "Interne notitie" not in detail
    for document in (internal, others, other_tenant):
        response = client.get(f"/mijn/documenten/{document.pk}/")
        assert response.status_code == 404, document.title
    assert _reads(tenant_a, "document", internal.pk) == []
    assert _reads(tenant_a, "document", others.pk) == []
    assert _reads(tenant_b, "document", other_tenant.pk) == []


def _company_case(tenant, *, branch=""):
    case = tenant.open_case()
    with tenant.active():
        initiator = RoleType.objects.get(
            case_type=tenant.case_type, generic_description="initiator"
        )
        add_role(
            actor=tenant.staff["worker"], case=case, role_type=initiator,
            subject_type="vestiging" if branch else "niet_natuurlijk_persoon",
            kvk_number=KVK, branch_number=branch,
        )  # fmt: skip
    return case


def test_a_business_sees_its_case_and_documents_but_not_another_branchs(tenant_a):
    ours, other_branch = (
        _company_case(tenant_a, branch="000012345678"),
        _company_case(tenant_a, branch="000087654321"),
    )
    ours_doc, other_doc = _document(tenant_a, ours), _document(tenant_a, other_branch)
    client = tenant_a.client()
    client.post(
        "/mijn/inloggen/eherkenning-test/",
        {"kvk_number": KVK, "branch_number": "000012345678", "assurance": "midden"},
    )
    assert client.get(f"/mijn/zaken/{ours.number}/").status_code == 200
    assert client.get(f"/mijn/zaken/{other_branch.number}/").status_code == 404
    assert client.get(f"/mijn/documenten/{ours_doc.pk}/").status_code == 200
    assert client.get(f"/mijn/documenten/{other_doc.pk}/").status_code == 404
