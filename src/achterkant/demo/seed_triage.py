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
