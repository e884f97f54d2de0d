"""Shared set-up for the tests of the ``zaken`` resource (no tests of its own)."""

import json

from django.test import Client

from achterkant.api.autorisaties.services import AuthorisationData
from achterkant.api.resources import CATALOGI, ZAKEN
from tests.api.helpers import register, token

CRS = {"HTTP_ACCEPT_CRS": "EPSG:4326", "HTTP_CONTENT_CRS": "EPSG:4326"}
ZRC_ALL = (
    "zaken.lezen", "zaken.aanmaken", "zaken.bijwerken", "zaken.statussen.toevoegen",
    "zaken.heropenen", "zaken.geforceerd-bijwerken", "zaken.verwijderen",
)  # fmt: skip


def zaaktype_url(tenant, case_type=None) -> str:
    return f"http://{tenant.host}{CATALOGI}/zaaktypen/{(case_type or tenant.case_type).uuid}"


def grant(tenant, scopes, confidentiality: str = "zeer_geheim", case_type=None):
    return AuthorisationData(
        "zrc",
        list(scopes),
        zaaktype=zaaktype_url(tenant, case_type),
        max_vertrouwelijkheidaanduiding=confidentiality,
    )


class Zaken:
    """A client of one tenant's Zaken API with a ZGW token, the CRS headers and JSON."""

    def __init__(self, tenant, client_id: str = "zaken-all", *, crs: bool = True, **kwargs):
        if "authorisations" not in kwargs and "scopes" not in kwargs:
            kwargs.setdefault("all_authorisations", True)
        kwargs.setdefault("label", "Formulieren")
        register(tenant.organisation, client_id, component="zrc", **kwargs)
        headers = {
            "HTTP_HOST": tenant.host,
            "HTTP_AUTHORIZATION": f"Bearer {token(client_id, user_representation='Jan Jansen')}",
        }
        self.client = Client(**headers, **(CRS if crs else {}))
        self.tenant = tenant

    def url(self, case) -> str:
        return f"http://{self.tenant.host}{ZAKEN}/zaken/{case.uuid}"

    def _path(self, path: str) -> str:
        return path if path.startswith("http") else f"{ZAKEN}{path}"

    def get(self, path: str, params=None, **headers):
        return self.client.get(self._path(path), params or {}, **headers)

    def post(self, path: str, body, **headers):
        data = body if isinstance(body, str) else json.dumps(body)
        return self.client.post(self._path(path), data, content_type="application/json", **headers)

    def put(self, path: str, body: dict, **headers):
        return self.client.put(
            self._path(path), json.dumps(body), content_type="application/json", **headers
        )

    def patch(self, path: str, body: dict, **headers):
        return self.client.patch(
            self._path(path), json.dumps(body), content_type="application/json", **headers
        )

    def delete(self, path: str):
        return self.client.delete(self._path(path))


def zaak_body(tenant, **fields) -> dict:
    """The suite's zaak body (zrc-001a), for the tenant's ZT-MELDING zaaktype."""
    return {
        "bronorganisatie": tenant.organisation.rsin,
        "omschrijving": "Losse stoeptegel",
        "toelichting": "Er ligt een losse stoeptegel.",
        "verantwoordelijkeOrganisatie": tenant.organisation.rsin,
        "zaaktype": zaaktype_url(tenant),
        "startdatum": "2026-11-02",
        "vertrouwelijkheidaanduiding": "openbaar",
        "betalingsindicatie": "geheel",
        "zaakgeometrie": {"type": "Point", "coordinates": [5.1, 52.1]},
        "archiefstatus": "nog_te_archiveren",
        **fields,
    }


def params(response) -> list[tuple[str, str]]:
    assert response.status_code == 400, response.content
    return [(p["name"], p["code"]) for p in response.json()["invalidParams"]]


def create_zaak(zaken: Zaken, tenant, **fields) -> dict:
    """``POST /zaken`` with the suite's body (and ``fields``); the created zaak."""
    response = zaken.post("/zaken", zaak_body(tenant, **fields))
    assert response.status_code == 201, response.content
    return response.json()
