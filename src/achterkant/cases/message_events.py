"""The case events that send a citizen a message: variables and built-in Dutch texts.

Registered with notify (``notify.events``) from ``CasesConfig.ready()``. An organisation
can override a text in the admin (``MessageTemplate``); see docs/messages.md. The texts are
Django templates, rendered with autoescaping off (plain-text e-mail). They only use the
variables listed for their event. Keep them short: an e-mail carries no more personal data
than the citizen needs to recognise their case, and never a BSN.
"""

from datetime import date

from achterkant.notify.events import MessageEvent, Variable, register_event, register_variables

EXPECTED_DATE = Variable(
    "expected_date",
    "uiterlijke beslisdatum: de wettelijke termijn (een datum; kan leeg zijn)",
    date(2025, 3, 4),
)
SERVICE_DATE = Variable(
    "service_date",
    "datum waarop wij verwachten klaar te zijn: de servicenorm (een datum; kan leeg zijn)",
    date(2025, 2, 25),
)
VARIABLES = [
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
    EXPECTED_DATE,
    SERVICE_DATE,
    Variable(
        "information_request",
        "de vraag: welke informatie nodig is",
        "Een foto van de plek waar het om gaat.",
    ),
    Variable(
        "respond_before",
        "de laatste dag waarop de reactie van de inwoner op tijd is (een datum)",
        date(2025, 2, 18),
    ),
    Variable(
        "clock_stopped",
        "ja/nee: de termijn staat stil (nee als de beslistermijn al verstreken was)",
        True,
    ),
    Variable(
        "extension_reason",
        "reden van de verlenging",
        "Wij moeten advies vragen aan een andere afdeling.",
    ),
    Variable(
        "announced_date",
        "verwachte datum van het besluit na een verdagingsmededeling: geen wettelijke "
        "termijn (een datum; leeg bij een wettelijke verlenging)",
        date(2025, 4, 1),
    ),
    Variable(
        "is_report",
        "ja/nee: een melding (zaaktype met handeling initiator 'Melden'), geen aanvraag: "
        "er volgt geen besluit",
        False,
    ),
    Variable("decision_type", "soort besluit (het besluittype)", "Parkeervergunning verleend"),
    Variable("decision_number", "kenmerk van het besluit", "ZAAK-2025-0000123-B1"),
    Variable("decided_on", "datum van het besluit (een datum)", date(2025, 2, 20)),
    Variable("effective_from", "datum waarop het besluit ingaat (een datum)", date(2025, 3, 1)),
    Variable("expires_on", "datum waarop het besluit vervalt (een datum; kan leeg zijn)", None),
    Variable(
        "decision_explanation",
        "toelichting op het besluit; kan leeg zijn",
        "U voldoet aan de voorwaarden voor een parkeervergunning.",
    ),
    Variable(
        "is_change",
        "ja/nee: het besluit is gewijzigd; deze brief vervangt de eerdere brief",
        False,
    ),
    Variable(
        "letter_url",
        "link naar de besluitbrief (PDF) in Mijn gemeente; leeg als er geen brief is",
        "https://mijn.gemeente.nl/mijn/documenten/123/",
    ),
    Variable(
        "result_text",
        "de uitkomst, in woorden voor de inwoner; kan leeg zijn",
        "Wij hebben de losliggende stoeptegels vastgelegd.",
    ),
    Variable(
        "status_explanation",
        "toelichting van de medewerker bij de nieuwe status; alleen als die zichtbaar is "
        "voor de inwoner, anders leeg",
        "De aannemer komt in week 12.",
    ),
    Variable(
        "case_url",
        "link naar de zaak in Mijn gemeente (inloggen met DigiD); kan leeg zijn",
        "https://mijn.gemeente.nl/mijn/zaken/ZAAK-2025-0000123/",
    ),
]

_GREETING = 'Beste {{ recipient_name|default:"meneer, mevrouw" }},\n\n'
_QUESTIONS = (
    "Heeft u vragen? Neem dan contact met ons op. Noem daarbij uw zaaknummer {{ case_number }}.\n"
)
_CLOSING = "\nMet vriendelijke groet,\n{{ organisation_name }}\n"
# The same two dates, in the same words, as Mijn gemeente shows (cases.promise).
_DATES = (
    "{% if service_date %}"
    'Wij verwachten klaar te zijn op {{ service_date|date:"l j F Y" }}.\n'
    "{% endif %}"
    "{% if expected_date %}"
    'U krijgt uiterlijk op {{ expected_date|date:"l j F Y" }} een besluit.\n'
    "{% endif %}"
)
_EXPECTED = "{% if service_date or expected_date %}\n" + _DATES + "{% endif %}"
_CASE = ("organisation_name", "recipient_name", "case_number", "case_description")

# A melding promises no besluit: its last date is when it is dealt with.
_REPORT_DATES = (
    "{% if service_date or expected_date %}\n"
    "{% if service_date %}"
    'Wij verwachten klaar te zijn op {{ service_date|date:"l j F Y" }}.\n'
    "{% endif %}"
    "{% if expected_date %}"
    'Uiterlijk op {{ expected_date|date:"l j F Y" }} hebben wij uw melding afgehandeld.\n'
    "{% endif %}{% endif %}"
)

