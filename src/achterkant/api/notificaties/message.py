"""The ZGW notification ``Message`` of a domain event, for every kanaal (worker only).

A service emits a ``notify.DomainEvent`` in the transaction of its change; the worker
turns it into the message the Notificaties API 1.0 describes. What each kanaal's events
carry (the contract with the emitting services):

=====================  ================================  ==================================
kanaal                 ``main_reference``                ``resource_reference``
=====================  ================================  ==================================
zaken                  case number                       a part's uuid or pk, or the number
documenten             informatieobject uuid             the row's uuid
besluiten              besluit uuid                      the row's uuid
zaaktypen, …typen      the type's uuid                   the type's uuid
autorisaties           applicatie uuid                   applicatie uuid
=====================  ================================  ==================================

Attributes that name a catalogue object by uuid (``zaaktype``, ``informatieobjecttype``,
``besluittype``, ``catalogus``) become its Catalogi API URL; the kenmerken are exactly the
kanaal's standard filters (``models.STANDARD_KANALEN``), so every abonnement filter can
match. URLs are built on the organisation's first host name (the worker has no request).

:class:`MessageBuilder` looks up what a batch of events needs in a few queries (the cases
by number, the parts by pk), not one query per event.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from uuid import UUID

from django.conf import settings

from achterkant.api.notificaties.models import STANDARD_KANALEN
from achterkant.api.resources import AUTORISATIES, CATALOGI, ZAKEN
from achterkant.cases.models import (
    Case,
    CaseProperty,
    CaseStatus,
    Decision,
    Document,
    Result,
    Role,
)
from achterkant.cases.models.parts import CaseContactMoment, CaseObject
from achterkant.notify.models import DomainEvent
from achterkant.tenancy.models import Hostname

DOCUMENTEN = "/documenten/api/v1"
BESLUITEN = "/besluiten/api/v1"

_UUID = re.compile(r"^[0-9a-f]{8}-?([0-9a-f]{4}-?){3}[0-9a-f]{12}$", re.IGNORECASE)

# Zaken: resource -> (model, the collection in the Zaken API). zaakeigenschap and
# zaakbesluit are nested under their zaak (``NESTED``).
ZAAK_PARTS = {
    "status": (CaseStatus, "statussen"),
    "rol": (Role, "rollen"),
    "resultaat": (Result, "resultaten"),
    "zaakeigenschap": (CaseProperty, None),
    "zaakobject": (CaseObject, "zaakobjecten"),
    "klantcontact": (CaseContactMoment, "klantcontacten"),
    # A zaakinformatieobject is named by its document's uuid (api/zaken/parts/render.py).
    "zaakinformatieobject": (Document, "zaakinformatieobjecten"),
    "zaakbesluit": (Decision, None),
}
NESTED = {"zaakeigenschap": "zaakeigenschappen", "zaakbesluit": "besluiten"}

# Other kanalen: resource -> collection, under the component's prefix.
COLLECTIONS = {
    "documenten": (
        DOCUMENTEN,
        {
            "enkelvoudiginformatieobject": "enkelvoudiginformatieobjecten",
            "gebruiksrechten": "gebruiksrechten",
            "verzending": "verzendingen",
            "objectinformatieobject": "objectinformatieobjecten",
        },
    ),
    "besluiten": (
        BESLUITEN,
        {"besluit": "besluiten", "besluitinformatieobject": "besluitinformatieobjecten"},
    ),
    "zaaktypen": (CATALOGI, {"zaaktype": "zaaktypen"}),
    "besluittypen": (CATALOGI, {"besluittype": "besluittypen"}),
    "informatieobjecttypen": (CATALOGI, {"informatieobjecttype": "informatieobjecttypen"}),
    "autorisaties": (AUTORISATIES, {"applicatie": "applicaties"}),
}
# The hoofdObject's resource of each kanaal (its main resource).
MAIN_RESOURCE = {
    "documenten": "enkelvoudiginformatieobject",
    "besluiten": "besluit",
    "zaaktypen": "zaaktype",
    "besluittypen": "besluittype",
    "informatieobjecttypen": "informatieobjecttype",
    "autorisaties": "applicatie",
}
# Kenmerken that name a catalogue object: kenmerk -> its Catalogi API collection.
CATALOGI_KENMERKEN = {
    "zaaktype": "zaaktypen",
    "informatieobjecttype": "informatieobjecttypen",
    "besluittype": "besluittypen",
    "catalogus": "catalogussen",
}


def is_uuid(value: str) -> bool:
    return bool(value) and bool(_UUID.match(value))


def base_url(organisation_id: int) -> str:
    """The organisation's first host name as ``PUBLIC_URL_TEMPLATE`` makes a public URL of
    it (the same rule as the links in e-mails: ``https://{host}``, the demo adds its port)."""
    hostname = (
        Hostname.objects.filter(organisation_id=organisation_id)
        .order_by("pk")
        .values_list("hostname", flat=True)
        .first()
    )
    return settings.PUBLIC_URL_TEMPLATE.format(host=hostname or "localhost").rstrip("/")


class MessageBuilder:
    """The messages of one organisation's events. :meth:`prepare` every event before its
    :meth:`message`: what prepare did not find is gone (a deleted row)."""

    def __init__(self, organisation_id: int, base: str | None = None) -> None:
        self.organisation_id = organisation_id
        self.base = base if base is not None else base_url(organisation_id)
        # case number -> (case uuid, case type uuid)
        self.cases: dict[str, tuple[UUID, UUID]] = {}
        # (zaken resource, pk) -> the part's uuid
        self.parts: dict[tuple[str, int], UUID] = {}
        # case number -> the uuid of its result (a case has one)
        self.results: dict[str, UUID] = {}
        # decision identification -> (decision uuid, decision type uuid), for events that
        # name a besluit by its identification (the desk's, before the Besluiten API)
        self.decisions: dict[str, tuple[UUID, UUID]] = {}

    # -- look-ups, one query per kind per batch ------------------------------------------

    def prepare(self, events: Iterable[DomainEvent]) -> "MessageBuilder":
        numbers, results_of = set(), set()
        pks: dict[str, set[int]] = defaultdict(set)
        identifications = set()
        for event in events:
            if event.channel == "zaken":
                numbers.add(event.main_reference)
                reference = event.resource_reference
                if event.resource in ZAAK_PARTS and reference.isdigit():
                    pks[event.resource].add(int(reference))
                elif event.resource == "resultaat" and event.action != "destroy":
                    results_of.add(event.main_reference)
            elif event.channel == "besluiten" and not is_uuid(event.main_reference):
                identifications.add(event.resource_reference)
        self._load_cases(numbers - set(self.cases))
        for resource, wanted in pks.items():
            model = ZAAK_PARTS[resource][0]
            rows = model.all_tenants.filter(
                organisation_id=self.organisation_id, pk__in=wanted
            ).values_list("pk", "uuid")
            self.parts.update({(resource, pk): uuid for pk, uuid in rows})
        if results_of:
            rows = Result.all_tenants.filter(
                organisation_id=self.organisation_id, case__number__in=results_of
            ).values_list("case__number", "uuid")
            self.results.update(dict(rows))
        if identifications:
            rows = Decision.all_tenants.filter(
                organisation_id=self.organisation_id, identification__in=identifications
            ).values_list("identification", "uuid", "decision_type__uuid")
            self.decisions.update({i: (u, t) for i, u, t in rows})
        return self

    def _load_cases(self, numbers: set[str]) -> None:
        if not numbers:
            return
        rows = Case.all_tenants.filter(
            organisation_id=self.organisation_id, number__in=numbers
        ).values_list("number", "uuid", "case_type__uuid")
        self.cases.update({number: (u, t) for number, u, t in rows})

    # -- URLs ---------------------------------------------------------------------------

    def url(self, prefix: str, collection: str, uuid) -> str:
        return f"{self.base}{prefix}/{collection}/{uuid}"

    def catalogi_url(self, kenmerk: str, value: str) -> str:
        """A catalogue object's URL from its uuid; a URL (or nothing) stays as it is."""
        if is_uuid(value):
            return self.url(CATALOGI, CATALOGI_KENMERKEN[kenmerk], value)
        return value

    # -- messages -----------------------------------------------------------------------

    def message(self, event: DomainEvent) -> dict:
        """The ZGW ``Message`` of one domain event."""
        if event.channel == "zaken":
            main_url, resource_url, kenmerken = self._zaken(event)
        elif event.channel == "besluiten":
            main_url, resource_url, kenmerken = self._besluiten(event)
        elif event.channel in COLLECTIONS:
            main_url, resource_url, kenmerken = self._generic(event)
        else:  # a kanaal a client made itself, or klantcontacten: name what we know
            main_url = resource_url = f"urn:achterkant:{event.channel}:{event.main_reference}"
            kenmerken = _text(event.attributes)
        return {
            "kanaal": event.channel,
            "hoofdObject": main_url,
            "resource": event.resource,
            "resourceUrl": resource_url,
            "actie": event.action,
            "aanmaakdatum": event.created_at.isoformat().replace("+00:00", "Z"),
            "kenmerken": kenmerken,
        }

    def _kenmerken(self, event: DomainEvent, **known: str) -> dict[str, str]:
        """Exactly the kanaal's standard kenmerken, as text; catalogue uuids as URLs."""
        values = {**_text(event.attributes), **known}
        names = STANDARD_KANALEN.get(event.channel)
        if names is None:
            return values
        return {
            name: self.catalogi_url(name, values.get(name, ""))
            if name in CATALOGI_KENMERKEN
            else values.get(name, "")
            for name in names
        }

    def _zaken(self, event: DomainEvent) -> tuple[str, str, dict]:
        case = self.cases.get(event.main_reference)
        if case is None:
            # The zaak is gone (deleted before the worker ran): name it as best we can.
            urn = f"urn:achterkant:zaken:{event.main_reference}"
            return urn, urn, self._kenmerken(event, zaaktype="")
        case_uuid, case_type_uuid = case
        zaak_url = self.url(ZAKEN, "zaken", case_uuid)
        kenmerken = self._kenmerken(event, zaaktype=self.url(CATALOGI, "zaaktypen", case_type_uuid))
        return zaak_url, self._zaak_part_url(event, case_uuid) or zaak_url, kenmerken

    def _zaak_part_url(self, event: DomainEvent, case_uuid: UUID) -> str:
        """The part's own URL, when the event lets us find it; else ''."""
        resource = event.resource
        if resource not in ZAAK_PARTS:
            return ""
        reference = event.resource_reference
        if is_uuid(reference):
            uuid = reference
        elif reference.isdigit():
            uuid = self.parts.get((resource, int(reference)))  # None: the row is gone
        elif resource == "resultaat" and event.action != "destroy":
            uuid = self.results.get(event.main_reference)
        else:
            uuid = None
        if uuid is None:
            return ""
        if resource in NESTED:
            return f"{self.url(ZAKEN, 'zaken', case_uuid)}/{NESTED[resource]}/{uuid}"
        return self.url(ZAKEN, ZAAK_PARTS[resource][1], uuid)

    def _besluiten(self, event: DomainEvent) -> tuple[str, str, dict]:
        if is_uuid(event.main_reference):
            return self._generic(event)
        # The desk's own decisions name the zaak and the besluit's identification.
        found = self.decisions.get(event.resource_reference)
        if found is None:
            urn = f"urn:achterkant:besluiten:{event.resource_reference or event.main_reference}"
            return urn, urn, self._kenmerken(event, besluittype="")
        decision_uuid, decision_type_uuid = found
        url = self.url(BESLUITEN, "besluiten", decision_uuid)
        return url, url, self._kenmerken(event, besluittype=str(decision_type_uuid))

    def _generic(self, event: DomainEvent) -> tuple[str, str, dict]:
        prefix, collections = COLLECTIONS[event.channel]
        main_url = self.url(prefix, collections[MAIN_RESOURCE[event.channel]], event.main_reference)
        collection = collections.get(event.resource)
        reference = event.resource_reference
        if collection is not None and is_uuid(reference):
            resource_url = self.url(prefix, collection, reference)
        else:
            resource_url = main_url
        return main_url, resource_url, self._kenmerken(event)


def _text(attributes: dict) -> dict[str, str]:
    return {key: "" if value is None else str(value) for key, value in (attributes or {}).items()}


def notification_message(event: DomainEvent, base: str | None = None) -> dict:
    """The message of one event (a builder for a single event)."""
    builder = MessageBuilder(event.organisation_id, base)
    return builder.prepare([event]).message(event)
