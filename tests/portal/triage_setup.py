"""A small trained triage model for the channel tests (e-loket and desk, issue 18).

Three products in tenant A: two with a web form (offered online) and one without (a
passport is requested at the counter), each with its own labelled examples, and
knowledge articles for citizens, for everyone, for staff only, and an expired one.
"""

from datetime import date

from achterkant.catalog.models import CaseType, Product
from achterkant.contacts.models import KnowledgeArticle
from achterkant.contacts.triage import record_example, train_organisation

WEB_FORM = {
    "intro": "Vertel ons wat er is.",
    "fields": [{"name": "wat", "label": "Wat is er aan de hand?", "type": "long_text",
                "required": True, "max_length": 500}],
}  # fmt: skip

EXAMPLES = {
    "melding": [
        "Er ligt een losse stoeptegel voor mijn deur",
        "De lantaarnpaal in onze straat is kapot",
        "Er zit een groot gat in de weg",
        "De straatverlichting doet het niet meer",
        "Er ligt zwerfvuil in het park",
        "Een boom is omgewaaid op het fietspad",
        "De stoep is kapot, iemand is gevallen",
        "Er is een put verstopt bij de stoep",
        "Graffiti op de muur van het speeltuintje",
        "Kapotte bank in het plantsoen",
        "melding maken van een losliggende tegel op de stoep",
        "lamp van de lantaarn is stuk sinds gisteren",
    ],
    "grofvuil": [
        "Ik wil mijn oude bank laten ophalen",
        "Wanneer kan ik grofvuil aanbieden",
        "Een afspraak maken voor het ophalen van grof afval",
        "Mijn oude matras en kast moeten weg",
        "Kan de gemeente mijn oude koelkast ophalen",
        "Grofvuil ophalen aanvragen",
        "Ik ga verhuizen en heb veel oude meubels die opgehaald moeten worden",
        "ophalen van een oude wasmachine",
        "hoe laat ik grofvuil ophalen",
        "Ik heb een kapotte stoel en tafel die weg moeten",
        "grof huisvuil laten ophalen bij mijn huis",
        "oude meubels wegbrengen of laten ophalen",
    ],
    "paspoort": [
        "Ik wil een nieuw paspoort aanvragen",
        "Mijn paspoort is verlopen",
        "Hoe vraag ik een identiteitskaart aan",
        "Mijn paspoort is gestolen, wat moet ik doen",
        "Ik heb een reisdocument nodig voor mijn vakantie",
        "Mijn ID-kaart is kwijt",
        "Paspoort verlengen voor mijn kind",
        "afspraak voor een nieuw paspoort",
        "Hoe lang duurt het om een paspoort te krijgen",
        "Ik ben mijn identiteitsbewijs verloren",
        "nieuwe id kaart aanvragen",
        "paspoort ophalen bij het gemeentehuis",
    ],
}


def train_small_model(tenant, settings, tmp_path) -> dict[str, object]:
    """Products, examples and articles in ``tenant``, and its trained model. Returns the
    products by code and the articles by key ("public", "everyone", "internal", "expired")."""
    settings.TRIAGE_MODEL_DIR = str(tmp_path)  # model files out of var/
    with tenant.active():
        CaseType.objects.filter(identification="ZT-MELDING").update(form_definition=WEB_FORM)
        products = {
            "melding": tenant.product,
            "grofvuil": Product.objects.create(
                code="grofvuil", name="Grofvuil laten ophalen",
                case_type_identification="ZT-MELDING",
            ),
            "paspoort": Product.objects.create(code="paspoort", name="Paspoort aanvragen"),
        }  # fmt: skip
        for code, texts in EXAMPLES.items():
            for text in texts:
                record_example(actor=None, text=text, product=products[code], source="admin")
        articles = {
            "public": _article(
                "Hoe vraag ik een paspoort aan?",
                "Maak een afspraak bij de balie. Neem een pasfoto mee.",
                KnowledgeArticle.Audience.CITIZENS, products["paspoort"],
            ),
            "everyone": _article(
                "Wanneer haalt de gemeente grofvuil op?",
                "Op afspraak, elke dinsdag. Zet het grofvuil om 7 uur buiten.",
                KnowledgeArticle.Audience.EVERYONE, products["grofvuil"],
            ),
            "internal": _article(
                "Werkinstructie paspoort: vermissing controleren",
                "Controleer eerst het register van vermiste reisdocumenten.",
                KnowledgeArticle.Audience.INTERNAL, products["paspoort"],
            ),
            "expired": _article(
                "Paspoort aanvragen in 2020 (oud)",
                "Dit gold alleen in 2020.",
                KnowledgeArticle.Audience.CITIZENS, products["paspoort"],
                valid_until=date(2020, 12, 31),
            ),
        }  # fmt: skip
    train_organisation(tenant.organisation)
    return {"products": products, "articles": articles}


def _article(question, answer, audience, product, valid_until=None) -> KnowledgeArticle:
    article = KnowledgeArticle.objects.create(
        question=question, answer=answer, keywords=product.name.lower(), audience=audience,
        valid_from=date(2020, 1, 1), valid_until=valid_until,
    )  # fmt: skip
    article.products.add(product)
    return article
