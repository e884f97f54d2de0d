"""/statussen: the desk's status rows, through the desk's own service."""

from datetime import datetime

from django.utils import timezone

from achterkant.cases.models import CaseStatus, Result
from achterkant.cases.selectors import case_history
from achterkant.cases.services import set_result, set_status
from achterkant.catalog.models import ResultType, StatusType
from tests.api.zaken.test_parts_support import ZRC_ALL, ZrcClient, zrc_grant

NOW = "2026-01-05T10:00:00"


def _status_body(api, case, status_type, **extra):
    return {
        "zaak": api.zaak_url(case),
        "statustype": api.catalog_url("statustypen", status_type),
        "datumStatusGezet": NOW,
        **extra,
    }


def test_a_status_set_through_the_api_is_the_desks_status(tenant_a):
    case = tenant_a.open_case()
    api = ZrcClient(tenant_a)
    second = tenant_a.status_type(2)
    response = api.post("/statussen", _status_body(api, case, second, statustoelichting="Gepland"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["statustype"] == api.catalog_url("statustypen", second)
    assert body["indicatieLaatstGezetteStatus"] is True
    assert body["statustoelichting"] == "Gepland"
    with tenant_a.active():
        history = case_history(case)
        case.refresh_from_db()
    # The desk's own selector sees it, as the current status.
    assert [s.status_type.sequence for s in history][-1] == 2
    assert str(case.current_status.uuid) == body["uuid"]


def test_datum_status_gezet_is_the_registry_s_own_moment(tenant_a):
    """A client cannot backdate a status: the end status's moment is the case's end date,
    which the Awb clock, the norm and the archive dates read (docs/api-zaken.md)."""
    case = tenant_a.open_case()
    api = ZrcClient(tenant_a)
    body = _status_body(api, case, tenant_a.status_type(2), datumStatusGezet="2018-04-26T13:37:00")
    created = api.post("/statussen", body).json()
    with tenant_a.active():
        status = CaseStatus.objects.get(uuid=created["uuid"])
    assert timezone.localtime(status.set_at).date() == timezone.localdate()
    # The API gives the moment in UTC; between 23:00 and 01:00 UTC that is another date
    # than the Dutch one, so compare moments, not the text.
    moment = datetime.fromisoformat(created["datumStatusGezet"].replace("Z", "+00:00"))
    assert moment.replace(microsecond=0) == status.set_at.replace(microsecond=0)


def test_a_status_set_at_the_desk_shows_in_the_api(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        status = set_status(
            actor=tenant_a.staff["worker"], case=case, status_type=tenant_a.status_type(2)
        )
    api = ZrcClient(tenant_a)
    listed = api.get("/statussen", zaak=api.zaak_url(case)).json()
    assert listed["count"] == 2
    assert listed["results"][0]["uuid"] == str(status.uuid)
    assert listed["results"][0]["indicatieLaatstGezetteStatus"] is True
    assert listed["results"][1]["indicatieLaatstGezetteStatus"] is False
    latest = api.get("/statussen", indicatieLaatstGezetteStatus="true").json()
    assert [r["uuid"] for r in latest["results"]] == [str(status.uuid)]
    read = api.get(f"/statussen/{status.uuid}")
    assert read.status_code == 200
    assert read.json()["zaak"] == api.zaak_url(case)


def test_the_end_status_closes_the_zaak_and_needs_a_result(tenant_a):
    case = tenant_a.open_case()
    api = ZrcClient(tenant_a)
    end = tenant_a.status_type(3)
    refused = api.post("/statussen", _status_body(api, case, end))
    assert refused.status_code == 400
    assert refused.json()["invalidParams"][0]["name"] == "nonFieldErrors"
    with tenant_a.active():
        result_type = ResultType.objects.filter(case_type=tenant_a.case_type).first()
        set_result(actor=tenant_a.staff["worker"], case=case, result_type=result_type)
    closed = api.post("/statussen", _status_body(api, case, end))
    assert closed.status_code == 201, closed.content
    with tenant_a.active():
        case.refresh_from_db()
        assert case.end_date is not None
        assert Result.objects.filter(case=case).exists()


def test_a_closed_zaak_reopens_with_a_non_end_status_only_with_heropenen(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        result_type = ResultType.objects.filter(case_type=tenant_a.case_type).first()
        set_result(actor=tenant_a.staff["worker"], case=case, result_type=result_type)
        set_status(actor=tenant_a.staff["worker"], case=case, status_type=tenant_a.status_type(3))
    limited = ZrcClient(
        tenant_a, "zrc-no-reopen",
        authorisations=[zrc_grant(tenant_a, ["zaken.lezen", "zaken.statussen.toevoegen",
                                              "zaken.bijwerken"])],
    )  # fmt: skip
    second = tenant_a.status_type(2)
    denied = limited.post("/statussen", _status_body(limited, case, second))
    assert denied.status_code == 403
    assert denied.json()["code"] == "permission_denied"
    # The end status again on a closed zaak: only with zaken.geforceerd-bijwerken.
    forced = limited.post("/statussen", _status_body(limited, case, tenant_a.status_type(3)))
    assert forced.status_code == 403

    api = ZrcClient(tenant_a)
    reopened = api.post("/statussen", _status_body(api, case, second))
    assert reopened.status_code == 201, reopened.content
    assert reopened.json()["statustype"] == api.catalog_url("statustypen", second)
    with tenant_a.active():
        case.refresh_from_db()
        assert case.end_date is None


def test_a_statustype_of_another_zaaktype_is_a_mismatch(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        other_type = tenant_a.case_type.__class__.objects.create(
            **{
                f.name: getattr(tenant_a.case_type, f.name)
                for f in tenant_a.case_type._meta.concrete_fields
                if f.name not in ("id", "uuid", "organisation")
            }
            | {"identification": "ZT-ANDERS"}
        )
        foreign = StatusType.objects.create(case_type=other_type, sequence=1, name="Anders")
    api = ZrcClient(tenant_a)
    response = api.post("/statussen", _status_body(api, case, foreign))
    assert response.status_code == 400
    error = response.json()["invalidParams"][0]
    assert (error["name"], error["code"]) == ("nonFieldErrors", "zaaktype-mismatch")


def test_bad_urls_are_refused(tenant_a):
    case = tenant_a.open_case()
    api = ZrcClient(tenant_a)
    body = _status_body(api, case, tenant_a.status_type(2))
    body["zaak"] = "https://elders.example.nl/zaken/api/v1/zaken/" + str(case.uuid)
    response = api.post("/statussen", body)
    assert response.status_code == 400
    assert response.json()["invalidParams"][0] == {
        "name": "zaak", "code": "bad-url", "reason": response.json()["invalidParams"][0]["reason"]
    }  # fmt: skip
    body = _status_body(api, case, tenant_a.status_type(2))
    body["statustype"] = api.zaak_url(case)
    assert api.post("/statussen", body).json()["invalidParams"][0]["name"] == "statustype"


def test_scopes_and_autorisaties(tenant_a):
    case = tenant_a.open_case()
    reader = ZrcClient(
        tenant_a, "zrc-reader", authorisations=[zrc_grant(tenant_a, ["zaken.lezen"])]
    )
    assert reader.get("/statussen").json()["count"] == 1
    denied = reader.post("/statussen", _status_body(reader, case, tenant_a.status_type(2)))
    assert denied.status_code == 403
    # An autorisatie up to a lower confidentiality than the zaak's sees nothing of it.
    low = ZrcClient(
        tenant_a, "zrc-low", authorisations=[zrc_grant(tenant_a, ["zaken.lezen"], "openbaar")]
    )
    assert low.get("/statussen").json()["count"] == 0
    with tenant_a.active():
        status = CaseStatus.objects.get(case=case)
    assert low.get(f"/statussen/{status.uuid}").status_code == 403
    nothing = ZrcClient(
        tenant_a, "zrc-none", authorisations=[zrc_grant(tenant_a, ["zaken.aanmaken"])]
    )
    assert nothing.get("/statussen").status_code == 403


def test_another_organisations_status_is_not_found(tenant_a, tenant_b):
    case = tenant_b.open_case()
    with tenant_b.active():
        status = CaseStatus.objects.get(case=case)
    api = ZrcClient(tenant_a)
    assert api.get(f"/statussen/{status.uuid}").status_code == 404
    assert api.get("/statussen").json()["count"] == 0
    body = {
        "zaak": f"http://{tenant_a.host}/zaken/api/v1/zaken/{case.uuid}",
        "statustype": api.catalog_url("statustypen", tenant_a.status_type(2)),
        "datumStatusGezet": NOW,
    }
    assert api.post("/statussen", body).json()["invalidParams"][0]["code"] == "bad-url"


def test_the_list_costs_few_queries(tenant_a, django_assert_num_queries):
    for _ in range(3):
        tenant_a.open_case()
    api = ZrcClient(tenant_a, "zrc-scoped", authorisations=[zrc_grant(tenant_a, ZRC_ALL)])
    api.get("/statussen")  # warm the organisation and client caches
    with django_assert_num_queries(2):  # the host's organisation + the page
        response = api.get("/statussen")
    assert response.json()["count"] == 3


def test_the_first_status_a_client_sets_is_the_one_registration_set(tenant_a):
    case = tenant_a.open_case()
    api = ZrcClient(tenant_a)
    first = tenant_a.status_type(1)
    response = api.post("/statussen", _status_body(api, case, first))
    assert response.status_code == 201, response.content
    with tenant_a.active():
        only = CaseStatus.objects.get(case=case)  # nothing written twice
    assert response.json()["uuid"] == str(only.uuid)
    # Once the case moved on, the first status again is refused as at the desk.
    assert (
        api.post("/statussen", _status_body(api, case, tenant_a.status_type(2))).status_code == 201
    )
    assert api.post("/statussen", _status_body(api, case, first)).status_code == 400


def test_details_answer_head_and_etag(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        status = CaseStatus.objects.get(case=case)
    api = ZrcClient(tenant_a)
    path = f"/zaken/api/v1/statussen/{status.uuid}"
    read = api.client.get(path)
    head = api.client.head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == read["ETag"]
    assert api.client.get(path, HTTP_IF_NONE_MATCH=read["ETag"]).status_code == 304


def test_a_zaaktype_with_one_statustype_closes_when_the_client_sets_it(tenant_a):
    from achterkant.catalog.models import CaseType, RoleType
    from achterkant.catalog.services import case_type_publish

    with tenant_a.active():
        source = tenant_a.case_type
        fields = {
            f.name: getattr(source, f.name)
            for f in source._meta.concrete_fields
            if f.name not in ("id", "uuid", "organisation", "is_concept")
        }
        single = CaseType.objects.create(**{**fields, "identification": "ZT-EEN"})
        only = StatusType.objects.create(case_type=single, sequence=1, name="Afgehandeld")
        result_type = ResultType.objects.create(
            case_type=single, description="Klaar", archive_nomination="vernietigen",
            archive_action_term="P1Y", source_date_derivation="afgehandeld",
        )  # fmt: skip
        RoleType.objects.create(
            case_type=single, description="Melder", generic_description="initiator"
        )
        case_type_publish(case_type=single, require_parts=False)
    case = tenant_a.open_case(case_type_identification="ZT-EEN", product=None)
    with tenant_a.active():
        set_result(actor=tenant_a.staff["worker"], case=case, result_type=result_type)
    api = ZrcClient(tenant_a)
    response = api.post("/statussen", _status_body(api, case, only))
    assert response.status_code == 201, response.content
    with tenant_a.active():
        case.refresh_from_db()
    assert case.end_date is not None
