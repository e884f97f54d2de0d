"""Extension of the decision term (Awb 4:14), with hand-computed dates.

The DOMAIN.md case: received Monday 9 February 2026, 8 weeks. The term's last day is
Monday 6 April 2026 (2e paasdag); the Atw (art. 1) moves the legal date to Tuesday 7
April. An extension adds its term to 6 April (the Atw looks at the final day only).

* Awb 4:14(1): where a statute sets the decision term, a notice of delay
  (verdagingsmededeling) does not move the legal date; only a statutory extension power
  does (or 4:14(3), for a term the statute does not set).
* Awb 4:14(3): "een zo kort mogelijke termijn": the worker may choose a shorter term
  than the case type's maximum.

2026 holidays near these dates: Fri 3 Apr, Mon 6 Apr, Mon 27 Apr, Tue 5 May, Thu 14 May.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from achterkant.cases.deadlines import announced_decision_date, case_deadline
from achterkant.cases.models import Case, CaseEvent, CaseExtension
from achterkant.cases.promise import case_promise
from achterkant.cases.services import extend_case, resume_case, suspend_case
from achterkant.catalog.models import CaseType
from achterkant.notify.models import OutboxMessage
from achterkant.worktime.calendar import is_working_day

RECEIVED = date(2026, 2, 9)  # Monday; + 8 weeks = Monday 6 April 2026, 2e paasdag
LEGAL = date(2026, 4, 7)  # Atw art. 1: Tuesday 7 April 2026
TODAY = date(2026, 3, 2)  # before the term lapses


def _case(tenant, today, *, term="P6W", kind="statutory"):
    today(TODAY)
    with tenant.active():
        CaseType.objects.filter(pk=tenant.case_type.pk).update(
            extension_term=term, extension_kind=kind
        )
    return tenant.open_case(start_date=RECEIVED)


def _extend(tenant, case, **arguments):
    with tenant.active():
        extension = extend_case(actor=tenant.staff["worker"], case=case, **arguments)
        fresh = Case.objects.get(pk=case.pk)
        deadline = case_deadline(fresh)
        return extension, fresh, deadline, announced_decision_date(fresh, deadline)


def _message(tenant) -> str:
    with tenant.active():
        return OutboxMessage.objects.get(event_code="case.extended").body


def test_the_hand_computed_dates_fall_as_the_docstring_says(db):
    assert RECEIVED.weekday() == 0 and date(2026, 4, 6).weekday() == 0
    assert not is_working_day(date(2026, 4, 6)) and is_working_day(LEGAL)
    for monday in (date(2026, 4, 20), date(2026, 5, 4), date(2026, 5, 18)):
        assert monday.weekday() == 0 and is_working_day(monday)


def test_awb_4_14_a_statutory_extension_of_4_weeks_moves_the_legal_date_to_4_may(tenant_a, today):
    """6 April + 4 weeks = Monday 4 May 2026, a working day (5 May is the holiday)."""
    case = _case(tenant_a, today, term="P4W")
    assert case.latest_end_date == LEGAL
    extension, case, deadline, announced = _extend(tenant_a, case, reason="Advies nodig")
    assert (extension.term, extension.kind) == ("P4W", "statutory")
    assert deadline.decision_due == date(2026, 5, 4)
    assert case.latest_end_date == date(2026, 5, 4)
    assert announced is None  # the legal date is the date told
    body = _message(tenant_a)
    assert "U krijgt uiterlijk op maandag 4 mei 2026 een besluit." in body
    assert "dinsdag 7 april" not in body


def test_awb_4_14_3_a_shorter_statutory_extension_of_2_weeks_when_6_are_allowed(tenant_a, today):
    """6 April + 14 days = Monday 20 April 2026, a working day."""
    case = _case(tenant_a, today, term="P6W")
    extension, case, deadline, _ = _extend(tenant_a, case, reason="Advies nodig", term="P2W")
    assert (extension.term, extension.kind) == ("P2W", "statutory")
    assert deadline.decision_due == case.latest_end_date == date(2026, 4, 20)
    assert "U krijgt uiterlijk op maandag 20 april 2026 een besluit." in _message(tenant_a)
    with tenant_a.active():
        assert case_promise(case).extension_term == "2 weken"


def test_awb_4_14_3_an_extension_in_days(tenant_a, today):
    """6 April + 10 days = Thursday 16 April 2026, a working day."""
    case = _case(tenant_a, today, term="P6W")
    extension, case, deadline, _ = _extend(tenant_a, case, reason="Advies", term=" p10d ")
    assert extension.term == "P10D"
    assert deadline.decision_due == date(2026, 4, 16)


def test_awb_4_14_1_a_notice_of_delay_leaves_the_legal_date_and_announces_4_may(tenant_a, today):
    """Legal: still Tuesday 7 April 2026. Announced: 6 April + 4 weeks = Monday 4 May."""
    case = _case(tenant_a, today, term="P4W", kind="notice_of_delay")
    extension, case, deadline, announced = _extend(tenant_a, case, reason="Drukte")
    assert (extension.term, extension.kind) == ("P4W", "notice_of_delay")
    assert not extension.moves_legal_date
    assert deadline.decision_due == LEGAL
    assert case.latest_end_date == LEGAL  # the stored promise: the legal date did not move
    with tenant_a.active():
        assert case_promise(case).decision_due == LEGAL
    assert announced == date(2026, 5, 4)
    body = _message(tenant_a)
    assert "Wij verwachten uiterlijk op maandag 4 mei 2026 een besluit te nemen." in body
    # The new date is never called the legal term; the legal date is said as such.
    assert "U krijgt uiterlijk op maandag 4 mei" not in body
    assert "De wettelijke termijn voor het besluit verandert hierdoor niet" in body
    assert "dinsdag 7 april 2026" in body


def test_awb_4_14_1_a_notice_of_delay_counts_the_suspended_days_too(tenant_a, today):
    """Suspended 2 → 16 March (14 days, Awb 4:15): legal 6 April + 14 = Monday 20 April.
    Notice of delay of 4 weeks: announced 20 April + 28 days = Monday 18 May 2026."""
    case = _case(tenant_a, today, term="P4W", kind="notice_of_delay")
    with tenant_a.active():
        worker = tenant_a.staff["worker"]
        suspend_case(
            actor=worker, case=case, reason="Tekening", requested_on=date(2026, 3, 2),
            term_ends_on=date(2026, 3, 30),
        )  # fmt: skip
    today(date(2026, 3, 16))
    with tenant_a.active():
        resume_case(actor=worker, case=case, on=date(2026, 3, 16))
    _, case, deadline, announced = _extend(tenant_a, case, reason="Drukte")
    assert deadline.decision_due == case.latest_end_date == date(2026, 4, 20)
    assert announced == date(2026, 5, 18)


def test_an_extension_longer_than_the_maximum_is_refused_and_writes_nothing(tenant_a, today):
    case = _case(tenant_a, today, term="P6W")
    with tenant_a.active():
        with pytest.raises(ValidationError) as refused:
            extend_case(actor=tenant_a.staff["worker"], case=case, reason="Advies", term="P7W")
        assert refused.value.message_dict == {
            "term": [
                "Verlengen kan met hoogstens 6 weken: de verlengingstermijn van dit zaaktype. "
                "Kies een kortere termijn."
            ]
        }
        assert not CaseExtension.objects.exists()
        assert not OutboxMessage.objects.filter(event_code="case.extended").exists()
        assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.EXTENDED).exists()
        assert Case.objects.get(pk=case.pk).latest_end_date == LEGAL


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ("P43D", "hoogstens 6 weken"),  # one day more than 6 weeks
        ("PT48H", "in weken of dagen"),  # hours are not counted as days
        ("P1M", "in weken of dagen"),
        ("P0D", "minstens 1 dag"),
        ("8 weken", "ISO 8601"),
    ],
)
def test_a_term_that_is_not_a_positive_number_of_days_or_weeks_is_refused(
    tenant_a, today, term, message
):
    case = _case(tenant_a, today, term="P6W")
    with tenant_a.active():
        with pytest.raises(ValidationError, match=message):
            extend_case(actor=tenant_a.staff["worker"], case=case, reason="Advies", term=term)
        assert not CaseExtension.objects.exists()


def test_the_full_maximum_is_allowed_also_when_written_in_days(tenant_a, today):
    case = _case(tenant_a, today, term="P6W")
    extension, case, deadline, _ = _extend(tenant_a, case, reason="Advies", term="P42D")
    assert deadline.decision_due == date(2026, 5, 18)  # 6 April + 42 days


def test_an_extension_without_a_reason_is_refused_and_writes_nothing(tenant_a, today):
    case = _case(tenant_a, today)
    with tenant_a.active():
        with pytest.raises(ValidationError) as refused:
            extend_case(actor=tenant_a.staff["worker"], case=case, reason="  ", term="P2W")
        assert refused.value.message_dict == {"reason": ["Vul de reden van de verlenging in."]}
        assert not CaseExtension.objects.exists()
        assert not OutboxMessage.objects.filter(event_code="case.extended").exists()


def test_the_desk_passes_a_shorter_term_through(tenant_a, today):
    """The case page's *Verlengen*: 2 weeks of the 6 → Monday 20 April 2026."""
    case = _case(tenant_a, today, term="P6W")
    response = tenant_a.client("worker").post(
        f"/desk/zaken/{case.number}/verlengen/",
        {"reason": "Advies nodig", "term": "2", "term_unit": "W"},
    )
    assert response.status_code == 302
    with tenant_a.active():
        extension = CaseExtension.objects.get()
        assert extension.term == "P2W"
        assert Case.objects.get(pk=case.pk).latest_end_date == date(2026, 4, 20)


