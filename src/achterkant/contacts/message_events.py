"""The contact events that send a message: variables and built-in Dutch texts.

Registered with notify (``notify.events``) from ``ContactsConfig.ready()``. An
organisation can override a text in the admin (``MessageTemplate``); see docs/messages.md.
The texts are Django templates, rendered with autoescaping off (plain-text e-mail).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from achterkant.cases.message_events import EXPECTED_DATE
from achterkant.notify.events import MessageEvent, Variable, register_event, register_variables

VARIABLES = [
    Variable(
        "received_at",
        "moment waarop de e-mail of brief binnenkwam (datum en tijd)",
        datetime(2025, 3, 3, 9, 30, tzinfo=ZoneInfo("Europe/Amsterdam")),
    ),
    Variable(
        "service_promise",
        "de servicenorm, zoals 'binnen 2 werkdagen antwoord'; kan leeg zijn",
        "binnen 2 werkdagen antwoord",
    ),
    Variable("expected_shows_time", "ja/nee: noem ook het tijdstip van expected_date", False),
    Variable("skipped_attachments", "aantal bijlagen dat niet is aangenomen", 0),
    Variable(
        "allowed_types",
        "bestandssoorten die wel mogen, zoals 'PDF, JPEG en PNG'",
        "PDF, JPEG en PNG",
    ),
    Variable("max_attachment_size", "maximale grootte van een bijlage, in bytes", 25 * 1024 * 1024),
]

_GREETING = 'Beste {{ recipient_name|default:"meneer, mevrouw" }},\n\n'
_CLOSING = "\nMet vriendelijke groet,\n{{ organisation_name }}\n"
_DUE = (
    "{% if expected_date %}\n"
    "U krijgt {% if service_promise %}{{ service_promise }}, {% else %}antwoord "
    '{% endif %}uiterlijk op {{ expected_date|date:"l j F Y" }}'
    '{% if expected_shows_time %} om {{ expected_date|date:"H:i" }} uur{% endif %}.\n'
    "{% elif service_promise %}\nU krijgt {{ service_promise }}.\n{% endif %}"
)

EVENTS = [
    MessageEvent(
        code="contact.email_acknowledged",
        label="Ontvangstbevestiging van een e-mail",
        variables=(
            "organisation_name",
            "recipient_name",
            "received_at",
            "service_promise",
            "expected_date",
            "expected_shows_time",
            "skipped_attachments",
            "allowed_types",
            "max_attachment_size",
        ),  # fmt: skip
        subject="Wij hebben uw e-mail ontvangen",
        body=(
            # Nothing the sender wrote, not even the subject: anyone can forge From.
            _GREETING + "Bedankt voor uw e-mail. Wij hebben deze ontvangen"
            '{% if received_at %} op {{ received_at|date:"l j F Y" }} om '
            '{{ received_at|date:"H:i" }} uur{% endif %}.\n'
            + _DUE
            + "{% if skipped_attachments %}\n"
            "Wij konden {{ skipped_attachments }} "
            'bijlage{{ skipped_attachments|pluralize:"n" }} niet aannemen. Wij nemen alleen '
            "{{ allowed_types }} aan, van maximaal {{ max_attachment_size|filesizeformat }} "
            "per bestand. Stuur het bestand zo nodig opnieuw, in een van deze vormen.\n"
            "{% endif %}\n"
            "Dit is een automatisch bericht. U hoeft hier niet op te antwoorden.\n" + _CLOSING
        ),
    ),
    MessageEvent(
        code="contact.letter_acknowledged",
        label="Ontvangstbevestiging van een brief",
        variables=(
            "organisation_name",
            "recipient_name",
            "received_at",
            "service_promise",
            "expected_date",
            "expected_shows_time",
        ),  # fmt: skip
        subject="Wij hebben uw brief ontvangen",
        body=(
            _GREETING + "Bedankt voor uw brief. Wij hebben deze ontvangen"
            '{% if received_at %} op {{ received_at|date:"l j F Y" }}{% endif %}.\n'
            + _DUE
            + "\nHeeft u vragen? Neem dan contact met ons op.\n"
            + _CLOSING
        ),
    ),
]


def register() -> None:
    # expected_date is the case's variable; registering the same one again is harmless.
    register_variables(EXPECTED_DATE, *VARIABLES)
    for event in EVENTS:
        register_event(event)
