"""What the maturity score reads besides the KPI figures: small facts about the active
organisation's catalogue and connections (docs/insights.md, "The maturity score").

A handful of queries whatever the size of the catalogue; nothing here reads a case, a
contact or a person. The catalogue's own selector decides what is "offered online", so
the score and the e-loket can never disagree about it.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q

from achterkant.catalog.form_definition import form_fields
from achterkant.catalog.models import DecisionType, Product, ServiceNorm, StatusType
from achterkant.catalog.selectors import products_offered_online
from achterkant.contacts.models import KnowledgeArticle

# A product whose code starts with this is complaint handling (klachtbehandeling): its
# cases are the complaints the complaint rate counts (docs/insights.md).
COMPLAINT_CODE_PREFIX = "klacht"
# Host names that are never a real BRP: a test stand-in or a placeholder.
_NOT_REAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")  # noqa: S104 - compared, not bound
_NOT_REAL_SUFFIXES = (".invalid", ".test", ".example", ".localhost", ".local")


@dataclass
class ProductFacts:
    product_id: int
    name: str
    complaint: bool
    online: bool = False  # a published case type with a web form valid today (e-loket)
    published: bool = False  # a public, valid knowledge article about it
    transact: bool = False  # online, status in the portal, and the decision online
    prefilled: bool = False  # its web form fills in at least one field for the citizen
    channels: set[str] = field(default_factory=set)  # channels with a service norm


def catalogue_facts(today: date) -> list[ProductFacts]:
    """One row per product of the active organisation's catalogue (six queries)."""
    facts = {
        pk: ProductFacts(pk, name, code.lower().startswith(COMPLAINT_CODE_PREFIX))
        for pk, name, code in Product.objects.order_by("name", "pk").values_list(
            "pk", "name", "code"
        )
    }
    online = products_offered_online(today)
    case_types = {product.pk: case_type for product, case_type in online}
    for pk, case_type in case_types.items():
        facts[pk].online = True
        facts[pk].prefilled = any(f.get("prefill") for f in form_fields(case_type.form_definition))

    # The link table is not tenant-aware itself: it is narrowed to our own products.
    public = (
        KnowledgeArticle.products.through.objects.filter(
            product_id__in=list(facts), knowledgearticle__valid_from__lte=today
        )
        .filter(
            Q(knowledgearticle__valid_until__isnull=True)
            | Q(knowledgearticle__valid_until__gte=today)
        )
        .exclude(knowledgearticle__audience=KnowledgeArticle.Audience.INTERNAL)
    )
    for pk in public.values_list("product_id", flat=True).distinct():
        facts[pk].published = True

    for pk, channel in ServiceNorm.objects.values_list("product_id", "channel"):
        if pk in facts:
            facts[pk].channels.add(channel)

    # Transact: the citizen follows the status in Mijn gemeente (a status with a text
    # for the citizen) and gets the decision there (a published besluittype, or an end
    # status that informs the citizen of the outcome).
    statuses: dict[int, list] = defaultdict(list)
    rows = StatusType.objects.filter(case_type_id__in=[ct.pk for ct in case_types.values()])
    for row in rows.order_by("sequence").values("case_type_id", "citizen_text", "inform_citizen"):
        statuses[row["case_type_id"]].append(row)
    with_decision = set(
        DecisionType.case_types.through.objects.filter(
            casetype_id__in=[ct.pk for ct in case_types.values()],
            decisiontype__is_concept=False,
        ).values_list("casetype_id", flat=True)
    )
    for pk, case_type in case_types.items():
        flow = statuses[case_type.pk]
        status_online = any(row["citizen_text"] for row in flow)
        decision_online = case_type.pk in with_decision or bool(flow and flow[-1]["inform_citizen"])
        facts[pk].transact = status_online and decision_online
    return list(facts.values())


def brp_connection() -> tuple[bool, str]:
    """Whether persons come from a real Haal Centraal BRP: ``PERSON_LOOKUP=brp`` with an
    address that is not a local stand-in. Read from the settings only: a page view makes
    no call to the BRP, so "real" means configured for a real host (docs/insights.md)."""
    if settings.PERSON_LOOKUP != "brp":
        return False, "lokaal register"
    host = (urlsplit(settings.BRP_API_URL or "").hostname or "").lower()
    if not host:
        return False, "BRP ingesteld zonder adres"
    if host in _NOT_REAL_HOSTS or host.endswith(_NOT_REAL_SUFFIXES) or "mock" in host:
        return False, f"BRP-testomgeving ({host})"
    return True, f"Haal Centraal BRP ({host})"


# The ZGW applications and the notification subscriptions are kept by the API layer,
# which insights may not import. The API apps can report their counts here from their
# AppConfig.ready(); until they do, the score falls back to what insights sees itself.
ConnectionCounter = Callable[[], int]
_connection_counters: dict[str, ConnectionCounter] = {}
CONNECTION_KINDS = ("zgw_applications", "notification_subscribers")


def register_connection_counter(kind: str, count: ConnectionCounter) -> None:
    """Let an interface app say how many ``kind`` the active organisation has (called in
    that organisation's context, so a tenant-aware query is enough)."""
    if kind not in CONNECTION_KINDS:
        raise ValueError(f"unknown connection kind {kind!r}; one of {CONNECTION_KINDS}")
    _connection_counters[kind] = count


def unregister_connection_counter(kind: str) -> None:
    _connection_counters.pop(kind, None)


def connection_count(kind: str) -> int | None:
    """The registered count, or None when no app reports it."""
    counter = _connection_counters.get(kind)
    return None if counter is None else int(counter())


def notifications_forwarded() -> bool:
    """Events go on to an external Notificaties API (``NOTIFICATIES_FORWARD_URL``)."""
    return bool(getattr(settings, "NOTIFICATIES_FORWARD_URL", ""))
