"""Turn a case type's form definition into a Django form, and its answers into a WebRequest.

Validation is server-side and per field, in Dutch. Fields the definition does not name are
never read, so unknown fields in a POST are ignored.
"""

import uuid
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format

from achterkant.cases.services.documents import check_upload
from achterkant.cases.services.web_requests import WebRequest
from achterkant.catalog.form_definition import form_fields
from achterkant.identity.lookup import PersonRecord
from achterkant.identity.validators import clean_postcode

ADDRESS_PARTS = ("postcode", "huisnummer", "toevoeging")


class RequestForm(forms.Form):
    """Built per case type; ``definition`` decides the fields."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, definition: dict, *args, person: PersonRecord | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition_fields = form_fields(definition)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
        for spec in self.definition_fields:
            if spec["type"] == "address":
                self._add_address(spec, person)
            else:
                self.fields[spec["name"]] = _django_field(spec)
                if person is not None and spec.get("prefill"):
                    self.initial.setdefault(spec["name"], _prefill(spec["prefill"], person))

    def _add_address(self, spec: dict, person: PersonRecord | None) -> None:
        required = spec.get("required", False)
        name = spec["name"]
        self.fields[f"{name}__postcode"] = forms.CharField(
            label=f"{spec['label']}: postcode", max_length=7, required=required,
            help_text=spec.get("help", ""),
        )  # fmt: skip
        self.fields[f"{name}__huisnummer"] = forms.IntegerField(
            label=f"{spec['label']}: huisnummer", min_value=1, max_value=99999, required=required
        )
        self.fields[f"{name}__toevoeging"] = forms.CharField(
            label=f"{spec['label']}: toevoeging", max_length=4, required=False
        )
        if person is not None and spec.get("prefill") == "address" and not person.secret:
            self.initial.setdefault(f"{name}__postcode", person.postcode)
            self.initial.setdefault(f"{name}__huisnummer", person.house_number)
            self.initial.setdefault(f"{name}__toevoeging", person.house_number_addition)

    def clean(self):
        cleaned = super().clean()
        for spec in self.definition_fields:
            name = spec["name"]
            if spec["type"] == "address":
                postcode = cleaned.get(f"{name}__postcode")
                if postcode:
                    try:
                        cleaned[f"{name}__postcode"] = clean_postcode(postcode)
                    except ValidationError as error:
                        self.add_error(f"{name}__postcode", error)
            elif spec["type"] == "file" and cleaned.get(name):
                try:
                    check_upload(cleaned[name])
                except ValidationError as error:
                    self.add_error(name, error.message_dict.get("file", error.messages))
        return cleaned

    def address_groups(self) -> dict[str, list]:
        """The three bound fields of each address, by field name (for the template)."""
        return {
            spec["name"]: [self[f"{spec['name']}__{part}"] for part in ADDRESS_PARTS]
            for spec in self.definition_fields
            if spec["type"] == "address"
        }

    def to_web_request(self, person: PersonRecord | None) -> WebRequest:
        """The checked answers, for the case and the record. Call after ``is_valid()``."""
        answers, lines, uploads = {}, [], []
        description, postcode = "", ""
        for spec in self.definition_fields:
            name, label = spec["name"], spec["label"]
            if spec["type"] == "address":
                address = self._address(name, person)
                if address is None:
                    continue
                answers[name] = address
                lines.append((label, _address_line(address)))
                postcode = postcode or address["postcode"]
                continue
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if spec["type"] == "file":
                uploads.append((label, value))
                answers[name] = {"file": True, "size": value.size}
                lines.append((label, "zie bijgevoegd document"))
                continue
            answers[name], shown = _plain(value, spec)
            lines.append((label, shown))
            if spec.get("description"):
                description = shown[:80]
        return WebRequest(
            answers=answers, lines=lines, uploads=uploads, description=description,
            postcode=postcode,
        )  # fmt: skip

    def _address(self, name: str, person: PersonRecord | None) -> dict | None:
        postcode = self.cleaned_data.get(f"{name}__postcode")
        number = self.cleaned_data.get(f"{name}__huisnummer")
        if not postcode or not number:
            return None
        addition = self.cleaned_data.get(f"{name}__toevoeging", "").strip()
        address = {"postcode": postcode, "house_number": number, "addition": addition}
        # Looked up in the person register where we can: the citizen's own address.
        if (
            person is not None
            and not person.secret
            and person.postcode.replace(" ", "") == postcode
            and person.house_number == number
        ):
            address.update(street=person.street, city=person.city)
        return address


def _django_field(spec: dict) -> forms.Field:
    common = {
        "label": spec["label"],
        "required": spec.get("required", False),
        "help_text": spec.get("help", ""),
    }
    kind = spec["type"]
    if kind == "text":
        return forms.CharField(max_length=spec.get("max_length", 200), **common)
    if kind == "long_text":
        return forms.CharField(
            max_length=spec.get("max_length", 5000), widget=forms.Textarea(attrs={"rows": 5}),
            **common,
        )  # fmt: skip
    if kind == "number":
        return forms.DecimalField(
            min_value=spec.get("min"), max_value=spec.get("max"), max_digits=15,
            decimal_places=2, localize=True, **common,
        )  # fmt: skip
    if kind == "date":
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%d-%m-%Y"],
            **common,
        )
    if kind == "choice":
        choices = [("", "Maak een keuze")] + [(c, c) for c in spec["choices"]]
        return forms.ChoiceField(choices=choices, **common)
    if kind == "yes_no":
        return forms.ChoiceField(
            choices=[("ja", "Ja"), ("nee", "Nee")], widget=forms.RadioSelect, **common
        )
    if kind == "file":
        common["help_text"] = common["help_text"] or "PDF, PNG, JPEG, docx of odt. Maximaal 20 MB."
        return forms.FileField(**common)
    raise ValueError(f"Unknown field type {kind!r}")  # the schema rules this out


def _prefill(source: str, person: PersonRecord) -> str:
    return {"name": person.full_name, "email": person.email, "phone": person.phone}.get(source, "")


def _plain(value, spec: dict) -> tuple[object, str]:
    """A JSON-safe value to keep, and the answer as the case worker reads it."""
    if isinstance(value, date):
        return value.isoformat(), date_format(value, "j F Y")
    if isinstance(value, Decimal):
        number = int(value) if value == value.to_integral_value() else float(value)
        return number, str(number).replace(".", ",")
    if spec["type"] == "yes_no":
        return value == "ja", "ja" if value == "ja" else "nee"
    return value, str(value)


def _address_line(address: dict) -> str:
    number = f"{address['house_number']}{address['addition']}"
    if address.get("street"):
        return f"{address['street']} {number}, {address['postcode']} {address['city']}"
    return f"{address['postcode']} {number}"
