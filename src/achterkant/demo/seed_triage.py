"""The free-text triage for the demo: synonyms, the starter set and a trained model."""

from contextlib import suppress

from achterkant.catalog.models import Product
from achterkant.contacts.triage import load_starter_examples, train_organisation
from achterkant.contacts.triage.jobs import needs_training
from achterkant.contacts.triage.model import model_path
from achterkant.contacts.triage.models import TriageSettings
from achterkant.contacts.triage.services import TrainingError
from achterkant.tenancy.context import require_organisation

# Words citizens use for the demo products (Product.synonyms, one per line).
SYNONYMS = {
    "paspoort-aanvragen": [
        "paspoort", "identiteitskaart", "id-kaart", "ID-bewijs", "reisdocument",
        "identiteitsbewijs", "paspoort verlengen", "pasfoto", "vermissing paspoort",
    ],
    "melding-openbare-ruimte": [
        "melding openbare ruimte", "losse stoeptegel", "kapotte lantaarnpaal",
        "straatverlichting", "zwerfafval", "gat in de weg", "illegale dump", "graffiti",
        "omgevallen boom", "verstopte put", "kapot speeltoestel",
    ],
    "parkeervergunning": [
        "parkeervergunning", "bewonersvergunning", "bezoekersvergunning",
        "bezoekersparkeren", "parkeerkaart", "gehandicaptenparkeerkaart", "kenteken wijzigen",
    ],
    "verhuizing-doorgeven": [
        "verhuizing", "verhuizen", "adreswijziging", "inschrijven", "uitschrijven",
        "emigratie", "vertrek naar het buitenland", "briefadres", "BRP", "woonadres",
    ],
    "bijzondere-bijstand": [
        "bijzondere bijstand", "financiële hulp", "vergoeding bijzondere kosten",
        "laag inkomen", "minimuminkomen", "uitkering", "geen geld", "tegemoetkoming",
    ],
    "omgevingsvergunning": [
        "omgevingsvergunning", "bouwvergunning", "kapvergunning", "dakkapel", "aanbouw",
        "uitbouw", "verbouwing", "bouwaanvraag", "vergunningvrij bouwen", "slopen",
    ],
    "evenementenvergunning": [
        "evenementenvergunning", "evenement", "buurtfeest", "straatfeest", "festival",
        "optocht", "braderie", "markt organiseren", "ontheffing geluid",
    ],
    "klacht": [
        "klacht", "klacht indienen", "ontevreden", "slecht behandeld", "niet teruggebeld",
        "geen reactie", "ombudsman", "onvriendelijke medewerker",
    ],
    "afvalcontainer-aanvragen": [
        "afvalcontainer", "container aanvragen", "kliko", "minicontainer", "gft-bak",
        "container kapot", "container gestolen", "afvalpas", "ondergrondse container",
    ],
    "afvalkalender": [
        "afvalkalender", "ophaaldag", "ophaaldagen", "afval ophalen", "inzameldag",
        "afvalwijzer", "grofvuil", "milieustraat", "container niet geleegd",
    ],
}  # fmt: skip


def seed_triage() -> None:
    """Synonyms (where empty), the starter examples, and a first model for the demo."""
    for product in Product.objects.filter(code__in=SYNONYMS, synonyms=""):
        product.synonyms = "\n".join(SYNONYMS[product.code])
        product.save(update_fields=["synonyms"])
    load_starter_examples()
    organisation = require_organisation()
    if _has_current_model(organisation):
        return  # `achterkant demo` seeds on every start: do not retrain each time
    # A catalogue without demo products gets no model; suggestions then say so.
    with suppress(TrainingError):
        train_organisation(organisation)


def _has_current_model(organisation) -> bool:
    settings = TriageSettings.objects.first()
    if settings is None or not settings.model_token:
        return False
    if not model_path(organisation.pk, settings.model_token).exists():
        return False
    return not needs_training(organisation)


# E-mails that reach the demo's mailbox through the real intake, so the desk shows both
# outcomes of triage: clear ones routed to their product's team, vague ones in *Te
# beoordelen* with the model's top 3. (subject, body); the Message-ID makes a new seed
# find them again instead of adding them twice.
DEMO_MAILS = [
    ("Paspoort verloopt",
     "Goedemiddag,\n\nMijn paspoort verloopt over een maand en in de zomer gaan we naar "
     "Turkije. Hoe vraag ik een nieuw paspoort aan en moet ik een afspraak maken?\n\n"
     "Met vriendelijke groet,\nSophie de Vries\nKerkstraat 12"),
    ("Lantaarnpaal kapot",
     "Hallo, de lantaarnpaal voor ons huis doet het al een week niet meer. 's Avonds is "
     "het erg donker op de stoep.\n\nGroetjes,\nSophie"),
    ("Vraag over uw brief",
     "Beste gemeente,\n\nIk kreeg een brief van u maar ik begrijp niet wat ik moet doen. "
     "Kan iemand mij uitleggen wat de bedoeling is?\n\nMet vriendelijke groet,\nSophie de Vries"),
    ("Re: uw vraag",
     "Onze groene kliko is vanochtend weer niet geleegd. Wanneer komen jullie hem alsnog "
     "legen?\n\n"
     "Op 2 november 2026 om 09:12 schreef Gemeente <info@gemeente.example.nl>:\n"
     "> Dank voor uw bericht over uw paspoort. U kunt online een afspraak maken.\n"),
    ("Hulp nodig",
     "Het gaat niet goed bij ons thuis en ik weet niet bij wie ik moet zijn. Kan er iemand "
     "met mij meedenken?"),
]  # fmt: skip


def seed_triage_mail(*, sender: str) -> None:
    """The demo e-mails above, through ``contacts.mail_intake`` (classification included)."""
    from email.message import EmailMessage

    from achterkant.contacts.mail_intake import ingest_message

    organisation = require_organisation()
    for number, (subject, body) in enumerate(DEMO_MAILS, start=1):
        message = EmailMessage()
        message["From"] = sender
        message["To"] = f"info@{organisation.slug}.example.nl"
        message["Subject"] = subject
        message["Message-ID"] = f"<demo-triage-{number}@{organisation.slug}.example.nl>"
        message.set_content(body)
        ingest_message(message.as_bytes(), source="demo")
