"""Mijn gemeente in a real browser: the five browser tests of the portal issue."""

import pytest
from playwright.sync_api import expect

from achterkant.desk.party_rows import due_text
from tests.e2e.axe import accessibility_problems
from tests.e2e.test_end_to_end import log_in, site_url

pytestmark = pytest.mark.e2e


def test_citizen_sees_the_phone_case_with_the_case_workers_status_and_date(
    live_server, tenant_a, page
):
    case = tenant_a.open_case(channel="phone")
    base = site_url(live_server, tenant_a.host)

    # What the case worker sees.
    log_in(page, base, "worker-a")
    page.goto(f"{base}/desk/zaken/{case.number}/")
    worker_date = page.get_by_test_id("latest-end-date").inner_text()
    page.get_by_role("button", name="Uitloggen").click()

    # The citizen, through the library's mock DigiD IdP.
    page.goto(f"{base}/mijn/")
    page.get_by_role("button", name="Inloggen met DigiD (testomgeving)").click()
    page.locator("a[href*='inloggen_bsn']").first.click()
    page.locator("input[name='auth_bsn']").fill(tenant_a.person.bsn)
    page.locator("#submit-button").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn overzicht")
    card = page.get_by_test_id(f"case-{case.number}")
    expect(card).to_contain_text("telefoon")
    expect(card.get_by_test_id("status")).to_have_text("Ontvangen")
    expect(card.get_by_test_id("expected-date")).to_have_text(worker_date)


def test_worker_asks_citizen_answers_with_a_file_and_the_clock_resumes(
    live_server, tenant_a, page, settings, tmp_path
):
    from datetime import timedelta

    from django.utils import timezone

    settings.MEDIA_ROOT = str(tmp_path)
    case = tenant_a.open_case(channel="phone")
    base = site_url(live_server, tenant_a.host)

    log_in(page, base, "worker-a")
    page.goto(f"{base}/desk/zaken/{case.number}/")
    page.get_by_label("Welke informatie heeft u nodig?").fill("Stuur een foto van de lantaarnpaal.")
    respond = (timezone.localdate() + timedelta(days=14)).strftime("%d-%m-%Y")
    page.get_by_label("Reageren uiterlijk op").fill(respond)
    page.get_by_role("button", name="Informatie vragen").click()
    expect(page.get_by_test_id("clock-stopped")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    page.goto(f"{base}/mijn/inloggen/digid-test/")
    page.locator("a[href*='inloggen_bsn']").first.click()
    page.locator("input[name='auth_bsn']").fill(tenant_a.person.bsn)
    page.locator("#submit-button").click()
    card = page.get_by_test_id(f"case-{case.number}")
    expect(card.get_by_test_id("waiting")).to_contain_text("Stuur een foto van de lantaarnpaal.")
    card.get_by_label("Uw antwoord").fill("Hierbij de foto.")
    scan = tmp_path / "foto.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n")
    card.get_by_label("Bijlage (PDF, PNG, JPEG, docx of odt) (niet verplicht)").set_input_files(
        str(scan)
    )
    card.get_by_role("button", name="Reactie versturen").click()
    expect(page.get_by_role("status")).to_contain_text("Wij gaan verder met uw zaak")
    page.get_by_role("button", name="Uitloggen").click()

    log_in(page, base, "worker-a")
    page.goto(f"{base}/desk/zaken/{case.number}/")
    expect(page.get_by_test_id("clock-stopped")).to_have_count(0)
    expect(page.get_by_test_id("history")).to_contain_text("informatie ontvangen")
    expect(page.get_by_test_id("history")).to_contain_text("Reactie van de aanvrager")


def test_a_business_logs_in_with_eherkenning_and_sees_only_its_cases(live_server, tenant_a, page):
    from tests.portal.test_portal import _company_case

    ours, theirs = _company_case(tenant_a), _company_case(tenant_a, kvk_number="69599068")
    base = site_url(live_server, tenant_a.host)
    page.goto(f"{base}/mijn/")
    page.get_by_role("link", name="Inloggen met eHerkenning (testomgeving)").click()
    page.get_by_label("KvK-nummer").fill("69599084")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn overzicht")
    expect(page.get_by_test_id(f"case-{ours.number}")).to_be_visible()
    expect(page.get_by_test_id(f"case-{theirs.number}")).to_have_count(0)


