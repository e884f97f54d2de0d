"""Zaakeigenschappen, zaakobjecten and klantcontacten of a zaak."""

from achterkant.cases.models import CaseProperty
from achterkant.cases.models.parts import CaseObject
from achterkant.cases.services import set_result, set_status
from achterkant.catalog.models import CasePropertyType, ResultType
from tests.api.zaken.test_parts_support import ZrcClient, document_and_decision, zrc_grant

PAND = {"objectType": "pand", "objectIdentificatie": {"identificatie": "test"}}


def _property_type(tenant, **fields):
    with tenant.active():
        return CasePropertyType.objects.create(
            **{"case_type": tenant.case_type, "name": "kenmerk", "definition": "Kenmerk",
               "format": "tekst", "length": 20, **fields}
        )  # fmt: skip


def _close(tenant, case):
    with tenant.active():
        result_type = ResultType.objects.filter(case_type=tenant.case_type).first()
        set_result(actor=tenant.staff["worker"], case=case, result_type=result_type)
        set_status(actor=tenant.staff["worker"], case=case, status_type=tenant.status_type(3))


def test_zaakeigenschappen_nested_under_the_zaak(tenant_a):
    case = tenant_a.open_case()
    property_type = _property_type(tenant_a)
    api = ZrcClient(tenant_a)
    path = f"/zaken/{case.uuid}/zaakeigenschappen"
    body = {
        "zaak": api.zaak_url(case),
        "eigenschap": api.catalog_url("eigenschappen", property_type),
        "waarde": "test",
    }
    created = api.post(path, body)
    assert created.status_code == 201, created.content
    assert created.json()["naam"] == "kenmerk"
    with tenant_a.active():
        assert CaseProperty.objects.get(case=case).value == "test"  # the desk's row
    url = created.json()["url"]
    assert url.endswith(f"{path}/{created.json()['uuid']}")
    assert [r["waarde"] for r in api.get(path).json()] == ["test"]
    assert api.patch(url, {"waarde": "nieuw"}).json()["waarde"] == "nieuw"
    too_long = api.put(url, {**body, "waarde": "x" * 30})
    assert too_long.status_code == 400
    assert too_long.json()["invalidParams"][0]["name"] == "waarde"
    assert api.get(url).json()["waarde"] == "nieuw"
    assert api.delete(url).status_code == 204
    assert api.get(path).json() == []


