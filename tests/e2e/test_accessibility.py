"""Every desk and portal page in Chromium through axe-core: no serious or critical WCAG 2.1
A/AA violation (issue 17, "How it is checked"). One test per page and role, so a failure
names the page; screenshots of each at 1366 and 1024 px (desk) or 1366 and 390 px (portal)
go to var/test-output/screenshots/ (tests/e2e/axe.py), to look at, not compared.

The demo data (``seed_demo``, small) is seeded once for the module and the pages are only
read, so the module keeps its own live server and database content, rather than the
per-test flush of pytest-django's ``live_server``; it empties the database when done.
Each staff role and the citizen log in once (the real password, second step and mock DigiD
flows); each test opens a fresh browser context with that log-in's cookies.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect

from achterkant.desk.landing import MENU
from achterkant.staff import roles
from achterkant.staff.roles import role_permissions
from tests.e2e.axe import accessibility_problems, screenshot, sideways_scroll

# django_db: so the test database is set up when this module runs alone. Each test is then
# wrapped in a transaction that rolls back; the module's own data is committed before.
# The pages look the same on either database, and the module takes minutes: it runs once.
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL only: the suite runs once"
    ),
]

HOST = "voorbeeld.localhost"
SHOWCASE_BSN = "999993653"  # the demo's Sophie de Vries (achterkant.demo.seed)
COMPANY_KVK = "69599084"  # the demo's Bakkerij De Korenschoof
MAIL = Path(__file__).parent.parent / "contacts" / "mail"
# The demo's staff per role (achterkant.demo.seed.STAFF), and the team whose queue each
# opens (achterkant.demo.seed_kcc.TEAMS: the manager is in none). The team lead holds the
# agent's and the case worker's rights too, so comes first: each page is checked once, by
# the first role that may open it.
STAFF = {
    "teamleider": roles.TEAM_LEAD,
    "agent": roles.AGENT,
    "behandelaar": roles.CASE_WORKER,
    "manager": roles.MANAGER,
}
OWN_TEAM = {"agent": "kcc", "behandelaar": "vergunningen", "teamleider": "kcc"}


@dataclass
class Site:
    base: str
    case_number: str  # the showcase person's case waiting for her answer
    contact_request_id: int
    message_id: int  # a message in her berichtenbox


@dataclass(frozen=True)
class Visit:
    """One page to check: ``path`` (``{case}``, ``{request}``, ``{team}``, ``{message}``
    filled in from the site), or ``steps`` that get there the way a user does."""

    name: str
    path: str = ""
    steps: Callable | None = None


def _url(site: Site, path: str, who: str) -> str:
    return site.base + path.format(
        case=site.case_number,
        request=site.contact_request_id,
        team=OWN_TEAM.get(who, ""),
        message=site.message_id,
    )


def _open(page, site: Site, who: str, visit: Visit) -> None:
    if visit.steps is not None:
        visit.steps(page, site)
        return
    url = _url(site, visit.path, who)
    response = page.goto(url)
    # A page that answers 403 or 404, or sends to the log-in, would be checked for nothing.
    assert response is not None and response.status == 200, (url, response)
    assert page.url == url, f"{url} went to {page.url}"


# --- Steps that reach a page the way a user does -------------------------------------------


def _header_search(page, site: Site, text: str) -> None:
    page.goto(f"{site.base}/desk/kennisbank/")
    box = page.get_by_role("search").get_by_role(
        "searchbox", name="Zoek een persoon, bedrijf of zaak"
    )
    box.fill(text)
    box.press("Enter")


def _person(path: str) -> Callable:
    def steps(page, site: Site) -> None:
        _header_search(page, site, SHOWCASE_BSN)
        expect(page.get_by_role("heading", level=1)).to_have_text("Sophie de Vries")
        if path:
            page.goto(site.base + path)
            expect(page.get_by_role("heading", level=1)).to_contain_text("Sophie de Vries")

    return steps


def _company(page, site: Site) -> None:
    _header_search(page, site, COMPANY_KVK)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bakkerij De Korenschoof")


def _search_results(page, site: Site) -> None:
    _header_search(page, site, "Vries")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zoeken")


def _submit_without_browser_checks(page, button: str) -> None:
    """Submit an empty form past the browser's own checks (``required``), to show the
    server's error messages: what a user sees after an error only the server finds."""
    save = page.get_by_role("button", name=button)
    save.evaluate("button => { button.form.noValidate = true; }")
    save.click()


