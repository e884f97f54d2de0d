"""The Documenten API's enkelvoudiginformatieobjecten: create, versions, download, locks,
uploads in parts, refused files, autorisaties, tenants and events."""

import base64

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from achterkant.cases.models import Document, DocumentVersion
from achterkant.notify.models import DomainEvent
from tests.api.documenten.support import (
    PDF,
    DrcClient,
    document_type,
    drc_grant,
    error_of,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_create_with_base64_then_read_and_download_the_same_bytes(tenant_a):
    api = DrcClient(tenant_a)
    row = document_type(tenant_a, confidentiality="beperkt_openbaar")
    created = api.create(row)
    assert created["versie"] == 1
    assert created["vertrouwelijkheidaanduiding"] == "beperkt_openbaar"  # from the type
    assert created["formaat"] == "application/pdf"
    assert created["bestandsomvang"] == len(PDF)
    assert created["locked"] is False
    assert created["identificatie"].startswith("DOCUMENT-")
    assert created["inhoud"].endswith("/download")
    read = api.get(created["url"])
    assert read.status_code == 200 and read["ETag"]
    download = api.get(created["inhoud"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"


def test_plain_text_is_taken_by_the_api_but_not_by_the_desk(tenant_a):
    """The conformance suite sends plain text; the API adds it (a setting), the desk not."""
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from achterkant.cases.services.documents import check_upload

    api = DrcClient(tenant_a)
    created = api.create(document_type(tenant_a), content=b"string", bestandsomvang=6)
    assert created["formaat"] == "text/plain"
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("a.txt", b"string"))


def test_refused_files_are_a_400_with_a_clear_message_and_nothing_is_stored(tenant_a, settings):
    api = DrcClient(tenant_a)
    row = document_type(tenant_a)
    body = api.eio_body(row, content=b"MZ\x90\x00\x03\x00\x00\x00binary")
    refused = api.post("/enkelvoudiginformatieobjecten", body)
    assert refused.status_code == 400
    assert error_of(refused) == ("inhoud", "forbidden_type")
    assert "Gebruik PDF" in refused.json()["invalidParams"][0]["reason"]
    html = api.post("/enkelvoudiginformatieobjecten", api.eio_body(row, content=b"<html><body>x"))
    assert error_of(html) == ("inhoud", "hidden_html")
    settings.DOCUMENT_MAX_BYTES = 10
    too_large = api.post("/enkelvoudiginformatieobjecten", api.eio_body(row))
    assert error_of(too_large) == ("inhoud", "too_large")
    assert "te groot" in too_large.json()["invalidParams"][0]["reason"]
    with tenant_a.active():
        assert not Document.objects.exists()
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def test_versions_need_the_lock_and_each_version_stays_readable(tenant_a):
    api = DrcClient(tenant_a)
    created = api.create(document_type(tenant_a))
    url = created["url"]
    unlocked = api.patch(url, {"titel": "Nieuw"})
    assert error_of(unlocked) == ("nonFieldErrors", "unlocked")
    lock = api.lock(url)
    assert api.post(f"{url}/lock").status_code == 400  # already locked
    assert error_of(api.patch(url, {"titel": "Nieuw"})) == ("nonFieldErrors", "missing-lock-id")
    wrong = api.patch(url, {"titel": "Nieuw", "lock": "fout"})
    assert error_of(wrong) == ("nonFieldErrors", "incorrect-lock-id")
    put_without = api.put(url, api.eio_body(document_type(tenant_a, "Ander")))
    assert error_of(put_without) == ("lock", "required")
    second = b"%PDF-1.4\n% tweede versie\n%%EOF\n"
    changed = api.patch(
        url, {"titel": "Nieuw", "lock": lock, "inhoud": base64.b64encode(second).decode()}
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["versie"] == 2 and changed.json()["titel"] == "Nieuw"
    first = api.get(url, versie=1).json()
    assert first["titel"] == "Foto van de stoep" and first["versie"] == 1
    assert b"".join(api.get(first["inhoud"]).streaming_content) == PDF
    assert b"".join(api.get(f"{url}/download").streaming_content) == second
    at = api.get(url, registratieOp=created["beginRegistratie"]).json()
    assert at["versie"] == 1
    assert api.get(url, versie=9).status_code == 404
    assert api.post(f"{url}/unlock", {"lock": lock}).status_code == 204
    with tenant_a.active():
        assert DocumentVersion.objects.filter(document__uuid=created["url"][-36:]).count() == 2


def test_received_documents_are_not_in_progress_and_usage_rights_follow(tenant_a):
    api = DrcClient(tenant_a)
    row = document_type(tenant_a)
    body = api.eio_body(row, status="in_bewerking", ontvangstdatum="2026-01-01")
    assert error_of(api.post("/enkelvoudiginformatieobjecten", body)) == (
        "status",
        "invalid_for_received",
    )
    body = api.eio_body(row, indicatieGebruiksrecht=True)
    assert error_of(api.post("/enkelvoudiginformatieobjecten", body)) == (
        "indicatieGebruiksrecht",
        "missing-gebruiksrechten",
    )
    created = api.create(row)
    assert created["indicatieGebruiksrecht"] is None
    right = api.post(
        "/gebruiksrechten",
        {"informatieobject": created["url"], "startdatum": "2026-01-01T12:00:00",
         "omschrijvingVoorwaarden": "Alleen intern"},
    )  # fmt: skip
    assert right.status_code == 201, right.content
    assert api.get(created["url"]).json()["indicatieGebruiksrecht"] is True
    assert api.delete(right.json()["url"]).status_code == 204
    assert api.get(created["url"]).json()["indicatieGebruiksrecht"] is None


def test_upload_in_parts_is_joined_and_checked_on_unlock(tenant_a, settings):
    settings.DOCUMENT_PART_BYTES = 20
    api = DrcClient(tenant_a)
    row = document_type(tenant_a)
    created = api.create(row, content=None, bestandsomvang=len(PDF))
    parts = created["bestandsdelen"]
    assert created["locked"] is True and len(parts) == 4
    lock = created["lock"]
    assert api.post(f"{created['url']}/unlock", {"lock": lock}).status_code == 400  # incomplete
    offset = 0
    for part in parts:
        chunk = PDF[offset : offset + part["omvang"]]
        offset += part["omvang"]
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = api.client.put(
            part["url"],
            data=encode_multipart(
                BOUNDARY, {"lock": lock, "inhoud": SimpleUploadedFile("deel", chunk)}
            ),
            content_type=MULTIPART_CONTENT,
        )
        assert response.status_code == 200, response.content
        assert response.json()["voltooid"] is True
    assert api.post(f"{created['url']}/unlock", {"lock": lock}).status_code == 204
    read = api.get(created["url"]).json()
    assert read["locked"] is False and read["bestandsdelen"] == []
    assert b"".join(api.get(read["inhoud"]).streaming_content) == PDF


def test_a_joined_file_the_check_refuses_is_a_400_and_the_parts_go(tenant_a, settings):
    settings.DOCUMENT_PART_BYTES = 100
    api = DrcClient(tenant_a)
    bad = b"MZ\x90\x00binary!"
    created = api.create(document_type(tenant_a), content=None, bestandsomvang=len(bad))
    part, lock = created["bestandsdelen"][0], created["lock"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    api.client.put(
        part["url"],
        data=encode_multipart(BOUNDARY, {"lock": lock, "inhoud": SimpleUploadedFile("deel", bad)}),
        content_type=MULTIPART_CONTENT,
    )
    refused = api.post(f"{created['url']}/unlock", {"lock": lock})
    assert refused.status_code == 400
    assert error_of(refused) == ("inhoud", "forbidden_type")
    read = api.get(created["url"]).json()
    assert read["locked"] is True and read["inhoud"] is None
    assert read["bestandsdelen"][0]["voltooid"] is False


def test_force_unlock_needs_its_scope(tenant_a):
    row = document_type(tenant_a)
    owner = DrcClient(tenant_a)
    created = owner.create(row)
    # Clients lock without a body or a Content-Type (the official suite does).
    bare = owner.client.generic("POST", f"{created['url']}/lock")
    assert bare.status_code == 200, bare.content
    limited = DrcClient(
        tenant_a, "drc-lock",
        authorisations=[drc_grant(row, ["documenten.lezen", "documenten.lock"], "geheim",
                                  tenant_a.host)],
    )  # fmt: skip
    assert limited.post(f"{created['url']}/unlock").status_code == 400
    assert owner.post(f"{created['url']}/unlock").status_code == 204  # all autorisaties


def test_autorisaties_filter_by_type_and_confidentiality(tenant_a):
    photo, secret_type = document_type(tenant_a), document_type(tenant_a, "Rapport")
    owner = DrcClient(tenant_a)
    open_photo = owner.create(photo)
    secret_photo = owner.create(photo, vertrouwelijkheidaanduiding="geheim")
    report = owner.create(secret_type)
    reader = DrcClient(
        tenant_a, "drc-read",
        authorisations=[drc_grant(photo, ["documenten.lezen"], "intern", tenant_a.host)],
    )  # fmt: skip
    listed = reader.get("/enkelvoudiginformatieobjecten").json()
    assert [r["url"] for r in listed["results"]] == [open_photo["url"]]
    assert reader.get(secret_photo["url"]).status_code == 403
    assert reader.get(report["url"]).status_code == 403
    assert reader.get(f"{open_photo['url']}/download").status_code == 200
    create = reader.post("/enkelvoudiginformatieobjecten", reader.eio_body(photo))
    assert create.status_code == 403


def test_another_tenant_gets_404(tenant_a, tenant_b):
    created = DrcClient(tenant_a).create(document_type(tenant_a))
    other = DrcClient(tenant_b, "drc-b")
    path = created["url"].split(tenant_a.host, 1)[1]
    assert other.client.get(path).status_code == 404
    assert other.client.get(f"{path}/download").status_code == 404
    assert other.get("/enkelvoudiginformatieobjecten").json()["count"] == 0


def test_events_and_audittrail_and_delete(tenant_a):
    api = DrcClient(tenant_a)
    row = document_type(tenant_a)
    created = api.create(row)
    uuid = created["url"].rsplit("/", 1)[1]
    lock = api.lock(created["url"])
    api.patch(created["url"], {"auteur": "Ander", "lock": lock})
    with tenant_a.active():
        events = list(
            DomainEvent.objects.filter(channel="documenten", main_reference=uuid).order_by("pk")
        )
    assert [(e.resource, e.action) for e in events] == [
        ("enkelvoudiginformatieobject", "create"),
        ("enkelvoudiginformatieobject", "partial_update"),
    ]
    assert events[0].attributes == {
        "bronorganisatie": tenant_a.organisation.rsin,
        "informatieobjecttype": str(row.uuid),
        "vertrouwelijkheidaanduiding": "openbaar",
    }
    trail = api.get(f"{created['url']}/audittrail").json()
    assert [t["actie"] for t in trail] == ["create", "partial_update"]
    assert api.get(f"{created['url']}/audittrail/{trail[0]['uuid']}").status_code == 200
    assert api.delete(created["url"]).status_code == 204
    assert api.get(created["url"]).status_code == 404
    assert api.get(f"{created['url']}/audittrail").status_code == 404


def test_search_and_filters(tenant_a):
    api = DrcClient(tenant_a)
    row = document_type(tenant_a)
    first = api.create(row, identificatie="DOC-1", trefwoorden=["stoep", "foto"])
    api.create(row, identificatie="DOC-2")
    by_id = api.get("/enkelvoudiginformatieobjecten", identificatie="DOC-1").json()
    assert [r["url"] for r in by_id["results"]] == [first["url"]]
    by_word = api.get("/enkelvoudiginformatieobjecten", trefwoorden="stoep").json()
    assert by_word["count"] == 1
    found = api.post(
        "/enkelvoudiginformatieobjecten/_zoek", {"uuid__in": [first["url"].rsplit("/", 1)[1]]}
    )
    assert found.status_code == 200 and found.json()["count"] == 1


def test_scopes_are_checked(tenant_a):
    row = document_type(tenant_a)
    reader = DrcClient(
        tenant_a, "drc-ro",
        authorisations=[drc_grant(row, ["documenten.lezen"], "geheim", tenant_a.host)],
    )  # fmt: skip
    assert reader.post("/enkelvoudiginformatieobjecten", reader.eio_body(row)).status_code == 403


def test_expand_informatieobjecttype_and_informatieobject(tenant_a):
    api = DrcClient(tenant_a)
    row = document_type(tenant_a)
    created = api.create(row)
    read = api.get(created["url"], expand="informatieobjecttype.catalogus").json()
    expanded = read["_expand"]["informatieobjecttype"]
    assert expanded["url"] == created["informatieobjecttype"]
    assert expanded["_expand"]["catalogus"]["url"] == expanded["catalogus"]
    right = api.post(
        "/gebruiksrechten",
        {"informatieobject": created["url"], "startdatum": "2026-01-01T12:00:00",
         "omschrijvingVoorwaarden": "Intern"},
    ).json()  # fmt: skip
    shown = api.get(right["url"], expand="informatieobject").json()
    assert shown["_expand"]["informatieobject"]["url"] == created["url"]


def test_a_file_as_base64_may_be_larger_than_other_json_bodies(tenant_a, settings):
    """``inhoud`` up to DOCUMENT_MAX_BYTES fits in one JSON body (base64 is 4/3 larger),
    though every other body stays under DATA_UPLOAD_MAX_MEMORY_SIZE (found by the bench)."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    settings.DOCUMENT_MAX_BYTES = 256 * 1024
    api = DrcClient(tenant_a)
    row = document_type(tenant_a)
    content = PDF + b"%" + b"x" * (200 * 1024) + b"\n"
    created = api.post("/enkelvoudiginformatieobjecten", api.eio_body(row, content=content))
    assert created.status_code == 201, created.content[:300]
    download = api.client.get(api.url(f"{created.json()['url']}/download"))
    assert b"".join(download.streaming_content) == content
    too_large = api.eio_body(row, content=content + b"y" * (1024 * 1024))
    assert api.post("/enkelvoudiginformatieobjecten", too_large).status_code == 413
    other = api.post("/gebruiksrechten", {"omschrijvingVoorwaarden": "x" * (70 * 1024)})
    assert other.status_code == 413
