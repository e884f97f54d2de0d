"""Under /<component>/api/v1/ every error is ZGW problem JSON; elsewhere the HTML page stays."""

import pytest
from django.test import Client

from tests.api.helpers import AC_BASE, api_client, organisations, register, token
from tests.conftest import HOST_A

PROBLEM = "application/problem+json"


ANY_UUID = "0b3f6c1e-4f53-4a4e-8f3e-9d6c1c2a1b00"


@pytest.fixture
def client_a(db):
    a, _b = organisations()
    register(a, "beheer-a", all_authorisations=True)
    return api_client(HOST_A, token("beheer-a"))


def _problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["instance"].startswith("urn:uuid:")
    return body


@pytest.mark.parametrize(
    "path",
    [
        "/bestaat-niet",
        "/applicaties/",  # the standard's paths have no trailing slash
        "/applicaties/1/2/3",
        "/zaken",
        "/schema/anders.yaml",
        "/_token-issuer/extra",
    ],
)
@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_unknown_paths_are_problem_404(client_a, path, method):
    response = getattr(client_a, method)(f"{AC_BASE}{path}", content_type="application/json")
    _problem(response, 404, "not_found")


def test_unknown_path_without_token_is_still_problem_404(db):
    organisations()
    _problem(Client(HTTP_HOST=HOST_A).get(f"{AC_BASE}/nergens"), 404, "not_found")


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("put", "/applicaties", {"GET", "POST"}),
        ("delete", "/applicaties", {"GET", "POST"}),
        ("post", "/applicaties/consumer", {"GET"}),
        (
            "post",
            "/applicaties/0b3f6c1e-4f53-4a4e-8f3e-9d6c1c2a1b00",
            {"GET", "PUT", "PATCH", "DELETE"},
        ),
    ],
)
def test_known_path_with_another_method_is_problem_405(client_a, method, path, allowed):
    response = getattr(client_a, method)(f"{AC_BASE}{path}", {}, content_type="application/json")
    body = _problem(response, 405, "method_not_allowed")
    assert body["title"]
    assert {m.strip() for m in response["Allow"].split(",")} == allowed


def test_known_endpoints_still_work(client_a):
    response = client_a.get(f"{AC_BASE}/applicaties")
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_ninjas_generated_schema_is_not_served(client_a):
    # One schema only: the official one at /schema.
    _problem(client_a.get(f"{AC_BASE}/openapi.json"), 404, "not_found")


def test_desk_404_is_still_the_html_page(client_a):
    response = Client(HTTP_HOST=HOST_A).get("/desk/bestaat-niet/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    response = Client(HTTP_HOST=HOST_A).get("/bestaat-niet/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("component", ["documenten", "besluiten", "notificaties"])
def test_an_unknown_path_of_any_component_answers_problem_json(component, client_a):
    """Documenten and Besluiten are not served yet; Notificaties is, without this path."""
    response = client_a.get(f"/{component}/api/v1/enkelvoudiginformatieobjecten/x")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_nul_character_in_a_body_is_a_clear_400_not_a_500(client_a):
    """PostgreSQL refuses NUL in text; the API says so before anything is written."""
    response = client_a.post(
        f"{AC_BASE}/applicaties",
        '{"clientIds": ["a\\u0000b"], "label": "x", "autorisaties": []}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response.json()["invalidParams"][0]["name"] == "nonFieldErrors"


@pytest.mark.parametrize("resource", ["besluittypen", "eigenschappen", "zaaktypen"])
def test_a_path_that_is_no_uuid_is_a_404(resource, client_a):
    for method in ("get", "delete"):
        response = getattr(client_a, method)(f"/catalogi/api/v1/{resource}/9")
        assert response.status_code == 404, (method, response.content)
        assert response["Content-Type"] == PROBLEM
