"""The demo serves the Referentielijsten data itself, so the Selectielijst check works offline."""

import httpx
import pytest
from django.core.cache import cache
from django.test import Client

from achterkant.catalog import selectielijst
from tests.api.catalogi.conftest import params, post, zaaktype_body
from tests.conftest import HOST_A

pytestmark = pytest.mark.urls("tests.api.catalogi.demo_urls")
ROOT = f"http://{HOST_A}/_referentielijsten/api/v1/"


def test_the_demo_serves_the_reference_data(orgs):
    client = Client(HTTP_HOST=HOST_A)
    procestypen = client.get("/_referentielijsten/api/v1/procestypen").json()
    assert len(procestypen) == 29
    assert procestypen[0]["url"].startswith(ROOT + "procestypen/")
    page = client.get("/_referentielijsten/api/v1/resultaten", {"page": 2}).json()
    assert page["previous"].endswith("resultaten?page=1")
    one = client.get(page["results"][0]["url"].split(HOST_A, 1)[1]).json()
    assert one["procesType"].startswith(ROOT + "procestypen/")
    assert client.get("/_referentielijsten/api/v1/onbekend").status_code == 404
    assert client.post("/_referentielijsten/api/v1/procestypen").status_code == 405


def test_the_catalogi_api_checks_against_the_demo_stand_in(
    client_a, catalogus_a, settings, monkeypatch
):
    """With SELECTIELIJST_API_URL at the demo's own stand-in, a procestype is accepted."""
    settings.SELECTIELIJST_API_URL = ROOT
    cache.clear()
    demo = Client(HTTP_HOST=HOST_A)

    def via_test_client(url, **kwargs):  # the demo server fetching from itself
        answer = demo.get(url.split(HOST_A, 1)[1])
        return httpx.Response(answer.status_code, content=answer.content)

    monkeypatch.setattr(httpx, "get", via_test_client)
    procestype = demo.get("/_referentielijsten/api/v1/procestypen").json()[0]["url"]
    assert selectielijst.procestype(procestype)["nummer"] == 1
    response = post(client_a, "zaaktypen", zaaktype_body(catalogus_a, procestype))
    assert response.status_code == 201, response.content
    unknown = ROOT + "procestypen/00000000-0000-4000-8000-000000000000"
    response = post(client_a, "zaaktypen", zaaktype_body(catalogus_a, unknown, identificatie="2"))
    assert params(response)[0] == ("selectielijstProcestype", "bad-url")
