"""The Autorisaties API's request bodies (Pydantic, through Ninja) and its representation.

The bodies only check types; the rules (ac-001 to ac-003, formats) are the services'.
Empty strings and nulls are accepted here on purpose: the standard answers a missing
``zaaktype`` with ``required`` from the rule, not with a type error.
"""

from ninja import Schema
from pydantic import ConfigDict, field_validator

from achterkant.api.autorisaties.models import Application, Authorisation, Component
from achterkant.api.autorisaties.services import (
    COMPONENT_FIELDS,
    ApplicationData,
    AuthorisationData,
)

API_PREFIX = "/autorisaties/api/v1"


class AutorisatieIn(Schema):
    model_config = ConfigDict(extra="ignore")

    component: str
    scopes: list[str]
    zaaktype: str | None = ""
    informatieobjecttype: str | None = ""
    besluittype: str | None = ""
    maxVertrouwelijkheidaanduiding: str | None = ""

    @field_validator(
        "zaaktype", "informatieobjecttype", "besluittype", "maxVertrouwelijkheidaanduiding"
    )
    @classmethod
    def _none_is_empty(cls, value: str | None) -> str:
        return value or ""

    def data(self) -> AuthorisationData:
        return AuthorisationData(
            component=self.component,
            scopes=list(self.scopes),
            zaaktype=self.zaaktype or "",
            informatieobjecttype=self.informatieobjecttype or "",
            besluittype=self.besluittype or "",
            max_vertrouwelijkheidaanduiding=self.maxVertrouwelijkheidaanduiding or "",
        )


class ApplicatieIn(Schema):
    model_config = ConfigDict(extra="ignore")

    clientIds: list[str]
    label: str
    heeftAlleAutorisaties: bool = False
    autorisaties: list[AutorisatieIn] = []

    def data(self) -> ApplicationData:
        return ApplicationData(
            label=self.label,
            client_ids=list(self.clientIds),
            all_authorisations=self.heeftAlleAutorisaties,
            authorisations=[a.data() for a in self.autorisaties],
        )


class ApplicatiePatch(Schema):
    model_config = ConfigDict(extra="ignore")

    clientIds: list[str] | None = None
    label: str | None = None
    heeftAlleAutorisaties: bool | None = None
    autorisaties: list[AutorisatieIn] | None = None

    def merged(self, current: ApplicationData) -> ApplicationData:
        given = self.model_fields_set
        return ApplicationData(
            label=self.label if "label" in given and self.label is not None else current.label,
            client_ids=list(self.clientIds)
            if "clientIds" in given and self.clientIds is not None
            else current.client_ids,
            all_authorisations=self.heeftAlleAutorisaties
            if "heeftAlleAutorisaties" in given and self.heeftAlleAutorisaties is not None
            else current.all_authorisations,
            authorisations=[a.data() for a in self.autorisaties]
            if "autorisaties" in given and self.autorisaties is not None
            else current.authorisations,
        )


_API_FIELD = {
    "zaaktype": "zaaktype",
    "informatieobjecttype": "informatieobjecttype",
    "besluittype": "besluittype",
    "max_vertrouwelijkheidaanduiding": "maxVertrouwelijkheidaanduiding",
}


def authorisation_out(row: Authorisation) -> dict:
    body = {
        "component": row.component,
        "componentWeergave": Component(row.component).label,
        "scopes": list(row.scopes),
    }
    for name in COMPONENT_FIELDS.get(row.component, ()):
        body[_API_FIELD[name]] = getattr(row, name)
    return body


def application_url(request, application: Application) -> str:
    return request.build_absolute_uri(f"{API_PREFIX}/applicaties/{application.uuid}")


def application_out(request, application: Application) -> dict:
    """The standard's Applicatie. ``authorisations`` must be prefetched by the caller."""
    return {
        "url": application_url(request, application),
        "clientIds": list(application.client_ids),
        "label": application.label,
        "heeftAlleAutorisaties": application.all_authorisations,
        "autorisaties": [authorisation_out(a) for a in application.authorisations.all()],
    }
