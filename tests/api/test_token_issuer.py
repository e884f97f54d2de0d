"""The conformance suite's token issuer: on only for tests and the demo, refused on deploy."""

import pytest
from django.core.checks import run_checks

from tests.api.helpers import AC_BASE, api_client, organisations
from tests.conftest import HOST_A

ISSUER = f"{AC_BASE}/_token-issuer/"
SUITE_BODY = {
    "clientIds": ["allthescopesarebelongtous222223132532"],
    "secret": "sosecret",
    "label": "user",
    "heeftAlleAutorisaties": True,
    "autorisaties": [],
}


@pytest.fixture
def org_a(db):
    return organisations()[0]


def _issue(body):
    return api_client(HOST_A).post(ISSUER, body, content_type="application/json")


def test_off_it_answers_404(org_a, settings):
    settings.DEMO_MODE = False
    settings.ZGW_TOKEN_ISSUER_ENABLED = False
    assert _issue(SUITE_BODY).status_code == 404


def test_on_it_registers_and_the_token_works(org_a, settings):
    settings.DEMO_MODE = False
    settings.ZGW_TOKEN_ISSUER_ENABLED = True
    response = _issue(SUITE_BODY)
    assert response.status_code == 200, response.content
    scheme, bearer = response.json()["authorization"].split(" ")
    assert scheme == "Bearer"
    listed = api_client(HOST_A, bearer).get(
        f"{AC_BASE}/applicaties?clientIds={SUITE_BODY['clientIds'][0]}"
    )
    assert listed.status_code == 200
    assert listed.json()["results"][0]["heeftAlleAutorisaties"] is True
    # The suite's set-up runs again: same application, same answer.
    assert _issue({**SUITE_BODY, "secret": "anders"}).status_code == 200
    assert api_client(HOST_A, bearer).get(f"{AC_BASE}/applicaties").status_code == 403
    assert api_client(HOST_A, bearer).get(f"{AC_BASE}/applicaties").json()["code"] == (
        "permission_denied"
    )


def test_without_a_secret_the_issuer_makes_one_and_its_token_works(org_a, settings):
    """The suite registers its per-test applications without a secret (zrc-006)."""
    settings.ZGW_TOKEN_ISSUER_ENABLED = True
    body = {key: value for key, value in SUITE_BODY.items() if key != "secret"}
    for secretless in (body, {**SUITE_BODY, "secret": ""}):
        response = _issue(secretless)
        assert response.status_code == 200, response.content
        bearer = response.json()["authorization"].split(" ")[1]
        assert api_client(HOST_A, bearer).get(f"{AC_BASE}/applicaties").status_code == 200


def test_bad_issuer_input_is_400(org_a, settings):
    settings.ZGW_TOKEN_ISSUER_ENABLED = True
    assert _issue({**SUITE_BODY, "secret": "x" * 256}).status_code == 400
    assert _issue({**SUITE_BODY, "clientIds": []}).status_code == 400
    assert _issue({"label": "x"}).status_code == 400
    response = api_client(HOST_A).post(ISSUER, "geen json", content_type="application/json")
    assert response.status_code == 400


def _issuer_errors():
    return [m for m in run_checks(include_deployment_checks=True) if m.id == "achterkant.E020"]


def test_deploy_check_fails_while_it_is_on(settings):
    settings.DEMO_MODE = False
    settings.ZGW_TOKEN_ISSUER_ENABLED = True
    assert len(_issuer_errors()) == 1
    settings.ZGW_TOKEN_ISSUER_ENABLED = False
    assert _issuer_errors() == []
    settings.DEMO_MODE = True
    assert len(_issuer_errors()) == 1
