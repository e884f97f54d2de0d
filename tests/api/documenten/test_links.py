"""Links of informatieobjecten: zaakinformatieobjecten through the Zaken API, seen on the
desk and as objectinformatieobjecten; the desk's uploads seen through the Documenten API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from achterkant.audit.models import Action, ProcessingLogEntry
from achterkant.cases.models import CaseDocument, Document
from achterkant.cases.selectors import documents_for_bsn, documents_without_usage_rights
from achterkant.cases.services import add_document
from achterkant.notify.models import DomainEvent
from tests.api.documenten.support import PDF, DrcClient, document_type, error_of
from tests.api.zaken.test_parts_support import ZrcClient


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_zio_made_through_the_zaken_api_shows_on_the_desk_and_blocks_delete(tenant_a):
    case = tenant_a.open_case()
    drc, zrc = DrcClient(tenant_a), ZrcClient(tenant_a)
    row = document_type(tenant_a, confidentiality="openbaar")
    eio = drc.create(row)
    created = zrc.post(
        "/zaakinformatieobjecten", {"zaak": zrc.zaak_url(case), "informatieobject": eio["url"]}
    )
    assert created.status_code == 201, created.content
    zio = created.json()
    assert zio["titel"] == "Foto van de stoep"
    with tenant_a.active():
        document = Document.objects.get(uuid=eio["url"].rsplit("/", 1)[1])
        assert document.case_id == case.pk  # the desk shows it with the case
        assert list(case.documents.all()) == [document]
        # Not yet closable by the standard's rule: no indicatieGebruiksrecht set.
        assert documents_without_usage_rights(case) == [document]
        # An API document is shown in the portal by its confidentiality (openbaar here).
        assert documents_for_bsn(bsn=case.initiator_bsn, shared_only=True) == [document]
        assert DomainEvent.objects.filter(
            channel="zaken", resource="zaakinformatieobject", action="create",
            resource_reference=zio["uuid"],
        ).exists()  # fmt: skip
    again = zrc.post(
        "/zaakinformatieobjecten", {"zaak": zrc.zaak_url(case), "informatieobject": eio["url"]}
    )
    assert error_of(again) == ("nonFieldErrors", "unique")
    assert error_of(drc.delete(eio["url"])) == ("nonFieldErrors", "pending-relations")
    oio = drc.get("/objectinformatieobjecten", informatieobject=eio["url"]).json()
    assert [o["object"] for o in oio] == [zrc.zaak_url(case)]
    post = drc.post(
        "/objectinformatieobjecten",
        {"informatieobject": eio["url"], "object": zrc.zaak_url(case), "objectType": "zaak"},
    )
    assert error_of(post) == ("nonFieldErrors", "unique")
    patched = zrc.patch(zio["url"], {"beschrijving": "Van de melder"})
    assert patched.status_code == 200 and patched.json()["beschrijving"] == "Van de melder"
    assert zrc.delete(zio["url"]).status_code == 204
    with tenant_a.active():
        assert Document.objects.get(pk=document.pk).case_id is None
    post = drc.post(
        "/objectinformatieobjecten",
        {"informatieobject": eio["url"], "object": zrc.zaak_url(case), "objectType": "zaak"},
    )
    assert error_of(post) == ("nonFieldErrors", "inconsistent-relation")
    assert drc.delete(eio["url"]).status_code == 204


def test_a_secret_api_document_stays_out_of_the_portal(tenant_a):
    case = tenant_a.open_case()
    drc, zrc = DrcClient(tenant_a), ZrcClient(tenant_a)
    eio = drc.create(document_type(tenant_a), vertrouwelijkheidaanduiding="geheim")
    zrc.post(
        "/zaakinformatieobjecten", {"zaak": zrc.zaak_url(case), "informatieobject": eio["url"]}
    )
    with tenant_a.active():
        assert documents_for_bsn(bsn=case.initiator_bsn, shared_only=True) == []
        assert len(documents_for_bsn(bsn=case.initiator_bsn)) == 1


def test_a_desk_upload_is_an_informatieobject_with_its_zio(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        document = add_document(
            actor=tenant_a.staff["worker"], case=case, title="Brief",
            upload=SimpleUploadedFile("brief.pdf", PDF, content_type="application/pdf"),
        )  # fmt: skip
        link = CaseDocument.objects.get(document=document)
        assert link.uuid == document.uuid
        assert DomainEvent.objects.filter(
            channel="documenten", main_reference=str(document.uuid), action="create"
        ).exists()
    drc, zrc = DrcClient(tenant_a), ZrcClient(tenant_a)
    eio = drc.get(f"/enkelvoudiginformatieobjecten/{document.uuid}").json()
    assert eio["titel"] == "Brief" and eio["versie"] == 1
    assert b"".join(drc.get(eio["inhoud"]).streaming_content) == PDF
    zio = zrc.get(f"/zaakinformatieobjecten/{document.uuid}").json()
    assert zio["informatieobject"] == eio["url"]
    zaak = zrc.get(zrc.zaak_url(case)).json()
    assert zaak["zaakinformatieobjecten"] == [zio["url"]]


def test_reading_a_persons_document_is_in_the_processing_log(tenant_a, settings, tmp_path):
    """The metadata and the file of a document in someone's case are their data: each
    read through the API is logged for the case's applicant; a document of no case is not."""
    settings.MEDIA_ROOT = str(tmp_path)
    case = tenant_a.open_case()
    with tenant_a.active():
        document = add_document(
            actor=tenant_a.staff["worker"], case=case, title="Foto",
            upload=SimpleUploadedFile("foto.pdf", PDF),
        )  # fmt: skip
    api = DrcClient(tenant_a)
    url = f"/enkelvoudiginformatieobjecten/{document.uuid}"
    assert api.get(url).status_code == 200
    assert api.get(f"{url}/download").status_code == 200
    loose = api.create(document_type(tenant_a))
    assert api.get(loose["url"]).status_code == 200
    with tenant_a.active():
        reads = ProcessingLogEntry.objects.filter(action=Action.READ, object_type="document")
        assert [(r.bsn, r.object_id) for r in reads] == [
            (tenant_a.person.bsn, document.identification)
        ] * 2
