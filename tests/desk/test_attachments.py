"""Staff open the attachments of a contact (an e-mail's files, a letter's scan)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from achterkant.audit.models import ProcessingLogEntry
from achterkant.contacts.services import contact_receive
from tests.portal.test_portal import PDF


def _attachment(tenant):
    with tenant.active():
        contact = contact_receive(
            actor=tenant.staff["agent"], channel="letter", question="Bezwaar",
            bsn=tenant.person.bsn, attachments=[SimpleUploadedFile("../bezwaar.pdf", PDF)],
        )  # fmt: skip
        return contact.attachments.get()


def test_an_agent_downloads_an_attachment_and_it_is_logged(tenant_a, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    attachment = _attachment(tenant_a)
    client = tenant_a.client("agent")
    client.post("/desk/personen/kiezen/", {"bsn": tenant_a.person.bsn})
    assert f"/desk/bijlagen/{attachment.pk}/" in client.get("/desk/persoon/").content.decode()
    response = client.get(f"/desk/bijlagen/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="bezwaar.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    with tenant_a.active():
        entry = ProcessingLogEntry.objects.get(object_type="bijlage")
    assert entry.bsn == tenant_a.person.bsn and entry.actor == tenant_a.staff["agent"]


def test_another_tenant_or_role_does_not_get_the_attachment(tenant_a, tenant_b, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    attachment = _attachment(tenant_a)
    assert tenant_b.client("agent").get(f"/desk/bijlagen/{attachment.pk}/").status_code == 404
    assert tenant_a.client("admin").get(f"/desk/bijlagen/{attachment.pk}/").status_code == 403
    with tenant_a.active():
        assert not ProcessingLogEntry.objects.filter(object_type="bijlage").exists()
