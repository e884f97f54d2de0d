"""The demo catalogue: real municipal products, each with a published case type.

Case types follow the ZTC model: status flow, result types with archive rules, role
types. 'Omgevingsvergunning' is an Awb application (8 weeks, extendable, suspension
possible); 'Evenementenvergunning' has a positive decision by operation of law.
"""

from dataclasses import dataclass, field

_EMAIL = ("email", 2, "working_days", "binnen 2 werkdagen antwoord")
_PHONE = ("phone", 1, "working_days", "direct antwoord, of binnen 1 werkdag teruggebeld")
_LETTER = ("letter", 3, "weeks", "binnen 3 weken antwoord of bericht wanneer u het krijgt")
_COUNTER = ("counter", 15, "minutes", "binnen 15 minuten aan de beurt")

# (description, archive nomination, archive action term, source date derivation)
GRANTED = ("Verleend", "vernietigen", "P5Y", "afgehandeld")
REFUSED = ("Geweigerd", "vernietigen", "P5Y", "afgehandeld")
WITHDRAWN = ("Ingetrokken", "vernietigen", "P1Y", "afgehandeld")
DONE = ("Afgehandeld", "vernietigen", "P1Y", "afgehandeld")
PERMIT_KEEP = ("Vergunning verleend", "blijvend_bewaren", "", "afgehandeld")


@dataclass
class CaseTypeSpec:
    identification: str
    description: str
    lead_time: str
    statuses: list[tuple[str, str, bool]]  # name, citizen text, inform
    results: list[tuple[str, str, str, str]] = field(default_factory=lambda: [DONE])
    service_norm: str = ""
    suspension_possible: bool = False
    extension_term: str = ""
    lex_silencio: bool = False
    decision: str = ""  # decision type description, if the case ends in an Awb decision
    confidentiality: str = "zaakvertrouwelijk"
    form: dict = field(default_factory=dict)  # the e-loket form (docs/portal.md)
    # ZTC handelingInitiator; "Melden" makes it a melding (CaseType.is_report).
    initiator_action: str = "Aanvragen"


@dataclass
class ProductSpec:
    code: str
    name: str
    norms: list[tuple[str, int, str, str]]
    case_type: CaseTypeSpec | None = None
    assurance: str = "midden"


_RECEIVED = ("Aanvraag ontvangen", "We hebben uw aanvraag ontvangen.", True)

