"""The e-loket form editor in the admin (issue 17): the stored value is the validated JSON,
the preview is the portal's own rendering, and the JSON can be downloaded."""

import json
import re
from datetime import date
from html.parser import HTMLParser

from django.utils import timezone

from achterkant.catalog.form_editor import (
    INVALID_JSON_MESSAGE,
    preview_form,
    problems_by_field,
    render_preview,
)
from achterkant.catalog.models import CaseType, ServiceNorm
from achterkant.catalog.services import case_type_new_version, case_type_publish
from tests.catalog.test_admin_product_and_terms import _form_data
from tests.portal.test_portal import log_in

PREVIEW_URL = "/admin/catalog/casetype/formulier-voorbeeld/"
# Every field type, without prefill (a citizen's own data would differ from the preview).
FORM = {
    "intro": "Vraag hier een ontheffing aan.",
    "fields": [
        {"name": "soort", "label": "Wat wilt u?", "type": "choice", "required": True,
         "choices": ["Parkeren", "Laden"], "description": True},
        {"name": "waar", "label": "Waar?", "type": "address", "required": True},
        {"name": "uitleg", "label": "Waarom?", "type": "long_text", "help": "Kort graag."},
        {"name": "kenteken", "label": "Kenteken", "type": "text", "max_length": 8},
        {"name": "aantal", "label": "Hoeveel voertuigen?", "type": "number", "min": 1, "max": 3},
        {"name": "vanaf", "label": "Vanaf wanneer?", "type": "date", "required": True},
        {"name": "spoed", "label": "Is het dringend?", "type": "yes_no"},
        {"name": "bewijs", "label": "Bewijs", "type": "file"},
    ],
}  # fmt: skip


def _concept(tenant, valid_from=date(2027, 1, 1)) -> CaseType:
    with tenant.active():
        return case_type_new_version(case_type=tenant.case_type, valid_from=valid_from)


def _change(client, concept: CaseType, **changes):
    url = f"/admin/catalog/casetype/{concept.pk}/change/"
    data = _form_data(client.get(url).content.decode(), "casetype_form")
    return client.post(url, {**data, **changes})


def _fields_html(page: str) -> str:
    """The questions of a request form page, from the first question to the note below."""
    start = min(page.index(marker) for marker in ('<div class="utrecht-form-field', "<fieldset"))
    end = page.index('<p class="utrecht-paragraph utrecht-paragraph--small">Velden zonder')
    return re.sub(r"\s+", " ", page[start:end]).strip()


def test_the_change_page_has_the_editor_and_no_inline_script(tenant_a):
    concept = _concept(tenant_a)
    page = tenant_a.client("admin").get(f"/admin/catalog/casetype/{concept.pk}/change/")
    html = page.content.decode()
    assert "data-form-editor" in html
    assert f'data-preview-url="{PREVIEW_URL}"' in html
    assert "/static/achterkant/form-editor.js" in html
    assert "/static/achterkant/form-editor.css" in html
    assert "Webformulier (e-loket)" in html
    assert '<textarea name="form_definition"' in html  # the fallback without JavaScript
    assert "JSON exporteren" in html
    assert 'data-testid="form-read-only"' not in html  # a draft has the editor, not the view
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)


def test_editor_json_round_trips_to_the_e_loket(tenant_a):
    """What the editor writes is stored as is, and the citizen's form shows those fields."""
    concept = _concept(tenant_a, valid_from=timezone.localdate())
    client = tenant_a.client("admin")
    response = _change(client, concept, form_definition=json.dumps(FORM, indent=2))
    assert response.status_code == 302, response.content.decode()
    with tenant_a.active():
        concept.refresh_from_db()
        assert concept.form_definition == FORM
        case_type_publish(case_type=concept)
        ServiceNorm.objects.create(
            product=tenant_a.product, channel="web", amount=5, unit="working_days",
            promise="binnen 5 werkdagen",
        )  # fmt: skip
    citizen = tenant_a.client()
    log_in(citizen, tenant_a.person.bsn)
    portal = citizen.get("/mijn/aanvragen/melding/").content.decode()
    for field in FORM["fields"]:
        assert field["label"] in portal
    assert 'name="waar__postcode"' in portal and 'name="bewijs"' in portal

    # The preview shows exactly the portal's questions, element for element.
    preview = client.post(PREVIEW_URL, {"definition": json.dumps(FORM)}).json()
    assert preview["errors"] == [] and preview["field_errors"] == {}
    assert _fields_html(preview["html"]) == _fields_html(portal)
    # Without an identification or description (a new case type) the heading is general.
    assert '<h1 class="utrecht-heading-1">Aanvraagformulier</h1>' in preview["html"]