def _contact_form_errors(page, site: Site) -> None:
    _person("")(page, site)
    _submit_without_browser_checks(page, "Contact opslaan")
    expect(page.locator("main [aria-invalid=true]").first).to_be_visible()


def _letter_errors(page, site: Site) -> None:
    page.goto(f"{site.base}/desk/brieven/nieuw/")
    _submit_without_browser_checks(page, "Brief opslaan")
    expect(page.locator("main [aria-invalid=true]").first).to_be_visible()


def _staff_second_step(page, site: Site) -> None:
    page.goto(f"{site.base}/medewerker/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("agent")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede stap van het inloggen")


def _portal_form_errors(page, site: Site) -> None:
    page.goto(f"{site.base}/mijn/aanvragen/melding-openbare-ruimte/")
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("alert")).to_contain_text("Niet alles is goed ingevuld")


def _business_overview(page, site: Site) -> None:
    page.goto(f"{site.base}/mijn/inloggen/eherkenning-test/")
    page.get_by_label("KvK-nummer").fill(COMPANY_KVK)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn overzicht")


# --- The pages -------------------------------------------------------------------------------

# Pages beyond the menu, with the permission their view requires.
DESK_DETAIL_PAGES = [
    (Visit("360-persoon", steps=_person("")), "identity.view_person"),
    (Visit("360-persoon-contacten", steps=_person("/desk/persoon/contacten/")),
     "identity.view_person"),
    (Visit("360-persoon-zaken", steps=_person("/desk/persoon/zaken/")), "identity.view_person"),
    (Visit("360-bedrijf", steps=_company), "identity.view_person"),
    (Visit("contactformulier-fouten", steps=_contact_form_errors), "contacts.add_contact"),
    (Visit("zoekresultaten", steps=_search_results), "identity.view_person"),
    (Visit("anoniem-contact", "/desk/anoniem/"), "contacts.add_contact"),
    (Visit("kennisbank-antwoorden", "/desk/kennisbank/?q=paspoort"), None),
    (Visit("brief-fouten", steps=_letter_errors), "contacts.add_contact"),
    (Visit("zaak", "/desk/zaken/{case}/"), "cases.view_case"),
    (Visit("contactverzoek", "/desk/contactverzoeken/{request}/"),
     "contacts.change_contactrequest"),
    (Visit("teamwachtrij", "/desk/teams/{team}/"), "cases.view_case"),
    (Visit("inzicht-score", "/desk/inzicht/score/"), "insights.view_insights"),
    (Visit("inzicht-ranglijst", "/desk/inzicht/ranglijst/"), "insights.view_insights"),
    (Visit("tweestaps-beheer", "/medewerker/tweestaps/"), None),
]  # fmt: skip

PUBLIC_PAGES = [
    Visit("medewerker-inloggen", "/medewerker/inloggen/"),
    Visit("medewerker-tweede-stap", steps=_staff_second_step),
    Visit("mijn-inloggen", "/mijn/inloggen/"),
    Visit("mijn-inloggen-eherkenning", "/mijn/inloggen/eherkenning-test/"),
    Visit("zo-snel-helpen-wij-u", "/zo-snel-helpen-wij-u/"),
]

PORTAL_PAGES = [
    Visit("mijn-overzicht", "/mijn/"),
    Visit("mijn-zaken", "/mijn/zaken/"),
    Visit("mijn-zaak", "/mijn/zaken/{case}/"),
    Visit("mijn-berichten", "/mijn/berichten/"),
    Visit("mijn-bericht", "/mijn/berichten/{message}/"),
    Visit("mijn-aanvragen", "/mijn/aanvragen/"),
    Visit("mijn-aanvraag-melding", "/mijn/aanvragen/melding-openbare-ruimte/"),
    Visit("mijn-aanvraag-parkeervergunning", "/mijn/aanvragen/parkeervergunning/"),
    Visit("mijn-aanvraag-fouten", steps=_portal_form_errors),
]

# Pages whose template belongs to someone else's open work (issue 17): known findings,
# strict so the test turns red once they are fixed and the mark can go.
KNOWN: dict[str, str] = {}


