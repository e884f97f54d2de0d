"""The demo catalogue: real municipal products with realistic norms and statuses.

Each entry: (code, product name, case type name, lead time in days or None, statuses,
service norms). A status is (name, citizen text, inform the citizen). A norm is
(channel, amount, unit, promise).
"""

from datetime import timedelta

INFORMATION_ONLY = None

_EMAIL = ("email", 2, "working_days", "binnen 2 werkdagen antwoord")
_PHONE = ("phone", 1, "working_days", "direct antwoord, of binnen 1 werkdag teruggebeld")
_LETTER = ("letter", 3, "weeks", "binnen 3 weken antwoord of bericht wanneer u het krijgt")
_COUNTER = ("counter", 15, "minutes", "binnen 15 minuten aan de beurt")

PRODUCTS = [
    (
        "paspoort-aanvragen", "Paspoort aanvragen", "Paspoort aanvragen", 7,
        [
            ("Aanvraag ontvangen", "We hebben uw aanvraag ontvangen.", False),
            ("In productie", "Uw paspoort wordt gemaakt.", False),
            ("Klaar om op te halen", "Uw paspoort ligt klaar. Neem uw oude paspoort mee.", True),
            ("Afgehaald", "U heeft uw paspoort opgehaald.", False),
        ],
        [_COUNTER, _PHONE, _EMAIL, ("web", 5, "working_days", "binnen 5 werkdagen klaar")],
    ),
    (
        "melding-openbare-ruimte", "Melding openbare ruimte", "Melding openbare ruimte", 7,
        [
            ("Melding ontvangen", "We hebben uw melding ontvangen.", True),
            ("Ingepland", "We hebben het werk ingepland.", True),
            ("Opgelost", "Het probleem is opgelost. Bedankt voor uw melding.", True),
        ],
        [("web", 5, "working_days", "binnen 5 werkdagen opgelost"), _PHONE, _EMAIL,
         ("social", 24, "working_hours", "binnen 24 uur een reactie")],
    ),
    (
        "parkeervergunning", "Parkeervergunning aanvragen", "Parkeervergunning", 56,
        [
            ("Aanvraag ontvangen", "We hebben uw aanvraag ontvangen.", False),
            ("In behandeling", "We beoordelen uw aanvraag.", True),
            ("Besluit genomen", "We hebben een besluit genomen over uw aanvraag.", True),
        ],
        [("web", 10, "working_days", "binnen 10 werkdagen een besluit"), _EMAIL, _LETTER],
    ),
    (
        "verhuizing-doorgeven", "Verhuizing doorgeven", "Verhuizing", 5,
        [
            ("Melding ontvangen", "We hebben uw verhuizing ontvangen.", False),
            ("Verwerkt", "Uw nieuwe adres staat in de Basisregistratie Personen.", True),
        ],
        [("web", 5, "working_days", "binnen 5 werkdagen verwerkt"), _COUNTER, _LETTER],
    ),
    (
        "bijzondere-bijstand", "Bijzondere bijstand aanvragen", "Bijzondere bijstand", 56,
        [
            ("Aanvraag ontvangen", "We hebben uw aanvraag ontvangen.", True),
            ("In behandeling", "Een consulent beoordeelt uw aanvraag.", False),
            ("Besluit genomen", "We hebben een besluit genomen. U krijgt een brief.", True),
        ],
        [_PHONE, _EMAIL, _LETTER, ("web", 8, "weeks", "binnen 8 weken een besluit")],
    ),
    (
        "omgevingsvergunning", "Omgevingsvergunning aanvragen", "Omgevingsvergunning", 56,
        [
            ("Aanvraag ontvangen", "We hebben uw aanvraag ontvangen.", True),
            ("Inhoudelijke toets", "We toetsen uw plan aan de regels.", False),
            ("Besluit genomen", "We hebben een besluit genomen over uw aanvraag.", True),
        ],
        [("web", 8, "weeks", "binnen 8 weken een besluit"), _EMAIL, _LETTER],
    ),
    (
        "klacht", "Klacht indienen", "Klachtbehandeling", 42,
        [
            ("Klacht ontvangen", "We hebben uw klacht ontvangen.", True),
            ("Hoorgesprek gepland", "We nodigen u uit voor een gesprek.", True),
            ("Afgehandeld", "We hebben uw klacht afgehandeld. U krijgt een brief.", True),
        ],
        [_PHONE, _EMAIL, _LETTER, ("web", 6, "weeks", "binnen 6 weken afgehandeld")],
    ),
    (
        "afvalcontainer-aanvragen", "Afvalcontainer aanvragen", "Afvalcontainer", 14,
        [
            ("Aanvraag ontvangen", "We hebben uw aanvraag ontvangen.", False),
            ("Bezorging ingepland", "We bezorgen uw container binnenkort.", True),
            ("Bezorgd", "Uw container is bezorgd.", True),
        ],
        [("web", 10, "working_days", "binnen 10 werkdagen bezorgd"), _PHONE, _EMAIL],
    ),
    (
        "afvalkalender", "Afvalkalender en ophaaldagen", INFORMATION_ONLY, None, [],
        [_PHONE, _EMAIL],
    ),
]  # fmt: skip


def lead_time(days: int) -> timedelta:
    return timedelta(days=days)
