"""Suspension (Awb 4:15) and extension (4:14) through the case services."""

from datetime import date

import pytest

from achterkant.cases.deadlines import case_deadline
from achterkant.cases.models import CaseExtension, CaseSuspension
from achterkant.cases.services import CaseError, extend_case, resume_case, suspend_case
from achterkant.catalog.models import CaseType
from achterkant.notify.models import OutboxMessage
from tests.conftest import make_case_type

RECEIVED = date(2026, 2, 9)  # 8 weeks → Easter Monday 6 April → Atw: Tuesday 7 April


def test_a_suspension_adds_its_calendar_days_to_the_term(tenant_a):
    case = tenant_a.open_case(start_date=RECEIVED)
    assert case.latest_end_date == date(2026, 4, 7)
    with tenant_a.active():
        suspend_case(
            actor=tenant_a.staff["worker"], case=case, reason="Bouwtekening ontbreekt",
            requested_on=date(2026, 2, 20), term_ends_on=date(2026, 3, 20),
        )  # fmt: skip
        resume_case(actor=tenant_a.staff["worker"], case=case, on=date(2026, 2, 27))
        case.refresh_from_db()
        deadline = case_deadline(case, today=date(2026, 3, 1))
    assert deadline.suspended_days == 7
    assert deadline.term_end == date(2026, 4, 13)
    assert case.latest_end_date == date(2026, 4, 13)


def test_a_lapsed_suspension_stops_at_its_term(tenant_a):
    case = tenant_a.open_case(start_date=RECEIVED)
    with tenant_a.active():
        suspend_case(
            actor=tenant_a.staff["worker"], case=case, reason="Gegevens ontbreken",
            requested_on=date(2026, 2, 20), term_ends_on=date(2026, 3, 6),
        )  # fmt: skip
        deadline = case_deadline(case, today=date(2026, 3, 30))
    assert deadline.suspended_days == 14
    assert not deadline.suspension_running


def test_suspension_needs_a_case_type_that_allows_it(tenant_a):
    with tenant_a.active():
        make_case_type(tenant_a.organisation, identification="ZT-VAST", suspension_possible=False)
    case = tenant_a.open_case(case_type_identification="ZT-VAST")
    with tenant_a.active():
        with pytest.raises(CaseError, match="staat opschorten niet toe"):
            suspend_case(actor=tenant_a.staff["worker"], case=case, reason="x",
                         term_ends_on=date(2099, 1, 1))  # fmt: skip
        assert not CaseSuspension.objects.exists()


def test_a_suspension_needs_a_reason_and_a_term_after_the_request(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        with pytest.raises(Exception, match="reden"):
            suspend_case(actor=tenant_a.staff["worker"], case=case, reason=" ",
                         term_ends_on=date(2099, 1, 1))  # fmt: skip
        with pytest.raises(Exception, match="na de datum van het verzoek"):
            suspend_case(actor=tenant_a.staff["worker"], case=case, reason="x",
                         requested_on=date(2026, 3, 1), term_ends_on=date(2026, 3, 1))  # fmt: skip
        assert not CaseSuspension.objects.exists()


def test_one_extension_moves_the_deadline_and_tells_the_applicant(tenant_a):
    case = tenant_a.open_case(start_date=RECEIVED)
    with tenant_a.active():
        extend_case(actor=tenant_a.staff["worker"], case=case, reason="Advies nodig")
        case.refresh_from_db()
        message = OutboxMessage.objects.get(event_code="case.extended")
    # 9 Feb + 8 weeks + 6 weeks = Monday 18 May 2026, a working day.
    assert case.latest_end_date == date(2026, 5, 18)
    assert "maandag 18 mei 2026" in message.body
    assert message.recipient == "sophie@example.nl"


def test_a_second_extension_is_refused_and_writes_nothing(tenant_a):
    case = tenant_a.open_case(start_date=RECEIVED)
    with tenant_a.active():
        extend_case(actor=tenant_a.staff["worker"], case=case, reason="Advies nodig")
        with pytest.raises(CaseError, match="al eens verlengd"):
            extend_case(actor=tenant_a.staff["worker"], case=case, reason="Nog meer tijd")
        assert CaseExtension.objects.count() == 1
        assert OutboxMessage.objects.filter(event_code="case.extended").count() == 1


def test_lex_silencio_dates_are_shown_for_such_case_types(tenant_a):
    with tenant_a.active():
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(lex_silencio=True)
    case = tenant_a.open_case(start_date=RECEIVED)
    with tenant_a.active():
        deadline = case_deadline(case, today=RECEIVED)
    assert deadline.decision_due == date(2026, 4, 7)
    assert deadline.lex_silencio_effective is not None
    assert deadline.lex_silencio_effective > deadline.decision_due
    assert deadline.publication_due is not None
