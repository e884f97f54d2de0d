"""URLs of other hosts in a zaak: fetched only under a service the operator trusts
(``ZGW_TRUSTED_API_ROOTS``), over real HTTP against the suite's mock service (stand-in)."""

import pytest
from django.core.cache import cache

from tests.api.zaken.test_zaken_support import Zaken, params, zaak_body
from tests.zgw.standins import zgw_standins_fixture as zgw_standins  # noqa: F401


@pytest.fixture
def zaken(tenant_a, settings, zgw_standins):  # noqa: F811
    settings.ZGW_TRUSTED_API_ROOTS = [zgw_standins.mock_url]
    cache.clear()
    return Zaken(tenant_a)


def test_a_communicatiekanaal_of_a_trusted_service(tenant_a, zaken, zgw_standins):  # noqa: F811
    mock = zgw_standins.mock_url
    created = zaken.post(
        "/zaken", zaak_body(tenant_a, communicatiekanaal=f"{mock}/communicatiekanaal")
    )
    assert created.status_code == 201, created.content
    assert created.json()["communicatiekanaal"] == f"{mock}/communicatiekanaal"
    # 404 there: bad-url; an answer that is no communicatiekanaal: invalid-resource (zrc-010)
    missing = zaak_body(tenant_a, communicatiekanaal=f"{mock}/404")
    assert params(zaken.post("/zaken", missing)) == [("communicatiekanaal", "bad-url")]
    wrong = zaak_body(tenant_a, communicatiekanaal=f"{mock}/200")
    assert params(zaken.post("/zaken", wrong)) == [("communicatiekanaal", "invalid-resource")]
    patched = zaken.patch(created.json()["url"], {"communicatiekanaal": f"{mock}/zaak"})
    assert params(patched) == [("communicatiekanaal", "invalid-resource")]


def test_a_zaaktype_of_another_host(tenant_a, zaken, zgw_standins):  # noqa: F811
    mock = zgw_standins.mock_url
    assert params(zaken.post("/zaken", zaak_body(tenant_a, zaaktype=f"{mock}/200"))) == [
        ("zaaktype", "invalid-resource")  # zrc-001e
    ]
    assert params(zaken.post("/zaken", zaak_body(tenant_a, zaaktype=f"{mock}/404"))) == [
        ("zaaktype", "bad-url")
    ]
    # a real zaaktype there is refused too: a case is routed and clocked by this catalogue
    assert params(zaken.post("/zaken", zaak_body(tenant_a, zaaktype=f"{mock}/zaaktype"))) == [
        ("zaaktype", "bad-url")
    ]


def test_an_untrusted_host_is_never_fetched(tenant_a, zaken, settings, zgw_standins):  # noqa: F811
    settings.ZGW_TRUSTED_API_ROOTS = []
    mock = zgw_standins.mock_url
    # the same URL that is a valid communicatiekanaal above: not fetched, so bad-url
    body = zaak_body(tenant_a, communicatiekanaal=f"{mock}/communicatiekanaal")
    assert params(zaken.post("/zaken", body)) == [("communicatiekanaal", "bad-url")]
    assert params(zaken.post("/zaken", zaak_body(tenant_a, zaaktype=f"{mock}/200"))) == [
        ("zaaktype", "bad-url")
    ]
