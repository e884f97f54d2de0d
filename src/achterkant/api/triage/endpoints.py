"""POST /suggesties: a thin adapter over ``contacts.triage.suggest``.

The body is read here, not by a Ninja schema, so that every refusal is a Dutch
``invalidParams`` entry (Pydantic's messages are English) and a body nested too deep to
parse is a 400, not a 500.

No processing-log entry: the text names no person we know (no BSN), nothing is read from a
register, and nothing is stored. The text only passes through the classifier in memory and
is never logged (docs/api.md, "Triage API").
"""

import json

from django.http import HttpRequest, HttpResponse

from achterkant.api.auth import require_scope
from achterkant.api.framework import json_response
from achterkant.api.grants import caller_of
from achterkant.api.problems import InvalidInput, InvalidParam
from achterkant.api.triage.api import COMPONENT, SCOPE, api
from achterkant.contacts.triage import Suggestion, suggest

# Longer texts are refused, not cut: the caller should know we did not read it all. The
# classifier itself reads only the first part of a text (it truncates), so this cap only
# keeps absurd input out; the body limit (DATA_UPLOAD_MAX_MEMORY_SIZE) comes first for
# anything far larger (413).
MAX_TEXT_CHARS = 100_000
# bron -> the classifier's source: an e-mail loses its quoted history and signature first.
SOURCES = {"tekst": "text", "email": "email"}


def _invalid(name: str, code: str, reason: str) -> InvalidInput:
    return InvalidInput([InvalidParam(name, code, reason)])


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")  # Dutch: 100.000


def _read_body(request: HttpRequest) -> dict:
    try:
        body = json.loads(request.body)
    except (ValueError, RecursionError) as error:
        # ValueError covers JSONDecodeError and bytes that are not UTF-8.
        raise _invalid(
            "nonFieldErrors", "parse_error", "De inhoud is geen geldige JSON."
        ) from error
    if not isinstance(body, dict):
        raise _invalid("nonFieldErrors", "invalid", "Stuur een JSON-object met een tekst.")
    return body


def _text_and_source(body: dict) -> tuple[str, str]:
    errors = []
    text = body.get("tekst")
    if "tekst" not in body:
        errors.append(InvalidParam("tekst", "required", "Dit veld is vereist."))
    elif not isinstance(text, str):
        errors.append(InvalidParam("tekst", "invalid", "De tekst moet een string zijn."))
    elif len(text) > MAX_TEXT_CHARS:
        errors.append(
            InvalidParam(
                "tekst",
                "max_length",
                f"De tekst is te lang: {_number(len(text))} tekens; "
                f"hoogstens {_number(MAX_TEXT_CHARS)} tekens.",
            )
        )
    source = body.get("bron")
    if source is None:
        source = "tekst"
    elif not isinstance(source, str) or source not in SOURCES:
        errors.append(InvalidParam("bron", "invalid_choice", "Kies 'tekst' of 'email' als bron."))
    if errors:
        raise InvalidInput(errors)
    return text, SOURCES[source]


def render_suggestion(suggestion: Suggestion) -> dict:
    """The classifier's answer plus what the organisation would do with it."""
    return {
        **suggestion.as_json(),
        "drempel": suggestion.threshold,
        "automatischRouteerbaar": suggestion.auto_routable,
    }


@api.post("/suggesties", url_name="suggestie-create")
def suggestie_create(request: HttpRequest) -> HttpResponse:
    # The scope first: a client without it learns nothing about what it sent.
    require_scope(caller_of(request), COMPONENT, SCOPE)
    text, source = _text_and_source(_read_body(request))
    # For the organisation of the host name (tenancy context), whose client this is
    # (api.auth): another organisation's model is never used.
    return json_response(render_suggestion(suggest(text, source=source)))
