"""Documents can be downloaded; decisions and the result are shown; forbidden actions are
not offered; a failed action keeps what was typed."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from achterkant.audit.models import ProcessingLogEntry
from achterkant.audit.services import Purpose
from achterkant.cases.downloads import DocumentNotFound, document_for_download, download_name
from achterkant.cases.models import CaseExtension, Document
from achterkant.cases.selectors import documents_for_bsn
from achterkant.cases.services import add_decision, add_document, set_result
from achterkant.catalog.models import CaseType, DecisionType, ResultType
from achterkant.catalog.services import decision_type_publish
from achterkant.identity.actors import Citizen, NotPermitted

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _document(tenant, case, *, actor=None, title="Foto van de melding", name="foto.pdf"):
    with tenant.active():
        return add_document(
            actor=actor or tenant.staff["worker"], case=case, title=title,
            upload=SimpleUploadedFile(name, PDF),
        )  # fmt: skip


def _url(case, document):
    return f"/desk/zaken/{case.number}/documenten/{document.pk}/"


def _download_logs(tenant, document):
    with tenant.active():
        return list(
            ProcessingLogEntry.objects.filter(
                object_type="document", object_id=str(document.pk), action="read"
            )
        )


def test_staff_download_the_stored_bytes_and_it_is_logged(tenant_a):
    case = tenant_a.open_case()
    document = _document(tenant_a, case, name='../rapport "juni".pdf')
    response = tenant_a.client("agent").get(_url(case, document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and ".." not in disposition
    assert 'filename="rapport _juni_.pdf"' in disposition
    (entry,) = _download_logs(tenant_a, document)
    assert entry.bsn == case.initiator_bsn and entry.purpose == Purpose.CASE_HANDLING
    assert entry.actor == tenant_a.staff["agent"]


def test_the_case_page_links_each_document(tenant_a, django_assert_max_num_queries):
    case = tenant_a.open_case()
    document = _document(tenant_a, case)
    client = tenant_a.client("worker")
    client.get(f"/desk/zaken/{case.number}/")  # warm the session and caches
    # 27 -> 24 (-1 organisation cached, -2 permissions cached).
    with django_assert_max_num_queries(24):
        page = client.get(f"/desk/zaken/{case.number}/").content.decode()
    assert f'href="{_url(case, document)}"' in page


def test_staff_without_permission_may_not_download(tenant_a):
    case = tenant_a.open_case()
    document = _document(tenant_a, case)
    response = tenant_a.client("admin").get(_url(case, document))
    assert response.status_code in (403, 404)
    assert tenant_a.client().get(_url(case, document)).status_code == 302  # log in first
    with tenant_a.active(), pytest.raises(NotPermitted):
        document_for_download(actor=tenant_a.staff["admin"], document_id=document.pk)
    assert _download_logs(tenant_a, document) == []


def test_a_document_of_another_case_or_tenant_is_not_found(tenant_a, tenant_b):
    case, other_case = tenant_a.open_case(), tenant_a.open_case()
    document = _document(tenant_a, case)
    case_b = tenant_b.open_case()
    document_b = _document(tenant_b, case_b)
    client = tenant_a.client("lead")
    assert client.get(_url(other_case, document)).status_code == 404
    assert client.get(f"/desk/zaken/{case.number}/documenten/{document_b.pk}/").status_code == 404
    assert client.get(_url(case_b, document_b)).status_code == 404
    assert _download_logs(tenant_b, document_b) == []


def test_a_citizen_reads_exactly_what_the_portal_lists(tenant_a):
    """The gate and the portal's list use one rule: shared, or from outside."""
    case = tenant_a.open_case()
    citizen = Citizen(bsn=tenant_a.person.bsn)
    shared = _document(tenant_a, case, title="Besluit aan u")
    internal = _document(tenant_a, case, title="Interne notitie")
    own = _document(tenant_a, case, actor=citizen, title="Uw foto")
    with tenant_a.active():
        Document.objects.filter(pk__in=[internal.pk, own.pk]).update(
            confidentiality="vertrouwelijk"
        )
        listed = {d.pk for d in documents_for_bsn(bsn=citizen.bsn, shared_only=True)}
        readable = set()
        for document in (shared, internal, own):
            try:
                document_for_download(actor=citizen, document_id=document.pk)
            except DocumentNotFound:
                continue
            readable.add(document.pk)
    assert readable == listed == {shared.pk, own.pk}