_PHONE_FIELD = {
    "name": "telefoon",
    "label": "Uw telefoonnummer",
    "type": "text",
    "prefill": "phone",
    "max_length": 20,
    "help": "Dan kunnen wij u bellen als wij een vraag hebben.",
}
MELDING_FORM = {
    "intro": "Ziet u iets kapot of vies op straat? Meld het hier.",
    "fields": [
        {
            "name": "soort",
            "label": "Waar gaat uw melding over?",
            "type": "choice",
            "required": True,
            "description": True,
            "choices": [
                "Losse stoeptegel",
                "Kapotte straatlantaarn",
                "Zwerfafval",
                "Volle afvalbak",
                "Iets anders",
            ],
        },
        {
            "name": "locatie",
            "label": "Waar is het?",
            "type": "address",
            "required": True,
            "help": "Het adres dat er het dichtst bij ligt.",
        },
        {
            "name": "toelichting",
            "label": "Wat is er aan de hand?",
            "type": "long_text",
            "required": True,
            "max_length": 2000,
        },
        {"name": "foto", "label": "Foto", "type": "file"},
        _PHONE_FIELD,
    ],
}
CONTAINER_FORM = {
    "fields": [
        {
            "name": "soort",
            "label": "Welke container wilt u?",
            "type": "choice",
            "required": True,
            "description": True,
            "choices": [
                "Restafval 140 liter",
                "Restafval 240 liter",
                "GFT 140 liter",
                "Papier 240 liter",
            ],
        },
        {
            "name": "adres",
            "label": "Bezorgadres",
            "type": "address",
            "required": True,
            "prefill": "address",
        },
        {
            "name": "aantal",
            "label": "Hoeveel containers?",
            "type": "number",
            "required": True,
            "min": 1,
            "max": 3,
        },
        {
            "name": "vervanging",
            "label": "Is het een vervanging van een kapotte container?",
            "type": "yes_no",
            "required": True,
        },
        _PHONE_FIELD,
    ],
}
PARKING_FORM = {
    "intro": "Woont u in een gebied met betaald parkeren? Vraag dan hier een vergunning aan.",
    "fields": [
        {
            "name": "adres",
            "label": "Uw woonadres",
            "type": "address",
            "required": True,
            "prefill": "address",
        },
        {
            "name": "kenteken",
            "label": "Kenteken van uw auto",
            "type": "text",
            "required": True,
            "max_length": 8,
            "help": "Bijvoorbeeld AB-123-C.",
        },
        {"name": "ingangsdatum", "label": "Vanaf wanneer?", "type": "date", "required": True},
        {
            "name": "kentekenbewijs",
            "label": "Kentekenbewijs (foto of PDF)",
            "type": "file",
            "required": True,
        },
    ],
}
BIJSTAND_FORM = {
    "fields": [
        {
            "name": "kosten",
            "label": "Waarvoor vraagt u bijstand?",
            "type": "long_text",
            "required": True,
            "max_length": 2000,
        },
        {
            "name": "bedrag",
            "label": "Hoeveel kost het (in euro)?",
            "type": "number",
            "required": True,
            "min": 1,
            "max": 100000,
        },
        {"name": "offerte", "label": "Offerte of rekening", "type": "file", "required": True},
    ],
}
KLACHT_FORM = {
    "intro": "Bent u niet tevreden over hoe wij u behandeld hebben? Vertel het ons.",
    "fields": [
        {"name": "wanneer", "label": "Wanneer gebeurde het?", "type": "date"},
        {
            "name": "klacht",
            "label": "Wat is uw klacht?",
            "type": "long_text",
            "required": True,
            "max_length": 5000,
        },
        {"name": "naam", "label": "Uw naam", "type": "text", "prefill": "name"},
        _PHONE_FIELD,
    ],
}

