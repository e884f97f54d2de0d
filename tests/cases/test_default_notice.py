"""The notice of default and the dwangsom (Awb 4:17–4:20a) through the case service.

The example is DOMAIN.md's: a case received Wednesday 1 April 2026 with 8 weeks is due
Wednesday 27 May 2026 (no holiday, no Atw shift). The applicant's notice arrives Monday
1 June 2026, after that date, so it is valid: the first penalty day is Monday 15 June
(two weeks, 4:17(3)); 28 June: 14 days × €23 = €322; 12 July: + 14 × €35 = €812;
from 26 July: + 14 × €45 = €1,442, the cap (42 days, 4:17(1)–(2)).
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from achterkant.audit.models import ProcessingLogEntry
from achterkant.cases.models import Case, CaseDefaultNotice, CaseEvent
from achterkant.cases.penalty import case_penalty
from achterkant.cases.services import CaseError, add_decision, close_case, set_result
from achterkant.cases.services.default_notice import register_default_notice
from achterkant.catalog.models import DecisionType, ResultType
from achterkant.catalog.services import decision_type_publish
from achterkant.identity.actors import NotPermitted
from achterkant.notify.models import DomainEvent
from tests.conftest import make_case_type

RECEIVED = date(2026, 4, 1)  # Wednesday; + 8 weeks = Wednesday 27 May 2026
DUE = date(2026, 5, 27)
NOTICE = date(2026, 6, 1)  # Monday, after the legal date: a valid notice


def _register(tenant, case, received_on=NOTICE, role="worker", **extra):
    with tenant.active():
        return register_default_notice(
            actor=tenant.staff[role], case=case, received_on=received_on, channel="letter",
            **extra,
        )  # fmt: skip


def _penalty(tenant, case, on):
    with tenant.active():
        case.refresh_from_db()
        return case_penalty(case, today=on)


def test_penalty_starts_two_weeks_after_a_valid_notice_and_stops_at_42_days_awb_4_17(
    tenant_a, today
):
    """4:17(3): first day 15 June; 4:17(2): €23/€35/€45; 4:17(1): at most 42 days."""
    today(date(2026, 6, 28))
    case = tenant_a.open_case(start_date=RECEIVED)
    assert case.latest_end_date == DUE
    _register(tenant_a, case, note="Brief: u bent te laat.")
    assert _penalty(tenant_a, case, date(2026, 6, 14)).days == 0  # still in the two weeks
    on_28_june = _penalty(tenant_a, case, date(2026, 6, 28))
    assert (on_28_june.first_day, on_28_june.days, on_28_june.amount) == (
        date(2026, 6, 15), 14, Decimal(322)
    )  # fmt: skip
    assert not on_28_june.premature and on_28_june.running
    assert on_28_june.decision_due == DUE
    on_12_july = _penalty(tenant_a, case, date(2026, 7, 12))
    assert (on_12_july.days, on_12_july.amount) == (28, Decimal(812))
    on_26_july = _penalty(tenant_a, case, date(2026, 7, 26))
    assert (on_26_july.days, on_26_july.amount) == (42, Decimal(1442))
    assert on_26_july.last_possible_day == date(2026, 7, 26)
    assert on_26_july.cap == Decimal(1442) and not on_26_july.running
    assert _penalty(tenant_a, case, date(2026, 9, 1)).amount == Decimal(1442)  # the cap


def test_a_decision_on_20_june_stops_the_penalty_after_5_days_awb_4_17(tenant_a, today):
    """15–19 June: 5 × €23 = €115; the day of the decision is not a penalty day."""
    today(date(2026, 6, 20))
    case = tenant_a.open_case(start_date=RECEIVED)
    _register(tenant_a, case)
    with tenant_a.active():
        decision_type = DecisionType.objects.create(
            catalogue=tenant_a.case_type.catalogue, description="Besluit",
            valid_from=date(2020, 1, 1),
        )  # fmt: skip
        decision_type.case_types.add(tenant_a.case_type)
        decision_type = decision_type_publish(decision_type=decision_type)
        add_decision(
            actor=tenant_a.staff["worker"], case=case, decision_type=decision_type,
            decided_on=date(2026, 6, 20), effective_from=date(2026, 6, 20),
        )  # fmt: skip
    penalty = _penalty(tenant_a, case, date(2026, 8, 1))
    assert (penalty.days, penalty.amount, penalty.stopped_on) == (
        5,
        Decimal(115),
        date(2026, 6, 20),
    )
    assert not penalty.running


def test_a_closed_case_keeps_its_penalty_measured_against_the_stored_date_awb_4_17(tenant_a, today):
    """Closed on 20 June: the stored legal date (27 May) still makes the notice valid."""
    today(date(2026, 6, 20))
    case = tenant_a.open_case(start_date=RECEIVED)
    _register(tenant_a, case)
    with tenant_a.active():
        result = ResultType.objects.filter(case_type=tenant_a.case_type).first()
        set_result(actor=tenant_a.staff["worker"], case=case, result_type=result)
        close_case(actor=tenant_a.staff["worker"], case=case)
        # close_case stamps the real clock's date; put the close on 20 June.
        Case.objects.filter(pk=case.pk).update(end_date=date(2026, 6, 20))
    penalty = _penalty(tenant_a, case, date(2026, 8, 1))
    assert penalty.decision_due == DUE
    assert (penalty.days, penalty.amount) == (5, Decimal(115))


def test_a_notice_on_the_legal_date_is_premature_and_a_later_one_counts_awb_4_17_3(tenant_a, today):
    """Received on 27 May (the due date itself): too early, no penalty. A second notice
    on 1 June counts from that one: €322 on 28 June."""
    today(date(2026, 6, 28))
    case = tenant_a.open_case(start_date=RECEIVED)
    _register(tenant_a, case, received_on=DUE)
    premature = _penalty(tenant_a, case, date(2026, 6, 28))
    assert premature.premature and premature.amount == 0 and premature.first_day is None
    _register(tenant_a, case, received_on=NOTICE)
    valid = _penalty(tenant_a, case, date(2026, 6, 28))
    assert not valid.premature
    assert (valid.received_on, valid.first_day, valid.amount) == (
        NOTICE, date(2026, 6, 15), Decimal(322)
    )  # fmt: skip
    assert len(valid.notices) == 2


def test_no_penalty_where_lex_silencio_applies_but_the_notice_is_recorded_awb_4_20a(
    tenant_a, today
):
    """4:20a(2): §4.1.3.2 (the dwangsom) does not apply where §4.1.3.3 does."""
    today(date(2026, 6, 28))
    with tenant_a.active():
        make_case_type(tenant_a.organisation, identification="ZT-LEX", lex_silencio=True)
    case = tenant_a.open_case(case_type_identification="ZT-LEX", product=None, start_date=RECEIVED)
    _register(tenant_a, case)
    with tenant_a.active():
        assert CaseDefaultNotice.objects.filter(case=case).count() == 1
    penalty = _penalty(tenant_a, case, date(2026, 6, 28))
    assert penalty.amount == 0 and penalty.days == 0
    assert "Awb 4:20a" in penalty.no_penalty_reason


@pytest.mark.parametrize(
    ("reason", "label"),
    [
        ("unfounded", "kennelijk ongegrond"),
        ("inadmissible", "kennelijk niet-ontvankelijk"),
        ("not_interested", "geen belanghebbende"),
    ],
)
def test_the_worker_finds_no_penalty_is_due_awb_4_17_6(tenant_a, today, reason, label):
    today(date(2026, 6, 28))
    case = tenant_a.open_case(start_date=RECEIVED)
    _register(tenant_a, case, no_penalty_reason=reason)
    penalty = _penalty(tenant_a, case, date(2026, 6, 28))
    assert penalty.amount == 0 and label in penalty.no_penalty_reason
    assert "4:17 lid 6" in penalty.no_penalty_reason


def test_registering_writes_the_timeline_the_processing_log_and_the_event(tenant_a, today):
    today(date(2026, 6, 28))
    case = tenant_a.open_case(start_date=RECEIVED)
    _register(tenant_a, case, note="Per brief")
    with tenant_a.active():
        event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.NOTICE_OF_DEFAULT)
        assert "01-06-2026" in event.text and "brief" in event.text
        assert event.actor == tenant_a.staff["worker"]
        assert ProcessingLogEntry.objects.filter(
            object_id=case.number, action="update", actor=tenant_a.staff["worker"]
        ).exists()
        assert DomainEvent.objects.filter(main_reference=case.number, channel="zaken").count() >= 2
        notice = CaseDefaultNotice.objects.get(case=case)
    assert (notice.received_on, notice.channel, notice.note) == (NOTICE, "letter", "Per brief")
    assert notice.created_by == tenant_a.staff["worker"]


def test_a_kcc_agent_may_not_register_a_notice(tenant_a, today):
    """The agent has no cases.change_case."""
    today(date(2026, 6, 28))
    case = tenant_a.open_case(start_date=RECEIVED)
    with pytest.raises(NotPermitted):
        _register(tenant_a, case, role="agent")
    with tenant_a.active():
        assert not CaseDefaultNotice.objects.exists()


def test_a_notice_cannot_be_received_in_the_future_or_before_the_case(tenant_a, today):
    today(date(2026, 6, 28))
    case = tenant_a.open_case(start_date=RECEIVED)
    with pytest.raises(ValidationError) as future:
        _register(tenant_a, case, received_on=date(2026, 6, 29))
    assert "toekomst" in future.value.message_dict["received_on"][0]
    with pytest.raises(ValidationError) as early:
        _register(tenant_a, case, received_on=date(2026, 3, 31))
    assert "startdatum" in early.value.message_dict["received_on"][0]
    with pytest.raises(ValidationError) as bad:
        _register(tenant_a, case, no_penalty_reason="buitenland")
    assert "no_penalty_reason" in bad.value.message_dict
    with tenant_a.active():
        assert not CaseDefaultNotice.objects.exists()


def test_a_closed_case_takes_no_new_notice(tenant_a, today):
    today(date(2026, 6, 28))
    case = tenant_a.open_case(start_date=RECEIVED)
    with tenant_a.active():
        result = ResultType.objects.filter(case_type=tenant_a.case_type).first()
        set_result(actor=tenant_a.staff["worker"], case=case, result_type=result)
        close_case(actor=tenant_a.staff["worker"], case=case)
    with pytest.raises(CaseError, match="afgesloten"):
        _register(tenant_a, case)


def test_a_case_without_a_notice_has_no_penalty(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        assert case_penalty(case) is None
