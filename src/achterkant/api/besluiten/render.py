"""The Besluiten API's representation of a besluit and a besluitinformatieobject."""

from django.http import HttpRequest

from achterkant.api.besluiten.access import BESLUITEN, DOCUMENTEN
from achterkant.api.resources import CATALOGI, ZAKEN, resource_url
from achterkant.cases.models import Decision, DecisionDocument

# What the renderers read beside the row: pass to select_related().
RELATED = ("decision_type", "case")
LINK_RELATED = ("decision", "document")
# Optional fields the OAS types as a URL or an enum, not nullable: left out when empty.
_OMITTED_WHEN_EMPTY = ("zaak", "vervalreden", "vervalredenWeergave")


def besluit_url(request: HttpRequest, decision: Decision) -> str:
    return resource_url(request, BESLUITEN, "besluiten", decision.uuid)


def render_besluit(request: HttpRequest, row: Decision) -> dict:
    body = {
        "url": besluit_url(request, row),
        "identificatie": row.identification,
        "verantwoordelijkeOrganisatie": row.responsible_organisation_rsin,
        "besluittype": resource_url(request, CATALOGI, "besluittypen", row.decision_type.uuid),
        "zaak": resource_url(request, ZAKEN, "zaken", row.case.uuid) if row.case_id else "",
        "datum": row.decided_on,
        "toelichting": row.explanation,
        "bestuursorgaan": row.governing_body,
        "ingangsdatum": row.effective_from,
        "vervaldatum": row.expires_on,
        "vervalreden": row.expiry_reason,
        "vervalredenWeergave": row.get_expiry_reason_display() if row.expiry_reason else "",
        "publicatiedatum": row.publication_date,
        "verzenddatum": row.sent_on,
        "uiterlijkeReactiedatum": row.response_deadline,
    }
    for name in _OMITTED_WHEN_EMPTY:
        if body[name] in ("", None):
            del body[name]
    return body


def render_besluitinformatieobject(request: HttpRequest, row: DecisionDocument) -> dict:
    return {
        "url": resource_url(request, BESLUITEN, "besluitinformatieobjecten", row.uuid),
        "informatieobject": resource_url(
            request, DOCUMENTEN, "enkelvoudiginformatieobjecten", row.document.uuid
        ),
        "besluit": besluit_url(request, row.decision),
    }
