"""The official OAS at /autorisaties/api/v1/schema, with our own server URL, and its docs page."""

import hashlib
import json
from pathlib import Path

import pytest
import yaml
from django.test import Client

from achterkant.api.autorisaties.urls import COMPONENT
from achterkant.api.oas import load_oas, oas_for, operations
from tests.api.helpers import AC_BASE, organisations
from tests.conftest import HOST_A, HOST_B

PACKAGED = Path(__file__).resolve().parents[2] / "src/achterkant/api/data/autorisaties-1.0.0.yaml"
# sha256 of VNG's autorisaties-1.0.0.yaml as published (the shared standards' copy): the
# packaged file must stay the official text, byte for byte.
OFFICIAL_SHA256 = "1d51fe4d83ecc66bd868dbb1b99dfa340b577e82c98e1d48cbcb82d020d95916"


@pytest.fixture
def orgs(db):
    return organisations()


def _official() -> dict:
    return yaml.safe_load(PACKAGED.read_text(encoding="utf-8"))


def test_the_packaged_file_is_the_official_text():
    assert hashlib.sha256(PACKAGED.read_bytes()).hexdigest() == OFFICIAL_SHA256


def test_schema_is_the_official_document_with_the_hosts_server_url(orgs):
    response = Client(HTTP_HOST=HOST_A).get(f"{AC_BASE}/schema")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    served = yaml.safe_load(response.content)
    official = _official()
    assert served["servers"] == [{"url": f"http://{HOST_A}/autorisaties/api/v1"}]
    assert official["servers"] == [{"url": "/api/v1"}]
    served.pop("servers")
    official.pop("servers")
    assert served == official
    assert list(yaml.safe_load(response.content)) == list(_official())  # same key order


def test_server_url_follows_host_and_scheme(orgs):
    response = Client(HTTP_HOST=HOST_B).get(f"{AC_BASE}/schema", secure=True)
    assert yaml.safe_load(response.content)["servers"] == [
        {"url": f"https://{HOST_B}/autorisaties/api/v1"}
    ]
    # The cached document of one host never leaks into another's.
    again = Client(HTTP_HOST=HOST_A).get(f"{AC_BASE}/schema")
    assert yaml.safe_load(again.content)["servers"][0]["url"].startswith(f"http://{HOST_A}/")


@pytest.mark.parametrize(
    ("query", "headers"),
    [("?format=json", {}), ("", {"HTTP_ACCEPT": "application/json"})],
)
def test_schema_as_json(orgs, query, headers):
    response = Client(HTTP_HOST=HOST_A, **headers).get(f"{AC_BASE}/schema{query}")
    assert response.status_code == 200
    assert "json" in response["Content-Type"]
    document = json.loads(response.content)
    assert document["info"]["title"] == "Autorisaties API"
    assert document["servers"] == [{"url": f"http://{HOST_A}/autorisaties/api/v1"}]
    assert document["paths"].keys() == _official()["paths"].keys()


def test_open_zaak_schema_path_and_no_token_needed(orgs):
    response = Client(HTTP_HOST=HOST_A).get(f"{AC_BASE}/schema/openapi.yaml")
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["openapi"] == "3.0.0"


def test_schema_refuses_other_methods_as_problem(orgs):
    response = Client(HTTP_HOST=HOST_A).post(f"{AC_BASE}/schema")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_serving_does_not_change_the_loaded_document(orgs):
    Client(HTTP_HOST=HOST_A).get(f"{AC_BASE}/schema")
    assert load_oas(COMPONENT.filename)["servers"] == [{"url": "/api/v1"}]
    assert oas_for(COMPONENT, "https://x/y")["servers"] == [{"url": "https://x/y"}]


def test_operations_lists_every_method_with_scopes():
    rows = {(r["method"], r["path"]): r for r in operations(_official())}
    assert set(rows) == {
        ("GET", "/applicaties"),
        ("POST", "/applicaties"),
        ("GET", "/applicaties/consumer"),
        ("GET", "/applicaties/{uuid}"),
        ("PUT", "/applicaties/{uuid}"),
        ("PATCH", "/applicaties/{uuid}"),
        ("DELETE", "/applicaties/{uuid}"),
    }
    assert rows["GET", "/applicaties"]["scopes"] == ["autorisaties.lezen"]
    assert rows["POST", "/applicaties"]["scopes"] == ["autorisaties.bijwerken"]
    assert rows["POST", "/applicaties"]["summary"].startswith("Registreer een applicatie")


@pytest.mark.parametrize("page", ["/", "/docs/"])
def test_docs_page_lists_paths_methods_summaries_and_scopes(orgs, page):
    response = Client(HTTP_HOST=HOST_A).get(f"{AC_BASE}{page}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<html lang="nl"' in html
    assert "Autorisaties API 1.0.0" in html
    assert f"http://{HOST_A}/autorisaties/api/v1" in html
    assert f'href="{AC_BASE}/schema"' in html
    assert "/applicaties/consumer" in html
    assert "autorisaties.bijwerken" in html
    assert "Registreer een applicatie" in html
    assert html.count('<tr class="utrecht-table__row">') == 1 + 7  # header + operations
