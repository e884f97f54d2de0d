"""Migration 0011's backfill: every existing document gets version 1 and, with a case, a
zaakinformatieobject with its own uuid (so existing Zaken API URLs stay the same)."""

import importlib

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from achterkant.cases.models import CaseDocument, Document, DocumentVersion
from achterkant.cases.services import add_document
from tests.api.documenten.support import PDF

backfill = importlib.import_module("achterkant.cases.migrations.0011_documenten").backfill


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_backfill_links_existing_documents_under_their_own_uuid(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        document = add_document(
            actor=tenant_a.staff["worker"], case=case, title="Brief",
            upload=SimpleUploadedFile("brief.pdf", PDF),
        )  # fmt: skip
        # As the row was before 0011: no version, no link, no API attributes.
        CaseDocument.objects.filter(document=document).delete()
        DocumentVersion.objects.filter(document=document).delete()
        Document.objects.filter(pk=document.pk).update(
            identification="", source_organisation="", created_on=None, uploaded_by=None
        )
    backfill(apps, None)
    with tenant_a.active():
        link = CaseDocument.objects.get(document=document)
        version = DocumentVersion.objects.get(document=document)
        document.refresh_from_db()
    assert link.uuid == document.uuid and link.case_id == case.pk
    assert version.number == 1 and version.file == document.file.name
    assert version.fields["title"] == "Brief"
    assert document.identification.startswith("DOCUMENT-")
    assert document.source_organisation == tenant_a.organisation.rsin
    assert document.created_on == document.uploaded_at.date()
    # No staff uploader: it came from outside, as the portal's rule read it before.
    assert document.origin == Document.Origin.PARTY
