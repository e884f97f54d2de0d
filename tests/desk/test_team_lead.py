"""Issue 17, the team lead: the teams the overview covers, workload counts that match
*Mijn werk*, escalations that name and link their case, readable feedback labels, and
assigning a queue's selected cases at once (``cases.services.assignment.assign_cases``)."""

import pytest
from django.core.exceptions import ValidationError

from achterkant.cases.models import Case, CaseEvent
from achterkant.cases.services import close_case, set_result
from achterkant.cases.services.assignment import MAX_BULK_ASSIGN, assign_cases
from achterkant.catalog.models import ResultType
from achterkant.contacts.models import Feedback
from achterkant.identity.actors import NotPermitted
from achterkant.routing.models import Escalation, Team
from achterkant.routing.sla import SlaState


def _assign(tenant, numbers, assignee="worker", actor="lead"):
    with tenant.active():
        return assign_cases(
            actor=tenant.staff[actor], numbers=numbers, assignee=tenant.staff[assignee]
        )


def _closed_case(tenant):
    case = tenant.open_case()
    with tenant.active():
        result_type = ResultType.objects.get(case_type=tenant.case_type, description="Opgelost")
        set_result(actor=tenant.staff["worker"], case=case, result_type=result_type)
        close_case(actor=tenant.staff["worker"], case=case)
    return case


def test_a_lead_assigns_several_cases_and_each_gets_its_event(tenant_a, team):
    first, second = tenant_a.open_case(), tenant_a.open_case()
    result = _assign(tenant_a, [first.number, second.number, first.number])
    assert result.assigned == [first.number, second.number] and result.refused == []
    with tenant_a.active():
        assert set(Case.objects.filter(assignee=tenant_a.staff["worker"]).values_list(
            "number", flat=True
        )) == {first.number, second.number}  # fmt: skip
        assert CaseEvent.objects.filter(kind=CaseEvent.Kind.ASSIGNED).count() == 2


def test_a_closed_or_unknown_case_is_refused_and_the_others_still_assigned(tenant_a, team):
    open_case, closed = tenant_a.open_case(), _closed_case(tenant_a)
    result = _assign(tenant_a, [closed.number, "ZAAK-2026-9999999", open_case.number])
    assert result.assigned == [open_case.number]
    refused = dict(result.refused)
    assert set(refused) == {closed.number, "ZAAK-2026-9999999"}
    assert refused["ZAAK-2026-9999999"] == "Deze zaak bestaat niet."
    assert refused[closed.number]  # the service's own reason, in Dutch
    with tenant_a.active():
        assert Case.objects.get(pk=closed.pk).assignee_id is None


def test_another_organisations_case_is_not_found(tenant_a, tenant_b, team):
    theirs = tenant_b.open_case()
    result = _assign(tenant_a, [theirs.number])
    assert result.refused == [(theirs.number, "Deze zaak bestaat niet.")]
    with tenant_b.active():
        assert Case.objects.get(pk=theirs.pk).assignee_id is None


def test_only_a_team_lead_assigns_and_the_selection_is_bounded(tenant_a, team):
    case = tenant_a.open_case()
    with pytest.raises(NotPermitted):
        _assign(tenant_a, [case.number], actor="worker")
    with pytest.raises(ValidationError, match="Kies eerst"):
        _assign(tenant_a, ["", "  "])
    with pytest.raises(ValidationError, match=str(MAX_BULK_ASSIGN)):
        _assign(tenant_a, [f"ZAAK-2026-{n:07d}" for n in range(MAX_BULK_ASSIGN + 1)])


