"""The demo's ready-made ZGW API client: made by the seed once, printed, demo only."""

import re
import subprocess
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from achterkant.api.autorisaties.demo_client import CLIENT_ID
from achterkant.api.autorisaties.models import Application, ClientCredential
from achterkant.demo.seed import seed_demo
from tests.api.helpers import token


def _demo_rows():
    credentials = ClientCredential.all_tenants.filter(client_id__startswith=CLIENT_ID)
    return sorted(credentials.values_list("client_id", "secret", "organisation__slug"))


def test_seed_makes_one_client_per_organisation_once(db, settings):
    settings.DEMO_MODE = True
    seed_demo(persons_per_organisation=2)
    first = _demo_rows()
    assert [(c, o) for c, _s, o in first] == [
        (CLIENT_ID, "voorbeeld"),
        (f"{CLIENT_ID}.proefdorp", "proefdorp"),
    ]
    assert all(len(secret) >= 40 for _c, secret, _o in first)  # 256 bits, url-safe
    assert first[0][1] != first[1][1]
    applications = list(Application.all_tenants.values_list("client_ids", "all_authorisations"))
    assert sorted(applications) == [([c], True) for c, _s, _o in first]
    count = Application.all_tenants.count()

    seed_demo(persons_per_organisation=2)
    call_command("zgw_demo_client", verbosity=0)
    assert _demo_rows() == first  # same ids, same secrets
    assert Application.all_tenants.count() == count == 2


def test_the_printed_credentials_work(db, settings):
    settings.DEMO_MODE = True
    seed_demo(persons_per_organisation=2)
    out = StringIO()
    call_command("zgw_demo_client", port="8123", stdout=out)
    text = out.getvalue()
    secret = dict(ClientCredential.all_tenants.values_list("client_id", "secret"))[CLIENT_ID]
    assert re.search(rf"client-id {re.escape(CLIENT_ID)}\s+secret {re.escape(secret)}", text)
    assert 'curl -H "Authorization: Bearer $TOKEN" ' in text
    assert "http://voorbeeld.localhost:8123/autorisaties/api/v1/applicaties" in text
    response = Client(HTTP_HOST="voorbeeld.localhost").get(
        "/autorisaties/api/v1/applicaties",
        HTTP_AUTHORIZATION=f"Bearer {token(CLIENT_ID, secret)}",
    )
    assert response.status_code == 200
    assert response.json()["count"] == 1  # its own organisation's only


def test_the_printed_one_liner_makes_a_valid_token(db, settings):
    settings.DEMO_MODE = True
    seed_demo(persons_per_organisation=2)
    out = StringIO()
    call_command("zgw_demo_client", stdout=out)
    line = next(x for x in out.getvalue().splitlines() if "TOKEN=$(" in x)
    command = line.strip().removeprefix("TOKEN=$(").removesuffix(")")
    bearer = subprocess.run(  # noqa: S602 - the printed line, as a visitor would run it
        command, shell=True, check=True, capture_output=True, text=True
    ).stdout.strip()
    response = Client(HTTP_HOST="voorbeeld.localhost").get(
        "/autorisaties/api/v1/applicaties/consumer", HTTP_AUTHORIZATION=f"Bearer {bearer}"
    )
    assert response.status_code == 200, response.content
    assert response.json()["clientIds"] == [CLIENT_ID]


def test_never_made_outside_demo_mode(db, settings):
    settings.DEMO_MODE = False
    seed_demo(persons_per_organisation=2)
    assert not Application.all_tenants.exists()
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("zgw_demo_client")
    assert not ClientCredential.all_tenants.exists()


def test_a_fresh_installation_has_no_demo_client(db):
    assert not ClientCredential.all_tenants.filter(client_id__startswith=CLIENT_ID).exists()
