"""The e-loket submit reads the citizen's record itself, and its key decides a double submit
after the rollback (docs/portal.md, docs/performance.md "Ninth session").

The read is logged with the request's other entries, and also when the request is refused
or fails: the data was read either way. Two submits with one key at the same moment open
one case: the second waits on the key's unique index, fails when the first commits, and
gets the first one's case.
"""

import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from achterkant.audit.models import ProcessingLogEntry
from achterkant.audit.services import Purpose
from achterkant.cases.models import Case, WebSubmission
from achterkant.contacts.models import Contact
from achterkant.contacts.services import web_request_receive
from achterkant.contacts.services import web_requests as gate
from achterkant.identity.actors import Citizen
from achterkant.notify.models import OutboxMessage
from tests.portal.test_eloket_history import eloket  # noqa: F401
from tests.portal.test_requests import GOOD_ANSWERS

READ = ("read", "persoon", Purpose.SELF_SERVICE, "Mijn gemeente")


def _new_log(tenant, after: int) -> list[tuple]:
    with tenant.active():
        return list(
            ProcessingLogEntry.objects.filter(pk__gt=after)
            .order_by("pk")
            .values_list("action", "object_type", "purpose", "actor_label")
        )


def _last_log_pk(tenant) -> int:
    with tenant.active():
        return ProcessingLogEntry.objects.order_by("pk").values_list("pk", flat=True).last() or 0


def _nothing_but_the_read(tenant, before: int) -> None:
    assert _new_log(tenant, before) == [READ]
    with tenant.active():
        assert not Case.objects.exists() and not WebSubmission.objects.exists()
        assert not Contact.objects.exists() and not OutboxMessage.objects.exists()


def test_a_refused_answer_still_logs_the_read_of_the_citizens_record(eloket):  # noqa: F811
    before = _last_log_pk(eloket)
    with eloket.active(), pytest.raises(ValidationError) as refusal:
        web_request_receive(
            actor=Citizen(bsn=eloket.person.bsn), product_code="melding",
            answers={**GOOD_ANSWERS, "wat": ""}, key=uuid.uuid4(),
        )  # fmt: skip
    assert refusal.value.message_dict == {"wat": ["Dit veld is verplicht."]}
    _nothing_but_the_read(eloket, before)


def test_a_failure_after_the_case_still_logs_the_read(eloket, monkeypatch):  # noqa: F811
    def broken(**kwargs):
        raise RuntimeError("contact kapot")

    monkeypatch.setattr(gate, "contact_receive", broken)
    before = _last_log_pk(eloket)
    with eloket.active(), pytest.raises(RuntimeError):
        web_request_receive(
            actor=Citizen(bsn=eloket.person.bsn), product_code="melding",
            answers=GOOD_ANSWERS, key=uuid.uuid4(),
        )  # fmt: skip
    _nothing_but_the_read(eloket, before)


def test_a_key_of_someone_else_is_refused_and_nothing_of_this_submit_is_stored(
    eloket,  # noqa: F811
    tenant_a,
):
    key = uuid.uuid4()
    with eloket.active():
        web_request_receive(
            actor=Citizen(bsn=eloket.person.bsn), product_code="melding",
            answers=GOOD_ANSWERS, key=key,
        )  # fmt: skip
        other = Citizen(bsn="111222333")
        with pytest.raises(ValidationError) as refusal:
            web_request_receive(actor=other, product_code="melding", answers=GOOD_ANSWERS, key=key)
        assert refusal.value.messages == ["Dit formulier is al gebruikt. Laad de pagina opnieuw."]
        assert Case.objects.count() == Contact.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_two_submits_with_one_key_at_once_open_one_case(eloket, monkeypatch):  # noqa: F811
    """The first submit holds its transaction open, after its submission row, until the
    second one waits on that row's unique key (seen in pg_locks); then both finish."""
    key = uuid.uuid4()
    first_inserted = threading.Event()
    record_contact = gate._record_contact

    def record_contact_when_the_other_waits(**kwargs):
        if threading.current_thread().name == "first":
            first_inserted.set()
            with connection.cursor() as cursor:
                for _ in range(200):  # at most 10 s
                    cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
                    if cursor.fetchone()[0]:
                        break
                    threading.Event().wait(0.05)
                else:
                    raise AssertionError("the second submit never waited on the key")
        return record_contact(**kwargs)

    monkeypatch.setattr(gate, "_record_contact", record_contact_when_the_other_waits)
    results: dict[str, tuple] = {}
    errors: list[BaseException] = []

    def submit() -> None:
        name = threading.current_thread().name
        try:
            if name == "second":
                assert first_inserted.wait(timeout=10)
            with eloket.active():
                results[name] = web_request_receive(
                    actor=Citizen(bsn=eloket.person.bsn), product_code="melding",
                    answers=GOOD_ANSWERS, key=key,
                )  # fmt: skip
        except BaseException as error:  # reported below, in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, name=name) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    (first, created), (second, created_again) = results["first"], results["second"]
    assert (created, created_again) == (True, False)
    assert first == second
    with eloket.active(), transaction.atomic():
        assert Case.objects.count() == Contact.objects.count() == WebSubmission.objects.count()
        assert Case.objects.count() == 1
        assert OutboxMessage.objects.count() == 1
