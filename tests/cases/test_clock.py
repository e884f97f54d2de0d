"""Suspension (Awb 4:15) and extension (4:14) through the case services."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from achterkant.cases.deadlines import case_deadline
from achterkant.cases.models import CaseExtension, CaseSuspension
from achterkant.cases.services import (
    CaseError,
    close_case,
    extend_case,
    resume_case,
    set_result,
    suspend_case,
)
from achterkant.catalog.models import CaseType, ResultType
from achterkant.identity.models import Person
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
    case = tenant_a.open_case(case_type_identification="ZT-VAST", product=None)
    with tenant_a.active():
        with pytest.raises(CaseError, match="staat opschorten niet toe"):
            suspend_case(actor=tenant_a.staff["worker"], case=case, reason="x",
                         term_ends_on=date(2099, 1, 1))  # fmt: skip
        assert not CaseSuspension.objects.exists()


def test_a_suspension_needs_a_reason_and_a_term_after_the_request(tenant_a, today):
    today(date(2026, 3, 2))  # while the term runs (Awb 4:15)
    case = tenant_a.open_case(start_date=date(2026, 2, 9))
    with tenant_a.active():
        with pytest.raises(Exception, match="reden"):
            suspend_case(actor=tenant_a.staff["worker"], case=case, reason=" ",
                         term_ends_on=date(2099, 1, 1))  # fmt: skip
        with pytest.raises(Exception, match="na de datum van het verzoek"):
            suspend_case(actor=tenant_a.staff["worker"], case=case, reason="x",
                         requested_on=date(2026, 3, 1), term_ends_on=date(2026, 3, 1))  # fmt: skip
        assert not CaseSuspension.objects.exists()


def test_one_extension_moves_the_deadline_and_tells_the_applicant(tenant_a, today):
    today(date(2026, 3, 2))
    case = tenant_a.open_case(start_date=RECEIVED)
    with tenant_a.active():
        extension = extend_case(actor=tenant_a.staff["worker"], case=case, reason="Advies nodig")
        case.refresh_from_db()
        message = OutboxMessage.objects.get(event_code="case.extended")
    # 9 Feb + 8 weeks + 6 weeks = Monday 18 May 2026, a working day.
    assert case.latest_end_date == date(2026, 5, 18)
    assert "maandag 18 mei 2026" in message.body
    assert message.recipient == "sophie@example.nl"
    assert extension.applicant_informed


def test_a_second_extension_is_refused_and_writes_nothing(tenant_a, today):
    today(date(2026, 3, 2))
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


@pytest.mark.parametrize(
    ("requested_on", "message"),
    [
        (date(2026, 2, 8), "voor de startdatum van de zaak"),
        (date(2026, 3, 3), "niet in de toekomst"),
    ],
)
def test_a_suspension_is_requested_between_the_start_and_today(
    tenant_a, today, requested_on, message
):
    today(date(2026, 3, 2))
    case = tenant_a.open_case(start_date=RECEIVED)
    with tenant_a.active():
        with pytest.raises(ValidationError, match=message) as error:
            suspend_case(actor=tenant_a.staff["worker"], case=case, reason="Tekening",
                         requested_on=requested_on, term_ends_on=date(2026, 4, 1))  # fmt: skip
        assert "requested_on" in error.value.message_dict
        assert not CaseSuspension.objects.exists()
        # The first day and today itself are fine.
        suspend_case(actor=tenant_a.staff["worker"], case=case, reason="Tekening",
                     requested_on=RECEIVED, term_ends_on=date(2026, 4, 1))  # fmt: skip


@pytest.mark.parametrize(
    ("on", "message"),
    [
        (date(2026, 2, 19), "niet voor het verzoek"),
        (date(2026, 3, 3), "niet in de toekomst"),
    ],
)
def test_resuming_lies_between_the_request_and_today(tenant_a, today, on, message):
    today(date(2026, 3, 2))
    case = tenant_a.open_case(start_date=RECEIVED)
    with tenant_a.active():
        suspension = suspend_case(
            actor=tenant_a.staff["worker"], case=case, reason="Tekening",
            requested_on=date(2026, 2, 20), term_ends_on=date(2026, 4, 1),
        )  # fmt: skip
        with pytest.raises(ValidationError, match=message):
            resume_case(actor=tenant_a.staff["worker"], case=case, on=on)
        suspension.refresh_from_db()
        assert suspension.ended_on is None
        resume_case(actor=tenant_a.staff["worker"], case=case, on=date(2026, 2, 20))
        suspension.refresh_from_db()
    assert suspension.ended_on == date(2026, 2, 20)


def _close(tenant):
    """Close the case through its result and end status, as a case worker."""

    def close(case):
        with tenant.active():
            result_type = ResultType.objects.get(case_type=tenant.case_type, description="Opgelost")
            set_result(actor=tenant.staff["worker"], case=case, result_type=result_type)
            close_case(actor=tenant.staff["worker"], case=case)

    return close


def test_closing_ends_a_running_suspension_on_the_close_date(tenant_a, today):
    today(date(2026, 3, 2))
    case = tenant_a.open_case(start_date=RECEIVED)
    with tenant_a.active():
        suspension = suspend_case(
            actor=tenant_a.staff["worker"], case=case, reason="Tekening",
            requested_on=date(2026, 2, 20), term_ends_on=date(2026, 4, 1),
        )  # fmt: skip
    _close(tenant_a)(case)
    with tenant_a.active():
        suspension.refresh_from_db()
        case.refresh_from_db()
    assert suspension.ended_on == case.end_date
    assert suspension.ended_on >= suspension.requested_on


def test_closing_never_ends_a_suspension_before_its_request(tenant_a):
    """A suspension recorded with a later request date (older data) ends on that date."""
    case = tenant_a.open_case()
    later = timezone.localdate() + timedelta(days=3)
    with tenant_a.active():
        suspension = CaseSuspension.objects.create(
            case=case, reason="Oud", requested_on=later, term_ends_on=later + timedelta(days=14)
        )
    _close(tenant_a)(case)
    with tenant_a.active():
        suspension.refresh_from_db()
        case.refresh_from_db()
    assert case.end_date == timezone.localdate()
    assert suspension.ended_on == later


def test_an_extension_after_the_term_lapsed_is_refused(tenant_a, today):
    case = tenant_a.open_case(start_date=RECEIVED)  # due Tuesday 7 April 2026
    with tenant_a.active():
        today(date(2026, 4, 7))
        extension = extend_case(actor=tenant_a.staff["worker"], case=case, reason="Op tijd")
        assert extension.pk
        CaseExtension.objects.all().delete()
        OutboxMessage.objects.all().delete()
        today(date(2026, 4, 8))
        with pytest.raises(CaseError, match="verstreken"):
            extend_case(actor=tenant_a.staff["worker"], case=case, reason="Te laat")
        assert not CaseExtension.objects.exists()
        assert not OutboxMessage.objects.exists()


def test_an_applicant_without_email_still_gets_the_extension(tenant_a, today):
    today(date(2026, 3, 2))
    with tenant_a.active():
        Person.objects.filter(pk=tenant_a.person.pk).update(email="")
    case = tenant_a.open_case(start_date=RECEIVED)
    with tenant_a.active():
        extension = extend_case(actor=tenant_a.staff["worker"], case=case, reason="Advies nodig")
        case.refresh_from_db()
        # Only in the berichtenbox: nothing to deliver, so not counted as informed.
        (message,) = OutboxMessage.objects.filter(event_code="case.extended")
        assert (message.channel, message.recipient, message.status) == ("berichtenbox", "", "sent")
    assert extension.pk and not extension.applicant_informed
    assert case.latest_end_date == date(2026, 5, 18)