def _desk_visits() -> list:
    """Per role: every page its menu offers, then the detail pages its rights open; a page
    another role checked already is not checked again."""
    params, seen = [], set()
    for who, role in STAFF.items():
        granted = role_permissions()[role]
        visits = [
            Visit(item.label.lower().replace(" ", "-"), reverse(item.url_name))
            for item in MENU
            if item.permission is None or item.permission in granted
        ]
        visits += [
            visit
            for visit, permission in DESK_DETAIL_PAGES
            if (permission is None or permission in granted)
            and (visit.name != "teamwachtrij" or who in OWN_TEAM)
            and (visit.name != "contactverzoek" or OWN_TEAM.get(who) == "kcc")
        ]
        for visit in visits:
            if visit.name in seen:
                continue
            seen.add(visit.name)
            marks = _known(f"{who}-{visit.name}", visit.name)
            params.append(pytest.param(who, visit, id=f"{who}-{visit.name}", marks=marks))
    return params


def _known(test_id: str, name: str) -> list:
    reason = KNOWN.get(test_id) or KNOWN.get(name)
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def _params(visits: list[Visit]) -> list:
    return [pytest.param(v, id=v.name, marks=_known(v.name, v.name)) for v in visits]


# --- Fixtures: one seeded site and one log-in per user for the whole module -----------------

MD5_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
DEMO_PASSWORD = "achterkant-demo"  # noqa: S105 - achterkant.demo.seed.DEMO_PASSWORD


def _seed() -> tuple[str, int, int]:
    """The demo, plus what the pages should show: a case waiting for the showcase person's
    answer, her phone call with a callback for the KCC team, an e-mail no one linked yet."""
    from django.utils import timezone

    from achterkant.cases.services import open_case
    from achterkant.cases.services.assignment import take_case
    from achterkant.cases.services.information import request_information
    from achterkant.catalog.models import Product
    from achterkant.contacts.mail_intake import ingest_message
    from achterkant.contacts.models import Outcome
    from achterkant.contacts.services.contact_requests import (
        ContactRequestDraft,
        contact_request_create,
    )
    from achterkant.contacts.services.receive import contact_receive
    from achterkant.demo.seed import seed_demo
    from achterkant.demo.seed_insights import seed_service_history
    from achterkant.insights.models import InsightsSettings
    from achterkant.notify.models import OutboxMessage
    from achterkant.routing.models import Team
    from achterkant.staff.models import User
    from achterkant.tenancy.context import use_organisation
    from achterkant.tenancy.models import Organisation

    seed_demo(persons_per_organisation=12)
    organisation = Organisation.objects.get(slug="voorbeeld")
    with use_organisation(organisation):
        # Some history, so Inzicht shows its charts and tables (a year is slow to seed).
        seed_service_history(months=2, volume=0.15)
        InsightsSettings.objects.update_or_create(
            organisation=organisation, defaults={"public_page": True}
        )
        agent = User.objects.get(username="agent")
        worker = User.objects.get(username="behandelaar")
        product = Product.objects.get(code="parkeervergunning")
        case = open_case(
            actor=agent, case_type_identification=product.case_type_identification,
            channel="web", initiator_bsn=SHOWCASE_BSN, product=product,
            description="Parkeervergunning voor de Kerkstraat",
        )  # fmt: skip
        take_case(actor=worker, case=case)
        request_information(
            actor=worker, case=case, question="Wilt u het kenteken van uw auto sturen?",
            respond_before=timezone.localdate() + timedelta(days=14),
        )  # fmt: skip
        contact_receive(
            actor=agent, channel="phone", bsn=SHOWCASE_BSN, outcome=Outcome.ANSWERED,
            question="Wanneer wordt het grofvuil opgehaald?", answer="Op afspraak, online.",
        )  # fmt: skip
        request = contact_request_create(
            actor=agent, bsn=SHOWCASE_BSN,
            draft=ContactRequestDraft(
                name="Sophie de Vries", team=Team.objects.get(identification="kcc"),
                phone="0612345678", question="Wil iemand mij terugbellen over mijn vergunning?",
            ),
        )  # fmt: skip
        ingest_message((MAIL / "plain.eml").read_bytes(), source="test")
        message = OutboxMessage.objects.filter(bsn=SHOWCASE_BSN, in_berichtenbox=True).first()
        assert message is not None, "the showcase person has no message in her berichtenbox"
        return case.number, request.pk, message.pk


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, browser):
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        # The rows the migrations ship (decree days, reference lists): put back after the
        # flush below, because the database tests that run after this module read them.
        shipped = connection.creation.serialize_db_to_string()
        try:
            # The tests' fast hasher (tests/conftest.py), also for the log-ins made before
            # a test's own settings apply (the fixture below).
            with override_settings(PASSWORD_HASHERS=[MD5_HASHER]):
                case_number, request_id, message_id = _seed()
                server = LiveServer("localhost:0")
                server._live_server_modified_settings.enable()
                try:
                    port = urlsplit(server.url).port
                    yield Site(f"http://{HOST}:{port}", case_number, request_id, message_id)
                finally:
                    server._live_server_modified_settings.disable()
                    server.stop()
        finally:
            # What TransactionTestCase does after each test, with serialized rollback: the
            # next module starts with only what the migrations ship.
            call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(shipped)
            _sequences_past_the_restored_rows()


