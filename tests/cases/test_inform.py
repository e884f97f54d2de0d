"""The citizen is told by e-mail, but a person register that is down never blocks a case."""

import logging
import socket
from datetime import date

import pytest

from achterkant.cases.models import Case, CaseExtension
from achterkant.cases.services import extend_case, set_status
from achterkant.catalog.models import StatusType
from achterkant.notify.models import OutboxMessage


@pytest.fixture
def brp_down(settings):
    """The BRP adapter, pointed at a localhost port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.PERSON_LOOKUP = "brp"
    settings.BRP_API_URL = f"http://127.0.0.1:{port}/haalcentraal/api/brp"
    settings.BRP_TIMEOUT_SECONDS = 2


def test_a_status_change_goes_through_when_the_brp_is_down(tenant_a, brp_down, caplog):
    case = tenant_a.open_case()
    with tenant_a.active(), caplog.at_level(logging.WARNING, logger="achterkant.cases"):
        status = set_status(
            actor=tenant_a.staff["worker"], case=case, status_type=tenant_a.status_type(2)
        )
        case.refresh_from_db()
        assert case.current_status == status
        assert not OutboxMessage.objects.exists()
    assert any(
        r.levelno == logging.WARNING and case.number in r.getMessage() for r in caplog.records
    )


def test_an_extension_goes_through_when_the_brp_is_down(tenant_a, brp_down, today):
    today(date(2026, 3, 2))
    case = tenant_a.open_case(start_date=date(2026, 2, 9))
    with tenant_a.active():
        extension = extend_case(actor=tenant_a.staff["worker"], case=case, reason="Advies nodig")
        case.refresh_from_db()
        assert CaseExtension.objects.get() == extension
        assert not OutboxMessage.objects.exists()
    assert not extension.applicant_informed
    assert case.latest_end_date == date(2026, 5, 18)


def test_a_case_opens_when_the_brp_is_down(tenant_a, brp_down):
    with tenant_a.active():
        StatusType.objects.filter(case_type=tenant_a.case_type, sequence=1).update(
            inform_citizen=True
        )
    case = tenant_a.open_case()
    with tenant_a.active():
        assert Case.objects.get() == case
        assert case.current_status.status_type.sequence == 1
        assert not OutboxMessage.objects.exists()
