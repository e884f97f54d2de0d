"""The e-loket form editor in a real browser (issue 17): add a field, see it in the preview
as the citizen will, save, and the JSON is stored; no Content-Security-Policy violation. A
published version shows its form read-only, also without JavaScript."""

import json
from datetime import date

import pytest
from playwright.sync_api import expect

from achterkant.catalog.models import CaseType
from achterkant.catalog.services import case_type_new_version
from tests.e2e.axe import SCREENSHOTS, accessibility_problems
from tests.e2e.test_end_to_end import log_in, site_url

pytestmark = pytest.mark.e2e

CSP = "Content Security Policy"
START = {
    "intro": "Meld hier een probleem in de openbare ruimte.",
    "fields": [
        {"name": "wat", "label": "Wat is er aan de hand?", "type": "long_text",
         "required": True, "description": True},
        {"name": "soort", "label": "Soort probleem", "type": "choice",
         "choices": ["Losse stoeptegel", "Kapotte lantaarn"]},
        {"name": "locatie", "label": "Waar is het?", "type": "address", "required": True},
    ],
}  # fmt: skip


def _shot(page, name: str, target) -> None:
    """The editor as the admin sees it at 1366 px, scrolled to ``target``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target.evaluate("node => node.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(SCREENSHOTS / f"admin-form-editor-{name}.png"))


def test_a_field_added_in_the_editor_shows_in_the_preview_and_is_stored(
    live_server, tenant_a, page
):
    with tenant_a.active():
        concept = case_type_new_version(case_type=tenant_a.case_type, valid_from=date(2027, 1, 1))
        CaseType.objects.filter(pk=concept.pk).update(form_definition=START)
    violations: list[str] = []
    page.on("console", lambda message: CSP in message.text and violations.append(message.text))
    page.set_viewport_size({"width": 1366, "height": 900})
    base = site_url(live_server, tenant_a.host)
    log_in(page, base, "admin-a")
    page.goto(f"{base}/admin/catalog/casetype/{concept.pk}/change/")

    preview = page.frame_locator("[data-testid=form-preview]")
    expect(preview.get_by_text("Soort probleem")).to_be_visible()
    expect(preview.get_by_role("heading", level=1)).to_have_text("Melding")  # the product
    fields = page.get_by_test_id("form-editor-field")
    expect(fields).to_have_count(3)
    expect(page.get_by_test_id("form-editor-errors")).to_be_empty()
    expect(page.get_by_test_id("form-editor-status")).to_have_text("Het formulier is in orde.")
    assert accessibility_problems(page, ".field-form_definition") == []
    _shot(page, "editor-1366", page.locator(".field-form_definition"))

    # Add a field: a question, a type, required or not, and it shows in the preview.
    page.get_by_test_id("form-editor-add").click()
    expect(fields).to_have_count(4)
    new = fields.nth(3)
    new.get_by_label("Vraag", exact=True).fill("Kenteken van de auto")
    expect(new.get_by_label("Technische naam")).to_have_value("kenteken_van_de_auto")
    new.get_by_label("Soort antwoord").select_option(label="tekst (één regel)")
    new.get_by_label("Verplicht", exact=True).uncheck()
    new.get_by_label("Uitleg onder de vraag (niet verplicht)").fill("Bijvoorbeeld AB-123-C.")
    expect(preview.get_by_label("Kenteken van de auto (niet verplicht)")).to_be_visible()
    expect(preview.get_by_text("Bijvoorbeeld AB-123-C.")).to_be_visible()

    # Move it to the top: the preview follows the order.
    for number in (4, 3, 2):
        page.get_by_role("button", name=f"Veld {number} omhoog").click()
    expect(fields.first.get_by_label("Vraag", exact=True)).to_have_value("Kenteken van de auto")
    expect(preview.locator("label").first).to_contain_text("Kenteken van de auto")

    # A choice without choices is named at its field, in Dutch, and the status says so.
    fields.nth(1).get_by_label("Soort antwoord").select_option(label="keuze")
    expect(fields.nth(1)).to_contain_text("het onderdeel 'choices' ontbreekt")
    _shot(page, "editor-1366-error", fields.nth(1))
    fields.nth(1).get_by_label("Soort antwoord").select_option(label="lange tekst")
    expect(fields.nth(1).locator("[data-field-errors]")).to_be_hidden()

    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("gewijzigd")
    with tenant_a.active():
        concept.refresh_from_db()
    stored = concept.form_definition
    assert [field["name"] for field in stored["fields"]] == [
        "kenteken_van_de_auto", "wat", "soort", "locatie"
    ]  # fmt: skip
    assert stored["fields"][0] == {
        "name": "kenteken_van_de_auto", "label": "Kenteken van de auto", "type": "text",
        "required": False, "help": "Bijvoorbeeld AB-123-C.",
    }  # fmt: skip
    assert stored["intro"] == START["intro"]
    assert violations == []


def test_without_javascript_the_json_can_still_be_edited(live_server, tenant_a, browser):
    with tenant_a.active():
        concept = case_type_new_version(case_type=tenant_a.case_type, valid_from=date(2027, 1, 1))
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    try:
        base = site_url(live_server, tenant_a.host)
        log_in(page, base, "admin-a")
        page.goto(f"{base}/admin/catalog/casetype/{concept.pk}/change/")
        textarea = page.locator("textarea[name=form_definition]")
        expect(textarea).to_be_visible()
        expect(page.get_by_test_id("form-editor-add")).to_have_count(0)
        definition = {"fields": [{"name": "naam", "label": "Uw naam", "type": "text"}]}
        textarea.fill(json.dumps(definition))
        page.get_by_role("button", name="Opslaan", exact=True).click()
        expect(page.locator(".messagelist")).to_contain_text("gewijzigd")
        with tenant_a.active():
            concept.refresh_from_db()
        assert concept.form_definition == definition
    finally:
        context.close()


def test_a_published_version_shows_its_form_read_only(live_server, tenant_a, page, browser):
    with tenant_a.active():
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(form_definition=START)
    violations: list[str] = []
    page.on("console", lambda message: CSP in message.text and violations.append(message.text))
    page.set_viewport_size({"width": 1366, "height": 900})
    base = site_url(live_server, tenant_a.host)
    url = f"{base}/admin/catalog/casetype/{tenant_a.case_type.pk}/change/"
    log_in(page, base, "admin-a")
    page.goto(url)
    expect(page.get_by_test_id("form-read-only")).to_be_visible()
    expect(page.locator("textarea[name=form_definition]")).to_have_count(0)
    expect(page.get_by_test_id("form-editor-add")).to_have_count(0)
    preview = page.frame_locator("[data-testid=form-preview]")
    expect(preview.get_by_role("heading", level=1)).to_have_text("Melding")
    expect(preview.get_by_label("Soort probleem (niet verplicht)")).to_be_visible()
    link = page.get_by_test_id("form-read-only-export")
    with page.expect_download() as download:
        link.click()
    with open(download.value.path(), encoding="utf-8") as stored:
        assert json.load(stored) == START
    assert accessibility_problems(page, ".field-form_definition_read_only") == []
    _shot(page, "published-1366", page.locator(".field-form_definition_read_only"))
    assert violations == []

    # Without JavaScript the server-rendered frame is all the same.
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    context.set_default_timeout(15_000)
    bare = context.new_page()
    try:
        log_in(bare, base, "admin-a")
        bare.goto(url)
        preview = bare.frame_locator("[data-testid=form-preview]")
        expect(preview.get_by_role("heading", level=1)).to_have_text("Melding")
        expect(preview.get_by_text(START["intro"])).to_be_visible()
        expect(preview.get_by_label("Wat is er aan de hand?", exact=True)).to_be_visible()
        expect(preview.get_by_label("Soort probleem (niet verplicht)")).to_be_visible()
        expect(preview.get_by_text("Waar is het?", exact=True)).to_be_visible()
        expect(preview.get_by_role("button", name="Versturen")).to_be_disabled()
        expect(bare.get_by_test_id("form-read-only-export")).to_have_text(
            "Formulier downloaden als JSON"
        )
    finally:
        context.close()