def test_the_queue_offers_the_selection_to_a_lead_only_and_assigns(tenant_a, team):
    first, second = tenant_a.open_case(), tenant_a.open_case()
    lead, worker = tenant_a.client("lead"), tenant_a.client("worker")
    page = lead.get("/desk/teams/stadsbeheer/").content.decode()
    assert 'id="bulk-assign"' in page and f'value="{first.number}"' in page
    assert 'id="bulk-assign"' not in worker.get("/desk/teams/stadsbeheer/").content.decode()

    data = {"assignee": tenant_a.staff["worker"].pk, "zaak": [first.number, second.number]}
    response = lead.post("/desk/teams/stadsbeheer/toewijzen/", data, follow=True)
    assert "2 zaken toegewezen aan Worker A" in response.content.decode()
    assert worker.post("/desk/teams/stadsbeheer/toewijzen/", data).status_code == 403
    nothing = lead.post("/desk/teams/stadsbeheer/toewijzen/", {"assignee": "x"}, follow=True)
    assert "Kies een medewerker uit de lijst." in nothing.content.decode()
    empty = lead.post(
        "/desk/teams/stadsbeheer/toewijzen/", {"assignee": tenant_a.staff["worker"].pk},
        follow=True,
    )  # fmt: skip
    assert "Kies eerst een of meer zaken." in empty.content.decode()
    assert lead.post("/desk/teams/bestaat-niet/toewijzen/", data).status_code == 404


def test_the_workload_matches_what_each_worker_sees_in_mijn_werk(tenant_a, team):
    with tenant_a.active():
        # The worker also works for a team this lead does not lead: Mijn werk lists it.
        other = Team.objects.create(identification="burgerzaken", name="Burgerzaken")
        other.members.add(tenant_a.staff["worker"])
    cases = [tenant_a.open_case() for _ in range(3)]
    with tenant_a.active():
        Case.objects.filter(pk=cases[0].pk).update(team=other)
        Case.objects.filter(pk=cases[1].pk).update(sla_state=SlaState.BREACHED)
    _assign(tenant_a, [case.number for case in cases])
    mijn_werk = tenant_a.client("worker").get("/desk/werk/").content.decode()
    assert "3 open zaken, waarvan 1 te laat." in mijn_werk
    lead_page = tenant_a.client("lead").get("/desk/teamleider/").content.decode()
    row = lead_page.split("Worker A</td>", 1)[1].split("</tr>", 1)[0]
    assert ">3<" in row and ">1<" in row
    assert "over het team" in lead_page and "Stadsbeheer" in lead_page


def test_escalations_name_and_link_their_case_and_feedback_names_the_product(tenant_a, team):
    case = tenant_a.open_case()
    with tenant_a.active():
        Escalation.objects.create(
            item_kind=Escalation.ItemKind.CASE, item_id=case.pk, state="breached",
            notified_team=team, message="De zaak is te laat.",
        )  # fmt: skip
        Feedback.objects.create(
            case=case, bsn=tenant_a.person.bsn, score=4, channel="web",
            product_code=tenant_a.product.code,
        )  # fmt: skip
    page = tenant_a.client("lead").get("/desk/teamleider/").content.decode()
    assert f'href="/desk/zaken/{case.number}/">Zaak {case.number}</a>' in page
    feedback = page.split('data-testid="feedback"', 1)[1]
    assert tenant_a.product.name in feedback


def test_the_queue_filters_by_product_and_status_from_drop_downs(tenant_a, tenant_b, team):
    """Issue 17: the team queue's filters are choices by name, per organisation."""
    mine, without = tenant_a.open_case(), tenant_a.open_case()
    with tenant_a.active():
        Case.objects.filter(pk=without.pk).update(product=None)
    client = tenant_a.client("worker")
    page = client.get(f"/desk/teams/stadsbeheer/?product={tenant_a.product.pk}").content.decode()
    assert mine.number in page and without.number not in page
    assert f'<option value="{tenant_a.product.pk}" selected>{tenant_a.product.name}' in page
    refused = client.get("/desk/teams/stadsbeheer/?product=999999").content.decode()
    assert "Kies een van de mogelijkheden in de lijst." in refused
    # Another organisation's product is not an option here, nor filterable.
    with tenant_b.active():
        Team.objects.create(identification="stadsbeheer", name="Stadsbeheer B")
    theirs = tenant_b.client("worker").get("/desk/teams/stadsbeheer/").content.decode()
    assert f'<option value="{tenant_a.product.pk}">' not in theirs
    assert f'<option value="{tenant_b.product.pk}">' in theirs
