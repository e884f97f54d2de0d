"""Single-row inserts with their SQL kept per process (tenancy.inserts): the statement and
the row are Django's own, on SQLite and on PostgreSQL."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Value
from django.db.models.functions import Upper
from django.db.models.sql import InsertQuery

from achterkant.notify.models import OutboxMessage
from achterkant.tenancy import inserts

pytestmark = pytest.mark.django_db

COLUMNS = ("organisation_id", "event_code", "recipient", "bsn", "subject", "body", "status",
           "attempts", "created_at", "in_berichtenbox", "message_id")  # fmt: skip


def _message(**values) -> OutboxMessage:
    fields = {"event_code": "case.opened", "recipient": "a@example.nl", "subject": "Onderwerp",
              "body": "Tekst", **values}  # fmt: skip
    return OutboxMessage(**fields)


def _djangos_own_sql(message: OutboxMessage) -> str:
    """The text Django's compiler builds for this save (fields and RETURNING as save()
    passes them)."""
    meta = OutboxMessage._meta
    fields = [f for f in meta.local_concrete_fields if not f.generated and f is not meta.pk]
    query = InsertQuery(OutboxMessage)
    query.insert_values(fields, [message], raw=True)
    compiler = query.get_compiler(using="default")
    compiler.returning_fields = meta.db_returning_fields
    [(sql, _params)] = compiler.as_sql()
    return sql


def _sent_inserts(work) -> list[tuple[str, list]]:
    sent = []

    def record(execute, sql, params, many, context):
        sent.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        work()
    return [(sql, params) for sql, params in sent if sql.startswith("INSERT")]


def test_the_statement_is_kept_and_is_djangos_own(tenant_a):
    inserts._statements.clear()
    with tenant_a.active():
        saved = [_message(), _message(recipient="b@example.nl")]
        inserted = _sent_inserts(lambda: [message.save() for message in saved])
        kept = [parts for key, parts in inserts._statements.items() if key[0] is OutboxMessage]
        assert len(kept) == 1 and kept[0] is not None
        head, row, returning = kept[0]
        assert f"{head} VALUES {row}{returning}" == _djangos_own_sql(saved[0])
        # One statement per save, that text both times, the values as its parameters.
        assert [sql for sql, _params in inserted] == [_djangos_own_sql(saved[0])] * 2
        assert "a@example.nl" in inserted[0][1] and "b@example.nl" in inserted[1][1]


def test_the_row_is_the_one_django_would_store(tenant_a):
    """Defaults, ``auto_now_add``, the tenant and the returned primary key, for the row
    that compiled the statement and for one that used it."""
    inserts._statements.clear()
    with tenant_a.active():
        for recipient in ("a@example.nl", "b@example.nl"):
            message = _message(recipient=recipient)
            message.save()
            assert message.pk is not None and not message._state.adding
            stored = OutboxMessage.objects.values(*COLUMNS).get(pk=message.pk)
            assert stored == {name: getattr(message, name) for name in COLUMNS}
            assert stored["organisation_id"] == tenant_a.organisation.pk
            assert stored["created_at"] is not None and stored["status"] == "pending"
            assert stored["in_berichtenbox"] is True and stored["recipient"] == recipient


def test_an_expression_as_a_value_is_inserted_by_django(tenant_a):
    with tenant_a.active():
        _message().save()  # the statement is kept for these fields
        message = _message(body=Upper(Value("tekst")))
        message.save()
        assert OutboxMessage.objects.get(pk=message.pk).body == "TEKST"


def test_a_violated_constraint_is_djangos_integrity_error_and_stores_nothing(tenant_a):
    with tenant_a.active():
        _message(message_id="<een@voorbeeld.nl>").save()
        before = OutboxMessage.objects.count()
        with pytest.raises(IntegrityError), transaction.atomic():
            _message(message_id="<een@voorbeeld.nl>").save()
        assert OutboxMessage.objects.count() == before


def test_a_preset_primary_key_is_another_statement(tenant_a):
    """A row saved with its own key (a preallocated id) names the key column; the kept
    statement without it stays as it was."""
    inserts._statements.clear()
    with tenant_a.active():
        _message().save()
        taken = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first()
        preset = _message(recipient="c@example.nl")
        preset.pk = taken + 1000
        preset.save(force_insert=True)
        assert OutboxMessage.objects.get(pk=taken + 1000).recipient == "c@example.nl"
        kept = [key for key in inserts._statements if key[0] is OutboxMessage]
        assert len(kept) == 2


def test_a_bulk_create_of_a_few_rows_is_one_kept_statement_with_their_keys(tenant_a):
    """Rows as Django stores them, their keys set from RETURNING, in one statement with a
    row of placeholders per row (on PostgreSQL too, where Django would send arrays)."""
    inserts._statements.clear()
    with tenant_a.active():
        for count in (3, 2):
            messages = [
                _message(recipient=f"{n}@example.nl", organisation=tenant_a.organisation)
                for n in range(count)
            ]
            sent = _sent_inserts(lambda m=messages: OutboxMessage.objects.bulk_create(m))
            assert len(sent) == 1
            sql, params = sent[0]
            assert sql.count("), (") == count - 1 and "UNNEST" not in sql
            assert [m.recipient for m in messages] == [p for p in params if "@" in str(p)]
            assert all(m.pk is not None and not m._state.adding for m in messages)
            stored = OutboxMessage.objects.in_bulk([m.pk for m in messages])
            for message in messages:
                row = stored[message.pk]
                assert {name: getattr(row, name) for name in COLUMNS} == {
                    name: getattr(message, name) for name in COLUMNS
                }


def test_a_large_batch_or_a_conflict_clause_is_built_by_django(tenant_a):
    with tenant_a.active():
        organisation = tenant_a.organisation
        many = [
            _message(recipient=f"{n}@example.nl", organisation=organisation)
            for n in range(inserts._MAX_ROWS + 1)
        ]
        sent = _sent_inserts(lambda: OutboxMessage.objects.bulk_create(many))
        assert len(sent) == 1
        if connection.vendor == "postgresql":  # Django's arrays (SQLite's text is the same)
            assert "UNNEST" in sent[0][0]
        assert OutboxMessage.objects.filter(pk__in=[m.pk for m in many]).count() == len(many)
        taken = [
            _message(message_id="<dubbel@voorbeeld.nl>", organisation=organisation)
            for _ in range(2)
        ]
        OutboxMessage.objects.bulk_create(taken[:1])
        OutboxMessage.objects.bulk_create(taken[1:], ignore_conflicts=True)  # no error
        assert OutboxMessage.objects.filter(message_id="<dubbel@voorbeeld.nl>").count() == 1
