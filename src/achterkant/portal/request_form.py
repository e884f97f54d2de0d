"""The web form of a case type, for showing only.

The fields come from the case type's form definition
(:func:`achterkant.catalog.form_answers.answer_fields`). This form checks nothing itself:
the service checks the answers, and :meth:`RequestForm.show_errors` puts its per-field
Dutch messages on the fields.
"""

import copy
import json
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict

from achterkant.catalog.form_answers import ADDRESS_PARTS, answer_fields
from achterkant.catalog.form_definition import form_fields
from achterkant.identity.lookup import PersonRecord

FILE_HELP = "PDF, PNG, JPEG, docx of odt. Maximaal 20 MB."


class RequestForm(forms.Form):
    """The fields of one form definition: use :func:`request_form_class`."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    definition_fields: tuple[dict, ...] = ()  # the definition's fields, in order

    def __init__(self, *args, person: PersonRecord | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
        if person is not None:
            for spec in self.definition_fields:
                self._prefill(spec, person)

    def full_clean(self):
        """No rules here: the service checks the answers (see ``show_errors``)."""
        self._errors = ErrorDict(renderer=self.renderer)
        self.cleaned_data = {}

    def show_errors(self, error: ValidationError) -> None:
        """Put the service's messages on the fields they name; the rest above the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for key, messages in error.message_dict.items():
            shown_at = key if key in self.fields and key != "submission_key" else None
            self.add_error(shown_at, messages)

    def address_groups(self) -> dict[str, list]:
        """The three bound fields of each address, by field name (for the template)."""
        return {
            spec["name"]: [self[f"{spec['name']}__{part}"] for part in ADDRESS_PARTS]
            for spec in self.definition_fields
            if spec["type"] == "address"
        }

    def _prefill(self, spec: dict, person: PersonRecord) -> None:
        name, source = spec["name"], spec.get("prefill")
        if not source:
            return
        if spec["type"] == "address":
            if source == "address" and not person.secret:
                self.initial.setdefault(f"{name}__postcode", person.postcode)
                self.initial.setdefault(f"{name}__huisnummer", person.house_number)
                self.initial.setdefault(f"{name}__toevoeging", person.house_number_addition)
            return
        known = {"name": person.full_name, "email": person.email, "phone": person.phone}
        self.initial.setdefault(name, known.get(source, ""))


def request_form_class(definition: dict) -> type[RequestForm]:
    """The form class of a case type's form definition.

    Built once per process for each definition (by its content, so an edited definition
    is a new class and nothing needs invalidating), not per request: each form then only
    copies the fields, as every Django form does.
    """
    key = json.dumps(definition, sort_keys=True)
    form_class = _classes.get(key)
    if form_class is None:
        if len(_classes) >= 256:
            _classes.clear()
        form_class = _classes[key] = _form_class(copy.deepcopy(definition))
    return form_class


_classes: dict[str, type[RequestForm]] = {}  # definition as JSON -> its form class


def _form_class(definition: dict) -> type[RequestForm]:
    specs = tuple(form_fields(definition))
    fields: dict[str, forms.Field] = {}
    for spec in specs:
        spec_fields = answer_fields(spec)
        if spec["type"] == "file" and not spec.get("help"):
            spec_fields[spec["name"]].help_text = FILE_HELP
        fields.update(spec_fields)
    form_class = type("RequestForm", (RequestForm,), {"definition_fields": specs})
    # Set after the class is made, not declared: a field may have any name the definition
    # allows, also one the form class uses (as the per-instance ``fields.update`` allowed).
    form_class.base_fields = {**RequestForm.base_fields, **fields}
    return form_class