def test_an_eigenschap_of_another_zaaktype_is_a_mismatch(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        fields = {
            f.name: getattr(tenant_a.case_type, f.name)
            for f in tenant_a.case_type._meta.concrete_fields
            if f.name not in ("id", "uuid", "organisation")
        }
        other = tenant_a.case_type.__class__.objects.create(**{**fields, "identification": "X"})
    property_type = _property_type(tenant_a, case_type=other)
    api = ZrcClient(tenant_a)
    response = api.post(
        f"/zaken/{case.uuid}/zaakeigenschappen",
        {"zaak": api.zaak_url(case), "eigenschap": api.catalog_url("eigenschappen", property_type),
         "waarde": "ja"},
    )  # fmt: skip
    assert response.status_code == 400
    error = response.json()["invalidParams"][0]
    assert (error["name"], error["code"]) == ("nonFieldErrors", "zaaktype-mismatch")


def test_zaakobjecten(tenant_a):
    case = tenant_a.open_case()
    api = ZrcClient(tenant_a)
    created = api.post("/zaakobjecten", {"zaak": api.zaak_url(case), **PAND})
    assert created.status_code == 201, created.content
    assert created.json()["objectIdentificatie"] == {"identificatie": "test"}
    url = created.json()["url"]
    by_url = api.post(
        "/zaakobjecten",
        {"zaak": api.zaak_url(case), "objectType": "besluit",
         "object": "https://besluiten.example.nl/besluiten/api/v1/besluiten/1"},
    )  # fmt: skip
    assert by_url.status_code == 201
    assert api.get("/zaakobjecten", objectType="pand").json()["count"] == 1
    assert api.get("/zaakobjecten", zaak=api.zaak_url(case)).json()["count"] == 2
    patched = api.patch(url, {"relatieomschrijving": "betreft"})
    assert patched.json()["relatieomschrijving"] == "betreft"
    assert patched.json()["objectIdentificatie"] == {"identificatie": "test"}
    fixed = api.patch(url, {"objectType": "adres"})
    assert fixed.status_code == 400
    assert fixed.json()["invalidParams"][0]["code"] == "wijzigen-niet-toegelaten"
    empty = api.post("/zaakobjecten", {"zaak": api.zaak_url(case), "objectType": "pand"})
    assert empty.status_code == 400
    wrong = api.post("/zaakobjecten", {"zaak": api.zaak_url(case), **PAND, "objectType": "kat"})
    assert wrong.json()["invalidParams"][0]["name"] == "objectType"
    assert api.delete(url).status_code == 204
    with tenant_a.active():
        assert CaseObject.objects.filter(case=case).count() == 1


def test_klantcontacten(tenant_a):
    case = tenant_a.open_case()
    api = ZrcClient(tenant_a)
    created = api.post(
        "/klantcontacten", {"zaak": api.zaak_url(case), "datumtijd": "2019-02-20T00:00:00"}
    )
    assert created.status_code == 201, created.content
    assert created.json()["identificatie"]
    assert api.get(created.json()["url"]).json()["zaak"] == api.zaak_url(case)
    assert api.get("/klantcontacten", zaak=api.zaak_url(case)).json()["count"] == 1


def test_a_closed_zaak_changes_only_with_geforceerd_bijwerken(tenant_a):
    case = tenant_a.open_case()
    property_type = _property_type(tenant_a)
    _close(tenant_a, case)
    plain = ZrcClient(
        tenant_a, "zrc-plain", authorisations=[zrc_grant(tenant_a, ["zaken.bijwerken"])]
    )
    forced = ZrcClient(tenant_a)
    requests = [
        ("/zaakobjecten", {"zaak": plain.zaak_url(case), **PAND}),
        ("/klantcontacten", {"zaak": plain.zaak_url(case), "datumtijd": "2019-02-22T00:00:00"}),
        (f"/zaken/{case.uuid}/zaakeigenschappen",
         {"zaak": plain.zaak_url(case), "waarde": "test",
          "eigenschap": plain.catalog_url("eigenschappen", property_type)}),
    ]  # fmt: skip
    for path, body in requests:
        denied = plain.post(path, body)
        assert denied.status_code == 403, path
        assert denied.json()["code"] == "permission_denied"
        assert forced.post(path, body).status_code == 201, path


def test_other_organisations_and_autorisaties(tenant_a, tenant_b):
    foreign = tenant_b.open_case()
    ZrcClient(tenant_b, "zrc-b").post(
        "/zaakobjecten",
        {"zaak": f"http://{tenant_b.host}/zaken/api/v1/zaken/{foreign.uuid}", **PAND},
    )
    with tenant_b.active():
        row = CaseObject.objects.get(case=foreign)
    api = ZrcClient(tenant_a)
    assert api.get(f"/zaakobjecten/{row.uuid}").status_code == 404
    assert api.get(f"/zaken/{foreign.uuid}/zaakeigenschappen").status_code == 404
    assert api.get("/zaakobjecten").json()["count"] == 0
    case = tenant_a.open_case()
    api.post("/zaakobjecten", {"zaak": api.zaak_url(case), **PAND})
    low = ZrcClient(
        tenant_a, "zrc-low", authorisations=[zrc_grant(tenant_a, ["zaken.lezen"], "openbaar")]
    )
    assert low.get("/zaakobjecten").json()["count"] == 0
    assert low.get(f"/zaken/{case.uuid}/zaakeigenschappen").status_code == 403


def test_documents_and_decisions_as_links(tenant_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = tenant_a.open_case()
    document, decision = document_and_decision(tenant_a, case)
    api = ZrcClient(tenant_a)
    links = api.get("/zaakinformatieobjecten", zaak=api.zaak_url(case)).json()
    # The second is the decision's letter (PDF), made with the decision.
    assert [(r["uuid"], r["titel"]) for r in links][:1] == [(str(document.uuid), "Foto")]
    assert [r["titel"] for r in links[1:]] == [f"Besluit {decision.identification}: Besluit"]
    assert api.get(links[0]["url"]).json()["zaak"] == api.zaak_url(case)
    besluiten = api.get(f"/zaken/{case.uuid}/besluiten").json()
    assert [r["uuid"] for r in besluiten] == [str(decision.uuid)]
    assert api.get(besluiten[0]["url"]).status_code == 200


def test_the_lists_cost_few_queries(tenant_a, django_assert_num_queries):
    api = ZrcClient(tenant_a)
    for _ in range(3):
        case = tenant_a.open_case()
        api.post("/zaakobjecten", {"zaak": api.zaak_url(case), **PAND})
        api.post("/klantcontacten", {"zaak": api.zaak_url(case), "datumtijd": "2019-02-20T00:00"})
    scoped = ZrcClient(
        tenant_a, "zrc-scoped", authorisations=[zrc_grant(tenant_a, ["zaken.lezen"])]
    )
    scoped.get("/zaakobjecten")  # warm the organisation and client caches
    for path in ("/zaakobjecten", "/klantcontacten"):
        with django_assert_num_queries(2):  # the host's organisation + the page
            assert scoped.get(path).json()["count"] == 3
    with django_assert_num_queries(2):
        assert scoped.get("/zaakinformatieobjecten").json() == []
