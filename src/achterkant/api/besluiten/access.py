"""What every Besluiten API endpoint checks: scopes, the caller's brc autorisaties (per
besluittype; a besluit has no confidentiality), the URLs it is given, and how a service's
refusal is answered.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from achterkant.api import grants
from achterkant.api.auth import ApiApplication
from achterkant.api.problems import InvalidInput, InvalidParam, NotFound
from achterkant.api.resources import CATALOGI, ZAKEN, local_uuid
from achterkant.api.zaken.parts.access import answered as zaken_answered
from achterkant.cases.models import Case, Decision, Document
from achterkant.cases.services.decisions import DecisionError
from achterkant.catalog import selectielijst
from achterkant.catalog.models import DecisionType

COMPONENT = "brc"
READ = "besluiten.lezen"
CREATE = "besluiten.aanmaken"
UPDATE = "besluiten.bijwerken"
DELETE = "besluiten.verwijderen"
AUDIT = "audittrails.lezen"

BESLUITEN = "/besluiten/api/v1"
DOCUMENTEN = "/documenten/api/v1"

# Model field -> API name, for the services' errors.
API_NAMES = {
    "identification": "identificatie",
    "responsible_organisation_rsin": "verantwoordelijkeOrganisatie",
    "decision_type": "besluittype",
    "case": "zaak",
    "decided_on": "datum",
    "effective_from": "ingangsdatum",
    "expires_on": "vervaldatum",
    "expiry_reason": "vervalreden",
    "explanation": "toelichting",
    "governing_body": "bestuursorgaan",
    "publication_date": "publicatiedatum",
    "sent_on": "verzenddatum",
    "response_deadline": "uiterlijkeReactiedatum",
    "decision": "besluit",
    "document": "informatieobject",
}
# The fields every BesluitType has (Catalogi OAS): how a fetched body is recognised as one.
_BESLUITTYPE_SHAPE = {"url", "catalogus", "zaaktypen", "informatieobjecttypen"}


def caller_of(request: HttpRequest) -> ApiApplication:
    return request.auth


def require_any_scope(request: HttpRequest, scopes: Iterable[str] | str) -> ApiApplication:
    """403 unless the caller holds one of ``scopes`` on the Besluiten API."""
    return grants.require_any_scope(request, COMPONENT, scopes)


def visible_decisions(request: HttpRequest, scope: str = READ, prefix: str = "") -> Q:
    """The besluiten the caller may see with ``scope``, as a filter on ``Decision``
    (``prefix`` ``"decision__"`` for a besluitinformatieobject): per autorisatie its
    besluittype. ``heeftAlleAutorisaties`` sees every besluit of the organisation."""
    return grants.visible(
        request, grants.BESLUITTYPE, scope, type_path=f"{prefix}decision_type__uuid"
    )


def ensure_allowed(request: HttpRequest, decision_type: DecisionType, scopes) -> None:
    """403 unless an autorisatie with one of ``scopes`` covers this besluittype."""
    grants.ensure_allowed(
        request, grants.BESLUITTYPE, scopes, type_uuid=decision_type.uuid,
        message="Deze koppeling mag niet bij besluiten van dit besluittype.",
    )  # fmt: skip


def get_or_404(queryset: QuerySet, uuid: str):
    try:
        UUID(str(uuid))
        return queryset.get(uuid=uuid)
    except (ValueError, queryset.model.DoesNotExist) as error:
        raise NotFound("Dit object bestaat niet.") from error


def invalid(name: str, code: str, reason: str) -> InvalidInput:
    return InvalidInput([InvalidParam(name, code, reason)])


def decision_type_from_url(request: HttpRequest, url: str) -> DecisionType:
    """The besluittype of this host's Catalogi API at ``url`` (brc-001): ``bad-url`` when
    it names nothing there, ``invalid-resource`` when a trusted service answers with
    something else. Only a service the operator trusts is fetched; a besluittype there is
    refused too (the decision is kept against this organisation's catalogue)."""
    uuid = local_uuid(request, url, CATALOGI, "besluittypen")
    if uuid is not None:
        row = DecisionType.objects.filter(uuid=uuid).first()
        if row is None:
            raise invalid("besluittype", "bad-url", "De URL verwijst niet naar een besluittype.")
        if row.is_concept:
            raise invalid("besluittype", "not-published", "Dit besluittype is een concept.")
        return row
    if not selectielijst.trusted(url):
        raise invalid("besluittype", "bad-url", "De URL verwijst niet naar een besluittype.")
    try:
        body = selectielijst.fetch(url)
    except selectielijst.SelectielijstError as error:
        raise invalid("besluittype", error.code or "bad-url", error.messages[0]) from error
    if not body.keys() >= _BESLUITTYPE_SHAPE:
        raise invalid(
            "besluittype", "invalid-resource", "De URL verwijst niet naar een besluittype."
        )
    raise invalid(
        "besluittype", "bad-url", "Gebruik een besluittype uit de catalogus van deze organisatie."
    )


def case_from_url(request: HttpRequest, url: str) -> Case:
    """The zaak of this host at ``url``; ``bad-url`` otherwise."""
    uuid = local_uuid(request, url, ZAKEN, "zaken")
    case = Case.objects.select_related("case_type").filter(uuid=uuid).first() if uuid else None
    if case is None:
        raise invalid("zaak", "bad-url", "De URL verwijst niet naar een zaak van deze organisatie.")
    return case


def decision_from_url(request: HttpRequest, url: str, field: str = "besluit") -> Decision:
    uuid = local_uuid(request, url, BESLUITEN, "besluiten")
    decision = (
        Decision.objects.select_related("decision_type", "case").filter(uuid=uuid).first()
        if uuid
        else None
    )
    if decision is None:
        raise invalid(field, "bad-url", "De URL verwijst niet naar een besluit.")
    return decision


def document_from_url(request: HttpRequest, url: str, field: str = "informatieobject") -> Document:
    """The enkelvoudiginformatieobject of this host's Documenten API at ``url`` (brc-003)."""
    uuid = local_uuid(request, url, DOCUMENTEN, "enkelvoudiginformatieobjecten")
    document = Document.objects.filter(uuid=uuid).first() if uuid else None
    if document is None:
        raise invalid(field, "bad-url", "De URL verwijst niet naar een informatieobject.")
    return document


@contextmanager
def answered() -> Iterator:
    """A service's refusal as the standard's answer: a ``DecisionError`` with its field
    (API name) and code; the rest as the Zaken API answers it (403, 400 per field)."""
    with zaken_answered(API_NAMES):
        try:
            yield
        except DecisionError as error:
            name = API_NAMES.get(error.field, "nonFieldErrors") if error.field else "nonFieldErrors"
            raise invalid(name, error.code, str(error)) from error
