"""The e-loket form editor in the admin: fields in a list, with a live preview.

A functional admin builds a case type's web form (``CaseType.form_definition``, see
:mod:`achterkant.catalog.form_definition`) as a list of fields instead of raw JSON. The
editor (``static/achterkant/form-editor.js``) keeps the JSON in the field's own textarea,
so what is stored is still the JSON, checked by the same validator; without JavaScript the
textarea is all there is.

The preview is rendered here, on the server, from the same form fields the portal builds
(:func:`achterkant.catalog.form_answers.answer_fields`) and with the same field template
(``achterkant/field.html``) and page styles, so it shows the form as the citizen sees it.
A published version cannot change: its page shows that same rendering of its own stored
form in a frame, without the editor and without JavaScript (:func:`render_read_only`).
"""

import json
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.html import escape, format_html

from achterkant.catalog.form_answers import ADDRESS_PARTS, answer_fields
from achterkant.catalog.form_definition import (
    FIELD_TYPES,
    PREFILL_SOURCES,
    form_fields,
    validate_form_definition,
)
from achterkant.catalog.models import CaseType, Product
from achterkant.tenancy.context import current_organisation

INVALID_JSON_MESSAGE = (
    "Dit is geen geldige JSON. Controleer haakjes, komma's en aanhalingstekens, of maak het "
    "formulier opnieuw met de velden hierboven."
)
NOT_AN_OBJECT_MESSAGE = 'Het formulier moet een JSON-object zijn: {"fields": […]}.'
# The portal shows this under a file field without its own help text (portal.request_form).
FILE_HELP = "PDF, PNG, JPEG, docx of odt. Maximaal 20 MB."
MAX_DEFINITION_BYTES = 200_000  # 50 fields of the longest texts fit easily


class FormDefinitionWidget(forms.Textarea):
    """The JSON textarea, wrapped in the editor's container; the script builds the editor."""

    template_name = "achterkant/widgets/form_definition.html"

    def __init__(self, attrs=None, *, preview_url: str = "") -> None:
        super().__init__({"rows": 12, "cols": 80, **(attrs or {})})
        self.preview_url = preview_url

    class Media:
        css = {"all": ["achterkant/form-editor.css"]}
        js = ["achterkant/form-editor.js"]

    def format_value(self, value):
        # Pretty JSON, so that the fallback textarea and the export read well.
        if value in (None, "", "null"):
            return "{}"
        try:
            return json.dumps(json.loads(value), ensure_ascii=False, indent=2)
        except (TypeError, ValueError):
            return value  # invalid input stays as the admin typed it

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["editor"] = {
            "preview_url": self.preview_url,
            "types": json.dumps(FIELD_TYPES, ensure_ascii=False),
            "prefill": json.dumps(PREFILL_SOURCES, ensure_ascii=False),
        }
        return context


class FormDefinitionField(forms.JSONField):
    """The stored JSON; empty means "not online" (``{}``). The model validates the rest."""

    default_error_messages = {"invalid": INVALID_JSON_MESSAGE}

    def __init__(self, *, preview_url: str = "", **kwargs) -> None:
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        kwargs["widget"] = FormDefinitionWidget(preview_url=preview_url)
        kwargs["required"] = False
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return {} if value is None else value

    def validate(self, value) -> None:
        super().validate(value)
        if not isinstance(value, dict):
            raise ValidationError(NOT_AN_OBJECT_MESSAGE, code="not_an_object")


def problems_by_field(definition: Any) -> tuple[list[str], dict[int, list[str]]]:
    """The validator's Dutch messages: those about the whole form, and those per field.

    A message names its field by number ("Veld 2, 'label': …") or by name ("Veld 'wat':
    …"); the editor shows it at that field. ``({}, {})`` for a valid definition.
    """
    try:
        validate_form_definition(definition)
    except ValidationError as error:
        messages = error.messages
    else:
        return [], {}
    fields = definition.get("fields") if isinstance(definition, dict) else None
    fields = fields if isinstance(fields, list) else []
    names = {
        field["name"]: index
        for index, field in reversed(list(enumerate(fields)))
        if isinstance(field, dict) and isinstance(field.get("name"), str)
    }
    general: list[str] = []
    per_field: dict[int, list[str]] = {}
    for message in messages:
        index = _field_index(message, names, len(fields))
        if index is None:
            general.append(message)
        else:
            per_field.setdefault(index, []).append(message)
    return general, per_field


_BY_NUMBER = re.compile(r"^Veld (\d+)[,:]")
_BY_NAME = re.compile(r"^Veld '([^']*)'")


def _field_index(message: str, names: dict[str, int], count: int) -> int | None:
    if match := _BY_NUMBER.match(message):
        index = int(match.group(1)) - 1
        return index if 0 <= index < count else None
    if match := _BY_NAME.match(message):
        return names.get(match.group(1))
    return None


