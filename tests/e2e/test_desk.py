"""The case-worker desk in Chromium: queues, the case lifecycle, and escalation."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from achterkant.cases.sla import sweep_cases
from achterkant.catalog.models import CaseType, DecisionType
from achterkant.desk.party_rows import due_text
from achterkant.routing.models import RoutingRule, Team
from tests.e2e.test_end_to_end import log_in, log_out, site_url

pytestmark = pytest.mark.e2e


@pytest.fixture
def desk(tenant_a):
    with tenant_a.active():
        team = Team.objects.create(identification="stadsbeheer", name="Stadsbeheer")
        team.members.add(tenant_a.staff["worker"], tenant_a.staff["lead"])
        RoutingRule.objects.create(order=1, product_code="melding", team=team)
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(service_norm="P5D")
        decision_type = DecisionType.objects.create(
            catalogue=tenant_a.case_type.catalogue, description="Besluit melding",
            valid_from="2020-01-01",
        )  # fmt: skip
        DecisionType.objects.filter(pk=decision_type.pk).update(is_concept=False)
        decision_type.case_types.add(tenant_a.case_type)
    return tenant_a


def test_web_and_phone_cases_share_the_team_queue_and_norm(live_server, desk, page):
    web = desk.open_case(channel="web")
    phone = desk.open_case(channel="phone")
    base = site_url(live_server, desk.host)
    log_in(page, base, "worker-a")
    page.goto(f"{base}/desk/teams/stadsbeheer/")
    queue = page.get_by_test_id("team-cases")
    norm = due_text(web.sla_due_at)  # "30 nov 17:00", as every work list writes a due time
    for case in (web, phone):
        row = queue.get_by_role("row").filter(has_text=case.number)
        expect(row).to_contain_text(norm)
        expect(row).to_contain_text("op tijd")


def test_take_ask_receive_decide_and_close(live_server, desk, page):
    case = desk.open_case()
    base = site_url(live_server, desk.host)
    log_in(page, base, "worker-a")
    page.goto(f"{base}/desk/zaken/{case.number}/")
    page.get_by_role("button", name="Zaak oppakken").click()
    expect(page.get_by_test_id("assignee")).to_have_text("Worker A")

    before = page.get_by_test_id("latest-end-date").inner_text()
    page.get_by_label("Welke informatie heeft u nodig?").fill("Stuur een foto van de schade.")
    respond = (timezone.localdate() + timedelta(days=14)).strftime("%d-%m-%Y")
    page.get_by_label("Reageren uiterlijk op").fill(respond)
    page.get_by_role("button", name="Informatie vragen").click()
    expect(page.get_by_test_id("clock-stopped")).to_be_visible()

    page.get_by_label("Ontvangen via").select_option(label="balie")
    page.get_by_role("button", name="Informatie ontvangen").click()
    expect(page.get_by_role("status")).to_contain_text("De termijn loopt weer.")
    expect(page.get_by_test_id("clock-stopped")).to_have_count(0)
    # Received the same day: the date is shown again, moved by the days suspended (none).
    expect(page.get_by_test_id("latest-end-date")).to_have_text(
        before.replace(" termijn staat stil", "")
    )

    page.get_by_label("Besluittype").select_option(label="Besluit melding")
    page.get_by_role("button", name="Besluit vastleggen").click()
    # Each action answers in place (htmx): wait for its message before the next one.
    expect(page.get_by_role("status")).to_contain_text("Besluit vastgelegd.")
    page.get_by_label("Resultaat", exact=True).select_option(label="Opgelost")
    page.get_by_role("button", name="Resultaat vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Resultaat vastgelegd.")
    page.get_by_role("button", name="Zaak afsluiten").click()
    expect(page.get_by_role("status")).to_contain_text("De zaak is afgesloten.")
    expect(page.get_by_test_id("current-status")).to_have_text("Opgelost")
    expect(page.get_by_test_id("history")).to_contain_text("informatie gevraagd")


def test_past_the_warning_point_the_sweep_escalates_to_the_team_lead(live_server, desk, page):
    # Received three months ago: the norm and the legal term have both run out.
    case = desk.open_case(start_date=timezone.localdate() - timedelta(days=90))
    sweep_cases()
    base = site_url(live_server, desk.host)
    log_in(page, base, "lead-a")
    page.get_by_role("link", name="Teamleider").click()
    expect(page.get_by_test_id("at-risk")).to_contain_text(case.number)
    expect(page.get_by_test_id("at-risk")).to_contain_text("te laat")
    expect(page.get_by_test_id("escalations")).to_contain_text("De zaak is te laat")
    log_out(page)
