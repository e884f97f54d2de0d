"""/resultaten: one result per zaak, through the desk's ``set_result``."""

from achterkant.cases.models import Result
from achterkant.cases.services import set_result, set_status
from achterkant.catalog.models import ResultType
from tests.api.zaken.test_parts_support import ZrcClient, zrc_grant


def _result_types(tenant):
    with tenant.active():
        return list(ResultType.objects.filter(case_type=tenant.case_type).order_by("pk"))


def test_create_read_update_delete(tenant_a):
    case = tenant_a.open_case()
    api = ZrcClient(tenant_a)
    first, second = _result_types(tenant_a)
    body = {"zaak": api.zaak_url(case), "resultaattype": api.catalog_url("resultaattypen", first)}
    created = api.post("/resultaten", body)
    assert created.status_code == 201, created.content
    url = created.json()["url"]
    with tenant_a.active():
        assert Result.objects.get(case=case).result_type == first  # the desk's row
    again = api.post("/resultaten", body)
    assert again.status_code == 400
    assert again.json()["invalidParams"][0]["code"] == "unique"

    updated = api.put(url, {**body, "toelichting": "some stuff"})
    assert updated.status_code == 200, updated.content
    assert updated.json()["toelichting"] == "some stuff"
    patched = api.patch(url, {"toelichting": "more"})
    assert patched.json()["toelichting"] == "more"
    changed = api.patch(url, {"resultaattype": api.catalog_url("resultaattypen", second)})
    assert changed.status_code == 400
    assert changed.json()["invalidParams"][0]["name"] == "resultaattype"

    listed = api.get("/resultaten", zaak=api.zaak_url(case)).json()
    assert [r["url"] for r in listed["results"]] == [url]
    assert api.get(url).json()["toelichting"] == "more"
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404


def test_a_closed_zaak_needs_geforceerd_bijwerken(tenant_a):
    case = tenant_a.open_case()
    first, _ = _result_types(tenant_a)
    with tenant_a.active():
        set_result(actor=tenant_a.staff["worker"], case=case, result_type=first)
        set_status(actor=tenant_a.staff["worker"], case=case, status_type=tenant_a.status_type(3))
        result = Result.objects.get(case=case)
    scopes = ["zaken.lezen", "zaken.bijwerken"]
    plain = ZrcClient(tenant_a, "zrc-plain", authorisations=[zrc_grant(tenant_a, scopes)])
    url = f"/zaken/api/v1/resultaten/{result.uuid}"
    body = {
        "zaak": plain.zaak_url(case),
        "resultaattype": plain.catalog_url("resultaattypen", first),
    }
    assert plain.post("/resultaten", body).json()["invalidParams"][0]["code"] == "unique"
    for response in (plain.put(url, body), plain.patch(url, body), plain.delete(url)):
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
    forced = ZrcClient(tenant_a)
    assert forced.delete(url).status_code == 204
    assert forced.post("/resultaten", body).status_code == 201


def test_a_resultaattype_of_another_zaaktype_is_a_mismatch(tenant_a, tenant_b):
    case = tenant_a.open_case()
    api = ZrcClient(tenant_a)
    with tenant_a.active():
        other = ResultType.objects.create(
            case_type=_other_case_type(tenant_a), description="Anders",
            archive_nomination="vernietigen", archive_action_term="P1Y",
            source_date_derivation="afgehandeld",
        )  # fmt: skip
    body = {"zaak": api.zaak_url(case), "resultaattype": api.catalog_url("resultaattypen", other)}
    response = api.post("/resultaten", body)
    assert response.status_code == 400
    error = response.json()["invalidParams"][0]
    assert (error["name"], error["code"]) == ("nonFieldErrors", "zaaktype-mismatch")
    # Another organisation's result is not there at all.
    other_case = tenant_b.open_case()
    with tenant_b.active():
        set_result(
            actor=tenant_b.staff["worker"], case=other_case,
            result_type=ResultType.objects.filter(case_type=tenant_b.case_type).first(),
        )  # fmt: skip
        foreign = Result.objects.get(case=other_case)
    assert api.get(f"/resultaten/{foreign.uuid}").status_code == 404
    assert api.get("/resultaten").json()["count"] == 0


def _other_case_type(tenant):
    case_type = tenant.case_type
    fields = {
        f.name: getattr(case_type, f.name)
        for f in case_type._meta.concrete_fields
        if f.name not in ("id", "uuid", "organisation")
    }
    return case_type.__class__.objects.create(**{**fields, "identification": "ZT-ANDERS"})


def test_the_list_costs_few_queries(tenant_a, django_assert_num_queries):
    first, _ = _result_types(tenant_a)
    for _ in range(3):
        case = tenant_a.open_case()
        with tenant_a.active():
            set_result(actor=tenant_a.staff["worker"], case=case, result_type=first)
    api = ZrcClient(tenant_a, "zrc-scoped", authorisations=[zrc_grant(tenant_a, ["zaken.lezen"])])
    api.get("/resultaten")
    with django_assert_num_queries(2):
        assert api.get("/resultaten").json()["count"] == 3
