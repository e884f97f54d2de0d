"""The web form of a case type, for showing only.

The fields come from the case type's form definition
(:func:`achterkant.catalog.form_answers.answer_fields`). This form checks nothing itself:
the service checks the answers, and :meth:`RequestForm.show_errors` puts its per-field
Dutch messages on the fields.
"""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict

from achterkant.catalog.form_answers import ADDRESS_PARTS, answer_fields
from achterkant.catalog.form_definition import form_fields
from achterkant.identity.lookup import PersonRecord

FILE_HELP = "PDF, PNG, JPEG, docx of odt. Maximaal 20 MB."


class RequestForm(forms.Form):
    """Built per case type; ``definition`` decides the fields."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, definition: dict, *args, person: PersonRecord | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition_fields = form_fields(definition)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
        for spec in self.definition_fields:
            fields = answer_fields(spec)
            if spec["type"] == "file" and not spec.get("help"):
                fields[spec["name"]].help_text = FILE_HELP
            self.fields.update(fields)
            if person is not None:
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