def _digid_log_in(page, base: str, bsn: str) -> None:
    page.goto(f"{base}/mijn/inloggen/digid-test/")
    page.locator("a[href*='inloggen_bsn']").first.click()
    page.locator("input[name='auth_bsn']").fill(bsn)
    page.locator("#submit-button").click()


def test_a_web_request_lands_in_the_right_team_queue_with_the_products_norm(
    live_server, tenant_a, page, settings, tmp_path
):
    from django.utils import timezone

    from achterkant.cases.models import Case
    from achterkant.catalog.models import CaseType, ServiceNorm
    from achterkant.routing.models import RoutingRule, Team
    from achterkant.worktime.awb import working_day_norm_due
    from tests.portal.test_requests import FORM

    settings.MEDIA_ROOT = str(tmp_path)
    with tenant_a.active():
        CaseType.objects.filter(identification="ZT-MELDING").update(
            form_definition=FORM, service_norm="P5D"
        )
        ServiceNorm.objects.create(
            product=tenant_a.product, channel="web", amount=5, unit="working_days",
            promise="binnen 5 werkdagen opgelost",
        )  # fmt: skip
        other = Team.objects.create(identification="balie", name="Team Balie")
        team = Team.objects.create(identification="buiten", name="Team Buitenruimte")
        RoutingRule.objects.create(order=20, product_code="melding", team=other)
        RoutingRule.objects.create(order=10, product_code="melding", channel="web", team=team)
        team.members.add(tenant_a.staff["worker"])
    base = site_url(live_server, tenant_a.host)

    _digid_log_in(page, base, tenant_a.person.bsn)
    page.get_by_role("link", name="Iets aanvragen of melden").click()
    page.get_by_role("link", name="Melding").click()
    # The form promises the case type's norm (the case promise), as the desk tracks it.
    expect(page.get_by_test_id("form-promise")).to_contain_text("binnen 5 werkdagen")
    # Prefilled from the person register.
    expect(page.get_by_label("Waar is het?: postcode")).to_have_value("1011AB")
    expect(page.get_by_label("Uw naam (niet verplicht)")).to_have_value("Sophie de Vries")
    page.get_by_label("Waar gaat het over?").select_option("Lantaarn")
    page.get_by_label("Wat is er aan de hand?").fill("De lantaarnpaal brandt niet.")
    page.get_by_label("Waar is het?: postcode").fill("99")
    page.get_by_label("Ja").check()
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("alert")).to_contain_text("Niet alles is goed ingevuld")
    expect(page.get_by_text("Vul een postcode in zoals 1234 AB.")).to_be_visible()
    page.get_by_label("Waar is het?: postcode").fill("1011 AB")
    form_url = page.url
    # What the browser sends, kept to send it again below (the form carries its key).
    sent = page.evaluate(
        "() => Object.fromEntries(new FormData("
        "document.querySelector('input[name=submission_key]').form))"
    )
    page.get_by_role("button", name="Versturen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Wij hebben uw melding ontvangen")
    number = page.get_by_test_id("case-number").inner_text()
    expected_date = page.get_by_test_id("expected-date").inner_text()
    # A second submit of the same form (a double click, a resubmitted page: with no-store
    # the browser cannot show the old page again) opens nothing new.
    again = page.evaluate(
        "async ([url, data]) => (await fetch(url, {method: 'POST', "
        "body: new URLSearchParams(data), credentials: 'same-origin'})).url",
        [form_url, sent],
    )
    assert again.endswith(f"/ontvangen/{number}/")
    with tenant_a.active():
        assert Case.objects.filter(channel="web").count() == 1
        case = Case.objects.get(number=number)
    norm_due = working_day_norm_due(timezone.localdate(), 5, [])
    assert timezone.localtime(case.sla_due_at).date() == norm_due
    page.get_by_role("button", name="Uitloggen").click()

    log_in(page, base, "worker-a")
    page.goto(f"{base}/desk/teams/buiten/")
    row = page.get_by_test_id("team-cases").locator("tr", has_text=number)
    expect(row).to_contain_text(due_text(case.sla_due_at))
    page.goto(f"{base}/desk/teams/balie/")
    expect(page.get_by_test_id("team-cases")).to_be_visible()
    expect(page.get_by_test_id("team-cases")).not_to_contain_text(number)
    page.goto(f"{base}/desk/zaken/{number}/")
    expect(page.get_by_test_id("latest-end-date")).to_have_text(expected_date)
    expect(page.locator("main")).to_contain_text("De lantaarnpaal brandt niet.")