def preview_form(definition: Any) -> tuple[forms.Form, list[dict]]:
    """An unbound form with the portal's fields for ``definition``, and the fields shown.

    Fields too incomplete to build (a choice without choices, a field without a name) are
    left out, so that the preview keeps up while the admin types; the errors say why.
    """
    fields: dict[str, forms.Field] = {}
    shown: list[dict] = []
    specs = form_fields(definition) if isinstance(definition, dict) else []
    for spec in specs if isinstance(specs, list) else []:
        try:
            spec_fields = answer_fields(spec)
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
        if spec["type"] == "file" and not spec.get("help"):
            spec_fields[spec["name"]].help_text = FILE_HELP
        fields.update(spec_fields)
        shown.append(spec)
    form_class = type("FormPreview", (forms.Form,), {})
    form_class.base_fields = fields
    return form_class(), shown  # the same ids as the portal: the preview has its own page


def render_preview(request: HttpRequest | None, definition: Any, *, title: str) -> str:
    """The citizen's request page for ``definition``, as a whole HTML document.

    Without a request (an admin display gets none) the organisation is the active one.
    """
    form, specs = preview_form(definition)
    addresses = {
        spec["name"]: [form[f"{spec['name']}__{part}"] for part in ADDRESS_PARTS]
        for spec in specs
        if spec["type"] == "address"
    }
    fields = {bound.name: bound for bound in form}
    intro = definition.get("intro", "") if isinstance(definition, dict) else ""
    context = {
        "title": title or "Aanvraagformulier",
        "intro": intro if isinstance(intro, str) else "",
        "rows": [(spec, fields.get(spec["name"]), addresses.get(spec["name"])) for spec in specs],
        "organisation": getattr(request, "organisation", None) or current_organisation(),
    }
    return render_to_string("admin/catalog/form_preview.html", context, request=request)


def render_read_only(case_type: CaseType, *, export_url: str) -> str:
    """The stored form of a version that cannot change, as the citizen sees it, and a link
    to its JSON: the preview's page in a sandboxed frame (``srcdoc``, so no JavaScript is
    needed and nothing can be sent), rendered from this version's own definition."""
    title = preview_title(case_type.identification, case_type.description)
    page = render_preview(None, case_type.form_definition or {}, title=title)
    return format_html(
        '<div class="achterkant-form-editor achterkant-form-editor--read-only" '
        'data-testid="form-read-only">'
        '<p class="help">Zo ziet de inwoner het formulier van deze versie in Mijn gemeente. '
        "Deze versie is gepubliceerd en verandert niet meer. Wilt u het formulier "
        "aanpassen? Maak dan een nieuwe versie van het zaaktype.</p>"
        '<iframe class="achterkant-form-editor__frame achterkant-form-editor__frame--read-only" '
        'sandbox="allow-same-origin" title="Voorbeeld van het formulier" '
        'data-testid="form-preview" srcdoc="{}"></iframe>'
        '<p><a href="{}" download data-testid="form-read-only-export">'
        "Formulier downloaden als JSON</a></p></div>",
        escape(page),  # the page is safe HTML, and so would not be escaped for the attribute
        export_url,
    )


def preview_title(identification: str, description: str) -> str:
    """The heading the citizen sees: the product's name, else the case type's description."""
    if identification:
        name = (
            Product.objects.filter(case_type_identification=identification)
            .order_by("name")
            .values_list("name", flat=True)
            .first()
        )
        if name:
            return name
    return description


def preview_response(request: HttpRequest) -> JsonResponse:
    """POST ``definition`` (JSON text): the preview page and the Dutch problems, as JSON."""
    text = request.POST.get("definition", "")
    if len(text) > MAX_DEFINITION_BYTES:
        return JsonResponse({"errors": ["Dit formulier is te groot."], "field_errors": {}})
    try:
        definition = json.loads(text) if text.strip() else {}
    except ValueError:
        return JsonResponse({"errors": [INVALID_JSON_MESSAGE], "field_errors": {}})
    if not isinstance(definition, dict):
        return JsonResponse({"errors": [NOT_AN_OBJECT_MESSAGE], "field_errors": {}})
    general, per_field = problems_by_field(definition)
    title = preview_title(
        request.POST.get("identification", "").strip(), request.POST.get("description", "")
    )
    return JsonResponse(
        {
            "html": render_preview(request, definition, title=title),
            "errors": general,
            "field_errors": {str(index): messages for index, messages in per_field.items()},
        }
    )


def export_response(case_type: CaseType) -> HttpResponse:
    """The stored form of ``case_type`` as a JSON file to download."""
    body = json.dumps(case_type.form_definition or {}, ensure_ascii=False, indent=2)
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", case_type.identification).strip("-") or "zaaktype"
    response = HttpResponse(body + "\n", content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="formulier-{name}-{case_type.valid_from:%Y-%m-%d}.json"'
    )
    return response