# The dates as the opening message told them: a melding's without a besluit.
_DATES_TOLD = "{% if is_report %}" + _REPORT_DATES + "{% else %}" + _EXPECTED + "{% endif %}"

# What the worker wrote with the status, when they chose to share it (services.lifecycle).
_EXPLANATION = (
    "{% if status_explanation %}\nToelichting van uw behandelaar:\n{{ status_explanation }}\n"
    "{% endif %}"
)

EVENTS = [
    MessageEvent(
        code="case.opened",
        label="Zaak gestart",
        variables=(*_CASE, "expected_date", "service_date", "is_report"),
        subject="Wij hebben uw {% if is_report %}melding{% else %}verzoek{% endif %} ontvangen "
        "({{ case_number }})",
        body=(
            _GREETING + "{% if is_report %}Bedankt voor uw melding. Wij hebben die goed "
            "ontvangen.{% else %}Bedankt voor uw verzoek. Wij hebben het goed ontvangen."
            "{% endif %}\n\n"
            "Waar gaat het over: {{ case_description }}\n"
            "Uw zaaknummer: {{ case_number }}\n"
            "{% if is_report %}" + _REPORT_DATES + "{% else %}" + _EXPECTED + "{% endif %}"
            "{% if expected_date %}Lukt dat niet? Dan laten wij het u op tijd weten.\n"
            "{% endif %}\n" + _QUESTIONS + _CLOSING
        ),
    ),
    MessageEvent(
        code="case.status_changed",
        label="Status van een zaak gewijzigd",
        variables=(
            *_CASE,
            "status_text",
            "status_explanation",
            "expected_date",
            "service_date",
            "is_report",
        ),  # fmt: skip
        subject="Nieuws over uw zaak {{ case_number }}",
        body=(
            _GREETING + "Er is nieuws over uw zaak {{ case_number }} ({{ case_description }}).\n\n"
            "{{ status_text }}\n" + _EXPLANATION + _DATES_TOLD + "\n" + _QUESTIONS + _CLOSING
        ),
    ),
    MessageEvent(
        code="case.information_requested",
        label="Informatie gevraagd (termijn staat stil)",
        variables=(
            *_CASE,
            "information_request",
            "respond_before",
            "clock_stopped",
            "expected_date",
            "service_date",
            "is_report",
        ),
        subject="Wij hebben informatie van u nodig ({{ case_number }})",
        body=(
            _GREETING + "Wij werken aan uw zaak {{ case_number }} ({{ case_description }}). "
            "Wij hebben nog informatie van u nodig.\n\n"
            "Dit hebben wij nodig:\n"
            "{{ information_request }}\n\n"
            "Stuur ons dit {% if respond_before %}uiterlijk op "
            '{{ respond_before|date:"l j F Y" }}{% else %}zo snel mogelijk{% endif %}. '
            "Noem daarbij uw zaaknummer.\n\n"
            "{% if clock_stopped %}Zolang wij wachten, staat de termijn van uw zaak stil."
            "{% if expected_date %} Stuurt u alles uiterlijk op "
            '{{ respond_before|date:"j F Y" }}? Dan {% if is_report %}hebben wij uw melding '
            'uiterlijk op {{ expected_date|date:"l j F Y" }} afgehandeld.{% else %}krijgt u '
            'uiterlijk op {{ expected_date|date:"l j F Y" }} een besluit. Reageert u eerder, '
            "dan krijgt u ook eerder een besluit.{% endif %}{% endif %}\n{% endif %}"
            "Krijgen wij de informatie niet op tijd? Dan kunnen wij uw zaak misschien niet "
            "verder behandelen.\n\n" + _QUESTIONS + _CLOSING
        ),
    ),
    MessageEvent(
        code="case.information_received",
        label="Gevraagde informatie ontvangen",
        variables=(*_CASE, "expected_date", "service_date", "is_report"),
        subject="Wij hebben uw informatie ontvangen ({{ case_number }})",
        body=(
            _GREETING + "Bedankt. Wij hebben de informatie voor uw zaak {{ case_number }} "
            "({{ case_description }}) ontvangen. Wij gaan nu verder met uw zaak.\n"
            + _DATES_TOLD
            + "\n"
            + _QUESTIONS
            + _CLOSING
        ),
    ),
    MessageEvent(
        code="case.extended",
        label="Beslistermijn verlengd",
        variables=(*_CASE, "extension_reason", "expected_date", "service_date", "announced_date"),
        subject="Uw zaak {{ case_number }}: wij hebben meer tijd nodig",
        # A statutory extension moves the legal date (expected_date). After a notice of
        # delay (Awb 4:14(1)) the legal date stays: announced_date is what we expect,
        # never called the legal term.
        body=(
            _GREETING + "Wij hebben meer tijd nodig om te beslissen over uw zaak {{ case_number }} "
            "({{ case_description }}). Het spijt ons dat het langer duurt.\n"
            "{% if extension_reason %}\nDe reden: {{ extension_reason }}\n{% endif %}"
            "{% if announced_date %}\n"
            'Wij verwachten uiterlijk op {{ announced_date|date:"l j F Y" }} een besluit te '
            "nemen.\n"
            "{% if expected_date %}De wettelijke termijn voor het besluit verandert hierdoor "
            'niet. Die eindigt op {{ expected_date|date:"l j F Y" }}.\n{% endif %}'
            "{% else %}" + _EXPECTED + "{% endif %}"
            "\n" + _QUESTIONS + _CLOSING
        ),
    ),
    MessageEvent(
        code="case.decided",
        label="Besluit genomen",
        variables=(*_CASE, "decision_type", "decided_on", "letter_url", "is_change"),
        subject="Wij hebben een besluit {% if is_change %}gewijzigd{% else %}genomen"
        "{% endif %} over uw zaak {{ case_number }}",
        body=(
            _GREETING + "Wij hebben een besluit {% if is_change %}gewijzigd{% else %}genomen"
            "{% endif %} over uw zaak {{ case_number }} ({{ case_description }}).\n\n"
            "{% if is_change and letter_url %}"
            "De nieuwe brief vervangt de brief die u eerder kreeg.\n\n{% endif %}"
            "Besluit: {{ decision_type }}\n"
            'Datum van het besluit: {{ decided_on|date:"l j F Y" }}\n'
            "{% if letter_url %}\nDe brief met het besluit leest u hier (PDF):\n"
            "{{ letter_url }}\n{% endif %}"
            "\nBent u het niet eens met het besluit? In de brief staat hoe u bezwaar kunt "
            "maken.\n\n" + _QUESTIONS + _CLOSING
        ),
    ),
    # Not sent as a message: the text of the decision letter (PDF) that
    # ``cases.services.decision_letters`` lays out and stores as a case document. An
    # organisation writes its own text here, in the admin, like any message.
    MessageEvent(
        code="case.decision_letter",
        label="Besluitbrief (PDF)",
        variables=(
            *_CASE,
            "decision_type",
            "decision_number",
            "decided_on",
            "effective_from",
            "expires_on",
            "decision_explanation",
            "is_change",
        ),  # fmt: skip
        subject="{% if is_change %}Gewijzigd besluit{% else %}Besluit{% endif %} over uw zaak "
        "{{ case_number }}: {{ decision_type }}",
        body=(
            _GREETING + "{% if is_change %}Wij hebben ons besluit over uw zaak gewijzigd. "
            "Deze brief vervangt de brief die u eerder over dit besluit kreeg.\n\n"
            "{% endif %}U heeft bij ons een zaak: {{ case_description }} (zaaknummer "
            "{{ case_number }}). Wij hebben daarover een besluit genomen.\n\n"
            "Ons besluit: {{ decision_type }}\n"
            'Datum van het besluit: {{ decided_on|date:"l j F Y" }}\n'
            'Het besluit geldt vanaf {{ effective_from|date:"l j F Y" }}'
            '{% if expires_on %} tot en met {{ expires_on|date:"l j F Y" }}{% endif %}.\n'
            "{% if decision_explanation %}\nWaarom wij zo besloten hebben:\n"
            "{{ decision_explanation }}\n{% endif %}"
            "\nBent u het niet eens met dit besluit?\n"
            "Dan kunt u bezwaar maken. Dat doet u binnen 6 weken na de datum van dit besluit. "
            "Schrijf in uw bezwaar uw naam en adres, de datum, het zaaknummer en waarom u het "
            "niet eens bent met het besluit. Zet uw handtekening eronder.\n\n"
            + _QUESTIONS
            + _CLOSING
        ),
    ),
    # Only that there is a note, not the note: it is read on the case page, with the rest
    # of the case, behind DigiD (docs/messages.md, "A shared note").
    MessageEvent(
        code="case.note_shared",
        label="Bericht van de behandelaar bij een zaak",
        variables=(*_CASE, "case_url"),
        subject="Er is nieuws over uw zaak {{ case_number }}",
        body=(
            _GREETING + "Uw behandelaar heeft iets geschreven over uw zaak {{ case_number }} "
            "({{ case_description }}).\n\n"
            "U leest het bij uw zaak in Mijn gemeente{% if case_url %}:\n{{ case_url }}\n"
            "{% else %}.\n{% endif %}\n" + _QUESTIONS + _CLOSING
        ),
    ),
    MessageEvent(
        code="case.closed",
        label="Zaak afgerond",
        variables=(*_CASE, "status_text", "status_explanation", "result_text"),
        subject="Uw zaak {{ case_number }} is afgerond",
        body=(
            _GREETING + "Wij hebben uw zaak {{ case_number }} ({{ case_description }}) afgerond.\n"
            "{% if result_text %}\n{{ result_text }}\n"
            "{% elif status_text %}\n{{ status_text }}\n{% endif %}" + _EXPLANATION + "\n"
            "Heeft u van ons een besluit gekregen? Daarin staat ook hoe u bezwaar kunt "
            "maken.\n\n" + _QUESTIONS + _CLOSING
        ),
    ),
]


def register() -> None:
    register_variables(*VARIABLES)
    for event in EVENTS:
        register_event(event)
