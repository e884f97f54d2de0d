"""Reading a Catalogi API request body into model values, field by field.

Each resource declares its fields once (:class:`F`): the API name, the model field, the
kind and whether it is required. :func:`parse` turns a JSON body into ``values`` (model
field -> value) and ``relations`` (many-to-many field -> rows), collecting every error
with the standard's code (``required``, ``invalid``, ``max_length``, ``does_not_exist``...)
before answering, so a caller sees all that is wrong at once. The same declaration maps a
service's model-field error back to the API name (:func:`api_name`).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest

from achterkant.api.problems import InvalidInput, InvalidParam
from achterkant.api.resources import CATALOGI, local_uuid
from achterkant.worktime.durations import parse_iso_duration

STR, TEXT, BOOL, INT, DATE, DURATION, LIST, JSON, REF, REFS, OBJECT, INTSTR, GROUP, RELATED = (
    "str", "text", "bool", "int", "date", "duration", "list", "json", "ref", "refs", "object",
    "intstr", "group", "related",
)  # fmt: skip
AARD_RELATIE = ("vervolg", "bijdrage", "onderwerp")


@dataclass(frozen=True)
class F:
    """One field of a request body."""

    api: str
    model: str | None
    kind: str = STR
    required: bool = False
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    # REF / REFS: (API resource name, model); OBJECT: the nested fields, each in its own
    # model field; GROUP: the nested fields, kept together as one JSON object (``model`` of
    # a nested field is then its key in that object).
    target: tuple[str, Any] | None = None
    fields: tuple["F", ...] = ()
    # REF: resolve a value that is not a URL of ours (ZIOT's informatieobjecttype by name).
    resolve: Callable[[HttpRequest, str, dict], Any] | None = None
    null_means: Any = field(default=None)


class Body(dict):
    """The parsed body: ``values`` for the model, ``relations`` for many-to-many fields."""


def load_json(request: HttpRequest) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError as error:
        raise InvalidInput([InvalidParam("nonFieldErrors", "parse_error", str(error))]) from error
    if not isinstance(data, dict):
        raise InvalidInput([InvalidParam("nonFieldErrors", "invalid", "Verwacht een object.")])
    return data


def _invalid(errors: list, name: str, code: str, reason: str) -> None:
    errors.append(InvalidParam(name, code, reason))


def _lookup(request: HttpRequest, spec: F, url: Any, name: str, errors: list, context: dict):
    resource, model = spec.target
    if not isinstance(url, str) or not url:
        _invalid(errors, name, "invalid", "Geef een URL.")
        return None
    uuid = local_uuid(request, url, CATALOGI, resource)
    if uuid is None and spec.resolve is not None:
        row = spec.resolve(request, url, context)
        if row is None:
            _invalid(errors, name, "does_not_exist", f"'{url}' is niet gevonden.")
        return row
    if uuid is None:
        _invalid(errors, name, "bad-url", f"'{url}' is geen {resource}-URL van deze API.")
        return None
    row = model.objects.filter(uuid=uuid).first()
    if row is None:
        _invalid(errors, name, "does_not_exist", f"'{url}' bestaat niet.")
    return row


def _value(request, spec: F, raw: Any, name: str, errors: list, context: dict):  # noqa: C901
    kind = spec.kind
    if raw is None:
        if spec.required and kind in (REF, DATE, BOOL, INT):
            _invalid(errors, name, "null", "Dit veld mag niet leeg zijn.")
            return None
        return spec.null_means if spec.null_means is not None else _empty(kind)
    if kind in (STR, TEXT):
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            raw = str(raw)  # as the reference implementation's CharField: 2 -> "2"
        if not isinstance(raw, str):
            _invalid(errors, name, "invalid", "Geef tekst.")
            return None
        if spec.required and not raw.strip():
            _invalid(errors, name, "blank", "Dit veld mag niet leeg zijn.")
        if spec.max_length and len(raw) > spec.max_length:
            _invalid(errors, name, "max_length", f"Ten hoogste {spec.max_length} tekens.")
        if spec.choices and raw not in spec.choices and (raw or spec.required):
            _invalid(errors, name, "invalid_choice", f"'{raw}' is geen geldige keuze.")
        return raw
    if kind == BOOL:
        if not isinstance(raw, bool):
            _invalid(errors, name, "invalid", "Geef true of false.")
        return raw
    if kind == INT:
        if isinstance(raw, bool) or not isinstance(raw, int):
            _invalid(errors, name, "invalid", "Geef een geheel getal.")
        return raw
    if kind == INTSTR:  # a number written as text ("lengte": "5")
        text = str(raw).strip()
        if isinstance(raw, bool) or not text.isdigit():
            _invalid(errors, name, "invalid", "Geef een geheel getal.")
            return None
        return int(text)
    if kind == DATE:
        try:
            return date.fromisoformat(raw)
        except (TypeError, ValueError):
            _invalid(errors, name, "invalid", "Geef een datum als JJJJ-MM-DD.")
            return None
    if kind == DURATION:
        if raw == "":
            return ""
        try:
            parse_iso_duration(raw)
        except (ValidationError, TypeError, ValueError):
            _invalid(errors, name, "invalid", "Geef een ISO 8601-duur, bijv. P8W.")
        return raw
    if kind == GROUP:
        if not isinstance(raw, dict):
            _invalid(errors, name, "invalid", "Geef een object.")
            return None
        if not any(raw.values()):  # the group as it reads when not set: a read body sent back
            return {}
        group: dict = {}
        _parse_into(request, spec.fields, raw, f"{name}.", False, group, {}, errors, context)
        return group
    if kind in (LIST, JSON):
        if kind == LIST and not isinstance(raw, list):
            _invalid(errors, name, "not_a_list", "Geef een lijst.")
            return []
        return raw
    if kind == RELATED:
        return _related_case_types(raw, name, errors)
    if kind == REF:
        return _lookup(request, spec, raw, name, errors, context)
    if kind == REFS:
        if not isinstance(raw, list):
            _invalid(errors, name, "not_a_list", "Geef een lijst met URL's.")
            return []
        rows = [_lookup(request, spec, url, name, errors, context) for url in raw]
        return [row for row in rows if row is not None]
    raise AssertionError(kind)


def _related_case_types(raw: Any, name: str, errors: list) -> list[dict]:
    """``gerelateerdeZaaktypen`` (ZaakTypenRelatieCreate): each zaaktype by its
    identificatie (or a URL), with its aardRelatie. ``aard_relatie`` is read too, as the
    reference implementation does (the official suite writes it so)."""
    if not isinstance(raw, list):
        _invalid(errors, name, "not_a_list", "Geef een lijst.")
        return []
    relations = []
    for index, item in enumerate(raw):
        at = f"{name}.{index}"
        if not isinstance(item, dict):
            _invalid(errors, at, "invalid", "Geef een object met zaaktype en aardRelatie.")
            continue
        case_type = item.get("zaaktype")
        nature = item.get("aardRelatie", item.get("aard_relatie"))
        explanation = item.get("toelichting") or ""
        if not isinstance(case_type, str) or not case_type.strip():
            _invalid(errors, f"{at}.zaaktype", "required", "Dit veld is vereist.")
        elif len(case_type) > 200:
            _invalid(errors, f"{at}.zaaktype", "max_length", "Ten hoogste 200 tekens.")
        if nature not in AARD_RELATIE:
            code = "required" if nature is None else "invalid_choice"
            _invalid(errors, f"{at}.aardRelatie", code, f"Kies uit {', '.join(AARD_RELATIE)}.")
        if not isinstance(explanation, str) or len(explanation) > 255:
            _invalid(errors, f"{at}.toelichting", "max_length", "Tekst van ten hoogste 255 tekens.")
        relations.append({"zaaktype": case_type, "aardRelatie": nature, "toelichting": explanation})
    return relations


def _empty(kind: str):
    return {STR: "", TEXT: "", DURATION: "", LIST: [], RELATED: [], REFS: [], JSON: None,
            GROUP: {}}.get(kind)  # fmt: skip


def _parse_into(request, specs, data, prefix, partial, values, relations, errors, context):
    for spec in specs:
        name = f"{prefix}{spec.api}"
        if spec.api not in data:
            if spec.required and not partial:
                _invalid(errors, name, "required", "Dit veld is vereist.")
            continue
        raw = data[spec.api]
        if spec.kind == OBJECT:
            if raw is None:
                continue
            if not isinstance(raw, dict):
                _invalid(errors, name, "invalid", "Geef een object.")
                continue
            _parse_into(request, spec.fields, raw, f"{name}.", False, values, relations,
                        errors, context)  # fmt: skip
            continue
        value = _value(request, spec, raw, name, errors, {**context, "values": values})
        if spec.model is None:
            continue
        if spec.kind == REFS:
            relations[spec.model] = value
        else:
            values[spec.model] = value


def parse(
    request: HttpRequest, specs: tuple[F, ...], *, partial: bool, context: dict | None = None
) -> tuple[dict, dict]:
    """``(values, relations)`` of the request's body; a 400 with every error otherwise."""
    data = load_json(request)
    values: dict = {}
    relations: dict = {}
    errors: list[InvalidParam] = []
    _parse_into(request, specs, data, "", partial, values, relations, errors, context or {})
    if errors:
        raise InvalidInput(errors)
    return values, relations


def api_name(specs: tuple[F, ...], model_field: str, prefix: str = "") -> str | None:
    for spec in specs:
        if spec.kind == OBJECT:
            found = api_name(spec.fields, model_field, f"{prefix}{spec.api}.")
            if found:
                return found
        elif spec.model == model_field:
            return f"{prefix}{spec.api}"
    return None


def invalid_input(specs: tuple[F, ...], error: ValidationError) -> InvalidInput:
    """A service's ValidationError as the standard's 400, with API field names."""
    params = []
    if hasattr(error, "error_dict"):
        for model_field, errors in error.error_dict.items():
            if model_field == NON_FIELD_ERRORS:
                name = "nonFieldErrors"
            else:
                name = api_name(specs, model_field) or model_field
            for item in errors:
                code = item.code or "invalid"
                if code == "unique_together" or code == "unique":
                    code = "unique"
                params.append(InvalidParam(name, code, " ".join(item.messages)))
    else:
        for item in error.error_list:
            params.append(
                InvalidParam("nonFieldErrors", item.code or "invalid", " ".join(item.messages))
            )
    return InvalidInput(params)
