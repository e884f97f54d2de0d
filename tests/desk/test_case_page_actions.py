"""The case page's side panel offers only what the case allows now (cases.case_actions),
and each action answers in place with htmx or with a redirect without JavaScript
(issue 17)."""

import re
from datetime import date

import pytest

from achterkant.cases.models import CaseEvent
from achterkant.cases.services import add_decision, close_case, set_result
from achterkant.catalog.models import DecisionType, ResultType
from achterkant.catalog.services import decision_type_publish

HTMX = {"HX-Request": "true"}


def _url(case, action=""):
    return f"/desk/zaken/{case.number}/" + (f"{action}/" if action else "")


def _panel(client, case) -> set[str]:
    page = client.get(_url(case)).content.decode()
    panel = page.split('data-testid="actions"')[1].split("</aside>")[0]
    return set(re.findall(r'data-testid="action-([a-z_]+)"', panel))


def _decision_type(tenant):
    with tenant.active():
        decision_type = DecisionType.objects.create(
            catalogue=tenant.case_type.catalogue, description="Besluit op uw melding",
            valid_from=date(2020, 1, 1),
        )  # fmt: skip
        decision_type.case_types.add(tenant.case_type)
        return decision_type_publish(decision_type=decision_type)


def _result(tenant, case):
    with tenant.active():
        result_type = ResultType.objects.get(case_type=tenant.case_type, description="Opgelost")
        set_result(actor=tenant.staff["worker"], case=case, result_type=result_type)


def test_an_open_case_offers_its_actions_and_not_closing_without_a_result(tenant_a):
    _decision_type(tenant_a)
    case = tenant_a.open_case()
    offered = _panel(tenant_a.client("worker"), case)
    assert offered == {
        "take", "status", "info_request", "extension", "note", "document", "decision", "result",
        "default_notice",
    }  # fmt: skip
    # A team lead may also assign; nobody may close before there is a result.
    assert "assign" in _panel(tenant_a.client("lead"), case)


def test_a_decided_case_offers_no_second_decision_and_a_result_allows_closing(tenant_a):
    decision_type = _decision_type(tenant_a)
    case = tenant_a.open_case()
    with tenant_a.active():
        add_decision(
            actor=tenant_a.staff["worker"], case=case, decision_type=decision_type,
            decided_on=date.today(), effective_from=date.today(),
        )  # fmt: skip
    client = tenant_a.client("worker")
    assert "decision" not in _panel(client, case)
    assert "close" not in _panel(client, case)
    _result(tenant_a, case)
    assert {"close", "result"} <= _panel(client, case)
    page = client.get(_url(case)).content.decode()
    assert "Resultaat wijzigen" in page and "Besluit vastleggen" not in page


def test_a_closed_case_offers_only_reopening_and_only_to_whom_may(tenant_a):
    case = tenant_a.open_case()
    _result(tenant_a, case)
    with tenant_a.active():
        close_case(actor=tenant_a.staff["worker"], case=case)
    assert _panel(tenant_a.client("worker"), case) == set()
    page = tenant_a.client("worker").get(_url(case)).content.decode()
    assert 'data-testid="no-actions"' in page and "Deze zaak is afgesloten." in page
    assert _panel(tenant_a.client("lead"), case) == {"reopen"}


def test_someone_who_may_only_look_gets_no_forms(tenant_a):
    case = tenant_a.open_case()
    page = tenant_a.client("agent").get(_url(case)).content.decode()
    assert "<form" not in page.split('data-testid="actions"')[1].split("</aside>")[0]
    assert "U mag alleen meekijken" in page


def test_every_id_on_the_page_is_unique(tenant_a, team):
    """Each form's ids start with its action: a label points at its own field."""
    _decision_type(tenant_a)
    case = tenant_a.open_case()
    page = tenant_a.client("lead").get(_url(case)).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert 'for="id_note_text"' in page and 'id="id_note_text"' in page


def test_a_refused_htmx_action_returns_its_section_with_what_was_typed(tenant_a):
    case = tenant_a.open_case()
    client = tenant_a.client("worker")
    end = tenant_a.status_type(3)
    response = client.post(
        _url(case, "status"), {"status_type": end.pk, "note": "Eerst nog even bellen"},
        headers=HTMX,
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200  # htmx swaps a 2xx only
    assert response["HX-Retarget"] == "#action-status"
    assert response["HX-Reswap"] == "outerHTML"
    assert "<html" not in body and 'id="case-workspace"' not in body
    assert body.lstrip().startswith('<section class="achterkant-case-action" id="action-status"')
    assert "Leg eerst het resultaat vast" in body  # the service's reason
    assert "Eerst nog even bellen" in body  # what was typed stays
    assert f'value="{end.pk}" selected' in body


def test_an_invalid_htmx_form_keeps_the_text_and_the_choice(tenant_a):
    case = tenant_a.open_case()
    response = tenant_a.client("worker").post(
        _url(case, "notitie"), {"text": "   ", "visibility": "inwoner"}, headers=HTMX
    )
    body = response.content.decode()
    assert response["HX-Retarget"] == "#action-note"
    assert "Vul" in body or "verplicht" in body
    assert re.search(r'value="inwoner"[^>]*checked', body)
    with tenant_a.active():
        assert not CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.NOTE).exists()


def test_a_successful_htmx_action_returns_the_workspace_updated(tenant_a):
    case = tenant_a.open_case()
    response = tenant_a.client("worker").post(
        _url(case, "notitie"), {"text": "Gebeld met de melder", "visibility": "intern"},
        headers=HTMX,
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200 and "HX-Retarget" not in response
    assert "<html" not in body
    assert 'id="case-workspace"' in body
    timeline = body.split('data-testid="history"')[1].split("</ol>")[0]
    assert "Gebeld met de melder" in timeline
    assert "Notitie opgeslagen." in body  # the message, inside the swapped part


def test_without_javascript_an_action_redirects_and_a_refusal_shows_the_page(tenant_a):
    case = tenant_a.open_case()
    client = tenant_a.client("worker")
    done = client.post(_url(case, "notitie"), {"text": "Zonder script", "visibility": "intern"})
    assert done.status_code == 302 and done["Location"] == _url(case)
    refused = client.post(_url(case, "besluit"), {"decided_on": "31-02-2026",
                                                  "explanation": "Mijn uitleg"})  # fmt: skip
    page = refused.content.decode()
    assert refused.status_code == 400 and "<html" in page
    assert "Mijn uitleg" in page and 'id="case-workspace"' in page


@pytest.mark.parametrize("role", ["worker", "lead"])
def test_taking_with_htmx_moves_the_case_to_me_in_the_summary(tenant_a, role):
    case = tenant_a.open_case()
    body = tenant_a.client(role).post(_url(case, "oppakken"), headers=HTMX).content.decode()
    summary = body.split('data-testid="case-summary"')[1].split("</section>")[0]
    assignee = re.search(r'data-testid="assignee">([^<]*)<', summary).group(1)
    assert assignee == str(tenant_a.staff[role])
    assert 'data-testid="action-take"' not in body
