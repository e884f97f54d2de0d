"""Shared set-up for the tests of the zaak's sub-resources (no tests of its own)."""

import json

from achterkant.api.autorisaties.services import AuthorisationData
from achterkant.api.resources import CATALOGI, ZAKEN
from tests.api.helpers import api_client, register, token

ZRC_ALL = (
    "zaken.lezen", "zaken.aanmaken", "zaken.bijwerken", "zaken.statussen.toevoegen",
    "zaken.heropenen", "zaken.geforceerd-bijwerken", "zaken.verwijderen",
)  # fmt: skip


# The zaken resource asks for its geometry's reference system; other resources ignore it.
CRS = {"HTTP_ACCEPT_CRS": "EPSG:4326", "HTTP_CONTENT_CRS": "EPSG:4326"}


class ZrcClient:
    """A Django test client for one tenant's host, with a ZGW token and JSON helpers."""

    def __init__(self, tenant, client_id: str = "zrc-all", **register_kwargs) -> None:
        self.tenant = tenant
        self.host = tenant.host
        if "authorisations" not in register_kwargs and "scopes" not in register_kwargs:
            register_kwargs.setdefault("all_authorisations", True)
        register(tenant.organisation, client_id, component="zrc", **register_kwargs)
        self.client = api_client(tenant.host, token(client_id))

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"

    def zaak_url(self, case) -> str:
        return self.url(f"{ZAKEN}/zaken/{case.uuid}")

    def catalog_url(self, resource: str, row) -> str:
        return self.url(f"{CATALOGI}/{resource}/{row.uuid}")

    def get(self, path: str, **params):
        return self.client.get(path if path.startswith("http") else f"{ZAKEN}{path}", params, **CRS)

    def post(self, path: str, body: dict):
        return self.client.post(
            path if path.startswith("http") else f"{ZAKEN}{path}",
            json.dumps(body),
            content_type="application/json",
            **CRS,
        )

    def put(self, path: str, body: dict):
        return self.client.put(path, json.dumps(body), content_type="application/json")

    def patch(self, path: str, body: dict):
        return self.client.patch(path, json.dumps(body), content_type="application/json")

    def delete(self, path: str):
        return self.client.delete(path)


def zrc_grant(tenant, scopes, confidentiality: str = "zaakvertrouwelijk") -> AuthorisationData:
    """A zrc autorisatie for the tenant's ZT-MELDING zaaktype (as its Catalogi API URL)."""
    return AuthorisationData(
        "zrc",
        list(scopes),
        zaaktype=f"http://{tenant.host}{CATALOGI}/zaaktypen/{tenant.case_type.uuid}",
        max_vertrouwelijkheidaanduiding=confidentiality,
    )


def document_and_decision(tenant, case):
    """A document and a decision of ``case``, through the desk's services (the API shows
    them as zaakinformatieobject and zaakbesluit). Needs ``settings.MEDIA_ROOT`` set."""
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from achterkant.cases.services import add_decision, add_document
    from achterkant.catalog.models import DecisionType
    from achterkant.catalog.services import decision_type_publish

    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
    with tenant.active():
        document = add_document(
            actor=tenant.staff["worker"], case=case, title="Foto",
            upload=SimpleUploadedFile("foto.pdf", pdf, content_type="application/pdf"),
        )  # fmt: skip
        decision_type = DecisionType.objects.create(
            catalogue=tenant.case_type.catalogue, description="Besluit",
            valid_from=date(2020, 1, 1),
        )  # fmt: skip
        decision_type.case_types.add(tenant.case_type)
        decision = add_decision(
            actor=tenant.staff["worker"], case=case,
            decision_type=decision_type_publish(decision_type=decision_type),
            decided_on=date(2026, 3, 1), effective_from=date(2026, 3, 2),
        )  # fmt: skip
    return document, decision
