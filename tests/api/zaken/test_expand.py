"""``expand`` to any depth, as the official OAS checks ask (``expand test 1``–``10``)."""

import pytest

from achterkant.audit.models import ProcessingLogEntry
from tests.api.zaken.test_zaken_support import ZRC_ALL, Zaken, create_zaak, grant


@pytest.fixture
def zaken(tenant_a):
    return Zaken(tenant_a)


def _expanded(zaken, url, expand) -> dict:
    response = zaken.get(url, {"expand": expand})
    assert response.status_code == 200, response.content
    return response.json()


def test_catalogue_paths_expand_to_any_depth(tenant_a, zaken):
    zaak = create_zaak(zaken, tenant_a)
    body = _expanded(zaken, zaak["url"], "zaaktype.catalogus.zaaktypen,zaaktype.statustypen")
    zaaktype = body["_expand"]["zaaktype"]
    assert zaaktype["url"] == zaak["zaaktype"]
    catalogus = zaaktype["_expand"]["catalogus"]
    assert catalogus["url"] == zaaktype["catalogus"]
    assert zaak["zaaktype"] in [z["url"] for z in catalogus["_expand"]["zaaktypen"]]
    statustypen = zaaktype["_expand"]["statustypen"]
    assert [s["url"] for s in statustypen] == zaaktype["statustypen"]
    assert len(statustypen) >= 2


def test_status_and_its_statustype_and_an_empty_gezetdoor(tenant_a, zaken):
    case = tenant_a.open_case()
    body = _expanded(zaken, zaken.url(case), "status.statustype,status.gezetdoor")
    status = body["_expand"]["status"]
    assert status["url"] == body["status"]
    assert status["_expand"]["statustype"]["url"] == status["statustype"]
    assert status["_expand"]["gezetdoor"] is None  # the field is empty: null, as in the body


def test_rollen_zaak_rollen_cycles_are_expanded_level_by_level(tenant_a, zaken):
    case = tenant_a.open_case()
    body = _expanded(zaken, zaken.url(case), "rollen.zaak.rollen.zaak.rollen")
    rol = body["_expand"]["rollen"][0]
    again = rol["_expand"]["zaak"]
    assert again["url"] == body["url"]
    deepest = again["_expand"]["rollen"][0]["_expand"]["zaak"]["_expand"]["rollen"][0]
    assert deepest["url"] == rol["url"]
    assert deepest["betrokkeneIdentificatie"]["inpBsn"] == tenant_a.person.bsn
    # the BSNs shown are logged, as a read of /rollen is
    with tenant_a.active():
        logged = ProcessingLogEntry.objects.filter(bsn=tenant_a.person.bsn, object_type="rol")
        assert logged.exists()


def test_relevante_andere_zaken_expand_through_their_url(tenant_a, zaken):
    main = create_zaak(zaken, tenant_a)
    related = create_zaak(
        zaken, tenant_a, relevanteAndereZaken=[{"url": main["url"], "aardRelatie": "vervolg"}]
    )
    body = _expanded(zaken, related["url"], "relevanteAndereZaken.zaaktype")
    other = body["_expand"]["relevanteAndereZaken"]
    assert [z["url"] for z in other] == [main["url"]]
    assert other[0]["_expand"]["zaaktype"]["url"] == main["zaaktype"]


def test_an_expanded_zaak_outside_the_autorisaties_stays_out(tenant_a, zaken):
    """A client that may read up to 'openbaar' does not see a related 'geheim' zaak."""
    hidden = create_zaak(zaken, tenant_a, vertrouwelijkheidaanduiding="geheim")
    shown = create_zaak(
        zaken,
        tenant_a,
        vertrouwelijkheidaanduiding="openbaar",
        relevanteAndereZaken=[{"url": hidden["url"], "aardRelatie": "vervolg"}],
    )
    narrow = Zaken(tenant_a, "smal", authorisations=[grant(tenant_a, ZRC_ALL, "openbaar")])
    body = _expanded(narrow, shown["url"], "relevanteAndereZaken")
    assert body["_expand"]["relevanteAndereZaken"] == []
    assert (
        _expanded(zaken, shown["url"], "relevanteAndereZaken")["_expand"]["relevanteAndereZaken"][
            0
        ]["url"]
        == hidden["url"]
    )


def test_empty_and_unknown_names(tenant_a, zaken):
    zaak = create_zaak(zaken, tenant_a)
    body = _expanded(zaken, zaak["url"], "resultaat,zaakobjecten.zaak,bestaatniet,,")
    assert body["_expand"] == {"resultaat": None, "zaakobjecten": []}
    assert "_expand" not in _expanded(zaken, zaak["url"], "")


def test_a_page_costs_one_query_per_kind_per_level(tenant_a, zaken, django_assert_max_num_queries):
    for _ in range(3):
        tenant_a.open_case()
    zaken.get("/zaken")  # warm the caches (organisation, clients)
    with django_assert_max_num_queries(10):
        page = zaken.get("/zaken", {"expand": "status.statustype,rollen"}).json()
    assert all(z["_expand"]["status"]["_expand"]["statustype"] for z in page["results"])
