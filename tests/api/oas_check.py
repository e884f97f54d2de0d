"""Check a test client's response against the official OAS of its component, as schemathesis'
``response_schema_conformance`` does: the schema the OAS gives for the operation and status,
with ``nullable``, formats and ``$ref`` as OpenAPI 3.0 reads them.

The OAS is the file we serve (``api/data``, VNG's own text), so a test that uses this checks
our representation against the standard, not against our own idea of it.
"""

import re
from functools import lru_cache

import jsonschema_rs
from jsonschema import FormatChecker
from openapi_schema_validator import OAS30Validator

from achterkant.api.oas import load_oas


def _format_checker() -> FormatChecker:
    """Formats checked as schemathesis checks them: jsonschema-rs, Draft 4 (which OpenAPI 3.0
    is built on), with format validation on. So ``uri`` and ``email`` are checked, and
    ``duration`` (a later draft's format) is not."""
    checker = FormatChecker(())
    for name in ("date", "date-time", "email", "uri", "uri-reference", "uuid", "hostname",
                 "ipv4", "ipv6"):  # fmt: skip
        validator = jsonschema_rs.Draft4Validator({"format": name}, validate_formats=True)
        checker.checks(name)(validator.is_valid)
    return checker


_FORMATS = _format_checker()


def _operation(document: dict, method: str, path: str) -> dict:
    """The operation whose path template matches ``path`` (``/zaaktypen/<uuid>``)."""
    for template, item in document["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path) and method.lower() in item:
            return item[method.lower()]
    raise AssertionError(f"{method} {path} is not an operation of the OAS")


@lru_cache(maxsize=64)
def _validator(filename: str, method: str, template_path: str, status: str, content_type: str):
    """The validator for that answer, or a string saying why the OAS has none."""
    document = load_oas(filename)
    operation = _operation(document, method, template_path)
    response = operation["responses"].get(status) or operation["responses"].get("default")
    if response is None:
        return f"status {status} is not in the OAS ({sorted(operation['responses'])})"
    content = response.get("content") or {}
    if content_type not in content:
        return f"{content_type} is not in the OAS for {status} ({sorted(content)})"
    return schema_validator(filename, content[content_type]["schema"])


def _nullable_as_schemathesis(schema):
    """``schema`` with ``nullable: true`` read as schemathesis reads it: null is allowed
    where it is written, also beside ``allOf: [$ref]`` without a ``type`` (the generator's
    way of writing a nullable object; OpenAPI 3.0.3 would make that ``nullable`` void, so
    ``openapi-schema-validator`` refuses the null the OAS means to allow)."""
    if isinstance(schema, list):
        return [_nullable_as_schemathesis(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    schema = {key: _nullable_as_schemathesis(value) for key, value in schema.items()}
    if schema.get("nullable") is True and "type" not in schema:
        rest = {key: value for key, value in schema.items() if key != "nullable"}
        return {"anyOf": [rest, {"enum": [None]}]}
    return schema


@lru_cache(maxsize=8)
def _components(filename: str) -> dict:
    return _nullable_as_schemathesis(load_oas(filename)["components"])


def schema_validator(filename: str, schema: dict) -> OAS30Validator:
    """A validator of ``schema`` (may be a ``$ref``) within the OAS ``filename``."""
    return OAS30Validator(
        {**_nullable_as_schemathesis(schema), "components": _components(filename)},
        format_checker=_FORMATS,
    )


def errors(validator: OAS30Validator, body) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(body)'}: {error.message}"
        for error in validator.iter_errors(body)
    ]


def violations(filename: str, base: str, method: str, url: str, response) -> list[str]:
    """What is wrong with ``response`` (a Django test response) for ``method url``; [] if valid.

    ``filename`` is the component's OAS (``catalogi-1.3.1.yaml``); ``base`` its path prefix.
    An answer the OAS does not document (status, content type) is named as such.
    """
    path = url.split("://", 1)[1] if "://" in url else url
    path = path[path.index("/") :].split("?", 1)[0]
    assert path.startswith(base), (path, base)
    content_type = response["Content-Type"].split(";")[0].strip()
    validator = _validator(
        filename, method.upper(), path[len(base) :], str(response.status_code), content_type
    )
    if isinstance(validator, str):
        return [validator]
    return errors(validator, response.json())
