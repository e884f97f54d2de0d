"""One rule, one place: the rules that used to exist more than once, and disagreed.

And the checks that only a view used to make: the services refuse the call themselves.
"""

import ast
import re
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from achterkant.cases.models import Case
from achterkant.cases.promise import case_promise
from achterkant.cases.services import (
    add_decision,
    close_case,
    extend_case,
    set_result,
    set_status,
    suspend_case,
)
from achterkant.cases.services.assignment import add_note, take_case
from achterkant.cases.services.information import (
    record_information_received,
    request_information,
)
from achterkant.catalog.models import CaseType, ResultType
from achterkant.contacts.services import contact_receive
from achterkant.identity.actors import Citizen, NotPermitted, system
from achterkant.routing.models import SlaPolicy, Team
from achterkant.worktime.calendar import AMSTERDAM
from achterkant.worktime.models import OpeningHours

SRC = Path(__file__).parent.parent / "src" / "achterkant"


def _classes_named(name: str) -> list[str]:
    found = []
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        found += [str(path) for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
                  and node.name == name]  # fmt: skip
    return found


def test_sla_state_and_urgency_are_defined_once():
    assert len(_classes_named("SlaState")) == 1
    assert len(_classes_named("Urgency")) == 1


def test_a_case_and_a_contact_end_their_working_day_at_the_organisations_closing_time(
    tenant_a,
):
    """Cases ended at 17:00 and contacts at 23:59; now both at the closing time."""
    with tenant_a.active():
        for weekday in range(5):
            OpeningHours.objects.create(weekday=weekday, opens=time(9), closes=time(16))
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(service_norm="P2D")
    case = tenant_a.open_case()
    with tenant_a.active():
        contact = contact_receive(
            actor=tenant_a.staff["agent"], channel="email", question="Vraag",
            bsn=tenant_a.person.bsn, product=tenant_a.product,
        )  # fmt: skip
        case.refresh_from_db()
    assert timezone.localtime(case.sla_due_at).time() == time(16)
    assert contact.response_due_at.astimezone(AMSTERDAM).time() == time(16)


def test_the_team_lead_page_uses_the_configured_lex_silencio_window(tenant_a):
    """The page used a hard-coded 5 working days while the sweep used the policy."""
    with tenant_a.active():
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(
            lex_silencio=True, lead_time="P14D"
        )
        SlaPolicy.objects.create(lex_silencio_alert_working_days=15)
        team = Team.objects.create(identification="vergunningen", name="Vergunningen")
        team.members.add(tenant_a.staff["lead"])
    case = tenant_a.open_case()
    with tenant_a.active():
        Case.objects.filter(pk=case.pk).update(team=team)
        promise = case_promise(Case.objects.get(pk=case.pk))
    # Due in 14 days: inside a 15-working-day window, outside a 5-working-day one.
    assert promise.lex_silencio_alert_on <= timezone.localdate()
    page = tenant_a.client("lead").get("/desk/teamleider/").content.decode()
    assert case.number in page.split('data-testid="lex-silencio"')[1].split("</table>")[0]


def test_an_answer_needs_a_channel_from_the_one_list(tenant_a):
    """The portal passed "website"; channels are catalog.Channel values everywhere."""
    case = tenant_a.open_case()
    with tenant_a.active():
        request_information(
            actor=tenant_a.staff["worker"], case=case, question="Foto?",
            respond_before=timezone.localdate() + timedelta(days=7),
        )  # fmt: skip
        with pytest.raises(ValidationError, match="kanaal"):
            record_information_received(
                actor=tenant_a.staff["worker"], case=case, channel="website"
            )
        record_information_received(actor=tenant_a.staff["worker"], case=case, channel="web")
        text = case.events.get(kind="info_received").text
    assert text.startswith("Informatie ontvangen via website")


def test_te_laat_means_past_the_norm_on_every_desk_page(tenant_a):
    """'te laat' was the legal date on one page and the SLA on another; now the promise."""
    with tenant_a.active():
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(service_norm="P2D")
        team = Team.objects.create(identification="buiten", name="Buiten")
        team.members.add(tenant_a.staff["worker"])
    # Received ten days ago: the 2-working-day norm is past, the 8-week term is not.
    case = tenant_a.open_case(start_date=timezone.localdate() - timedelta(days=10))
    with tenant_a.active():
        Case.objects.filter(pk=case.pk).update(team=team, assignee=tenant_a.staff["worker"])
        promise = case_promise(Case.objects.get(pk=case.pk))
    assert promise.late and not promise.legal_overdue()
    for url in ("/desk/werk/", "/desk/teams/buiten/"):
        page = tenant_a.client("worker").get(url).content.decode()
        assert 'data-testid="sla-state">te laat' in _row(page, case.number), url
    client = tenant_a.client("agent")
    client.post("/desk/personen/kiezen/", {"bsn": tenant_a.person.bsn})
    page = client.get("/desk/persoon/").content.decode()
    assert 'data-testid="sla-state">te laat' in _row(page, case.number)


