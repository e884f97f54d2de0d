"""The Notificaties API's request bodies (Pydantic, through Ninja) and representations.

The bodies only check types; the rules are the services'.
"""

from ninja import Schema
from pydantic import ConfigDict

from achterkant.api.notificaties.models import Abonnement, Kanaal
from achterkant.api.notificaties.services import AbonnementData, FilterGroupData, KanaalData

API_PREFIX = "/notificaties/api/v1"


class KanaalIn(Schema):
    model_config = ConfigDict(extra="ignore")

    naam: str
    documentatieLink: str | None = ""
    filters: list[str] = []

    def data(self) -> KanaalData:
        return KanaalData(
            naam=self.naam, documentatie_link=self.documentatieLink or "", filters=self.filters
        )


class FilterGroupIn(Schema):
    model_config = ConfigDict(extra="ignore")

    naam: str
    filters: dict[str, str] = {}

    def data(self) -> FilterGroupData:
        return FilterGroupData(naam=self.naam, filters=dict(self.filters))


class AbonnementIn(Schema):
    model_config = ConfigDict(extra="ignore")

    callbackUrl: str
    auth: str
    kanalen: list[FilterGroupIn]

    def data(self) -> AbonnementData:
        return AbonnementData(
            callback_url=self.callbackUrl, auth=self.auth, kanalen=[k.data() for k in self.kanalen]
        )


class AbonnementPatch(Schema):
    model_config = ConfigDict(extra="ignore")

    callbackUrl: str | None = None
    auth: str | None = None
    kanalen: list[FilterGroupIn] | None = None

    def merged(self, current: AbonnementData) -> AbonnementData:
        return AbonnementData(
            callback_url=current.callback_url if self.callbackUrl is None else self.callbackUrl,
            auth=current.auth if self.auth is None else self.auth,
            kanalen=current.kanalen if self.kanalen is None else [k.data() for k in self.kanalen],
        )


class MessageIn(Schema):
    model_config = ConfigDict(extra="ignore")

    kanaal: str
    hoofdObject: str
    resource: str
    resourceUrl: str
    actie: str
    aanmaakdatum: str
    kenmerken: dict[str, str] = {}


def kanaal_url(request, kanaal: Kanaal) -> str:
    return request.build_absolute_uri(f"{API_PREFIX}/kanaal/{kanaal.uuid}")


def kanaal_out(request, kanaal: Kanaal) -> dict:
    body = {"url": kanaal_url(request, kanaal), "naam": kanaal.naam, "filters": kanaal.filters}
    if kanaal.documentatie_link:  # format uri: left out, not "", when there is none
        body["documentatieLink"] = kanaal.documentatie_link
    return body


def abonnement_out(request, abonnement: Abonnement) -> dict:
    """The standard's Abonnement; ``kanalen`` (with their kanaal) must be prefetched."""
    return {
        "url": request.build_absolute_uri(f"{API_PREFIX}/abonnement/{abonnement.uuid}"),
        "callbackUrl": abonnement.callback_url,
        "auth": abonnement.auth,
        "kanalen": [
            {"naam": row.kanaal.naam, "filters": dict(row.filters)}
            for row in abonnement.kanalen.all()
        ],
    }
