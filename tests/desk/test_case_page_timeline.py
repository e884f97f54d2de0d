"""The case page's summary reads its dates from the case promise, and its timeline puts
every event at its own moment: a decision and a result too (issue 17)."""

import re
from datetime import date, timedelta

from django.template import Context, Template
from django.utils import timezone, translation

from achterkant.cases.models import CaseEvent, CaseStatus, Decision, Result
from achterkant.cases.promise import case_promise
from achterkant.cases.services import add_decision, set_result, set_status
from achterkant.cases.services.assignment import add_note, take_case
from achterkant.catalog.models import DecisionType, ResultType
from achterkant.catalog.services import decision_type_publish


def _decision_type(tenant):
    with tenant.active():
        decision_type = DecisionType.objects.create(
            catalogue=tenant.case_type.catalogue, description="Besluit op uw melding",
            valid_from=date(2020, 1, 1),
        )  # fmt: skip
        decision_type.case_types.add(tenant.case_type)
        return decision_type_publish(decision_type=decision_type)


def _kinds(page: str) -> list[tuple[str, str]]:
    timeline = page.split('data-testid="history"')[1].split("</ol>")[0]
    return re.findall(r'data-kind="([^"]+)".*?achterkant-timeline__what"><strong>[^<]*</strong>'
                      r"(?:: )?([^<]*)", timeline, re.S)  # fmt: skip


def test_a_decision_and_a_result_each_get_their_own_moment(tenant_a):
    decision_type = _decision_type(tenant_a)
    case = tenant_a.open_case()
    worker = tenant_a.staff["worker"]
    with tenant_a.active():
        planned = set_status(actor=worker, case=case, status_type=tenant_a.status_type(2))
        decision = add_decision(
            actor=worker, case=case, decision_type=decision_type, decided_on=date.today(),
            effective_from=date.today(),
        )  # fmt: skip
        note = add_note(actor=worker, case=case, text="Na het besluit gebeld")
        result_type = ResultType.objects.get(case_type=tenant_a.case_type, description="Opgelost")
        result = set_result(actor=worker, case=case, result_type=result_type)
        # The order of the day, not of the code above: decided before it was planned.
        start = timezone.now() + timedelta(minutes=5)
        CaseStatus.objects.filter(pk=planned.pk).update(set_at=start + timedelta(hours=2))
        Decision.objects.filter(pk=decision.pk).update(recorded_at=start + timedelta(hours=1))
        CaseEvent.objects.filter(pk=note.pk).update(at=start + timedelta(hours=3))
        Result.objects.filter(pk=result.pk).update(recorded_at=start + timedelta(hours=4))
    assert decision.recorded_at is not None and result.recorded_at is not None
    page = tenant_a.client("worker").get(f"/desk/zaken/{case.number}/").content.decode()
    mine = [kind for kind, _text in _kinds(page) if kind in ("status", "besluit", "notitie",
                                                             "resultaat")]  # fmt: skip
    assert mine == ["status", "besluit", "status", "notitie", "resultaat"]
    texts = dict((kind, text) for kind, text in _kinds(page) if kind in ("besluit", "resultaat"))
    assert decision.identification in texts["besluit"] and "Opgelost" in texts["resultaat"]


def test_an_older_decision_without_a_time_shows_its_date_only(tenant_a):
    decision_type = _decision_type(tenant_a)
    case = tenant_a.open_case()
    with tenant_a.active():
        decision = add_decision(
            actor=tenant_a.staff["worker"], case=case, decision_type=decision_type,
            decided_on=date(2026, 3, 1), effective_from=date(2026, 3, 2),
        )  # fmt: skip
        Decision.objects.filter(pk=decision.pk).update(recorded_at=None)
    page = tenant_a.client("worker").get(f"/desk/zaken/{case.number}/").content.decode()
    timeline = page.split('data-testid="history"')[1].split("</ol>")[0]
    line = next(li for li in timeline.split("<li") if 'data-kind="besluit"' in li)
    when = re.search(r'achterkant-timeline__when"><time datetime="([^"]*)">([^<]*)<', line)
    assert when.groups() == ("2026-03-01", "1 mrt 2026")  # a day, no made-up time


def test_the_summary_shows_status_dates_applicant_and_assignee(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        take_case(actor=tenant_a.staff["worker"], case=case)
        expected = case_promise(case).expected_on
    page = tenant_a.client("worker").get(f"/desk/zaken/{case.number}/").content.decode()
    summary = page.split('data-testid="case-summary"')[1].split("</section>")[0]

    def value(testid):
        return re.sub(r"<[^>]+>", " ", re.search(
            rf'data-testid="{testid}">(.*?)</dd>', summary, re.S).group(1)).split()  # fmt: skip

    with translation.override("nl"):
        day = Template('{{ d|date:"j F Y" }}').render(Context({"d": expected}))
        start = Template('{{ d|date:"j F Y" }}').render(Context({"d": case.start_date}))
    assert " ".join(value("expected-date")).startswith(day)  # the promise's date, as is
    assert " ".join(value("start-date")) == start
    assert " ".join(value("current-status")) == "Ontvangen"
    assert " ".join(value("assignee")) == str(tenant_a.staff["worker"])
    # The applicant links to the 360° view (for who may see people: a lead too).
    lead = tenant_a.client("lead").get(f"/desk/zaken/{case.number}/").content.decode()
    applicant = lead.split('data-testid="initiator"')[1].split("</dd>")[0]
    assert "/desk/personen/kiezen/" in applicant and "360°-beeld" in applicant
