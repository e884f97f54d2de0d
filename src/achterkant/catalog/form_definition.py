"""The web form of a case type (e-loket): a JSON definition, checked against a schema on save.

A definition looks like::

    {"intro": "Meld hier een probleem in de openbare ruimte.",
     "fields": [
        {"name": "locatie", "label": "Waar is het?", "type": "address", "required": true},
        {"name": "wat", "label": "Wat is er aan de hand?", "type": "long_text",
         "required": true, "max_length": 2000, "description": true},
        {"name": "foto", "label": "Foto", "type": "file"}
     ]}

``description: true`` makes that answer the case's short description. The first address
field feeds routing by postcode. It is part of the case type version, so a published form
changes only with a new version: a case always knows the form it was filed with.
"""

from functools import cache
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    import jsonschema

FIELD_TYPES = {
    "text": "tekst (één regel)",
    "long_text": "lange tekst",
    "number": "getal",
    "date": "datum",
    "choice": "keuze",
    "yes_no": "ja/nee",
    "address": "adres (postcode en huisnummer)",
    "file": "bestand",
}
PREFILL_SOURCES = {
    "name": "naam",
    "email": "e-mailadres",
    "phone": "telefoonnummer",
    "address": "adres",
}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["fields"],
    "additionalProperties": False,
    "properties": {
        "intro": {"type": "string", "maxLength": 2000},
        "fields": {
            "type": "array",
            "minItems": 1,
            "maxItems": 50,
            "items": {
                "type": "object",
                "required": ["name", "label", "type"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,39}$"},
                    "label": {"type": "string", "minLength": 1, "maxLength": 200},
                    "help": {"type": "string", "maxLength": 500},
                    "type": {"enum": list(FIELD_TYPES)},
                    "required": {"type": "boolean"},
                    "max_length": {"type": "integer", "minimum": 1, "maximum": 10000},
                    "min": {"type": "number"},
                    "max": {"type": "number"},
                    "choices": {
                        "type": "array",
                        "minItems": 2,
                        "items": {"type": "string", "minLength": 1, "maxLength": 200},
                    },
                    "prefill": {"enum": list(PREFILL_SOURCES)},
                    "description": {"type": "boolean"},
                },
                "allOf": [
                    {
                        "if": {"properties": {"type": {"const": "choice"}}},
                        "then": {"required": ["choices"]},
                    }
                ],
            },
        },
    },
}


@cache
def _validator() -> "jsonschema.Draft202012Validator":
    # Imported at the first check (an admin saving a case type), not in every web process.
    import jsonschema

    return jsonschema.Draft202012Validator(SCHEMA)


# Names the web form uses itself; an address field adds "<name>__postcode" and so on.
RESERVED_NAMES = {"submission_key", "csrfmiddlewaretoken"}


def validate_form_definition(definition: Any) -> None:
    """Raise a ValidationError with one Dutch line per problem; an empty definition is fine."""
    if definition in ({}, None, ""):
        return
    problems = [_explain(error) for error in _validator().iter_errors(definition)]
    if not problems:
        problems = _semantic_problems(definition["fields"])
    if problems:
        raise ValidationError(sorted(set(problems)))


def form_fields(definition: dict | None) -> list[dict]:
    return list((definition or {}).get("fields", []))


def _semantic_problems(fields: list[dict]) -> list[str]:
    problems = []
    names = [field["name"] for field in fields]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"De veldnaam '{name}' komt meer dan eens voor. Elke naam mag één keer.")
    for field in fields:
        where = f"Veld '{field['name']}'"
        if field["name"] in RESERVED_NAMES or "__" in field["name"]:
            problems.append(f"{where}: deze naam is gereserveerd. Kies een andere, zonder '__'.")
        for key in ("min", "max"):
            if key in field and not _fits_number_field(field[key]):
                problems.append(f"{where}: '{key}' mag hoogstens 2 cijfers achter de komma "
                                "hebben en moet kleiner zijn dan 10 biljoen.")  # fmt: skip
        if "min" in field and "max" in field and field["min"] > field["max"]:
            problems.append(f"{where}: 'min' is groter dan 'max'.")
        if field.get("choices") and len(set(field["choices"])) != len(field["choices"]):
            problems.append(f"{where}: een keuze komt meer dan eens voor.")
        if field.get("prefill") == "address" and field["type"] != "address":
            problems.append(f"{where}: 'prefill: address' kan alleen bij een adresveld.")
        if field.get("prefill") in {"name", "email", "phone"} and field["type"] != "text":
            problems.append(f"{where}: vooraf invullen met naam, e-mail of telefoon kan alleen "
                            "bij een tekstveld.")  # fmt: skip
        if field.get("description") and field["type"] not in {"text", "long_text", "choice"}:
            problems.append(f"{where}: 'description' kan alleen bij tekst of keuze.")
    if sum(1 for field in fields if field.get("description")) > 1:
        problems.append("Maar één veld mag 'description' hebben.")
    return problems


def _fits_number_field(value: float) -> bool:
    """Answers are kept as numbers with 2 decimals and at most 13 digits before them."""
    return abs(value) < 10**13 and round(value, 2) == value


def _explain(error: "jsonschema.ValidationError") -> str:
    """One Dutch sentence for a schema error, saying where it is."""
    where = _location(error.absolute_path)
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        return f"{where}: het onderdeel '{missing}' ontbreekt."
    if kind == "additionalProperties":
        return f"{where}: onbekend onderdeel. {_unknown_keys(error)}"
    if kind == "enum":
        return f"{where}: kies een van {', '.join(map(str, error.validator_value))}."
    if kind == "pattern":
        return (f"{where}: gebruik alleen kleine letters, cijfers en _, en begin met een "
                "letter (maximaal 40 tekens).")  # fmt: skip
    if kind == "type":
        expected = {"object": "een object {…}", "array": "een lijst […]", "string": "tekst",
                    "boolean": "true of false", "integer": "een heel getal",
                    "number": "een getal"}  # fmt: skip
        return f"{where}: moet {expected.get(error.validator_value, error.validator_value)} zijn."
    if kind in {"minItems", "maxItems"}:
        return f"{where}: {'te weinig' if kind == 'minItems' else 'te veel'} onderdelen."
    if kind in {"minLength", "maxLength", "minimum", "maximum"}:
        return f"{where}: waarde is te {'kort of klein' if 'min' in kind else 'lang of groot'}."
    return f"{where}: {error.message}"


def _unknown_keys(error: "jsonschema.ValidationError") -> str:
    allowed = error.schema.get("properties", {})
    unknown = sorted(set(error.instance) - set(allowed))
    return f"Niet toegestaan: {', '.join(unknown)}. Wel: {', '.join(allowed)}."


def _location(path) -> str:
    parts = list(path)
    if not parts:
        return "Het formulier"
    if parts[0] == "fields" and len(parts) >= 2:
        text = f"Veld {parts[1] + 1}"
        if len(parts) >= 3:
            text += f", '{parts[2]}'"
        return text
    return f"'{parts[0]}'"
