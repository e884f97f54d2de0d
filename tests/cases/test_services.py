import pytest
from django.core.exceptions import ValidationError

from achterkant.audit.models import ProcessingLogEntry
from achterkant.cases.models import Case, CaseStatus
from achterkant.cases.services import CaseError, open_case, set_status
from achterkant.catalog.models import StatusType
from achterkant.notify.models import OutboxMessage


def _open(tenant, **overrides):
    arguments = {
        "actor": tenant.staff["agent"],
        "case_type": tenant.product.case_type,
        "channel": "phone",
        "initiator_bsn": tenant.person.bsn,
        "product": tenant.product,
    }
    return open_case(**{**arguments, **overrides})


def _status(tenant, sequence):
    return StatusType.objects.get(case_type=tenant.product.case_type, sequence=sequence)


def test_open_case_numbers_per_organisation_and_year(tenant_a, tenant_b):
    with tenant_a.active():
        first, second = _open(tenant_a), _open(tenant_a)
    with tenant_b.active():
        other = _open(tenant_b)
    year = first.received_on.year
    assert first.number == f"ZAAK-{year}-0000001"
    assert second.number == f"ZAAK-{year}-0000002"
    assert other.number == f"ZAAK-{year}-0000001"


def test_open_case_sets_the_first_status_and_logs_the_processing(tenant_a):
    with tenant_a.active():
        case = _open(tenant_a)
        assert case.current_status.status_type.sequence == 1
        entry = ProcessingLogEntry.objects.get(object_type="zaak", object_id=case.number)
    assert entry.bsn == tenant_a.person.bsn
    assert entry.action == "create"
    assert entry.actor == tenant_a.staff["agent"]


def test_open_case_rejects_an_invalid_bsn_and_writes_nothing(tenant_a):
    with tenant_a.active():
        with pytest.raises(ValidationError, match="BSN"):
            _open(tenant_a, initiator_bsn="123456789")
        assert not Case.objects.exists()
        assert not ProcessingLogEntry.objects.exists()


def test_open_case_rejects_an_unknown_channel(tenant_a):
    with tenant_a.active():
        with pytest.raises(ValidationError):
            _open(tenant_a, channel="duif")
        assert not Case.objects.exists()


def test_set_status_with_informeren_queues_an_email_in_the_same_transaction(tenant_a):
    with tenant_a.active():
        case = _open(tenant_a)
        set_status(actor=tenant_a.staff["worker"], case=case, status_type=_status(tenant_a, 2))
        case.refresh_from_db()
        message = OutboxMessage.objects.get()
    assert case.current_status.status_type.sequence == 2
    assert message.recipient == "sophie@example.nl"
    assert message.status == "pending"
    assert case.number in message.subject
    assert "We hebben het werk ingepland." in message.body


def test_status_without_informeren_sends_nothing(tenant_a):
    with tenant_a.active():
        case = _open(tenant_a)
        set_status(actor=tenant_a.staff["worker"], case=case, status_type=_status(tenant_a, 3))
        assert not OutboxMessage.objects.exists()


def test_statuses_only_move_forward(tenant_a):
    with tenant_a.active():
        case = _open(tenant_a)
        set_status(actor=tenant_a.staff["worker"], case=case, status_type=_status(tenant_a, 3))
        with pytest.raises(CaseError, match="Kies een volgende status"):
            set_status(actor=tenant_a.staff["worker"], case=case, status_type=_status(tenant_a, 2))
        assert CaseStatus.objects.filter(case=case).count() == 2
        assert not OutboxMessage.objects.exists()


def test_a_failing_change_leaves_no_outbox_message(tenant_a, monkeypatch):
    """The outbox row and the status commit together or not at all."""
    from achterkant.cases import services

    def explode(**kwargs):
        raise RuntimeError("database went away")

    with tenant_a.active():
        case = _open(tenant_a)
        monkeypatch.setattr(services, "processing_log_record", explode)
        with pytest.raises(RuntimeError):
            set_status(actor=tenant_a.staff["worker"], case=case, status_type=_status(tenant_a, 2))
        assert not OutboxMessage.objects.exists()
        assert CaseStatus.objects.filter(case=case).count() == 1
