"""The e-loket submit writes the same rows with fewer statements (docs/performance.md,
"Fewer statements on intake").

The citizen's record, read once by the submit, also serves the *Zaak gestart* message
(local register only; the BRP is asked per purpose); the contact skips the read for an
earlier contact with the submission's key (the submission's unique insert just proved it
new); the contact's norm comes from the process; the case needs no savepoint inside the
submit's transaction; the case's and the contact's processing-log entries and domain
events go in in one insert each.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from achterkant.audit.models import ProcessingLogEntry
from achterkant.audit.services import Purpose
from achterkant.cases.models import Case, WebSubmission
from achterkant.cases.services import common
from achterkant.contacts.models import Contact
from achterkant.identity.lookup import LookupContext
from achterkant.identity.lookup.local import LocalRegisterLookup
from achterkant.identity.models import Person
from achterkant.notify.models import DomainEvent, OutboxMessage
from tests.portal.test_requests import URL, _answers, _citizen, eloket  # noqa: F401


def _submit(client, data) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, data)
    assert response.status_code == 302, response.content.decode()[:500]
    return [query["sql"] for query in queries.captured_queries]


def _count(statements: list[str], start: str) -> int:
    return sum(1 for sql in statements if sql.startswith(start))


def test_the_submit_has_a_pinned_statement_count(eloket):  # noqa: F811
    client = _citizen(eloket)
    client.post(URL, _answers(client))  # warm the process's caches and the case number
    statements = _submit(client, _answers(client))
    # PostgreSQL: 31 before, 24 after the fifth session, 20 before the ninth, 15 now
    # (docs/performance.md). Session, settings version; the submit's savepoint pair (a
    # test runs in a transaction; in production it is BEGIN and COMMIT); the citizen's
    # record, read by the service; the case keys, case, status, role, routed event and
    # message (the outbox is the worker's queue: no task row); the submission, with its
    # case (no savepoint and no update: a double submit is refused by its unique key and
    # resolved after the rollback); the contact's insert (no savepoint: the submission
    # just claimed its key); the log entries (the read's among them) and the domain events
    # of case and contact (one insert each).
    # SQLite takes the case number from its counter row and sets the case's status after
    # the insert (no sequences to take the ids from): one statement more.
    assert len(statements) == (15 if connection.vendor == "postgresql" else 16), statements
    assert _count(statements, 'SELECT "identity_person"') == 1
    assert _count(statements, 'SELECT "contacts_contact"') == 0
    assert _count(statements, 'SELECT "catalog_servicenorm"') == 0
    assert _count(statements, 'INSERT INTO "audit_processinglogentry"') == 1
    assert _count(statements, 'INSERT INTO "notify_domainevent"') == 1
    assert _count(statements, 'UPDATE "cases_websubmission"') == 0
    assert _count(statements, "SAVEPOINT") == 1  # the submit (the test's transaction)


def test_the_same_rows_are_written_in_the_same_order(eloket):  # noqa: F811
    client = _citizen(eloket)
    data = _answers(client)
    with eloket.active():
        before = ProcessingLogEntry.objects.order_by("pk").last().pk
    client.post(URL, data)
    with eloket.active():
        case = Case.objects.get()
        contact = Contact.objects.get()
        log = list(
            ProcessingLogEntry.objects.filter(pk__gt=before)
            .order_by("pk")
            .values_list("action", "object_type", "object_id", "purpose", "actor_label")
        )
        events = list(
            DomainEvent.objects.exclude(channel="zaaktypen")
            .order_by("pk")
            .values_list("channel", "resource", "action", "resource_reference")
        )
        message = OutboxMessage.objects.get(event_code="case.opened")
        submission = WebSubmission.objects.get()
    citizen = "de inwoner zelf (Mijn gemeente)"
    bsn = eloket.person.bsn
    prefill = ("read", "persoon", bsn, Purpose.SELF_SERVICE, "Mijn gemeente")
    assert log == [
        prefill,  # the citizen's record, read by the submit; the message uses it too
        ("create", "zaak", case.number, Purpose.CASE_HANDLING, citizen),
        ("read", "persoon", bsn, Purpose.CITIZEN_NOTIFICATION, citizen),
        ("create", "klantcontact", str(contact.pk), Purpose.CONTACT_HANDLING, citizen),
    ]
    assert events == [
        ("zaken", "status", "create", str(case.current_status_id)),
        ("zaken", "zaak", "create", case.number),
        ("klantcontacten", "klantcontact", "create", f"klantcontact-{contact.pk}"),
    ]
    assert (message.recipient, message.bsn) == ("sophie@example.nl", bsn)
    assert "Sophie de Vries" in message.body
    assert contact.case == case == submission.case
    assert contact.idempotency_key == submission.key


def test_a_purpose_bound_register_is_asked_again_for_the_message(eloket, monkeypatch):  # noqa: F811
    asked: list[str] = []

    class Brp(LocalRegisterLookup):
        purpose_bound = True  # as the BRP: every question names its purpose

        def by_bsn(self, bsn: str, *, context: LookupContext):
            asked.append(context.purpose)
            return super().by_bsn(bsn, context=context)

    monkeypatch.setattr(common, "get_person_lookup", Brp)
    client = _citizen(eloket)
    client.post(URL, _answers(client))
    assert asked == [Purpose.CITIZEN_NOTIFICATION]  # the prefill used the real source


def test_the_message_uses_the_record_read_in_this_request(eloket):  # noqa: F811
    client = _citizen(eloket)
    data = _answers(client)
    # Changed after the form was shown, before the submit: the submit reads it again.
    with eloket.active():
        Person.objects.filter(bsn=eloket.person.bsn).update(email="nieuw@example.nl")
    client.post(URL, data)
    with eloket.active():
        assert OutboxMessage.objects.get(event_code="case.opened").recipient == ("nieuw@example.nl")
