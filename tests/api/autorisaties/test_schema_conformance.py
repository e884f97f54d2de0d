"""Every Autorisaties API answer, with real applications behind it, valid against the official
OAS (``autorisaties-1.0.0.yaml``): what schemathesis checks (issue 14), also on the
objects it cannot reach by itself.

One place where the OAS contradicts the standard is kept and explained in docs/api.md
("Schema conformance"): ``/applicaties/consumer`` answers one Applicatie, not a list.
"""

import pytest

from tests.api.helpers import AC_BASE, ZAAKTYPE, api_client, organisations, register, token
from tests.api.oas_check import errors, schema_validator, violations
from tests.conftest import HOST_A

OAS = "autorisaties-1.0.0.yaml"
LIST = f"{AC_BASE}/applicaties"
# The OAS types the consumer's answer as an array of Applicatie; its own description, the
# reference implementation and its tests give the one application (docs/api.md).
CONSUMER = schema_validator(OAS, {"$ref": "#/components/schemas/Applicatie"})
ZRC = {"component": "zrc", "scopes": ["zaken.lezen"], "zaaktype": ZAAKTYPE,
       "maxVertrouwelijkheidaanduiding": "openbaar"}  # fmt: skip


@pytest.fixture
def orgs(db):
    a, b = organisations()
    register(a, "beheer-a", all_authorisations=True, label="Beheer A")
    register(a, "ac-lezen", component="ac", scopes=("autorisaties.lezen",))
    return a, b


class Checked:
    def __init__(self, client) -> None:
        self.client = client
        self.wrong: list[str] = []

    def __call__(self, method: str, url: str, body=None, **extra):
        if body is None or method == "GET":
            response = getattr(self.client, method.lower())(url, body, **extra)
        else:
            extra.setdefault("content_type", "application/json")
            response = getattr(self.client, method.lower())(url, body, **extra)
        if response.status_code == 204:
            found = []
        elif url.startswith(f"{LIST}/consumer") and response.status_code == 200:
            found = errors(CONSUMER, response.json())
        else:
            found = violations(OAS, AC_BASE, method, url, response)
        self.wrong += [f"{method} {url} {response.status_code}: {v}" for v in found]
        return response


def test_every_operation(orgs):
    checked = Checked(api_client(HOST_A, token("beheer-a")))
    created = checked("POST", LIST, {"clientIds": ["x1"], "label": "T", "autorisaties": [ZRC]})
    assert created.status_code == 201, created.content
    url = created.json()["url"]
    checked("POST", LIST, {"clientIds": ["x2"], "label": "Alles", "heeftAlleAutorisaties": True})
    checked("GET", LIST)
    checked("GET", LIST, {"clientIds": "x1"})
    checked("GET", url)
    checked("GET", f"{LIST}/consumer", {"clientId": "x1"})
    checked("GET", f"{LIST}/consumer", {"clientId": "onbekend"})  # 404
    checked("PUT", url, {"clientIds": ["x1"], "label": "U", "autorisaties": [
        ZRC, {"component": "ztc", "scopes": ["catalogi.lezen"]}]})  # fmt: skip
    checked("PATCH", url, {"label": "P"})
    checked("PATCH", url, {"heeftAlleAutorisaties": True})  # 400: ambiguous
    checked("POST", LIST, {"label": "geen client"})  # 400
    checked("POST", LIST, "x", content_type="text/plain")  # 415
    checked("GET", LIST, {"clientIds": "a\x01"})  # 400: a control character
    checked("DELETE", url)
    checked("GET", url)  # 404
    reader = Checked(api_client(HOST_A, token("ac-lezen")))
    reader("POST", LIST, {"clientIds": ["x3"], "label": "T", "heeftAlleAutorisaties": True})
    anonymous = Checked(api_client(HOST_A))
    anonymous("GET", LIST)  # 401
    wrong = checked.wrong + reader.wrong + anonymous.wrong
    assert wrong == [], "\n".join(wrong)


def test_a_control_character_is_refused_with_the_standards_problem_body(orgs):
    """The input guard's 400 (before any view) has every field ValidatieFout requires; it
    lacked ``instance``."""
    response = api_client(HOST_A, token("beheer-a")).get(LIST, {"clientIds": "a\x01"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["instance"].startswith("urn:uuid:")
    assert violations(OAS, AC_BASE, "GET", LIST, response) == []
