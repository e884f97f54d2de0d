"""Routing at intake, taking and assigning, information requests, and the SLA sweep."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from achterkant.cases.models import Case, CaseEvent
from achterkant.cases.services import CaseError, set_status
from achterkant.cases.services.assignment import assign_case, take_case
from achterkant.cases.services.information import (
    record_information_received,
    request_information,
)
from achterkant.cases.sla import sweep_cases
from achterkant.catalog.models import CaseType
from achterkant.identity.actors import NotPermitted
from achterkant.notify.models import OutboxMessage
from achterkant.routing.models import Escalation, RoutingRule, Team
from achterkant.routing.sla import lex_silencio_alert_on, warning_at
from achterkant.worktime.calendar import add_working_days


@pytest.fixture
def routed(tenant_a):
    with tenant_a.active():
        team = Team.objects.create(identification="stadsbeheer", name="Stadsbeheer")
        team.members.add(tenant_a.staff["worker"], tenant_a.staff["lead"])
        RoutingRule.objects.create(order=10, product_code="melding", team=team)
    return team


@pytest.mark.parametrize("channel", ["web", "phone", "email", "api"])
def test_the_same_rule_routes_every_channel_to_the_same_team(tenant_a, routed, channel):
    case = tenant_a.open_case(channel=channel)
    assert case.team == routed
    with tenant_a.active():
        assert CaseEvent.objects.get(case=case, kind="routed").text == "Naar team Stadsbeheer"


def test_taking_a_case_one_wins_and_the_other_gets_a_clear_message(tenant_a, routed):
    case = tenant_a.open_case()
    with tenant_a.active():
        take_case(actor=tenant_a.staff["worker"], case=case)
        with pytest.raises(CaseError, match="al opgepakt door"):
            take_case(actor=tenant_a.staff["lead"], case=Case.objects.get(pk=case.pk))
        assert Case.objects.get(pk=case.pk).assignee == tenant_a.staff["worker"]
        assert CaseEvent.objects.filter(case=case, kind="taken").count() == 1


def test_only_team_leads_assign(tenant_a, routed):
    case = tenant_a.open_case()
    with tenant_a.active():
        with pytest.raises(NotPermitted, match="teamleider"):
            assign_case(actor=tenant_a.staff["worker"], case=case, assignee=tenant_a.staff["agent"])
        assign_case(actor=tenant_a.staff["lead"], case=case, assignee=tenant_a.staff["worker"])
        assert Case.objects.get(pk=case.pk).assignee == tenant_a.staff["worker"]


def test_an_information_request_stops_the_clock_and_the_answer_restarts_it(tenant_a, today):
    day = date(2026, 3, 2)
    today(day)
    case = tenant_a.open_case(start_date=day)
    before = case.latest_end_date
    with tenant_a.active():
        request_information(
            actor=tenant_a.staff["worker"], case=case, question="Stuur een foto mee.",
            respond_before=day + timedelta(days=14),
        )  # fmt: skip
        asked = OutboxMessage.objects.get(event_code="case.information_requested")
        today(day + timedelta(days=5))
        record_information_received(
            actor=tenant_a.staff["worker"], case=case, received_on=day + timedelta(days=5),
            channel="counter",
        )  # fmt: skip
        case.refresh_from_db()
        received = OutboxMessage.objects.get(event_code="case.information_received")
    assert "Stuur een foto mee." in asked.body
    # 2 March + 8 weeks = Koningsdag 27 April → Tuesday 28 April. Five days suspended:
    # Saturday 2 May, which the Atw moves to Monday 4 May.
    assert before == date(2026, 4, 28)
    assert case.latest_end_date == date(2026, 5, 4)
    assert "maandag 4 mei 2026" in received.body


def test_a_status_on_a_closed_case_is_refused(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        from achterkant.cases.services import close_case, set_result
        from achterkant.catalog.models import ResultType

        result_type = ResultType.objects.filter(case_type=tenant_a.case_type).first()
        set_result(actor=tenant_a.staff["worker"], case=case, result_type=result_type)
        close_case(actor=tenant_a.staff["worker"], case=case)
        with pytest.raises(CaseError, match="afgesloten"):
            set_status(
                actor=tenant_a.staff["worker"], case=case, status_type=tenant_a.status_type(2)
            )


def _with_norm(tenant, norm="P5D"):
    with tenant.active():
        CaseType.objects.filter(pk=tenant.case_type.pk).update(service_norm=norm)


def _moments(case):
    """The warning point and a moment after the norm, as the SLA policy computes them."""
    start = timezone.make_aware(datetime.combine(case.start_date, datetime.min.time()))
    return warning_at(start, case.sla_due_at, 0.75), case.sla_due_at + timedelta(days=1)


def test_the_sweep_escalates_once_per_state_and_tells_the_team_lead(tenant_a, routed):
    _with_norm(tenant_a)
    tenant_a.staff["lead"].email = "lead@example.nl"
    tenant_a.staff["lead"].save()
    case = tenant_a.open_case()
    # Five working days: the end of the fifth working day after the start.
    assert timezone.localdate(case.sla_due_at) == add_working_days(case.start_date, 5)
    _, late = _moments(case)
    sweep_cases(now=late)
    sweep_cases(now=late)  # a second run (or a concurrent one) changes nothing
    with tenant_a.active():
        case.refresh_from_db()
        escalations = list(Escalation.objects.filter(item_kind="case", item_id=case.pk))
        mails = OutboxMessage.objects.filter(event_code__startswith="sla.")
        assert case.sla_state == "breached" and case.urgency == 2
        assert [e.state for e in escalations] == ["breached"]
        assert [m.recipient for m in mails] == ["lead@example.nl"]


def test_the_sweep_passes_through_warning_before_breach(tenant_a, routed):
    _with_norm(tenant_a)
    case = tenant_a.open_case()
    warning, late = _moments(case)
    sweep_cases(now=warning + timedelta(minutes=1))
    with tenant_a.active():
        case.refresh_from_db()
        assert (case.sla_state, case.urgency) == ("warning", 1)
    sweep_cases(now=late)
    with tenant_a.active():
        states = sorted(Escalation.objects.filter(item_id=case.pk).values_list("state", flat=True))
    assert states == ["breached", "warning"]


def test_a_sweep_that_crashed_halfway_reruns_without_double_escalations(
    tenant_a, routed, monkeypatch
):
    _with_norm(tenant_a)
    first, second = (tenant_a.open_case() for _ in range(2))
    _, late = _moments(first)
    from achterkant.cases import sla

    real_review, calls = sla._review, []

    def crash_on_second(case_id, now):
        calls.append(case_id)
        if case_id == second.pk and calls.count(case_id) == 1:
            raise RuntimeError("worker died")
        real_review(case_id, now)

    monkeypatch.setattr(sla, "_review", crash_on_second)
    sweep_cases(now=late)
    sweep_cases(now=late)
    with tenant_a.active():
        for case in (first, second):
            assert Escalation.objects.filter(item_id=case.pk, state="breached").count() == 1


def test_lex_silencio_cases_alert_five_working_days_ahead(tenant_a, routed):
    with tenant_a.active():
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(lex_silencio=True)
    case = tenant_a.open_case()
    alert_on = lex_silencio_alert_on(case.latest_end_date, 5)
    day_before = timezone.make_aware(datetime.combine(alert_on - timedelta(days=1), time(9)))
    sweep_cases(now=day_before)
    with tenant_a.active():
        assert not Escalation.objects.filter(item_id=case.pk, state="lex_silencio_risk").exists()
    sweep_cases(now=timezone.make_aware(datetime.combine(alert_on, time(9))))
    with tenant_a.active():
        assert Escalation.objects.filter(item_id=case.pk, state="lex_silencio_risk").count() == 1
