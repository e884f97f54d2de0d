"""Awb 4:15 suspends a decision term that is still running; the date given for an answer
is the last day on which it counts ("uiterlijk op"). Dates computed by hand.

The DOMAIN.md case: received Monday 9 February 2026, 8 weeks: Monday 6 April 2026 is Easter
Monday, so the legal date is Tuesday 7 April 2026 (Atw art. 1).
"""

from datetime import date

import pytest

from achterkant.cases.errors import CaseError
from achterkant.cases.models import Case, CaseSuspension
from achterkant.cases.promise import case_promise
from achterkant.cases.services import suspend_case
from achterkant.cases.services.information import (
    record_information_received,
    request_information,
)
from achterkant.notify.models import OutboxMessage

RECEIVED = date(2026, 2, 9)
DUE = date(2026, 4, 7)


@pytest.fixture
def case(tenant_a):
    return tenant_a.open_case(start_date=RECEIVED)


def _ask(tenant, case, respond_before):
    with tenant.active():
        return request_information(
            actor=tenant.staff["worker"], case=case, question="Stuur een foto.",
            respond_before=respond_before,
        )  # fmt: skip


def test_awb_4_15_a_request_after_the_term_ran_out_leaves_the_clock_alone(tenant_a, case, today):
    """Asked on Wed 8 April 2026, the day after the legal date: recorded and sent, no
    suspension, the legal date stays Tue 7 April and the case stays overdue."""
    today(date(2026, 4, 8))
    assert _ask(tenant_a, case, date(2026, 4, 22)) is None
    with tenant_a.active():
        fresh = Case.objects.get(pk=case.pk)
        promise = case_promise(fresh)
        message = OutboxMessage.objects.get(event_code="case.information_requested")
        event = fresh.events.get(kind="info_requested")
        assert not CaseSuspension.objects.exists()
    assert promise.decision_due == DUE and fresh.latest_end_date == DUE
    assert promise.clock_stopped is None and promise.legal_overdue(date(2026, 4, 8))
    assert "uiterlijk op woensdag 22 april 2026" in message.body
    assert "staat de termijn van uw zaak stil" not in message.body
    assert "de termijn staat niet stil" in event.text


def test_awb_4_15_on_the_last_day_of_the_term_the_clock_still_stops(tenant_a, case, today):
    """Asked on Tue 7 April 2026, the last day: the term still runs, so it is suspended."""
    today(DUE)
    assert _ask(tenant_a, case, date(2026, 4, 21)) is not None


def test_awb_4_15_suspend_case_refuses_a_request_dated_after_the_term(tenant_a, case, today):
    today(date(2026, 4, 10))
    with tenant_a.active(), pytest.raises(CaseError, match="Awb 4:15"):
        suspend_case(
            actor=tenant_a.staff["worker"], case=case, reason="Foto",
            term_ends_on=date(2026, 4, 24), requested_on=date(2026, 4, 8),
        )  # fmt: skip


def test_awb_4_15_an_answer_to_a_late_request_is_recorded_and_moves_nothing(tenant_a, case, today):
    today(date(2026, 4, 8))
    _ask(tenant_a, case, date(2026, 4, 22))
    today(date(2026, 4, 10))
    with tenant_a.active():
        promise = record_information_received(
            actor=tenant_a.staff["worker"], case=case, channel="email"
        )
        assert Case.objects.get(pk=case.pk).events.filter(kind="info_received").exists()
    assert promise.decision_due == DUE


@pytest.mark.parametrize("answered_on", [date(2026, 3, 16), date(2026, 3, 17)])
def test_awb_4_15_the_answer_date_is_the_last_day_that_counts(tenant_a, case, today, answered_on):
    """Asked Mon 2 March 2026, answer "uiterlijk op" Mon 16 March. An answer on 16 March
    ends the suspension that day: 14 days, 6 April + 14 = Mon 20 April 2026. An answer on
    17 March comes after the term lapsed on 16 March: the same 14 days, the same date."""
    today(date(2026, 3, 2))
    _ask(tenant_a, case, date(2026, 3, 16))
    with tenant_a.active():
        message = OutboxMessage.objects.get(event_code="case.information_requested")
    assert "uiterlijk op maandag 16 maart 2026" in message.body
    today(answered_on)
    with tenant_a.active():
        promise = record_information_received(
            actor=tenant_a.staff["worker"], case=case, received_on=answered_on
        )
    assert promise.decision_due == date(2026, 4, 20)


def test_awb_4_15_the_desk_tells_the_worker_why_the_clock_did_not_stop(tenant_a, case, today):
    today(date(2026, 4, 8))
    response = tenant_a.client("worker").post(
        f"/desk/zaken/{case.number}/informatie-vragen/",
        {"question": "Stuur een foto.", "respond_before": "22-04-2026"},
        follow=True,
    )
    page = response.content.decode()
    assert "de termijn staat niet stil" in page and "Awb 4:15" in page