def test_the_desk_without_a_term_extends_by_the_case_type_maximum(tenant_a, today):
    case = _case(tenant_a, today, term="P6W")
    tenant_a.client("worker").post(f"/desk/zaken/{case.number}/verlengen/", {"reason": "Advies"})
    with tenant_a.active():
        assert CaseExtension.objects.get().term == "P6W"


def test_the_desk_shows_the_refusal_of_a_too_long_term_in_dutch(tenant_a, today):
    case = _case(tenant_a, today, term="P6W")
    response = tenant_a.client("worker").post(
        f"/desk/zaken/{case.number}/verlengen/",
        {"reason": "Advies nodig", "term": "50", "term_unit": "D"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "hoogstens 6 weken" in page
    assert 'name="term"' in page  # the extension form is shown again, with its term
    with tenant_a.active():
        assert not CaseExtension.objects.exists()


def test_awb_4_14_1_every_screen_shows_the_announced_date_beside_the_legal_one(tenant_a, today):
    """After a notice of delay the promise carries both dates: the desk and the portal show
    the announced Monday 4 May 2026 as expected, and the legal Tuesday 7 April 2026."""
    from tests.portal.test_portal import log_in

    case = _case(tenant_a, today, term="P4W", kind="notice_of_delay")
    _extend(tenant_a, case, reason="Drukte")
    with tenant_a.active():
        promise = case_promise(Case.objects.get(pk=case.pk))
    assert (promise.announced_on, promise.decision_due) == (date(2026, 5, 4), LEGAL)
    assert promise.extension_term == ""  # the legal date was not extended
    desk = tenant_a.client("worker").get(f"/desk/zaken/{case.number}/").content.decode()
    portal_client = tenant_a.client()
    log_in(portal_client, tenant_a.person.bsn)
    portal = portal_client.get(f"/mijn/zaken/{case.number}/").content.decode()
    for page in (desk, portal):
        announced = page.split('data-testid="announced-date"')[1].split("</dd>")[0]
        assert "maandag 4 mei 2026" in announced
        legal = page.split(
            'data-testid="latest-end-date"' if page is desk else 'data-testid="expected-date"'
        )[1]
        assert "dinsdag 7 april 2026" in legal.split("</dd>")[0]
