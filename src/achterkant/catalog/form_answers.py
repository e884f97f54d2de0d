"""The answers to a case type's web form (e-loket): checked field by field, in Dutch.

The form definition (see :mod:`achterkant.catalog.form_definition`) says which fields there
are; this module says what a valid answer to each is. It is the one rule for every channel
that takes these answers: the service that opens the case calls :func:`clean_answers`, and
a web form only shows the fields of :func:`answer_fields` and the errors it gets back.

Fields the definition does not name are never read, so unknown fields are ignored. An
address field takes three values, ``<name>__postcode``, ``<name>__huisnummer`` and
``<name>__toevoeging``; errors use those same keys.

The content of an uploaded file (its real type, its size) is checked by the caller's
``check_file``, because the rules for stored documents belong to the cases app.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import date_format

from achterkant.catalog.form_definition import form_fields
from achterkant.identity.lookup import PersonRecord
from achterkant.identity.validators import clean_postcode

ADDRESS_PARTS = ("postcode", "huisnummer", "toevoeging")


@dataclass(frozen=True)
class CleanedAnswers:
    """Valid answers, in the three shapes the case needs."""

    answers: dict = field(default_factory=dict)  # field name -> plain JSON value, for the record
    lines: list[tuple[str, str]] = field(default_factory=list)  # (question, answer) as read
    uploads: list[tuple[str, UploadedFile]] = field(default_factory=list)  # (question, file)
    description: str = ""  # the answer marked ``description``, for the case's short description
    postcode: str = ""  # of the first address, for routing


def answer_fields(spec: dict) -> dict[str, forms.Field]:
    """The form field(s) for one field of the definition, by the key its value is sent under.

    An address gives three fields; every other type one, under its own name.
    """
    if spec["type"] == "address":
        required = spec.get("required", False)
        label, name = spec["label"], spec["name"]
        return {
            f"{name}__postcode": forms.CharField(
                label=f"{label}: postcode", max_length=7, required=required,
                help_text=spec.get("help", ""),
            ),
            f"{name}__huisnummer": forms.IntegerField(
                label=f"{label}: huisnummer", min_value=1, max_value=99999, required=required
            ),
            f"{name}__toevoeging": forms.CharField(
                label=f"{label}: toevoeging", max_length=4, required=False
            ),
        }  # fmt: skip
    return {spec["name"]: _field(spec)}


def clean_answers(
    definition: dict | None,
    data: Mapping[str, Any],
    files: Mapping[str, UploadedFile] | None = None,
    *,
    check_file: Callable[[UploadedFile], object] | None = None,
    person: PersonRecord | None = None,
) -> CleanedAnswers:
    """The checked answers to ``definition``; or a ValidationError with Dutch messages per key.

    ``data`` holds the submitted values (strings, as a web form sends them) and ``files``
    the uploads, both by the keys of :func:`answer_fields`. ``check_file`` checks the
    content of each upload and raises a ValidationError to refuse it. ``person`` is the
    citizen's own register record, if known: an address that matches it gets its street and
    city. Nothing is stored here.
    """
    files = files or {}
    specs = form_fields(definition)
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for spec in specs:
        for key, form_field in answer_fields(spec).items():
            raw = files.get(key) if spec["type"] == "file" else data.get(key)
            try:
                values[key] = form_field.clean(raw)
            except ValidationError as error:
                errors[key] = error.messages
        if spec["type"] == "address":
            key = f"{spec['name']}__postcode"
            if values.get(key):
                try:
                    values[key] = clean_postcode(values[key])
                except ValidationError as error:
                    errors[key] = error.messages
        elif spec["type"] == "file" and values.get(spec["name"]) and check_file is not None:
            try:
                check_file(values[spec["name"]])
            except ValidationError as error:
                errors[spec["name"]] = _messages(error)
    if errors:
        raise ValidationError(errors)
    return _collect(specs, values, person)


def _collect(specs: list[dict], values: dict, person: PersonRecord | None) -> CleanedAnswers:
    answers, lines, uploads = {}, [], []
    description, postcode = "", ""
    for spec in specs:
        name, label = spec["name"], spec["label"]
        if spec["type"] == "address":
            address = _address(name, values, person)
            if address is None:
                continue
            answers[name] = address
            lines.append((label, _address_line(address)))
            postcode = postcode or address["postcode"]
            continue
        value = values.get(name)
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
    return CleanedAnswers(
        answers=answers, lines=lines, uploads=uploads, description=description,
        postcode=postcode,
    )  # fmt: skip


def _address(name: str, values: dict, person: PersonRecord | None) -> dict | None:
    postcode = values.get(f"{name}__postcode")
    number = values.get(f"{name}__huisnummer")
    if not postcode or not number:
        return None
    addition = (values.get(f"{name}__toevoeging") or "").strip()
    address = {"postcode": postcode, "house_number": number, "addition": addition}
    # Completed from the person register where we can: the citizen's own address.
    if (
        person is not None
        and not person.secret
        and person.postcode.replace(" ", "") == postcode
        and person.house_number == number
    ):
        address.update(street=person.street, city=person.city)
    return address


def _field(spec: dict) -> forms.Field:
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
        return forms.FileField(**common)
    raise ValueError(f"Unknown field type {kind!r}")  # the schema rules this out


def _messages(error: ValidationError) -> list[str]:
    """All messages of an error, whether it names fields (``{"file": ...}``) or not."""
    if hasattr(error, "error_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return error.messages


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