PRODUCTS = [
    ProductSpec("paspoort-aanvragen", "Paspoort aanvragen",
        [_COUNTER, _PHONE, _EMAIL, ("web", 5, "working_days", "binnen 5 werkdagen klaar")],
        CaseTypeSpec("ZT-PASPOORT", "Paspoort aanvragen", "P7D", [
            ("Aanvraag ontvangen", "We hebben uw aanvraag ontvangen.", False),
            ("In productie", "Uw paspoort wordt gemaakt.", False),
            ("Klaar om op te halen", "Uw paspoort ligt klaar. Neem uw oude paspoort mee.", True),
            ("Afgehaald", "U heeft uw paspoort opgehaald.", False),
        ], results=[DONE, WITHDRAWN], service_norm="P5D", confidentiality="vertrouwelijk")),
    ProductSpec("melding-openbare-ruimte", "Melding openbare ruimte",
        [("web", 5, "working_days", "binnen 5 werkdagen opgelost"), _PHONE, _EMAIL,
         ("social", 24, "working_hours", "binnen 24 werkuren een reactie")],
        CaseTypeSpec("ZT-MOR", "Melding openbare ruimte", "P14D", [
            ("Melding ontvangen", "We hebben uw melding ontvangen.", True),
            ("Ingepland", "We hebben het werk ingepland.", True),
            ("Opgelost", "Het probleem is opgelost. Bedankt voor uw melding.", True),
        ], results=[DONE], service_norm="P7D", confidentiality="openbaar", form=MELDING_FORM,
           initiator_action="Melden")),
    ProductSpec("parkeervergunning", "Parkeervergunning aanvragen",
        [("web", 10, "working_days", "binnen 10 werkdagen een besluit"), _EMAIL, _LETTER],
        CaseTypeSpec("ZT-PARKEER", "Parkeervergunning bewoners", "P8W", [
            _RECEIVED,
            ("In behandeling", "We beoordelen uw aanvraag.", False),
            ("Besluit genomen", "We hebben een besluit genomen over uw aanvraag.", True),
        ], results=[GRANTED, REFUSED, WITHDRAWN], service_norm="P14D",
           suspension_possible=True, decision="Besluit parkeervergunning", form=PARKING_FORM)),
    ProductSpec("verhuizing-doorgeven", "Verhuizing doorgeven",
        [("web", 5, "working_days", "binnen 5 werkdagen verwerkt"), _COUNTER, _LETTER],
        CaseTypeSpec("ZT-VERHUIZING", "Verhuizing doorgeven", "P5D", [
            ("Melding ontvangen", "We hebben uw verhuizing ontvangen.", False),
            ("Verwerkt", "Uw nieuwe adres staat in de Basisregistratie Personen.", True),
        ], results=[DONE], confidentiality="vertrouwelijk", initiator_action="Melden")),
    ProductSpec("bijzondere-bijstand", "Bijzondere bijstand aanvragen",
        [_PHONE, _EMAIL, _LETTER, ("web", 8, "weeks", "binnen 8 weken een besluit")],
        CaseTypeSpec("ZT-BIJZBIJSTAND", "Bijzondere bijstand", "P8W", [
            _RECEIVED,
            ("In behandeling", "Een consulent beoordeelt uw aanvraag.", False),
            ("Besluit genomen", "We hebben een besluit genomen. U krijgt een brief.", True),
        ], results=[GRANTED, REFUSED, WITHDRAWN], suspension_possible=True,
           extension_term="P4W", decision="Besluit bijzondere bijstand",
           confidentiality="vertrouwelijk", form=BIJSTAND_FORM), assurance="substantieel"),
    ProductSpec("omgevingsvergunning", "Omgevingsvergunning aanvragen",
        [("web", 8, "weeks", "binnen 8 weken een besluit"), _EMAIL, _LETTER],
        CaseTypeSpec("ZT-OMGVERG", "Omgevingsvergunning (reguliere procedure)", "P8W", [
            _RECEIVED,
            ("Inhoudelijke toets", "We toetsen uw plan aan de regels.", False),
            ("Besluit genomen", "We hebben een besluit genomen over uw aanvraag.", True),
        ], results=[PERMIT_KEEP, REFUSED, WITHDRAWN], suspension_possible=True,
           extension_term="P6W", decision="Omgevingsvergunning")),
    ProductSpec("evenementenvergunning", "Evenementenvergunning aanvragen",
        [("web", 8, "weeks", "binnen 8 weken een besluit"), _EMAIL],
        CaseTypeSpec("ZT-EVENEMENT", "Evenementenvergunning", "P8W", [
            _RECEIVED,
            ("Advies hulpdiensten", "We vragen advies aan politie en brandweer.", False),
            ("Besluit genomen", "We hebben een besluit genomen over uw aanvraag.", True),
        ], results=[GRANTED, REFUSED, WITHDRAWN], suspension_possible=True,
           lex_silencio=True, decision="Evenementenvergunning", confidentiality="openbaar")),
    ProductSpec("klacht", "Klacht indienen",
        [_PHONE, _EMAIL, _LETTER, ("web", 6, "weeks", "binnen 6 weken afgehandeld")],
        CaseTypeSpec("ZT-KLACHT", "Klachtbehandeling", "P6W", [
            ("Klacht ontvangen", "We hebben uw klacht ontvangen.", True),
            ("Hoorgesprek gepland", "We nodigen u uit voor een gesprek.", True),
            ("Afgehandeld", "We hebben uw klacht afgehandeld. U krijgt een brief.", True),
        ], results=[("Gegrond", "vernietigen", "P2Y", "afgehandeld"),
                    ("Ongegrond", "vernietigen", "P2Y", "afgehandeld")],
           extension_term="P4W", form=KLACHT_FORM)),
    ProductSpec("afvalcontainer-aanvragen", "Afvalcontainer aanvragen",
        [("web", 10, "working_days", "binnen 10 werkdagen bezorgd"), _PHONE, _EMAIL],
        CaseTypeSpec("ZT-CONTAINER", "Afvalcontainer", "P14D", [
            ("Aanvraag ontvangen", "We hebben uw aanvraag ontvangen.", False),
            ("Bezorging ingepland", "We bezorgen uw container binnenkort.", True),
            ("Bezorgd", "Uw container is bezorgd.", True),
        ], results=[DONE], confidentiality="openbaar", form=CONTAINER_FORM)),
    ProductSpec("afvalkalender", "Afvalkalender en ophaaldagen", [_PHONE, _EMAIL]),
]  # fmt: skip