def test_an_invalid_form_is_refused_in_dutch_and_nothing_is_stored(tenant_a):
    concept = _concept(tenant_a)
    client = tenant_a.client("admin")
    bad = {"fields": [{"name": "Soort", "label": "Wat?", "type": "choice"}]}
    response = _change(client, concept, form_definition=json.dumps(bad))
    assert response.status_code == 200
    page = response.content.decode()
    assert "het onderdeel &#x27;choices&#x27; ontbreekt" in page
    assert "gebruik alleen kleine letters" in page
    response = _change(client, concept, form_definition='{"fields": [')
    assert response.status_code == 200
    assert "Dit is geen geldige JSON" in response.content.decode()
    with tenant_a.active():
        concept.refresh_from_db()
    assert concept.form_definition == tenant_a.case_type.form_definition


def test_no_questions_is_stored_as_an_empty_form(tenant_a):
    concept = _concept(tenant_a)
    with tenant_a.active():
        CaseType.objects.filter(pk=concept.pk).update(form_definition=FORM)
    response = _change(tenant_a.client("admin"), concept, form_definition="")
    assert response.status_code == 302
    with tenant_a.active():
        concept.refresh_from_db()
    assert concept.form_definition == {}


def test_the_preview_names_the_problems_per_field(tenant_a):
    definition = {
        "fields": [
            {"name": "wat", "label": "Wat?", "type": "text"},
            {"name": "wat", "label": "", "type": "choice", "choices": ["a"]},
        ]
    }
    general, per_field = problems_by_field(definition)
    assert general == []
    assert per_field[1] == [
        "Veld 2, 'choices': te weinig onderdelen.",
        "Veld 2, 'label': waarde is te kort of klein.",
    ]
    duplicate = {"fields": [definition["fields"][0], {**definition["fields"][0], "label": "B"}]}
    general, per_field = problems_by_field(duplicate)
    assert general == ["De veldnaam 'wat' komt meer dan eens voor. Elke naam mag één keer."]
    assert per_field == {}
    yes_no = {"name": "x", "label": "X", "type": "yes_no", "description": True}
    general, per_field = problems_by_field({"fields": [yes_no]})
    assert per_field == {0: ["Veld 'x': 'description' kan alleen bij tekst of keuze."]}
    missing = "Het formulier: het onderdeel 'fields' ontbreekt."
    assert problems_by_field({"intro": "Hallo"}) == ([missing], {})


def test_the_preview_view_renders_what_it_can_and_reports_in_dutch(
    tenant_a, django_assert_max_num_queries
):
    client = tenant_a.client("admin")
    client.get("/admin/")  # the session and second factor are loaded once
    definition = {
        "intro": "Welkom",
        "fields": [
            {"name": "keuze", "label": "Kies", "type": "choice"},  # no choices yet: left out
            {"name": "naam", "label": "Uw naam", "type": "text", "required": True},
        ],
    }
    with django_assert_max_num_queries(12):
        data = client.post(
            PREVIEW_URL,
            {"definition": json.dumps(definition), "identification": "ZT-MELDING"},
        ).json()
    assert data["field_errors"] == {"0": ["Veld 1: het onderdeel 'choices' ontbreekt."]}
    assert 'name="naam"' in data["html"] and 'name="keuze"' not in data["html"]
    assert "Welkom" in data["html"]
    assert '<h1 class="utrecht-heading-1">Melding</h1>' in data["html"]  # the product's name
    assert "vendor/utrecht/component-library.css" in data["html"]
    bad = client.post(PREVIEW_URL, {"definition": "{nee"}).json()
    assert bad["errors"] == [INVALID_JSON_MESSAGE] and "html" not in bad
    assert client.get(PREVIEW_URL).status_code == 405


def test_only_who_may_edit_case_types_gets_the_preview(tenant_a):
    response = tenant_a.client("worker").post(PREVIEW_URL, {"definition": "{}"})
    assert response.status_code in (302, 403)
    # No preview (the admin's own 403 page is HTML too, so look for the preview's form).
    assert 'data-testid="preview-form"' not in response.content.decode()
    anonymous = tenant_a.client().post(PREVIEW_URL, {"definition": "{}"})
    assert anonymous.status_code == 302


