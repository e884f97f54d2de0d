"""The maturity score: the yardstick of Accenture's 2007 study, computed from live data
for the active organisation (docs/insights.md, "The maturity score").

overall = 10% service maturity + 50% customer service maturity + 40% citizen voice, each
0–100. Every indicator has a value, a score 0–100, a weight and a Dutch advice on how to
raise it. The figures come from the daily aggregates (``insights.selectors``); the
catalogue and connection facts from ``insights.maturity_facts``. Nothing here reads a
case, a contact or a person.

A value that cannot be measured (no ratings, nothing online) scores 0: a yardstick of
maturity rewards what an organisation can show, and the advice says how to show it.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from achterkant.insights import maturity_facts as facts_of
from achterkant.insights.selectors import (
    Figures,
    Filters,
    aggregates_state,
    consistency,
    figures,
    kept,
)

# Changes whenever a definition, target or weight below changes: a benchmark card states
# the version that made it, and cards of different versions are not compared.
SCORING_VERSION = "2026.1"
PERIOD_DAYS = 90  # the score looks back this many days, today included

PART_WEIGHTS = {"service": 0.10, "customer_service": 0.50, "citizen_voice": 0.40}
# Targets: at or above these an indicator scores 100 (docs/insights.md says why).
CHANNELS_TARGET = 4  # channels with a service norm per product
PROACTIVE_MESSAGES_TARGET = 2.0  # berichtenbox messages per closed case
CSAT_COVERAGE_TARGET = 0.25  # ratings per closed case or contact
COMPLAINT_RATE_CEILING = 0.05  # complaints per case in; at or above this it scores 0
INTERACT_CHANNELS = {"web"}  # a contact form on the website counts as "interact"

# The study's published country scores (Accenture 2007, 22 countries). Our sources
# (DOMAIN.md, the news item in background/) name the top five and the Netherlands (13th);
# the places in between are not in them, so they are not shown.
COUNTRY_SCORES = (
    ("Singapore", 89),
    ("Canada", 88),
    ("Verenigde Staten", 79),
    ("Denemarken", 75),
    ("Zweden", 74),
    ("Nederland", 45),
)


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    value: float | None  # the measured value (a share 0..1, a count, a mean); None: no data
    value_text: str  # the value as a manager reads it
    score: float  # 0–100
    weight: float  # its share of its pillar (0..1)
    advice: str  # "wat kunt u doen", in Dutch
    detail: str = ""  # e.g. the products that miss this step


@dataclass(frozen=True)
class Pillar:
    key: str
    label: str
    weight: float  # its share of its part (0..1); 0 for the two factors of service maturity
    indicators: list[Indicator]

    @property
    def score(self) -> float:
        return sum(i.score * i.weight for i in self.indicators)


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    weight: float  # its share of the overall score
    pillars: list[Pillar]
    formula: str  # how the pillars combine, in Dutch

    @property
    def score(self) -> float:
        if self.key == "service":  # breadth × depth
            breadth, depth = self.pillars
            return breadth.score * depth.score / 100
        return sum(p.score * p.weight for p in self.pillars)


@dataclass(frozen=True)
class Maturity:
    first: date
    last: date
    parts: list[Part]
    scoring_version: str = SCORING_VERSION
    notes: list[str] = field(default_factory=list)  # limitations a manager should know

    @property
    def overall(self) -> float:
        return sum(part.score * part.weight for part in self.parts)

    def pillars(self) -> list[Pillar]:
        return [pillar for part in self.parts for pillar in part.pillars]

    def indicators(self) -> list[Indicator]:
        return [i for pillar in self.pillars() for i in pillar.indicators]

    def scores(self) -> dict:
        """Every score, rounded to one decimal: what the league table and the benchmark
        card hold (no value, no text)."""
        return {
            "overall": round(self.overall, 1),
            "parts": {part.key: round(part.score, 1) for part in self.parts},
            "pillars": {pillar.key: round(pillar.score, 1) for pillar in self.pillars()},
            "indicators": {i.key: round(i.score, 1) for i in self.indicators()},
        }


def _percent(value: float | None) -> str:
    if value is None:
        return "geen gegevens"
    return f"{value * 100:.1f}".replace(".", ",") + "%"


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "geen gegevens"
    return f"{value:.1f}".replace(".", ",") + f" {unit}"


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _score(value: float | None, target: float = 1.0) -> float:
    """0–100: the value as a share of its target, capped at 100; no data scores 0."""
    if value is None:
        return 0.0
    return max(0.0, min(100.0, 100 * value / target))


def _names(products: list, limit: int = 5) -> str:
    names = [p.name for p in products]
    if not names:
        return ""
    more = f" en {len(names) - limit} meer" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def _merge(items) -> Figures:
    total = Figures()
    for item in items:
        total.counts.update(item.counts)
    return total


def _pillar(key: str, label: str, weight: float, indicators: list[Indicator]) -> Pillar:
    share = 1 / len(indicators)
    return Pillar(key, label, weight, [_weighted(i, share) for i in indicators])


def _weighted(indicator: Indicator, weight: float) -> Indicator:
    return Indicator(**{**indicator.__dict__, "weight": weight})


def _indicator(key, label, value, value_text, score, advice, detail="") -> Indicator:
    return Indicator(key, label, value, value_text, round(score, 4), 0.0, advice, detail)


def maturity(
    *, first: date | None = None, last: date | None = None, today: date | None = None
) -> Maturity:
    """The maturity score of the active organisation for ``first``..``last`` (default: the
    last 90 days up to today)."""
    today = today or timezone.localdate()
    last = last or today
    first = first or last - timedelta(days=PERIOD_DAYS - 1)
    filters = Filters(first=first, last=last)
    state = aggregates_state()
    total, per_product, api, consistency_index = kept(
        "maturity", filters, state.version if state else None, lambda: _aggregate_reads(filters)
    )
    products = facts_of.catalogue_facts(today)
    notes: list[str] = []
    parts = [
        _service_maturity(products),
        _customer_service(total, api, products, consistency_index, notes),
        _citizen_voice(total, per_product, products),
    ]
    return Maturity(first=first, last=last, parts=parts, notes=notes)


def _aggregate_reads(filters: Filters) -> tuple[Figures, dict, Figures, float | None]:
    """What the score reads of the aggregates: kept under their version (``kept``)."""
    api_only = Filters(first=filters.first, last=filters.last, channel="api")
    return (
        figures(filters).get(None) or Figures(),
        figures(filters, by="product"),
        figures(api_only).get(None) or Figures(),
        consistency(filters).index,
    )


def _service_maturity(products: list) -> Part:
    count = len(products)
    online = [p for p in products if p.online]
    interact = [p for p in products if p.online or p.channels & INTERACT_CHANNELS]
    levels = [
        ("publish", "Publiceren: een openbaar kennisartikel", [p for p in products if p.published],
         "Schrijf voor elk product een kennisartikel voor inwoners (doelgroep niet 'alleen "
         "medewerkers') en koppel het aan het product."),
        ("interact", "Interactie: een webformulier of contactformulier", interact,
         "Geef elk product een webformulier in het e-loket, of een servicenorm op het kanaal "
         "website (een contactformulier)."),
        ("transact", "Transactie: aanvragen met DigiD, status en besluit online",
         [p for p in products if p.transact],
         "Zorg dat het zaaktype statussen met een tekst voor de inwoner heeft en een "
         "besluittype (of een eindstatus die de inwoner informeert), zodat de inwoner de "
         "voortgang en het besluit in Mijn gemeente ziet."),
        ("proactive_service", "Proactief: het formulier is al ingevuld",
         [p for p in products if p.prefilled],
         "Laat het webformulier gegevens vooraf invullen ('prefill': naam, adres, e-mail of "
         "telefoon uit het register). Een aanvraag die de gemeente zelf start, zonder "
         "verzoek, kent Achterkant nog niet: dat scoort nu 0."),
    ]  # fmt: skip
    depth = [
        _indicator(key, label, _share(len(met), count), _percent(_share(len(met), count)),
                   _score(_share(len(met), count)), advice,
                   _missing([p for p in products if p not in met]))
        for key, label, met, advice in levels
    ]  # fmt: skip
    breadth_value = _share(len(online), count)
    breadth = _indicator(
        "breadth", "Breedte: producten online aan te vragen", breadth_value,
        f"{len(online)} van {count} producten", _score(breadth_value),
        "Maak meer producten online aanvraagbaar: een gepubliceerd zaaktype met een "
        "webformulier (e-loket).",
        _missing([p for p in products if not p.online]),
    )  # fmt: skip
    return Part(
        "service", "Dienstverlening online", PART_WEIGHTS["service"],
        [_pillar("breadth", "Breedte", 0.0, [breadth]),
         _pillar("depth", "Diepte (vier stappen, elk 25%)", 0.0, depth)],
        "breedte × diepte",
    )  # fmt: skip


def _missing(products: list) -> str:
    return f"Nog niet: {_names(products)}." if products else ""


def _customer_service(total: Figures, api: Figures, products: list, index, notes) -> Part:
    adoption = [v for v in (total.digid_share, total.messages_read_share) if v is not None]
    adoption_value = sum(adoption) / len(adoption) if adoption else None
    citizen_centred = _pillar("citizen_centred", "Burger centraal", 0.25, [
        _indicator("csat", "Tevredenheid (CSAT: cijfer 4 of 5)", total.csat,
                   _percent(total.csat) + f" van {total.ratings} beoordelingen", _score(total.csat),
                   "Vraag na elk contact en elke zaak om een cijfer, en pak de kanalen en "
                   "producten met de laagste tevredenheid als eerste aan. Onder 10 "
                   "beoordelingen telt het niet mee."),
        _indicator("portal_adoption", "Gebruik van Mijn gemeente", adoption_value,
                   f"{_percent(total.digid_share)} zaken met DigiD, "
                   f"{_percent(total.messages_read_share)} berichten gelezen",
                   _score(adoption_value),
                   "Wijs inwoners aan de balie en aan de telefoon op Mijn gemeente, en stuur "
                   "berichten over hun zaak naar de berichtenbox."),
    ])  # fmt: skip
    channels = [min(len(p.channels), CHANNELS_TARGET) / CHANNELS_TARGET for p in products]
    channel_mean = (sum(len(p.channels) for p in products) / len(products)) if products else None
    few = [p for p in products if len(p.channels) < CHANNELS_TARGET]
    multichannel = _pillar("multichannel", "Meerkanaals", 0.25, [
        _indicator("consistency", "Consistentie-index over kanalen", index,
                   _number(index, "van 100"), _score(index, 100),
                   "Kijk in Inzicht welk product per kanaal het meest verschilt, en geef dat "
                   "kanaal dezelfde werkwijze en norm als het beste kanaal. Nodig: per "
                   "product minstens twee kanalen met elk 5 afgehandelde zaken."),
        _indicator("channels_per_product", "Kanalen met een servicenorm per product",
                   channel_mean, _number(channel_mean, "kanalen gemiddeld"),
                   _score(sum(channels) / len(channels) if channels else None),
                   f"Leg per product een servicenorm vast voor ten minste {CHANNELS_TARGET} "
                   "kanalen (bijvoorbeeld website, telefoon, balie en e-mail).",
                   f"Minder dan {CHANNELS_TARGET} kanalen: {_names(few)}." if few else ""),
    ])  # fmt: skip
    cross_government = _pillar("cross_government", "Samenwerkende overheid", 0.25,
                               _connections(api, notes))  # fmt: skip
    online = [p for p in products if p.online]
    prefill = _share(len([p for p in online if p.prefilled]), len(online))
    messages = _share(total.messages, total.cases_closed)
    proactive = _pillar("proactive", "Proactief", 0.25, [
        _indicator("proactive_messages", "Berichten uit uzelf per afgehandelde zaak", messages,
                   _number(messages, "per zaak"), _score(messages, PROACTIVE_MESSAGES_TARGET),
                   "Zet 'informeren' aan bij de statussen die de inwoner moet weten (ontvangen, "
                   "besluit), zodat hij een bericht krijgt zonder te hoeven bellen. Doel: "
                   f"{PROACTIVE_MESSAGES_TARGET:g} berichten per zaak."),
        _indicator("prefill_share", "Online formulieren die vooraf invullen", prefill,
                   _percent(prefill), _score(prefill),
                   "Vul in elk webformulier vooraf in wat de gemeente al weet (naam, adres, "
                   "contactgegevens): de inwoner geeft gegevens maar één keer."),
    ])  # fmt: skip
    return Part(
        "customer_service", "Klantgerichte dienstverlening", PART_WEIGHTS["customer_service"],
        [citizen_centred, multichannel, cross_government, proactive],
        "gemiddelde van vier pijlers, elk 25%",
    )  # fmt: skip


def _connections(api: Figures, notes: list[str]) -> list[Indicator]:
    brp, brp_text = facts_of.brp_connection()
    applications = facts_of.connection_count("zgw_applications")
    if applications is None:
        traffic = api.cases_in + api.contacts
        applications_value = 1.0 if traffic else 0.0
        applications_text = f"{traffic} zaken en contacten via de API (geen telling koppelingen)"
        notes.append("Het aantal API-koppelingen staat in de API-laag; zolang die het niet "
                     "doorgeeft, telt Inzicht het verkeer via het kanaal API.")  # fmt: skip
    else:
        applications_value = float(applications)
        applications_text = f"{applications} actieve koppelingen"
    subscribers = facts_of.connection_count("notification_subscribers")
    forwarded = facts_of.notifications_forwarded()
    if subscribers is None:
        subscribers_value = 1.0 if forwarded else 0.0
        subscribers_text = (
            "doorgestuurd naar een Notificaties API"
            if forwarded
            else "geen doorsturing ingesteld (geen telling abonnementen)"
        )
        notes.append("Het aantal abonnementen op notificaties staat in de API-laag; zolang "
                     "die het niet doorgeeft, telt alleen de doorsturing "
                     "(NOTIFICATIES_FORWARD_URL).")  # fmt: skip
    else:
        subscribers_value = float(subscribers + forwarded)
        subscribers_text = f"{subscribers} abonnementen" + (", doorgestuurd" * forwarded)
    return [
        _indicator("brp", "Koppeling met de BRP (Haal Centraal)", float(brp), brp_text,
                   100.0 if brp else 0.0,
                   "Haal persoonsgegevens uit de BRP in plaats van een eigen register: zet "
                   "PERSON_LOOKUP=brp en BRP_API_URL (zie docs/operations.md)."),
        _indicator("zgw_applications", "Actieve ZGW-koppelingen", applications_value,
                   applications_text, 100.0 if applications_value else 0.0,
                   "Laat andere systemen (formulieren, KISS, het zaaksysteem van de keten) via "
                   "de ZGW-API's werken: maak een API-koppeling met autorisaties aan."),
        _indicator("notification_subscribers", "Abonnees op notificaties", subscribers_value,
                   subscribers_text, 100.0 if subscribers_value else 0.0,
                   "Laat ketenpartners zich abonneren op notificaties (Notificaties API), of "
                   "stuur de gebeurtenissen door met NOTIFICATIES_FORWARD_URL."),
    ]  # fmt: skip


def _citizen_voice(total: Figures, per_product: dict, products: list) -> Part:
    complaint_ids = {p.product_id for p in products if p.complaint}
    complaints = _merge(f for pk, f in per_product.items() if pk in complaint_ids)
    handled = total.contacts + total.cases_closed
    coverage = _share(total.ratings, handled)
    other_cases = total.cases_in - complaints.cases_in
    rate = _share(complaints.cases_in, other_cases) if complaint_ids else None
    rate_score = 0.0 if rate is None else 100 * max(0.0, 1 - rate / COMPLAINT_RATE_CEILING)
    # Answered in time: within the legal term (Awb 9:11, six weeks, the complaint case
    # type's lead time) where the cases carry one, else within their service norm.
    answered = None
    if complaint_ids:
        answered = complaints.legal_compliance
        if answered is None:
            answered = complaints.norm_compliance
    no_product = ("Er is geen klachtproduct (code die begint met 'klacht'): klachten zijn "
                  "niet te tellen.") if not complaint_ids else ""  # fmt: skip
    voice = _pillar("citizen_voice", "Stem van de burger", 1.0, [
        _indicator("csat_coverage", "Beoordelingen per afgehandelde zaak of contact", coverage,
                   f"{_percent(coverage)} ({total.ratings} van {handled})",
                   _score(coverage, CSAT_COVERAGE_TARGET),
                   "Vraag op elk kanaal om een cijfer: na een gesprek, aan de balie en in de "
                   f"berichtenbox na een besluit. Doel: {CSAT_COVERAGE_TARGET:.0%} beoordeeld."),
        _indicator("complaint_rate", "Klachten per binnengekomen zaak", rate,
                   _percent(rate) + (f" ({complaints.cases_in} klachten)" if complaint_ids else ""),
                   rate_score,
                   "Maak klachtbehandeling een eigen product (code 'klacht') met een "
                   "webformulier, zodat elke klacht geteld wordt, en leer van de producten "
                   f"met de meeste klachten. Vanaf {COMPLAINT_RATE_CEILING:.0%} scoort dit 0.",
                   no_product),
        _indicator("feedback_answered", "Klachten op tijd beantwoord", answered,
                   _percent(answered), _score(answered),
                   "Beantwoord elke klacht binnen de termijn (wettelijk 6 weken, Awb 9:11): "
                   "zet die als doorlooptijd op het zaaktype en stuur op de klachten die "
                   "bijna te laat zijn.",
                   no_product),
    ])  # fmt: skip
    return Part("citizen_voice", "Stem van de burger", PART_WEIGHTS["citizen_voice"], [voice],
                "gemiddelde van drie indicatoren")  # fmt: skip