def test_the_overview_passes_an_axe_accessibility_check(live_server, tenant_a, page):
    from achterkant.catalog.models import CaseType
    from tests.portal.test_requests import FORM

    with tenant_a.active():
        CaseType.objects.filter(identification="ZT-MELDING").update(form_definition=FORM)
    tenant_a.open_case(channel="phone")
    base = site_url(live_server, tenant_a.host)
    _digid_log_in(page, base, tenant_a.person.bsn)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn overzicht")
    # The overview, and the other pages a citizen uses, with a form's errors showing.
    pages = [
        "/mijn/inloggen/", "/mijn/", "/mijn/berichten/", "/mijn/aanvragen/",
        "/mijn/aanvragen/melding/",
    ]  # fmt: skip
    serious = {}
    for path in pages:
        page.goto(f"{base}{path}")
        if path.endswith("melding/"):
            page.get_by_role("button", name="Versturen").click()
            expect(page.get_by_role("alert")).to_contain_text("Niet alles is goed ingevuld")
        serious[path] = accessibility_problems(page)
    assert serious == {path: [] for path in pages}


def test_the_session_warning_lets_the_citizen_stay_logged_in(live_server, tenant_a, page, settings):
    # A session of 2 minutes and 3 seconds with a 2-minute warning: the dialog opens soon.
    settings.PORTAL_SESSION_IDLE_SECONDS = 123
    settings.PORTAL_SESSION_WARNING_SECONDS = 120
    base = site_url(live_server, tenant_a.host)
    _digid_log_in(page, base, tenant_a.person.bsn)
    dialog = page.get_by_role("dialog", name="Wilt u ingelogd blijven?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Over 2 minuten wordt u uitgelogd")
    with page.expect_response(lambda r: r.url.endswith("/mijn/sessie/verlengen/")) as answer:
        dialog.get_by_role("button", name="Ingelogd blijven").click()
    assert answer.value.json() == {"seconds_left": 123}
    expect(dialog).to_be_hidden()


def test_a_form_left_too_long_is_kept_for_after_the_new_login(
    live_server, tenant_a, page, settings
):
    from achterkant.catalog.models import CaseType
    from tests.portal.test_requests import FORM

    with tenant_a.active():
        CaseType.objects.filter(identification="ZT-MELDING").update(form_definition=FORM)
    settings.PORTAL_SESSION_IDLE_SECONDS = 4
    settings.PORTAL_SESSION_WARNING_SECONDS = 2
    base = site_url(live_server, tenant_a.host)
    _digid_log_in(page, base, tenant_a.person.bsn)
    page.goto(f"{base}/mijn/aanvragen/melding/")
    page.get_by_label("Wat is er aan de hand?").fill("Half ingevuld, toen ging de bel.")
    # No click: the page counts down, the session ends, the script posts the form as a draft.
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij Mijn gemeente")
    expect(page.get_by_role("status")).to_contain_text("staat dan weer klaar")
    settings.PORTAL_SESSION_IDLE_SECONDS = 15 * 60
    page.get_by_role("button", name="Inloggen met DigiD (testomgeving)").click()
    page.locator("a[href*='inloggen_bsn']").first.click()
    page.locator("input[name='auth_bsn']").fill(tenant_a.person.bsn)
    page.locator("#submit-button").click()
    expect(page.get_by_label("Wat is er aan de hand?")).to_have_value(
        "Half ingevuld, toen ging de bel."
    )
