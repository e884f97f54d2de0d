"""Opening a case writes the same rows with fewer statements (docs/performance.md).

The case's processing-log entry and the one for the message's address lookup go in in one
insert; the berichtenbox-only message skips a constraint check that cannot fail; the
message templates come from the settings cache (tests/notify/test_templates.py).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from achterkant.audit.models import ProcessingLogEntry
from achterkant.cases.services import common
from achterkant.identity.lookup import PersonLookupError
from achterkant.identity.models import Person
from achterkant.notify.models import OutboxMessage
from tests.conftest import BSN_A

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def _log(tenant) -> list[tuple[str, str, str, str]]:
    with tenant.active():
        return list(
            ProcessingLogEntry.objects.order_by("pk").values_list(
                "action", "object_type", "purpose", "bsn"
            )
        )


def _inserts_into(queries, table: str) -> int:
    return sum(1 for query in queries if query["sql"].startswith(f'INSERT INTO "{table}"'))


def test_the_case_and_the_lookup_for_its_message_are_logged_in_one_insert(tenant_a):
    with CaptureQueriesContext(connection) as queries:
        case = tenant_a.open_case()
    assert _log(tenant_a) == [
        ("create", "zaak", "Zaak behandelen", BSN_A),
        ("read", "persoon", "Burger informeren over zijn zaak", BSN_A),
    ]
    with tenant_a.active():
        entries = list(ProcessingLogEntry.objects.order_by("pk"))
    assert [entry.object_id for entry in entries] == [case.number, BSN_A]
    assert entries[0].actor_label == entries[1].actor_label
    assert entries[0].actor_id == entries[1].actor_id == tenant_a.staff["agent"].pk
    assert _inserts_into(queries, "audit_processinglogentry") == 1


def test_the_case_is_logged_when_the_address_lookup_fails(tenant_a, monkeypatch, caplog):
    class Down:
        def by_bsn(self, bsn, *, context):
            raise PersonLookupError("BRP niet bereikbaar")

    monkeypatch.setattr(common, "get_person_lookup", lambda: Down())
    case = tenant_a.open_case()
    assert _log(tenant_a) == [("create", "zaak", "Zaak behandelen", BSN_A)]
    with tenant_a.active():
        assert not OutboxMessage.objects.exists()
    assert case.number in caplog.text


def test_an_unknown_person_is_still_logged_as_looked_up(tenant_a):
    with tenant_a.active():
        Person.objects.filter(bsn=BSN_A).delete()
    tenant_a.open_case()
    assert _log(tenant_a) == [
        ("create", "zaak", "Zaak behandelen", BSN_A),
        ("read", "persoon", "Burger informeren over zijn zaak", BSN_A),
    ]


def test_without_an_initiator_nothing_is_logged(tenant_a):
    tenant_a.open_case(initiator_bsn="")
    assert _log(tenant_a) == []


def test_the_case_comes_before_its_documents_in_the_log(tenant_a, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    tenant_a.open_case(documents=[(SimpleUploadedFile("brief.pdf", PDF), "Brief")])
    log = _log(tenant_a)
    assert log[0] == ("create", "zaak", "Zaak behandelen", BSN_A)
    assert ("create", "document", "Zaak behandelen", BSN_A) in log[1:-1]
    assert log[-1] == ("read", "persoon", "Burger informeren over zijn zaak", BSN_A)


@pytest.mark.parametrize("email", ["", "sophie@example.nl"])
def test_the_message_needs_no_constraint_check(tenant_a, email):
    with tenant_a.active():
        Person.objects.filter(bsn=BSN_A).update(email=email)
    with CaptureQueriesContext(connection) as queries:
        case = tenant_a.open_case()
    with tenant_a.active():
        message = OutboxMessage.objects.get(reference=case.number)
    assert message.recipient == email
    if not email:
        assert message.channel == "berichtenbox"
    assert not [query for query in queries if '"_check"' in query["sql"]]
    assert _inserts_into(queries, "notify_outboxmessage") == 1
