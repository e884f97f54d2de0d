"""Shared set-up for the Besluiten API tests (no tests of its own)."""

import json
from datetime import date

from achterkant.api.autorisaties.services import AuthorisationData
from achterkant.api.resources import CATALOGI, ZAKEN
from achterkant.cases.models import Document
from achterkant.catalog.models import Confidentiality, DecisionType, DocumentType
from achterkant.catalog.services import decision_type_publish
from tests.api.helpers import api_client, register, token

BRC = "/besluiten/api/v1"
DRC = "/documenten/api/v1"
BRC_ALL = ("besluiten.lezen", "besluiten.aanmaken", "besluiten.bijwerken", "besluiten.verwijderen")


class BrcClient:
    """A Django test client for one tenant's host, with a ZGW token and JSON helpers."""

    def __init__(self, tenant, client_id: str = "brc-all", **register_kwargs) -> None:
        self.tenant = tenant
        self.host = tenant.host
        if "authorisations" not in register_kwargs and "scopes" not in register_kwargs:
            register_kwargs.setdefault("all_authorisations", True)
        register(tenant.organisation, client_id, component="brc", **register_kwargs)
        self.client = api_client(tenant.host, token(client_id))

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"

    def zaak_url(self, case) -> str:
        return self.url(f"{ZAKEN}/zaken/{case.uuid}")

    def catalog_url(self, resource: str, row) -> str:
        return self.url(f"{CATALOGI}/{resource}/{row.uuid}")

    def document_url(self, document) -> str:
        return self.url(f"{DRC}/enkelvoudiginformatieobjecten/{document.uuid}")

    def _path(self, path: str) -> str:
        return path if path.startswith("http") else f"{BRC}{path}"

    def get(self, path: str, **params):
        return self.client.get(self._path(path), params)

    def post(self, path: str, body: dict):
        return self.client.post(self._path(path), json.dumps(body), content_type="application/json")

    def put(self, path: str, body: dict):
        return self.client.put(self._path(path), json.dumps(body), content_type="application/json")

    def patch(self, path: str, body: dict):
        return self.client.patch(
            self._path(path), json.dumps(body), content_type="application/json"
        )

    def delete(self, path: str):
        return self.client.delete(self._path(path))


def brc_grant(tenant, decision_type, scopes=BRC_ALL) -> AuthorisationData:
    """A brc autorisatie for one besluittype (as its Catalogi API URL)."""
    return AuthorisationData(
        "brc",
        list(scopes),
        besluittype=f"http://{tenant.host}{CATALOGI}/besluittypen/{decision_type.uuid}",
    )


def document_type(tenant, description: str = "Besluitbrief") -> DocumentType:
    with tenant.active():
        return DocumentType.objects.create(
            catalogue=tenant.case_type.catalogue, description=description,
            confidentiality=Confidentiality.OPENBAAR, valid_from=date(2020, 1, 1),
        )  # fmt: skip


def decision_type(tenant, *, case_type=True, document_types=(), description="Vergunning"):
    """A published besluittype of the tenant's catalogue, of its ZT-MELDING zaaktype."""
    with tenant.active():
        row = DecisionType.objects.create(
            catalogue=tenant.case_type.catalogue, description=description,
            valid_from=date(2020, 1, 1),
        )  # fmt: skip
        if case_type:
            row.case_types.add(tenant.case_type)
        row.document_types.add(*document_types)
        return decision_type_publish(decision_type=row)


def document(tenant, doc_type=None, title: str = "Brief") -> Document:
    """A document row (the Documenten API's enkelvoudiginformatieobject), no file needed."""
    with tenant.active():
        return Document.objects.create(
            title=title, document_type=doc_type, confidentiality=Confidentiality.OPENBAAR
        )


def besluit_body(api: BrcClient, decision_type, **fields) -> dict:
    return {
        "verantwoordelijkeOrganisatie": api.tenant.organisation.rsin,
        "besluittype": api.catalog_url("besluittypen", decision_type),
        "datum": "2026-03-01",
        "ingangsdatum": "2026-03-02",
        **fields,
    }
