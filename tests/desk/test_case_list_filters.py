"""The *Zaken* list's filters, and the links from a case and a message to the person."""

from datetime import timedelta

from django.utils import timezone

from achterkant.cases.models import Case
from achterkant.cases.selectors import PAGE_SIZE
from achterkant.cases.services import set_status
from achterkant.cases.sla import sweep_cases
from achterkant.catalog.models import Product
from achterkant.desk.kcc_views import ACTIVE_PERSON
from achterkant.notify.models import OutboxMessage
from achterkant.routing.models import Team
from achterkant.routing.sla import SlaState
from achterkant.tenancy.settings_cache import settings_changed

CASES = "/desk/zaken/"


def _numbers(response) -> list[str]:
    page = response.content.decode()
    if 'data-testid="case-list"' not in page:
        return []
    table = page.split('data-testid="case-list"')[1].split("</table>")[0]
    return [cell.split("/")[0] for cell in table.split("/desk/zaken/")[1:]]


def test_filters_offer_names_not_codes(tenant_a, tenant_b):
    with tenant_a.active():
        Team.objects.create(identification="vergunningen", name="Vergunningen")
    with tenant_b.active():
        Team.objects.create(identification="b-team", name="Alleen bij B")
    page = tenant_a.client("worker").get(CASES).content.decode()
    assert f'<option value="{tenant_a.product.pk}">Melding</option>' in page
    assert '<option value="Ingepland">Ingepland</option>' in page
    assert ">Vergunningen</option>" in page and "Alleen bij B" not in page
    assert 'name="overdue"' in page


def test_by_product_status_and_team(tenant_a):
    with tenant_a.active():
        team = Team.objects.create(identification="buiten", name="Buitendienst")
        other = Product.objects.create(
            code="afval", name="Grofvuil", case_type_identification="ZT-MELDING"
        )
    settings_changed(tenant_a.organisation.pk)
    plain, planned = tenant_a.open_case(), tenant_a.open_case()
    rubbish = tenant_a.open_case(product=other)
    with tenant_a.active():
        set_status(
            actor=tenant_a.staff["worker"], case=planned, status_type=tenant_a.status_type(2)
        )
        Case.objects.filter(pk=rubbish.pk).update(team=team)
    client = tenant_a.client("worker")
    assert _numbers(client.get(CASES, {"product": other.pk})) == [rubbish.number]
    assert _numbers(client.get(CASES, {"status": "Ingepland"})) == [planned.number]
    assert _numbers(client.get(CASES, {"team": team.pk})) == [rubbish.number]
    both = client.get(CASES, {"product": tenant_a.product.pk, "status": "Ontvangen"})
    assert _numbers(both) == [plain.number]
    none = client.get(CASES, {"product": other.pk, "status": "Ingepland"})
    assert _numbers(none) == []
    assert "Er zijn geen zaken die bij deze filters passen." in none.content.decode()


def test_overdue_is_the_state_the_sla_engine_stored(tenant_a):
    late = tenant_a.open_case()
    sweep_cases(now=timezone.now() + timedelta(days=400))  # the engine marks it "te laat"
    on_time = tenant_a.open_case()
    with tenant_a.active():
        assert Case.objects.get(pk=late.pk).sla_state == SlaState.BREACHED
    client = tenant_a.client("worker")
    assert _numbers(client.get(CASES, {"overdue": "on"})) == [late.number]
    assert _numbers(client.get(CASES)) == [on_time.number, late.number]


def test_a_value_that_is_no_option_is_refused_in_dutch(tenant_a, tenant_b):
    tenant_a.open_case()
    client = tenant_a.client("worker")
    for params in ({"product": "abc"}, {"product": tenant_b.product.pk}, {"status": "Weg"},
                   {"team": "999999"}, {"team": "\u00b2"}):  # fmt: skip
        response = client.get(CASES, params)
        assert response.status_code == 400, params
        assert "Kies een van de mogelijkheden in de lijst." in response.content.decode()
        assert _numbers(response) == []


def test_paging_goes_to_older_cases_and_keeps_the_filters(tenant_a):
    cases = [tenant_a.open_case() for _ in range(PAGE_SIZE + 1)]
    client = tenant_a.client("worker")
    page = client.get(CASES, {"product": tenant_a.product.pk}).content.decode()
    newest_page = cases[1:][::-1]
    link = f'href="?product={tenant_a.product.pk}&amp;voor={newest_page[-1].pk}"'
    assert link in page
    older = client.get(CASES, {"product": tenant_a.product.pk, "voor": newest_page[-1].pk})
    assert _numbers(older) == [cases[0].number]


def test_the_case_page_names_the_initiator_with_a_link_to_the_360_view(tenant_a):
    case = tenant_a.open_case()
    client = tenant_a.client("worker")
    page = client.get(f"/desk/zaken/{case.number}/").content.decode()
    initiator = page.split('data-testid="initiator"')[1].split("</div>")[0]
    assert "Sophie de Vries" in initiator
    assert 'action="/desk/personen/kiezen/"' in initiator
    assert f'name="bsn" value="{tenant_a.person.bsn}"' in initiator
    response = client.post("/desk/personen/kiezen/", {"bsn": tenant_a.person.bsn})
    assert response["Location"] == "/desk/persoon/"
    assert client.session[ACTIVE_PERSON] == tenant_a.person.bsn


def test_the_initiator_name_is_this_organisations_register(tenant_a, tenant_b):
    """The same BSN in another organisation's register, with another name, is not read."""
    from tests.conftest import make_person

    make_person(tenant_b.organisation, tenant_a.person.bsn, given_names="Anders")
    case = tenant_a.open_case()
    page = tenant_a.client("worker").get(f"/desk/zaken/{case.number}/").content.decode()
    assert "Sophie de Vries" in page and "Anders" not in page


def test_sent_messages_link_to_the_person(tenant_a):
    with tenant_a.active():
        OutboxMessage.objects.create(
            channel="email", event_code="case.created", recipient="sophie@example.nl",
            subject="Uw melding", body="Bedankt", bsn=tenant_a.person.bsn,
            reference="ZAAK-2026-0000001", status="sent", sent_at=timezone.now(),
        )  # fmt: skip
    page = tenant_a.client("lead").get("/desk/berichten/").content.decode()
    row = page.split('data-testid="sent-messages"')[1]
    assert 'action="/desk/personen/kiezen/"' in row
    assert f'name="bsn" value="{tenant_a.person.bsn}"' in row
