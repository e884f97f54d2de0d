"""Shared set-up for the Documenten API tests (no tests of its own)."""

import base64
import json
from datetime import date

from achterkant.api.autorisaties.services import AuthorisationData
from achterkant.api.resources import CATALOGI
from achterkant.catalog.models import DocumentType
from achterkant.catalog.models.case_type import CaseTypeDocumentType
from tests.api.helpers import api_client, register, token

DRC = "/documenten/api/v1"
DRC_ALL = (
    "documenten.lezen", "documenten.aanmaken", "documenten.bijwerken", "documenten.verwijderen",
    "documenten.lock", "documenten.geforceerd-unlock", "documenten.geforceerd-bijwerken",
)  # fmt: skip
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def document_type(tenant, description: str = "Foto", confidentiality: str = "openbaar"):
    """A published informatieobjecttype that the tenant's zaaktype uses."""
    from achterkant.catalog.services import document_type_publish

    with tenant.active():
        row = DocumentType.objects.create(
            catalogue=tenant.case_type.catalogue, description=description,
            confidentiality=confidentiality, valid_from=date(2020, 1, 1),
        )  # fmt: skip
        row = document_type_publish(document_type=row)
        sequence = CaseTypeDocumentType.objects.filter(case_type=tenant.case_type).count() + 1
        CaseTypeDocumentType.objects.create(
            case_type=tenant.case_type, document_type=row, sequence=sequence, direction="inkomend"
        )
    return row


class DrcClient:
    """A Django test client for one tenant's host with a ZGW token, JSON helpers."""

    def __init__(self, tenant, client_id: str = "drc-all", **register_kwargs) -> None:
        self.tenant = tenant
        self.host = tenant.host
        if "authorisations" not in register_kwargs and "scopes" not in register_kwargs:
            register_kwargs.setdefault("all_authorisations", True)
        register(tenant.organisation, client_id, component="drc", **register_kwargs)
        self.client = api_client(tenant.host, token(client_id))

    def url(self, path: str) -> str:
        return path if path.startswith("http") else f"http://{self.host}{DRC}{path}"

    def type_url(self, row) -> str:
        return f"http://{self.host}{CATALOGI}/informatieobjecttypen/{row.uuid}"

    def get(self, path: str, **params):
        return self.client.get(self.url(path), params)

    def _send(self, method: str, path: str, body: dict):
        return getattr(self.client, method)(
            self.url(path), json.dumps(body), content_type="application/json"
        )

    def post(self, path: str, body: dict | None = None):
        return self._send("post", path, body or {})

    def put(self, path: str, body: dict):
        return self._send("put", path, body)

    def patch(self, path: str, body: dict):
        return self._send("patch", path, body)

    def delete(self, path: str):
        return self.client.delete(self.url(path))

    def eio_body(self, row, content: bytes | None = PDF, **fields) -> dict:
        body = {
            "bronorganisatie": self.tenant.organisation.rsin, "creatiedatum": "2026-01-05",
            "titel": "Foto van de stoep", "auteur": "Inwoner", "taal": "dut",
            "informatieobjecttype": self.type_url(row), "bestandsnaam": "stoep.pdf",
        }  # fmt: skip
        if content is not None:
            body["inhoud"] = base64.b64encode(content).decode()
        return {**body, **fields}

    def create(self, row, content: bytes | None = PDF, **fields) -> dict:
        response = self.post(
            "/enkelvoudiginformatieobjecten", self.eio_body(row, content, **fields)
        )
        assert response.status_code == 201, response.content
        return response.json()

    def lock(self, url: str) -> str:
        response = self.post(f"{url}/lock")
        assert response.status_code == 200, response.content
        return response.json()["lock"]


def drc_grant(row, scopes, confidentiality: str = "openbaar", host: str = "") -> AuthorisationData:
    """A drc autorisatie for one informatieobjecttype, up to ``confidentiality``."""
    return AuthorisationData(
        "drc",
        list(scopes),
        informatieobjecttype=f"http://{host}{CATALOGI}/informatieobjecttypen/{row.uuid}",
        max_vertrouwelijkheidaanduiding=confidentiality,
    )


def error_of(response) -> tuple[str, str]:
    param = response.json()["invalidParams"][0]
    return param["name"], param["code"]