def test_download_name_is_safe_and_fits_the_content():
    def name(file_name, content_type="application/pdf", title="Titel"):
        return download_name(Document(file_name=file_name, title=title, content_type=content_type))

    assert name("C:\\Users\\jan\\scan.PDF") == "scan.PDF"
    assert name("evil.html") == "evil.html.pdf"
    assert name("foto.jpeg", "image/jpeg") == "foto.jpeg"
    assert name("foto", "image/jpeg") == "foto.jpg"
    assert name("", title="Besluit\r\nX-Evil: 1") == "BesluitX-Evil_ 1.pdf"
    assert name("a" * 300 + ".pdf").endswith("a.pdf") and len(name("a" * 300 + ".pdf")) <= 120


@pytest.fixture
def decided_case(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        decision_type = DecisionType.objects.create(
            catalogue=tenant_a.case_type.catalogue, description="Besluit op uw melding",
            valid_from=date(2020, 1, 1),
        )  # fmt: skip
        decision_type.case_types.add(tenant_a.case_type)
        decision_type = decision_type_publish(decision_type=decision_type)
        add_decision(
            actor=tenant_a.staff["worker"], case=case, decision_type=decision_type,
            decided_on=date(2026, 3, 1), effective_from=date(2026, 3, 2),
            explanation="Wij repareren de lantaarnpaal.",
        )  # fmt: skip
        set_result(
            actor=tenant_a.staff["worker"], case=case,
            result_type=ResultType.objects.get(case_type=tenant_a.case_type,
                                               description="Opgelost"),
            explanation="De lamp brandt weer.",
        )  # fmt: skip
    return case


def test_the_case_page_shows_decision_and_result(tenant_a, decided_case):
    page = tenant_a.client("worker").get(f"/desk/zaken/{decided_case.number}/").content.decode()
    decisions = page.split('data-testid="decisions"')[1].split("</ul>")[0]
    assert "Besluit op uw melding" in decisions and "1 maart 2026" in decisions
    assert "geldt vanaf 2 maart 2026" in decisions and "lantaarnpaal" in decisions
    result = page.split('data-testid="result"')[1].split("</p>")[0]
    assert "Opgelost" in result and "De lamp brandt weer." in result


def test_the_case_page_query_count_does_not_grow_with_documents(
    tenant_a, decided_case, django_assert_max_num_queries
):
    for title in ("Een", "Twee", "Drie"):
        _document(tenant_a, decided_case, title=title)
    client = tenant_a.client("worker")
    url = f"/desk/zaken/{decided_case.number}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for title in ("Vier", "Vijf", "Zes"):
        _document(tenant_a, decided_case, title=title)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)  # more documents, no more queries


def _case_of_type(tenant, **flags):
    with tenant.active():
        CaseType.objects.filter(pk=tenant.case_type.pk).update(**flags)
    return tenant.open_case()


def test_information_request_is_not_offered_when_the_case_type_forbids_it(tenant_a):
    case = _case_of_type(tenant_a, suspension_possible=False)
    page = tenant_a.client("worker").get(f"/desk/zaken/{case.number}/").content.decode()
    assert "Informatie vragen" not in page and "Verlengen" in page


def test_extension_is_not_offered_when_forbidden_or_done(tenant_a):
    case = _case_of_type(tenant_a, extension_possible=False)
    page = tenant_a.client("worker").get(f"/desk/zaken/{case.number}/").content.decode()
    assert "Verlengen" not in page and "Informatie vragen" in page
    with tenant_a.active():
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(extension_possible=True)
        CaseExtension.objects.create(case=case, reason="Advies nodig", term="P6W")
    page = tenant_a.client("worker").get(f"/desk/zaken/{case.number}/").content.decode()
    assert "Verlengen" not in page


def test_a_failed_action_shows_the_form_again_with_what_was_typed(tenant_a):
    case = tenant_a.open_case()
    client = tenant_a.client("worker")
    # Invalid: no date to answer before. The question typed is kept.
    response = client.post(
        f"/desk/zaken/{case.number}/informatie-vragen/",
        {"question": "Kunt u een foto sturen van de lantaarnpaal?"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kunt u een foto sturen van de lantaarnpaal?</textarea>" in page
    assert "Reageren uiterlijk op: Dit veld is verplicht." in page
    # Refused by the service (not a file we accept): the title typed is kept.
    response = client.post(
        f"/desk/zaken/{case.number}/document/",
        {"title": "Situatieschets", "upload": SimpleUploadedFile("x.exe", b"MZ\x90\x00binary")},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit soort bestand kunnen we niet aannemen" in page
    assert 'value="Situatieschets"' in page
    with tenant_a.active():
        assert not Document.objects.filter(case=case).exists()
