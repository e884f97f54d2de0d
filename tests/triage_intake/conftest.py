"""A tenant with three products, a routing rule per product and a trained triage model.

The examples are written here, not taken from the starter set (that is for the demo
catalogue's codes); each product has its own vocabulary, so the model is sure of a clear
question and a test can still choose, by the threshold, whether that is sure enough.
"""

import pytest

from achterkant.catalog.models import Product, ServiceNorm
from achterkant.contacts.triage import train_organisation
from achterkant.contacts.triage.models import TriageExample, TriageSettings
from achterkant.routing.models import RoutingRule, Team

EXAMPLES = {
    "paspoort": [
        "Mijn paspoort is verlopen, hoe vraag ik een nieuw paspoort aan?",
        "Ik wil een nieuw paspoort aanvragen voor mijn vakantie",
        "Hoe lang duurt het voordat mijn paspoort klaar is?",
        "Mijn paspoort is gestolen, wat moet ik doen?",
        "Kan ik een afspraak maken voor een paspoort?",
        "Paspoort kwijt, ik heb een nieuw reisdocument nodig",
        "Wat kost een nieuw paspoort voor mijn kind?",
        "Ik moet mijn paspoort vernieuwen want het is bijna verlopen",
        "Identiteitskaart en paspoort aanvragen, welke pasfoto?",
        "Wanneer kan ik mijn nieuwe paspoort ophalen bij het gemeentehuis?",
        "Mijn reisdocument verloopt volgende maand",
        "paspoort aanvragen met spoed voor een reis",
    ],
    "grofvuil": [
        "Wanneer wordt het grofvuil opgehaald in mijn straat?",
        "Ik wil een afspraak maken om grofvuil op te laten halen",
        "Mijn oude bank en matras moeten weg, komen jullie die ophalen?",
        "Hoe meld ik grof huisvuil aan voor ophalen?",
        "De vuilniswagen heeft mijn grofvuil niet meegenomen",
        "Kan ik een oude kast bij de straat zetten voor de ophaaldienst?",
        "Grofvuil ophalen aanvragen, wat kost dat?",
        "Waar kan ik mijn oude koelkast en wasmachine kwijt?",
        "ophalen van grof afval en meubels",
        "Ik ga verhuizen en heb veel oude meubels die opgehaald moeten worden",
        "De ophaaldienst voor grofvuil is niet gekomen",
        "matras en tapijt laten ophalen door de gemeente",
    ],
    "melding": [
        "Er ligt een gat in de stoep voor mijn huis",
        "De straatlantaarn in onze straat is kapot",
        "Er staat een boom op omvallen in het park",
        "Losliggende tegels op het fietspad, gevaarlijk",
        "Er is een put verstopt en de straat staat onder water",
        "Kapotte speeltoestellen in de speeltuin",
        "Zwerfafval en glas op het plein bij de school",
        "Het verkeersbord op de kruising is omgereden",
        "Een lantaarnpaal brandt al weken niet",
        "De stoeptegels liggen scheef en mensen struikelen",
        "Er groeit onkruid over het fietspad",
        "Beschadigde bank in het park",
    ],
}


@pytest.fixture
def triage_catalogue(tenant_a, settings, tmp_path):
    """Tenant A with the products paspoort, grofvuil and melding, each routed to a team.

    Paspoort has its own e-mail norm (5 working days), so a contact that got it by
    classification shows the product's norm, not the e-mail default of 2 days.
    """
    settings.TRIAGE_MODEL_DIR = str(tmp_path / "triage-models")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with tenant_a.active():
        passport = Product.objects.create(code="paspoort", name="Paspoort aanvragen")
        Product.objects.create(code="grofvuil", name="Grofvuil ophalen")
        ServiceNorm.objects.create(
            product=passport, channel="email", amount=5, unit="working_days",
            promise="binnen 5 werkdagen antwoord",
        )  # fmt: skip
        ServiceNorm.objects.create(
            product=passport, channel="letter", amount=10, unit="working_days",
            promise="binnen 10 werkdagen antwoord",
        )  # fmt: skip
        burgerzaken = Team.objects.create(identification="burgerzaken", name="Burgerzaken")
        afval = Team.objects.create(identification="afval", name="Afval en reiniging")
        buiten = Team.objects.create(identification="buiten", name="Buitenruimte")
        for order, (code, team) in enumerate(
            [("paspoort", burgerzaken), ("grofvuil", afval), ("melding", buiten)]
        ):
            RoutingRule.objects.create(order=order, product_code=code, team=team)
        products = {p.code: p for p in Product.objects.all()}
        TriageExample.objects.bulk_create(
            TriageExample(
                organisation=tenant_a.organisation,
                text=text,
                product=products[code],
                source="admin",
            )  # fmt: skip
            for code, texts in EXAMPLES.items()
            for text in texts
        )
    tenant_a.products = products
    tenant_a.teams = {"paspoort": burgerzaken, "grofvuil": afval, "melding": buiten}
    return tenant_a


@pytest.fixture
def trained(triage_catalogue):
    train_organisation(triage_catalogue.organisation)
    return triage_catalogue


def set_threshold(tenant, threshold: float) -> None:
    """Through the model's save, so the settings version changes as in the admin."""
    with tenant.active():
        row = TriageSettings.objects.first() or TriageSettings()
        row.threshold = threshold
        row.save()