def test_the_stored_form_is_exported_as_json(tenant_a, tenant_b):
    with tenant_a.active():
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(form_definition=FORM)
    client = tenant_a.client("admin")
    response = client.get(f"/admin/catalog/casetype/{tenant_a.case_type.pk}/formulier.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert 'filename="formulier-ZT-MELDING-2020-01-01.json"' in response["Content-Disposition"]
    assert json.loads(response.content) == FORM
    # The link is on the (read-only) page of the published version too.
    page = client.get(f"/admin/catalog/casetype/{tenant_a.case_type.pk}/change/").content
    assert b"formulier.json" in page and b"JSON exporteren" in page
    other = client.get(f"/admin/catalog/casetype/{tenant_b.case_type.pk}/formulier.json")
    assert other.status_code == 404


def test_a_file_field_gets_the_portal_help_and_an_empty_form_a_note(rf, tenant_a):
    form, shown = preview_form({"fields": [{"name": "f", "label": "Foto", "type": "file"}]})
    assert [spec["name"] for spec in shown] == ["f"]
    assert form.fields["f"].help_text.startswith("PDF, PNG, JPEG")
    request = rf.get("/")
    html = render_preview(request, {}, title="Paspoort")
    assert "Dit formulier heeft nog geen vragen" in html
    assert "Versturen" not in html


# -- a published version: its own form, read-only, as the citizen sees it ----------------


class _Frames(HTMLParser):
    """The ``srcdoc`` documents of a page's frames, as the browser reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.documents: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "iframe" and (document := dict(attrs).get("srcdoc")) is not None:
            self.documents.append(document)


def _frames(page: str) -> list[str]:
    parser = _Frames()
    parser.feed(page)
    return parser.documents


def _published_page(client, case_type: CaseType) -> str:
    response = client.get(f"/admin/catalog/casetype/{case_type.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_published_version_shows_its_form_as_the_citizen_sees_it(tenant_a):
    with tenant_a.active():
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(form_definition=FORM)
    client = tenant_a.client("admin")
    response = client.get(f"/admin/catalog/casetype/{tenant_a.case_type.pk}/change/")
    html = response.content.decode()

    # No editor, no JSON textarea and no script: only the rendered form and the export.
    assert "data-form-editor" not in html and "/static/achterkant/form-editor.js" not in html
    assert 'name="form_definition"' not in html
    assert "/static/achterkant/form-editor.css" in html
    assert 'data-testid="form-read-only"' in html and "Webformulier (e-loket)" in html
    export = f"/admin/catalog/casetype/{tenant_a.case_type.pk}/formulier.json"
    assert f'<a href="{export}" download data-testid="form-read-only-export">' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)

    [preview] = _frames(html)
    assert '<h1 class="utrecht-heading-1">Melding</h1>' in preview  # the product's name
    assert FORM["intro"] in preview
    for field in FORM["fields"]:
        assert field["label"] in preview
    # Required questions carry no mark, the others "(niet verplicht)", as in the portal.
    assert re.search(r'for="id_vanaf">\s*Vanaf wanneer\?\s*</label>', preview)
    assert re.search(r'for="id_kenteken">\s*Kenteken\s*\(niet verplicht\)', preview)
    assert re.search(r"Is het dringend\?\s*\(niet verplicht\)", preview)
    assert 'name="waar__postcode"' in preview and 'name="bewijs"' in preview
    assert "Versturen" in preview and "disabled" in preview
    # The very rendering of the live preview (one renderer, not two).
    live = client.post(PREVIEW_URL, {"definition": json.dumps(FORM)}).json()["html"]
    assert _fields_html(preview) == _fields_html(live)


def test_a_published_version_without_questions_says_so(tenant_a):
    html = _published_page(tenant_a.client("admin"), tenant_a.case_type)
    [preview] = _frames(html)
    assert "Dit formulier heeft nog geen vragen" in preview


def test_a_published_form_cannot_be_changed_in_the_admin(tenant_a):
    with tenant_a.active():
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(form_definition=FORM)
        case_type = CaseType.objects.get(pk=tenant_a.case_type.pk)
    client = tenant_a.client("admin")
    other = {"fields": [{"name": "naam", "label": "Uw naam", "type": "text"}]}
    # Only the end of validity is a field of a published version: a posted form is ignored.
    response = _change(
        client, case_type, valid_until="2026-12-31", form_definition=json.dumps(other)
    )
    assert response.status_code == 302, response.content.decode()
    with tenant_a.active():
        case_type.refresh_from_db()
    assert case_type.valid_until == date(2026, 12, 31)
    assert case_type.form_definition == FORM


def test_an_older_version_shows_its_own_form(tenant_a):
    old_form = {"fields": [{"name": "oud", "label": "Oude vraag", "type": "text"}]}
    new_form = {"fields": [{"name": "nieuw", "label": "Nieuwe vraag", "type": "text"}]}
    with tenant_a.active():
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(form_definition=old_form)
        newer = case_type_new_version(case_type=tenant_a.case_type, valid_from=date(2026, 6, 1))
        CaseType.objects.filter(pk=newer.pk).update(form_definition=new_form)
        case_type_publish(case_type=newer)
        older = CaseType.objects.get(pk=tenant_a.case_type.pk)
    assert older.valid_until == date(2026, 5, 31)  # superseded, still published
    client = tenant_a.client("admin")
    [old_preview] = _frames(_published_page(client, older))
    [new_preview] = _frames(_published_page(client, newer))
    assert "Oude vraag" in old_preview and "Nieuwe vraag" not in old_preview
    assert "Nieuwe vraag" in new_preview and "Oude vraag" not in new_preview
    old_export = client.get(f"/admin/catalog/casetype/{older.pk}/formulier.json")
    assert json.loads(old_export.content) == old_form
