"""The events that send a citizen a message, their variables and the built-in Dutch texts.

Every event has a default subject and body here, in plain B1 Dutch. An organisation can
override them in the admin (``MessageTemplate``), for all products or for one product;
``notify.messages.render_message`` picks the most specific active one.

The texts are Django templates, rendered with autoescaping off (plain-text e-mail). They
only use the variables listed for their event. Keep them short: an e-mail carries no more
personal data than the citizen needs to recognise their case, and never a BSN.
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

# How dates are written in every default: "dinsdag 4 maart 2025".
DATE_FORMAT = "l j F Y"


@dataclass(frozen=True)
class Variable:
    name: str
    description: str
    example: object


@dataclass(frozen=True)
class MessageEvent:
    code: str
    label: str
    variables: tuple[str, ...]
    subject: str
    body: str

    def example_context(self) -> dict[str, object]:
        """Example values for every variable of this event: previews, validation, tests."""
        return {name: VARIABLES[name].example for name in self.variables}


_VARIABLES = [
    Variable(
        "organisation_name", "naam van de organisatie (wordt altijd ingevuld)", "Gemeente Voorbeeld"
    ),
    Variable(
        "recipient_name", "naam van de ontvanger, zoals 'S. de Vries'; kan leeg zijn", "S. de Vries"
    ),
    Variable("case_number", "zaaknummer", "ZAAK-2025-0000123"),
    Variable(
        "case_description",
        "soort zaak of product, zoals 'Melding openbare ruimte'",
        "Melding openbare ruimte",
    ),
    Variable(
        "status_text",
        "de nieuwe status, in woorden voor de inwoner",
        "We hebben het werk ingepland.",
    ),
    Variable(
        "expected_date",
        "datum waarop de zaak naar verwachting klaar is (een datum; kan leeg zijn)",
        date(2025, 3, 4),
    ),
    Variable(
        "information_request",
        "de vraag: welke informatie nodig is",
        "Een foto van de plek waar het om gaat.",
    ),
    Variable(
        "respond_before", "datum waarvoor de inwoner moet reageren (een datum)", date(2025, 2, 18)
    ),
    Variable(
        "extension_reason",
        "reden van de verlenging",
        "Wij moeten advies vragen aan een andere afdeling.",
    ),
    Variable(
        "result_text",
        "de uitkomst, in woorden voor de inwoner; kan leeg zijn",
        "Wij hebben de losliggende stoeptegels vastgelegd.",
    ),
    Variable(
        "email_subject",
        "onderwerp van de ontvangen e-mail; kan leeg zijn",
        "Vraag over mijn aanvraag",
    ),
    Variable(
        "received_at",
        "moment waarop de e-mail binnenkwam (datum en tijd)",
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
VARIABLES: dict[str, Variable] = {variable.name: variable for variable in _VARIABLES}

_GREETING = 'Beste {{ recipient_name|default:"meneer, mevrouw" }},\n\n'
_QUESTIONS = (
    "Heeft u vragen? Neem dan contact met ons op. Noem daarbij uw zaaknummer {{ case_number }}.\n"
)
_CLOSING = "\nMet vriendelijke groet,\n{{ organisation_name }}\n"
_EXPECTED = (
    "{% if expected_date %}\n"
    'Wij verwachten dat uw zaak uiterlijk op {{ expected_date|date:"l j F Y" }} klaar is.\n'
    "{% endif %}"
)
_CASE = ("organisation_name", "recipient_name", "case_number", "case_description")

_EVENTS = [
    MessageEvent(
        code="case.opened",
        label="Zaak gestart",
        variables=(*_CASE, "expected_date"),
        subject="Wij hebben uw verzoek ontvangen ({{ case_number }})",
        body=(
            _GREETING + "Bedankt voor uw verzoek. Wij hebben het goed ontvangen.\n\n"
            "Waar gaat het over: {{ case_description }}\n"
            "Uw zaaknummer: {{ case_number }}\n" + "{% if expected_date %}\n"
            'Wij verwachten dat uw zaak uiterlijk op {{ expected_date|date:"l j F Y" }} klaar '
            "is. Lukt dat niet? Dan laten wij het u op tijd weten.\n"
            "{% endif %}\n" + _QUESTIONS + _CLOSING
        ),
    ),
    MessageEvent(
        code="case.status_changed",
        label="Status van een zaak gewijzigd",
        variables=(*_CASE, "status_text", "expected_date"),
        subject="Nieuws over uw zaak {{ case_number }}",
        body=(
            _GREETING + "Er is nieuws over uw zaak {{ case_number }} ({{ case_description }}).\n\n"
            "{{ status_text }}\n" + _EXPECTED + "\n" + _QUESTIONS + _CLOSING
        ),
    ),
    MessageEvent(
        code="case.information_requested",
        label="Informatie gevraagd (termijn staat stil)",
        variables=(*_CASE, "information_request", "respond_before", "expected_date"),
        subject="Wij hebben informatie van u nodig ({{ case_number }})",
        body=(
            _GREETING + "Wij werken aan uw zaak {{ case_number }} ({{ case_description }}). "
            "Wij hebben nog informatie van u nodig.\n\n"
            "Dit hebben wij nodig:\n"
            "{{ information_request }}\n\n"
            "Stuur ons dit {% if respond_before %}vóór "
            '{{ respond_before|date:"l j F Y" }}{% else %}zo snel mogelijk{% endif %}. '
            "Noem daarbij uw zaaknummer.\n\n"
            "Zolang wij wachten, staat de termijn van uw zaak stil."
            "{% if expected_date %} Stuurt u alles op tijd? Dan verwachten wij dat uw zaak "
            'uiterlijk op {{ expected_date|date:"l j F Y" }} klaar is.{% endif %}\n'
            "Krijgen wij de informatie niet op tijd? Dan kunnen wij uw zaak misschien niet "
            "verder behandelen.\n\n" + _QUESTIONS + _CLOSING
        ),
    ),
    MessageEvent(
        code="case.information_received",
        label="Gevraagde informatie ontvangen",
        variables=(*_CASE, "expected_date"),
        subject="Wij hebben uw informatie ontvangen ({{ case_number }})",
        body=(
            _GREETING + "Bedankt. Wij hebben de informatie voor uw zaak {{ case_number }} "
            "({{ case_description }}) ontvangen. Wij gaan nu verder met uw zaak.\n"
            + _EXPECTED
            + "\n"
            + _QUESTIONS
            + _CLOSING
        ),
    ),
    MessageEvent(
        code="case.extended",
        label="Beslistermijn verlengd",
        variables=(*_CASE, "extension_reason", "expected_date"),
        subject="Uw zaak {{ case_number }}: wij hebben meer tijd nodig",
        body=(
            _GREETING + "Wij hebben meer tijd nodig om te beslissen over uw zaak {{ case_number }} "
            "({{ case_description }}). Het spijt ons dat het langer duurt.\n"
            "{% if extension_reason %}\nDe reden: {{ extension_reason }}\n{% endif %}"
            "{% if expected_date %}\n"
            'U krijgt uiterlijk op {{ expected_date|date:"l j F Y" }} een beslissing.\n'
            "{% endif %}\n" + _QUESTIONS + _CLOSING
        ),
    ),
    MessageEvent(
        code="case.closed",
        label="Zaak afgerond",
        variables=(*_CASE, "status_text", "result_text"),
        subject="Uw zaak {{ case_number }} is afgerond",
        body=(
            _GREETING + "Wij hebben uw zaak {{ case_number }} ({{ case_description }}) afgerond.\n"
            "{% if result_text %}\n{{ result_text }}\n"
            "{% elif status_text %}\n{{ status_text }}\n{% endif %}\n"
            "Heeft u van ons een besluit gekregen? Daarin staat ook hoe u bezwaar kunt "
            "maken.\n\n" + _QUESTIONS + _CLOSING
        ),
    ),
    MessageEvent(
        code="contact.email_acknowledged",
        label="Ontvangstbevestiging van een e-mail",
        variables=(
            "organisation_name",
            "recipient_name",
            "email_subject",
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
            _GREETING + "Bedankt voor uw e-mail"
            '{% if email_subject %} met het onderwerp "{{ email_subject }}"{% endif %}. '
            "Wij hebben deze ontvangen"
            '{% if received_at %} op {{ received_at|date:"l j F Y" }} om '
            '{{ received_at|date:"H:i" }} uur{% endif %}.\n'
            "{% if expected_date %}\n"
            "U krijgt {% if service_promise %}{{ service_promise }}, {% else %}antwoord "
            '{% endif %}uiterlijk op {{ expected_date|date:"l j F Y" }}'
            '{% if expected_shows_time %} om {{ expected_date|date:"H:i" }} uur{% endif %}.\n'
            "{% elif service_promise %}\nU krijgt {{ service_promise }}.\n{% endif %}"
            "{% if skipped_attachments %}\n"
            "Wij konden {{ skipped_attachments }} "
            'bijlage{{ skipped_attachments|pluralize:"n" }} niet aannemen. Wij nemen alleen '
            "{{ allowed_types }} aan, van maximaal {{ max_attachment_size|filesizeformat }} "
            "per bestand. Stuur het bestand zo nodig opnieuw, in een van deze vormen.\n"
            "{% endif %}\n"
            "Dit is een automatisch bericht. U hoeft hier niet op te antwoorden.\n" + _CLOSING
        ),
    ),
]
EVENTS: dict[str, MessageEvent] = {event.code: event for event in _EVENTS}
EVENT_CHOICES = [(event.code, f"{event.label} ({event.code})") for event in _EVENTS]
