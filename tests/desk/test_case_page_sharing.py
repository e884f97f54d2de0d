"""A note or document a worker adds is internal or shared with the applicant, by choice;
the choice goes through the services and decides what Mijn gemeente shows (issue 17)."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from achterkant.audit.models import ProcessingLogEntry
from achterkant.cases.models import Case, CaseEvent, Document
from achterkant.cases.services import add_document
from achterkant.cases.services.assignment import add_note
from achterkant.catalog.models import Confidentiality
from tests.portal.test_portal import log_in

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _portal(tenant, case) -> str:
    client = tenant.client()
    log_in(client, tenant.person.bsn)
    return client.get(f"/mijn/zaken/{case.number}/").content.decode()


def _post(tenant, case, action, data, **extra):
    url = f"/desk/zaken/{case.number}/{action}/"
    return tenant.client("worker").post(url, data, **extra)


def test_the_forms_say_who_reads_it_and_a_note_is_internal_by_default(tenant_a):
    case = tenant_a.open_case()
    page = tenant_a.client("worker").get(f"/desk/zaken/{case.number}/").content.decode()
    note = page.split('data-testid="action-note"')[1].split("</section>")[0]
    assert "Alleen intern" in note and "Ook zichtbaar voor de inwoner" in note
    assert re.search(r'value="intern"[^>]*checked', note)
    # A document is proposed as the case's confidentiality gives it (zaakvertrouwelijk:
    # shared); the worker can change it.
    document = page.split('data-testid="action-document"')[1].split("</section>")[0]
    assert re.search(r'value="inwoner"[^>]*checked', document)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_shared_note_reaches_the_portal_and_an_internal_one_does_not(tenant_a, htmx):
    case = tenant_a.open_case()
    extra = {"headers": HTMX} if htmx else {}
    _post(tenant_a, case, "notitie", {"text": "Alleen voor ons", "visibility": "intern"}, **extra)
    _post(tenant_a, case, "notitie",
          {"text": "De monteur komt dinsdag.", "visibility": "inwoner"}, **extra)  # fmt: skip
    with tenant_a.active():
        notes = dict(
            CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.NOTE).values_list(
                "text", "shared_with_party"
            )
        )
    assert notes == {"Alleen voor ons": False, "De monteur komt dinsdag.": True}
    portal = _portal(tenant_a, case)
    assert "De monteur komt dinsdag." in portal and "Alleen voor ons" not in portal
    shared = portal.split('data-testid="shared-note"')[1].split("</li>")[0]
    assert "bericht van de behandelaar" in shared
    # The desk says which is which in its timeline.
    desk = tenant_a.client("worker").get(f"/desk/zaken/{case.number}/").content.decode()
    timeline = desk.split('data-testid="history"')[1].split("</ol>")[0]
    line = next(li for li in timeline.split("<li") if "De monteur komt" in li)
    assert "zichtbaar voor de inwoner" in line
    line = next(li for li in timeline.split("<li") if "Alleen voor ons" in li)
    assert ">intern<" in line


def test_the_portal_shows_shared_notes_between_the_statuses_in_time_order(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        note = add_note(actor=tenant_a.staff["worker"], case=case, text="Eerst dit",
                        shared_with_party=True)  # fmt: skip
        first = case.statuses.get()
        CaseEvent.objects.filter(pk=note.pk).update(at=first.set_at - timedelta(hours=1))
    portal = _portal(tenant_a, case)
    timeline = portal.split('data-testid="timeline"')[1].split("</ol>")[0]
    assert timeline.index("Eerst dit") < timeline.index(first.status_type.name)


@pytest.mark.parametrize(("choice", "shown"), [("intern", False), ("inwoner", True)])
def test_a_document_reaches_the_portal_only_when_shared(tenant_a, choice, shown):
    case = tenant_a.open_case()
    upload = SimpleUploadedFile("brief.pdf", PDF, content_type="application/pdf")
    data = {"title": "Brief aan de melder", "upload": upload, "visibility": choice}
    response = _post(tenant_a, case, "document", data)
    assert response.status_code == 302
    portal = _portal(tenant_a, case)
    assert ("Brief aan de melder" in portal) is shown
    with tenant_a.active():
        document = Document.objects.get(case=case)
    expected = Confidentiality.ZAAKVERTROUWELIJK if shown else Confidentiality.INTERN
    assert document.confidentiality == expected


def test_the_services_carry_the_choice_and_log_the_write(tenant_a):
    """The service is the gate: the choice, the processing log, and a closed case refused
    whatever was chosen."""
    case = tenant_a.open_case()
    worker = tenant_a.staff["worker"]
    with tenant_a.active():
        Case.objects.filter(pk=case.pk).update(confidentiality=Confidentiality.INTERN)
        case.refresh_from_db()
        before = ProcessingLogEntry.objects.filter(object_id=case.number).count()
        note = add_note(actor=worker, case=case, text="Gedeeld", shared_with_party=True)
        shared = add_document(actor=worker, case=case, title="Gedeeld", shared_with_party=True,
                              upload=SimpleUploadedFile("a.pdf", PDF))  # fmt: skip
        kept = add_document(actor=worker, case=case, title="Intern",
                            upload=SimpleUploadedFile("b.pdf", PDF))  # fmt: skip
        after = ProcessingLogEntry.objects.filter(object_id=case.number).count()
    assert note.shared_with_party is True
    assert shared.confidentiality == Confidentiality.ZAAKVERTROUWELIJK
    assert kept.confidentiality == Confidentiality.INTERN  # no choice: the case's level
    assert after > before


def test_a_post_without_a_choice_keeps_a_note_internal_and_a_document_as_its_case(tenant_a):
    """An older page or a script that sends no choice: the safe default of each form."""
    case = tenant_a.open_case()
    with tenant_a.active():
        Case.objects.filter(pk=case.pk).update(confidentiality=Confidentiality.INTERN)
    _post(tenant_a, case, "notitie", {"text": "Zonder keuze"})
    upload = SimpleUploadedFile("brief.pdf", PDF, content_type="application/pdf")
    _post(tenant_a, case, "document", {"title": "Zonder keuze", "upload": upload})
    with tenant_a.active():
        assert not CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.NOTE).shared_with_party
        assert Document.objects.get(case=case).confidentiality == Confidentiality.INTERN
    assert "Zonder keuze" not in _portal(tenant_a, case)


def test_an_unknown_choice_is_refused_in_place(tenant_a):
    case = tenant_a.open_case()
    response = _post(tenant_a, case, "notitie", {"text": "Iets", "visibility": "iedereen"},
                     headers=HTMX)  # fmt: skip
    assert response["HX-Retarget"] == "#action-note"
    assert "Kies een van de twee mogelijkheden." in response.content.decode()
    assert "Iets</textarea>" in response.content.decode()
    with tenant_a.active():
        assert not CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.NOTE).exists()