def _row(page: str, number: str) -> str:
    match = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{number}(?:(?!</tr>).)*</tr>", page, re.S)
    assert match, number
    return match.group(0)


# --- The services are the gate: permission and ownership, whatever the caller ----------


@pytest.fixture
def open_case_of(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        return Case.objects.get(pk=case.pk)


def _calls(tenant, case):
    respond_before = timezone.localdate() + timedelta(days=7)
    status = tenant.status_type(2)
    with tenant.active():
        result_type = ResultType.objects.filter(case_type=tenant.case_type).first()
    return {
        "set_status": lambda actor: set_status(actor=actor, case=case, status_type=status),
        "close_case": lambda actor: close_case(actor=actor, case=case),
        "set_result": lambda actor: set_result(actor=actor, case=case, result_type=result_type),
        "suspend_case": lambda actor: suspend_case(
            actor=actor, case=case, reason="x", term_ends_on=respond_before
        ),
        "request_information": lambda actor: request_information(
            actor=actor, case=case, question="x", respond_before=respond_before
        ),
        "extend_case": lambda actor: extend_case(actor=actor, case=case, reason="x"),
        "add_note": lambda actor: add_note(actor=actor, case=case, text="x"),
        "take_case": lambda actor: take_case(actor=actor, case=case),
        "add_decision": lambda actor: add_decision(
            actor=actor,
            case=case,
            decision_type=None,
            decided_on=date.today(),
            effective_from=date.today(),
        ),  # fmt: skip
    }


@pytest.mark.parametrize(
    "service",
    ["set_status", "close_case", "set_result", "suspend_case", "request_information",
     "extend_case", "add_note", "take_case", "add_decision"],
)  # fmt: skip
def test_case_services_refuse_an_actor_without_permission(tenant_a, open_case_of, service):
    """A KCC agent (no cases.change_case), a citizen, a system without the permission."""
    call = _calls(tenant_a, open_case_of)[service]
    for actor in (
        tenant_a.staff["agent"],
        Citizen(bsn=tenant_a.person.bsn),
        system("test", {"cases.view_case"}),
    ):
        with tenant_a.active(), pytest.raises(NotPermitted):
            call(actor)
    with tenant_a.active():
        assert not Case.objects.get(pk=open_case_of.pk).events.exists()


def test_a_citizen_may_answer_on_their_own_case_only(tenant_a, open_case_of):
    with tenant_a.active():
        request_information(
            actor=tenant_a.staff["worker"], case=open_case_of, question="Foto?",
            respond_before=timezone.localdate() + timedelta(days=7),
        )  # fmt: skip
        with pytest.raises(NotPermitted):
            record_information_received(actor=Citizen(bsn="999990019"), case=open_case_of)
        promise = record_information_received(
            actor=Citizen(bsn=tenant_a.person.bsn), case=open_case_of, channel="web"
        )
    assert promise.clock_stopped is None


def test_a_service_needs_an_actor(tenant_a, open_case_of):
    with tenant_a.active(), pytest.raises(TypeError):
        add_note(actor=None, case=open_case_of, text="x")


def test_finding_a_person_needs_the_permission_in_the_service(tenant_a):
    from achterkant.audit.services import Purpose
    from achterkant.identity.services import person_find_by_bsn

    with tenant_a.active():
        with pytest.raises(NotPermitted):
            person_find_by_bsn(
                actor=tenant_a.staff["admin"], bsn=tenant_a.person.bsn,
                purpose=Purpose.CONTACT_HANDLING,
            )  # fmt: skip
        found = person_find_by_bsn(
            actor=tenant_a.staff["agent"], bsn=tenant_a.person.bsn,
            purpose=Purpose.CONTACT_HANDLING,
        )  # fmt: skip
    assert found.bsn == tenant_a.person.bsn


def test_a_list_says_the_clock_is_stopped_for_exactly_the_cases_whose_page_says_so(tenant_a):
    with tenant_a.active():
        team = Team.objects.create(identification="buiten", name="Buiten")
    waiting, running = tenant_a.open_case(), tenant_a.open_case()
    with tenant_a.active():
        Case.objects.filter(pk__in=[waiting.pk, running.pk]).update(team=team)
        request_information(
            actor=tenant_a.staff["worker"], case=waiting, question="Foto?",
            respond_before=timezone.localdate() + timedelta(days=7),
        )  # fmt: skip
    page = tenant_a.client("worker").get("/desk/teams/buiten/").content.decode()
    assert "termijn staat stil" in _row(page, waiting.number)
    assert "termijn staat stil" not in _row(page, running.number)
    case_page = tenant_a.client("worker").get(f"/desk/zaken/{waiting.number}/").content.decode()
    assert 'data-testid="clock-stopped"' in case_page
