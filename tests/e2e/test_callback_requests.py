"""Callback requests (issue 17), clicked through in Chromium: the agent offers the known
number, picks a day and a window; the team member sees the attempts and opens the person."""

import re

import pytest
from playwright.sync_api import expect

from achterkant.identity.models import Person
from achterkant.routing.models import Team
from tests.contacts.test_callback_requests import next_open_day
from tests.e2e.test_end_to_end import log_in, log_out, site_url
from tests.e2e.test_kcc import identify_by_address

pytestmark = pytest.mark.e2e
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")  # fmt: skip


@pytest.fixture
def callback(tenant_a):
    with tenant_a.active():
        Person.objects.filter(bsn=tenant_a.person.bsn).update(phone="0612345678")
        team = Team.objects.create(identification="kcc", name="Klantcontactcentrum")
        team.members.add(tenant_a.staff["worker"])
    return tenant_a


def test_a_callback_with_the_known_number_and_a_window_reaches_the_queue(
    live_server, callback, page
):
    base = site_url(live_server, callback.host)
    day = next_open_day(callback)
    identify_by_address(page, base)

    # The agent: the callback fields show once the outcome is a callback.
    page.get_by_label("terugbelverzoek of taak gemaakt").check()
    # The known number is offered and chosen; the route is marked as required.
    route = page.get_by_role("group", name="Terugbellen of mailen via (verplicht bij een")
    expect(route.get_by_label("Bel 06-12345678 (bekend)")).to_be_checked()
    expect(route.get_by_label("Mail naar sophie@example.nl (bekend)")).not_to_be_checked()
    page.get_by_label("Vraag", exact=True).fill("Wanneer komt mijn nieuwe pas?")
    page.get_by_label("Terugbellen door team (niet verplicht)").select_option(
        label="Klantcontactcentrum"
    )
    page.get_by_label("Voorkeursdag (niet verplicht)").fill(day.isoformat())
    page.get_by_label("Bereikbaar vanaf (niet verplicht)").fill("12:00")
    page.get_by_label("Bereikbaar tot (niet verplicht)").fill("09:00")
    page.get_by_role("button", name="Contact opslaan").click()

    # A window the wrong way round: a Dutch error at its field, and nothing typed is lost.
    expect(
        page.get_by_text("Bereikbaar tot: De eindtijd moet later zijn dan de begintijd.")
    ).to_be_visible()
    expect(page.get_by_label("Vraag", exact=True)).to_have_value("Wanneer komt mijn nieuwe pas?")
    expect(page.get_by_label("Bel 06-12345678 (bekend)")).to_be_checked()
    page.get_by_label("Bereikbaar vanaf (niet verplicht)").fill("09:00")
    page.get_by_label("Bereikbaar tot (niet verplicht)").fill("12:00")
    page.get_by_role("button", name="Contact opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("terugbelverzoek gemaakt")
    log_out(page)

    # The team member: the preferred moment and the attempts in the queue.
    log_in(page, base, "worker-a")
    page.get_by_role("link", name="Contactverzoeken").click()
    queue = page.get_by_test_id("request-queue")
    expect(queue.get_by_role("columnheader", name="Pogingen")).to_be_visible()
    row = queue.get_by_role("row").filter(has_text="Wanneer komt mijn nieuwe pas?")
    expect(row).to_contain_text(f"{day.day} {MONTHS[day.month - 1]} {day.year}, 09:00–12:00")
    expect(row).to_contain_text("nog geen")
    row.get_by_role("link", name="Sophie de Vries").click()
    expect(page.get_by_role("link", name="0612345678")).to_have_attribute("href", "tel:0612345678")
    page.get_by_label("niet bereikt").check()
    page.get_by_role("button", name="Poging vastleggen").click()
    page.get_by_role("link", name="Contactverzoeken").click()
    row = (
        page.get_by_test_id("request-queue")
        .get_by_role("row")
        .filter(has_text="Wanneer komt mijn nieuwe pas?")
    )
    expect(row).to_contain_text(re.compile(r"1, laatste .+: niet bereikt"))

    # And from the queue to the person's 360° view.
    row.get_by_role("button", name="360°-beeld van Sophie de Vries").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sophie de Vries")
    expect(page.get_by_test_id("open-requests")).to_contain_text("Wanneer komt mijn nieuwe pas?")