def _sequences_past_the_restored_rows() -> None:
    """What ``loaddata`` does: the flush restarted every id sequence at 1, and the restored
    rows kept their ids, so the next insert would reuse one."""
    from django.apps import apps
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture(scope="module")
def logged_in(site, browser) -> dict:
    """The cookies of a browser in which each desk user (by user name) and "burger" (the
    showcase person, through the mock DigiD) logged in. All at once, before the first
    test: what the server writes during a test is rolled back with it."""
    states = {}
    for who in [*STAFF, "burger"]:
        context = browser.new_context(locale="nl-NL")
        context.set_default_timeout(15_000)
        page = context.new_page()
        if who == "burger":
            _citizen_log_in(page, site.base)
        else:
            _staff_log_in(page, site.base, who)
        states[who] = context.storage_state()
        context.close()
    return states


def _staff_log_in(page, base: str, username: str) -> None:
    from achterkant.staff.models import User
    from tests.conftest import next_totp_code

    page.goto(f"{base}/medewerker/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede stap van het inloggen")
    page.get_by_label("Code uit de app").fill(next_totp_code(User.objects.get(username=username)))
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Tweede stap van het inloggen")


def _citizen_log_in(page, base: str) -> None:
    """Through the mock DigiD, which lists the demo's people (digid_mock_idp)."""
    page.goto(f"{base}/mijn/inloggen/digid-test/")
    page.locator("a[href*='inloggen_bsn']").first.click()
    choice = page.locator("select[name='auth_user'] option", has_text="Sophie de Vries")
    page.locator("select[name='auth_user']").select_option(choice.first.get_attribute("value"))
    page.locator("#submit-button").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn overzicht")


def _check(browser, site: Site, who: str, visit: Visit, state, widths: tuple[int, ...]):
    context = browser.new_context(locale="nl-NL", storage_state=state)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.set_viewport_size({"width": 1366, "height": 900})
    try:
        _open(page, site, who, visit)
        problems = accessibility_problems(page)
        screenshot(page, f"{who}_{visit.name}", widths)
        narrowest = min(widths)
        page.set_viewport_size({"width": narrowest, "height": 900})
        overflow = sideways_scroll(page)
    finally:
        context.close()
    return problems, overflow


# --- The tests -----------------------------------------------------------------------------


def test_the_check_reports_a_serious_violation_with_its_element(page):
    """The check itself can fail: an image without a text alternative and a field without
    a label, each named with its element."""
    page.set_content(
        '<html lang="nl"><head><title>Proef</title></head><body><main>'
        '<img src="data:," id="foto"><input id="naam"></main></body></html>'
    )
    problems = accessibility_problems(page)
    assert sorted(problem.split(" ")[0] for problem in problems) == ["image-alt", "label"]
    assert "#foto" in " ".join(problems) and "#naam" in " ".join(problems)


@pytest.mark.parametrize(("who", "visit"), _desk_visits())
def test_desk_page_has_no_serious_accessibility_problems(browser, site, logged_in, who, visit):
    problems, overflow = _check(browser, site, who, visit, logged_in[who], (1366, 1024))
    assert problems == []
    # WCAG 1.4.10: on a small laptop the page itself does not scroll sideways (a wide
    # table scrolls in its own box).
    assert overflow == 0


@pytest.mark.parametrize("visit", _params(PORTAL_PAGES))
def test_portal_page_has_no_serious_accessibility_problems(browser, site, logged_in, visit):
    problems, overflow = _check(browser, site, "burger", visit, logged_in["burger"], (1366, 390))
    assert problems == []
    assert overflow == 0  # WCAG 1.4.10: readable on a phone without scrolling sideways


@pytest.mark.parametrize(
    "visit", _params([*PUBLIC_PAGES, Visit("mijn-overzicht-bedrijf", steps=_business_overview)])
)
def test_page_without_log_in_has_no_serious_accessibility_problems(browser, site, visit):
    problems, overflow = _check(browser, site, "publiek", visit, None, (1366, 390))
    assert problems == []
    assert overflow == 0
