"""A small, fixed knowledge base for the search tests, the same on SQLite and PostgreSQL.

The words the tests search for appear in one form only, so Dutch stemming on PostgreSQL
cannot make the two engines disagree; EXPECTED is checked against both.
"""

from datetime import date

from achterkant.contacts.models import KnowledgeArticle

VALID_FROM = date(2025, 1, 1)

PASPOORT_VERLOPEN = "Mijn paspoort is verlopen, wat nu?"
PASPOORT_KWIJT = "Paspoort kwijt of gestolen"
PASPOORT_GELDIG = "Hoe lang is een paspoort geldig?"
RIJBEWIJS = "Rijbewijs verlopen"
LANTAARNPAAL = "Lantaarnpaal kapot"
KLIKO = "Mijn kliko is kapot"
GROFVUIL = "Grofvuil laten ophalen"
AFVALKALENDER = "Wanneer wordt mijn afval opgehaald?"
PARKEERVERGUNNING = "Parkeervergunning aanvragen"
BEZOEKERS = "Bezoekersregeling parkeren"
WOZ = "Bezwaar tegen de WOZ-waarde"
CAFE = "Terras bij een café"

PASSPORT_ARTICLES = {PASPOORT_VERLOPEN, PASPOORT_KWIJT, PASPOORT_GELDIG}

# question, answer, keywords
CORPUS = [
    (PASPOORT_VERLOPEN,
     "Maak een afspraak om een nieuw paspoort aan te vragen. Neem een pasfoto mee.",
     "paspoort verlopen vernieuwen reisdocument"),
    (PASPOORT_KWIJT,
     "Meld het verlies bij de gemeente. Wij maken het paspoort ongeldig.",
     "paspoort kwijt diefstal vermissing"),
    (PASPOORT_GELDIG,
     "Een paspoort is tien jaar geldig voor volwassenen en vijf jaar voor kinderen.",
     "paspoort geldigheid reisdocument"),
    (RIJBEWIJS,
     "Vraag een nieuw rijbewijs aan via de website. Een verlopen paspoort is geen probleem.",
     "rijbewijs verlengen"),
    (LANTAARNPAAL,
     "Meld een kapotte lantaarnpaal via de website of de app.",
     "straatverlichting lamp donker"),
    (KLIKO,
     "Wij repareren de container of u krijgt een nieuwe.",
     "container kliko deksel wiel"),
    (GROFVUIL,
     "Maak een afspraak. Wij halen grofvuil op de afgesproken dag op.",
     "grofvuil afval meubels matras"),
    (AFVALKALENDER,
     "Op de afvalkalender staat wanneer wij welk afval ophalen.",
     "afvalkalender ophaaldag afval"),
    (PARKEERVERGUNNING,
     "Als bewoner vraagt u de vergunning online aan met uw kenteken.",
     "parkeervergunning bewoner kenteken"),
    (BEZOEKERS,
     "Uw bezoek parkeert goedkoper. Meld het kenteken aan in de app.",
     "bezoekersregeling bezoek kenteken"),
    (WOZ,
     "Vindt u de WOZ-waarde van uw woning te hoog? Maak binnen zes weken bezwaar.",
     "woz woningwaarde taxatie"),
    (CAFE,
     "Voor een terras bij uw café of restaurant heeft u een terrasvergunning nodig.",
     "terrasvergunning horeca"),
]  # fmt: skip

# query -> the articles both engines must find (as a set; the order is by rank).
EXPECTED = {
    "paspoort": PASSPORT_ARTICLES | {RIJBEWIJS},
    "PASPOORT verlopen": {PASPOORT_VERLOPEN, RIJBEWIJS},
    "paspo": PASSPORT_ARTICLES | {RIJBEWIJS},
    "kapot": {LANTAARNPAAL, KLIKO},
    "kliko": {KLIKO},
    "afval": {GROFVUIL, AFVALKALENDER},
    "afvalkalender": {AFVALKALENDER},
    "kenteken": {PARKEERVERGUNNING, BEZOEKERS},
    "kenteken bezoek": {BEZOEKERS},
    "woz": {WOZ},
    "woz-waarde": {WOZ},
    "geldig": {PASPOORT_GELDIG},
    "wat is de woz": {WOZ},  # stop words ignored on both
    "terras": {CAFE},
    "café": {CAFE},
    # Nothing has both words, so the fallback takes articles with either.
    "paspoort lantaarnpaal": PASSPORT_ARTICLES | {RIJBEWIJS, LANTAARNPAAL},
    "helikopter": set(),
}

# query -> the first hit on both engines (ranks themselves differ between engines).
TOP_HIT = {
    "PASPOORT verlopen": PASPOORT_VERLOPEN,
    "afval": AFVALKALENDER,
    "kenteken bezoek": BEZOEKERS,
    "woz-waarde": WOZ,
    "paspoort lantaarnpaal": LANTAARNPAAL,
}


def load_corpus(corpus=CORPUS, **fields) -> list[KnowledgeArticle]:
    """Create the articles in the active organisation."""
    return [
        KnowledgeArticle.objects.create(
            question=question, answer=answer, keywords=keywords,
            **{"valid_from": VALID_FROM, **fields},
        )
        for question, answer, keywords in corpus
    ]  # fmt: skip
