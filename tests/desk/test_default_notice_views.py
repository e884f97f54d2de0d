"""The notice of default on the desk: the form, the dwangsom on the case page (Awb 4:17)
and the team lead's list. Dates as in tests/cases/test_default_notice.py: received
Wednesday 1 April 2026, due Wednesday 27 May; notice Monday 1 June; first penalty day
Monday 15 June; on 28 June 14 days, €322."""

from datetime import date

from achterkant.cases.models import CaseDefaultNotice
from achterkant.cases.services.default_notice import register_default_notice
from tests.conftest import make_case_type

RECEIVED = date(2026, 4, 1)


def _post(client, case, data):
    return client.post(f"/desk/zaken/{case.number}/ingebrekestelling/", data)


def _page(tenant, case, role="worker") -> str:
    return tenant.client(role).get(f"/desk/zaken/{case.number}/").content.decode()


def test_the_worker_registers_a_notice_and_the_case_page_shows_the_penalty_awb_4_17(
    tenant_a, today
):
    """Notice 1 June, on 28 June: first day 15 June, 14 days, €322; cap €1.442."""
    today(date(2026, 6, 28))
    case = tenant_a.open_case(start_date=RECEIVED)
    client = tenant_a.client("worker")
    response = _post(client, case, {"received_on": "01-06-2026", "channel": "letter"})
    assert response.status_code == 302
    with tenant_a.active():
        assert CaseDefaultNotice.objects.get(case=case).received_on == date(2026, 6, 1)
    page = _page(tenant_a, case)
    penalty = page.split('data-testid="penalty"')[1].split("</dd>")[0]
    assert "€ 322" in penalty and "14 dagen" in penalty and "15 juni 2026" in penalty
    assert "€ 1.442" in penalty and "26 juli 2026" in penalty
    assert "maandag 1 juni 2026" in page.split('data-testid="default-notice"')[1]
    assert "ingebrekestelling ontvangen" in page  # on the timeline


def test_a_premature_notice_says_te_vroeg_awb_4_17_3(tenant_a, today):
    """Received on the due date, 27 May: too early, no penalty."""
    today(date(2026, 6, 28))
    case = tenant_a.open_case(start_date=RECEIVED)
    _post(tenant_a.client("worker"), case, {"received_on": "27-05-2026", "channel": "email"})
    penalty = _page(tenant_a, case).split('data-testid="penalty"')[1].split("</dd>")[0]
    assert "te vroeg" in penalty and "27 mei 2026" in penalty and "€" not in penalty


def test_a_lex_silencio_case_records_the_notice_and_says_why_there_is_no_penalty_awb_4_20a(
    tenant_a, today
):
    today(date(2026, 6, 28))
    with tenant_a.active():
        make_case_type(tenant_a.organisation, identification="ZT-LEX", lex_silencio=True)
    case = tenant_a.open_case(case_type_identification="ZT-LEX", product=None, start_date=RECEIVED)
    _post(tenant_a.client("worker"), case, {"received_on": "01-06-2026", "channel": "letter"})
    penalty = _page(tenant_a, case).split('data-testid="penalty"')[1].split("</dd>")[0]
    assert "geen dwangsom" in penalty and "Awb 4:20a" in penalty


def test_the_worker_records_an_awb_4_17_6_reason_and_the_page_shows_it(tenant_a, today):
    today(date(2026, 6, 28))
    case = tenant_a.open_case(start_date=RECEIVED)
    _post(
        tenant_a.client("worker"), case,
        {"received_on": "01-06-2026", "channel": "letter", "no_penalty_reason": "unfounded"},
    )  # fmt: skip
    penalty = _page(tenant_a, case).split('data-testid="penalty"')[1].split("</dd>")[0]
    assert "geen dwangsom: kennelijk ongegrond" in penalty


def test_a_future_date_is_refused_at_the_field(tenant_a, today):
    today(date(2026, 6, 28))
    case = tenant_a.open_case(start_date=RECEIVED)
    response = _post(
        tenant_a.client("worker"), case, {"received_on": "29-06-2026", "channel": "letter"}
    )
    assert response.status_code == 400
    assert "niet in de toekomst" in response.content.decode()
    with tenant_a.active():
        assert not CaseDefaultNotice.objects.exists()


def test_an_agent_cannot_register_a_notice(tenant_a, today):
    today(date(2026, 6, 28))
    case = tenant_a.open_case(start_date=RECEIVED)
    response = _post(
        tenant_a.client("agent"), case, {"received_on": "01-06-2026", "channel": "letter"}
    )
    assert response.status_code == 403


def test_the_team_lead_lists_open_cases_with_a_notice(tenant_a, team, today):
    """Number, notice 1-6-2026, first penalty day 15-6-2026, €322 on 28 June."""
    today(date(2026, 6, 28))
    case = tenant_a.open_case(start_date=RECEIVED)
    quiet = tenant_a.open_case(start_date=RECEIVED)
    with tenant_a.active():
        register_default_notice(
            actor=tenant_a.staff["worker"], case=case, received_on=date(2026, 6, 1),
            channel="letter",
        )  # fmt: skip
    page = tenant_a.client("lead").get("/desk/teamleider/").content.decode()
    table = page.split('data-testid="default-notices"')[1].split("</table>")[0]
    assert case.number in table and quiet.number not in table
    assert "1 juni 2026" in table and "15 juni 2026" in table and "€ 322" in table


def test_the_lex_silencio_item_says_given_in_effect_and_publish_by_awb_4_20b_4_20c(tenant_a, today):
    """Received Monday 9 February 2026, 8 weeks: due Tuesday 7 April (Atw). Given on
    Wednesday 8 April (4:20b(1)), in effect Friday 10 April (4:20b(3)), published by
    Wednesday 22 April 2026 (4:20c(1))."""
    today(date(2026, 3, 1))
    with tenant_a.active():
        make_case_type(tenant_a.organisation, identification="ZT-LEX", lex_silencio=True)
    case = tenant_a.open_case(
        case_type_identification="ZT-LEX", product=None, start_date=date(2026, 2, 9)
    )
    item = _page(tenant_a, case).split('data-testid="lex-silencio"')[1].split("</dd>")[0]
    assert "Van rechtswege gegeven" in _page(tenant_a, case)
    assert item == (
        ">op 8 april 2026 als er dan geen besluit is; het geldt vanaf 10 april 2026; "
        "uiterlijk publiceren op 22 april 2026"
    )
