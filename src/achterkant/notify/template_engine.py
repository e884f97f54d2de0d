"""A small, closed Django template engine for message texts that admins edit.

Message templates are typed in the admin, so they run in their own ``Engine``: no
template loaders, no tag libraries beyond Django's built-ins, autoescaping off (the
result is plain-text e-mail), and unknown variables render empty. On top of that,
:func:`template_source_errors` refuses tags that reach outside the message
(``load``, ``include``, ``extends``, ``ssi``, ``debug``, ``url``) and any reference to a
BSN, with a Dutch message that names the field.
"""

import re
from datetime import date
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.template.base import Lexer, TokenType
from django.utils import timezone, translation
from django.utils.functional import Promise

# Tags that load code, read other files, dump the context or resolve URLs.
FORBIDDEN_TAGS = ("load", "include", "extends", "ssi", "debug", "url")
LANGUAGE = "nl"
SUBJECT_MAX_LENGTH = 200
_BSN = re.compile(r"bsn", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n{3,}")
_PLAIN_TYPES = (str, int, float, Decimal, date, type(None))  # date covers datetime, bool is int

MESSAGE_ENGINE = Engine(
    dirs=[],
    app_dirs=False,
    loaders=[],
    libraries={},
    autoescape=False,
    string_if_invalid="",
    debug=False,
)


class MessageTemplateError(ValueError):
    """A message text that is not a valid, allowed template. ``str()`` is Dutch."""


def template_source_errors(source: str, *, field_label: str) -> list[str]:
    """Dutch problems with one message text; an empty list when it is fine.

    ``field_label`` names the field in each message, e.g. "Het onderwerp".
    """
    try:
        tokens = Lexer(source).tokenize()
    except Exception as error:  # the lexer only fails on very broken input
        return [f"{field_label} is geen geldig sjabloon: {error}"]
    errors = []
    for token in tokens:
        if token.token_type not in (TokenType.BLOCK, TokenType.VAR):
            continue
        if _BSN.search(token.contents):
            errors.append(
                f"{field_label} mag geen BSN bevatten: een BSN staat nooit in een bericht."
            )
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if name in FORBIDDEN_TAGS:
                errors.append(
                    f"{field_label} gebruikt {{% {name} %}} (regel {token.lineno}). "
                    f"Dat is in een bericht niet toegestaan. Niet toegestaan zijn: "
                    + ", ".join(FORBIDDEN_TAGS)
                    + "."
                )
    if errors:
        return list(dict.fromkeys(errors))
    try:
        compile_message_template(source)
    except TemplateSyntaxError as error:
        return [f"{field_label} bevat een fout in de sjabloontaal: {error}"]
    return []


@lru_cache(maxsize=256)
def compile_message_template(source: str) -> Template:
    """Compile once per distinct text; raises ``TemplateSyntaxError``."""
    return MESSAGE_ENGINE.from_string(source)


def plain_context(context: dict) -> dict[str, object]:
    """The context a message may see: plain values only, and never a BSN.

    Model instances are refused, because a template could walk from them to any data
    (``case.initiator_bsn``). Keys that mention a BSN are dropped.
    """
    plain = {}
    for key, value in context.items():
        if _BSN.search(key):
            continue
        if isinstance(value, Promise):
            value = str(value)
        if not isinstance(value, _PLAIN_TYPES):
            raise TypeError(
                f"Message variable {key!r} must be a plain value (str, number, date), "
                f"not {type(value).__name__}."
            )
        plain[key] = value
    return plain


def render_text(source: str, context: dict) -> str:
    """Render one message text in Dutch and in the organisation's time zone."""
    template = compile_message_template(source)
    with translation.override(LANGUAGE), timezone.override(settings.TIME_ZONE):
        return template.render(Context(plain_context(context), autoescape=False))


def tidy_subject(text: str) -> str:
    """One line, no surrounding spaces, at most 200 characters."""
    subject = " ".join(text.split())
    if len(subject) > SUBJECT_MAX_LENGTH:
        subject = subject[: SUBJECT_MAX_LENGTH - 1].rstrip() + "…"
    return subject


def tidy_body(text: str) -> str:
    """No trailing spaces, at most one empty line in a row, one final newline."""
    lines = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n"))
    return _BLANK_LINES.sub("\n\n", lines).strip("\n") + "\n"
