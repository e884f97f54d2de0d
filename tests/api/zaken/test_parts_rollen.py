"""/rollen: the desk's roles, through ``add_role``; the initiator added after the zaak."""

from achterkant.audit.models import ProcessingLogEntry
from achterkant.cases.models import Case, Role
from achterkant.cases.services import set_result, set_status
from achterkant.catalog.models import ResultType, RoleType
from achterkant.notify.models import OutboxMessage
from tests.api.zaken.test_parts_support import ZrcClient, zrc_grant

OTHER_BSN = "999990019"


def _zaak_without_initiator(tenant):
    """A zaak as the Zaken API registers it: no initiator role, no applicant, no message."""
    case = tenant.open_case()
    with tenant.active():
        Role.objects.filter(case=case).delete()
        Case.objects.filter(pk=case.pk).update(initiator_bsn="")
        OutboxMessage.objects.filter(reference=case.number).delete()
        case.refresh_from_db()
    return case


def _role_type(tenant, generic):
    with tenant.active():
        return RoleType.objects.get(case_type=tenant.case_type, generic_description=generic)


def _initiator_body(api, tenant, case, bsn):
    return {
        "zaak": api.zaak_url(case),
        "betrokkeneType": "natuurlijk_persoon",
        "roltype": api.catalog_url("roltypen", _role_type(tenant, "initiator")),
        "roltoelichting": "Aanvrager",
        "betrokkeneIdentificatie": {"inpBsn": bsn},
    }


def _opened_messages(tenant, case):
    with tenant.active():
        return list(
            OutboxMessage.objects.filter(reference=case.number, event_code="case.opened")
            .values_list("bsn", flat=True)
        )  # fmt: skip


def test_the_first_initiator_becomes_the_applicant_and_hears_once(tenant_a):
    case = _zaak_without_initiator(tenant_a)
    api = ZrcClient(tenant_a)
    response = api.post("/rollen", _initiator_body(api, tenant_a, case, tenant_a.person.bsn))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["omschrijvingGeneriek"] == "initiator"
    assert body["betrokkeneIdentificatie"]["inpBsn"] == tenant_a.person.bsn
    with tenant_a.active():
        case.refresh_from_db()
    assert case.initiator_bsn == tenant_a.person.bsn
    assert _opened_messages(tenant_a, case) == [tenant_a.person.bsn]
    # A second initiator changes neither the applicant nor sends another message.
    again = api.post("/rollen", _initiator_body(api, tenant_a, case, OTHER_BSN))
    assert again.status_code == 201
    with tenant_a.active():
        case.refresh_from_db()
    assert case.initiator_bsn == tenant_a.person.bsn
    assert _opened_messages(tenant_a, case) == [tenant_a.person.bsn]


def test_a_rol_by_url_only_and_the_list_filters(tenant_a):
    case = _zaak_without_initiator(tenant_a)
    api = ZrcClient(tenant_a)
    handler = {
        "zaak": api.zaak_url(case),
        "betrokkene": "http://example.com/2d0815580af94ee0a15aa677aa646e1a",
        "betrokkeneType": "natuurlijk_persoon",
        "rolomschrijving": "behandelaar",
        "roltoelichting": "testrol",
        "roltype": api.catalog_url("roltypen", _role_type(tenant_a, "behandelaar")),
    }
    created = api.post("/rollen", handler)
    assert created.status_code == 201, created.content
    assert created.json()["betrokkeneIdentificatie"] is None
    with tenant_a.active():
        case.refresh_from_db()
    assert case.initiator_bsn == ""  # a behandelaar is nobody's applicant
    api.post("/rollen", _initiator_body(api, tenant_a, case, tenant_a.person.bsn))

    def urls(**params):
        return [r["roltoelichting"] for r in api.get("/rollen", **params).json()["results"]]

    assert urls(zaak=api.zaak_url(case)) == ["testrol", "Aanvrager"]
    assert urls(omschrijvingGeneriek="initiator") == ["Aanvrager"]
    assert urls(betrokkene=handler["betrokkene"]) == ["testrol"]
    assert urls(betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=tenant_a.person.bsn) == [
        "Aanvrager"
    ]
    assert urls(roltype=handler["roltype"]) == ["testrol"]
    assert urls(betrokkeneType="medewerker") == []
    detail = api.get(created.json()["url"])
    assert detail.json()["omschrijving"] == "Behandelaar"
    assert api.delete(created.json()["url"]).status_code == 204
    assert api.get(created.json()["url"]).status_code == 404


def test_reading_a_rol_with_a_bsn_is_logged(tenant_a):
    case = tenant_a.open_case()
    api = ZrcClient(tenant_a)
    with tenant_a.active():
        before = ProcessingLogEntry.objects.filter(bsn=tenant_a.person.bsn, action="read").count()
    assert api.get("/rollen", zaak=api.zaak_url(case)).json()["count"] == 1
    with tenant_a.active():
        after = ProcessingLogEntry.objects.filter(bsn=tenant_a.person.bsn, action="read")
        assert after.count() == before + 1
        assert after.order_by("-pk").first().object_id == case.number


def test_invalid_rollen_are_refused(tenant_a):
    case = tenant_a.open_case()
    api = ZrcClient(tenant_a)
    body = _initiator_body(api, tenant_a, case, "123456789")  # fails the 11-test
    response = api.post("/rollen", body)
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "betrokkeneIdentificatie.inpBsn"
    nobody = {k: v for k, v in body.items() if k != "betrokkeneIdentificatie"}
    assert api.post("/rollen", nobody).status_code == 400
    assert api.post("/rollen", {**body, "betrokkeneType": "kat"}).status_code == 400
    with tenant_a.active():
        other_case_type = tenant_a.case_type.__class__.objects.create(
            **{
                f.name: getattr(tenant_a.case_type, f.name)
                for f in tenant_a.case_type._meta.concrete_fields
                if f.name not in ("id", "uuid", "organisation")
            }
            | {"identification": "ZT-ANDERS"}
        )
        foreign = RoleType.objects.create(
            case_type=other_case_type, description="Ander", generic_description="initiator"
        )
    # As the suite sends it (zrc-019a): no betrokkene at all; the roltype is what is wrong.
    mismatch = api.post(
        "/rollen",
        {"zaak": api.zaak_url(case), "betrokkeneType": "natuurlijk_persoon",
         "roltype": api.catalog_url("roltypen", foreign), "roltoelichting": "bla"},
    )  # fmt: skip
    assert mismatch.status_code == 400
    assert mismatch.json()["invalidParams"][0]["code"] == "zaaktype-mismatch"


def test_a_closed_zaak_takes_rollen_only_when_forced(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        result_type = ResultType.objects.filter(case_type=tenant_a.case_type).first()
        set_result(actor=tenant_a.staff["worker"], case=case, result_type=result_type)
        set_status(actor=tenant_a.staff["worker"], case=case, status_type=tenant_a.status_type(3))
    plain = ZrcClient(
        tenant_a, "zrc-plain", authorisations=[zrc_grant(tenant_a, ["zaken.bijwerken"])]
    )
    body = _initiator_body(plain, tenant_a, case, OTHER_BSN)
    denied = plain.post("/rollen", body)
    assert denied.status_code == 403
    assert denied.json()["code"] == "permission_denied"
    assert ZrcClient(tenant_a).post("/rollen", body).status_code == 201


def test_another_organisation_and_the_query_count(tenant_a, tenant_b, django_assert_num_queries):
    foreign = tenant_b.open_case()
    with tenant_b.active():
        foreign_role = Role.objects.get(case=foreign)
    for _ in range(3):
        tenant_a.open_case()
    api = ZrcClient(tenant_a, "zrc-scoped", authorisations=[zrc_grant(tenant_a, ["zaken.lezen"])])
    assert api.get(f"/rollen/{foreign_role.uuid}").status_code == 404
    # The page, the host's organisation and one write to the processing log.
    with django_assert_num_queries(3):
        assert api.get("/rollen").json()["count"] == 3


def test_a_medewerker_by_identificatie_is_the_staff_member(tenant_a):
    case = tenant_a.open_case()
    api = ZrcClient(tenant_a)
    worker = tenant_a.staff["worker"]
    body = {
        "zaak": api.zaak_url(case),
        "betrokkeneType": "medewerker",
        "roltype": api.catalog_url("roltypen", _role_type(tenant_a, "behandelaar")),
        "roltoelichting": "Behandelaar",
        "betrokkeneIdentificatie": {"identificatie": worker.username},
    }
    created = api.post("/rollen", body)
    assert created.status_code == 201, created.content
    assert created.json()["betrokkeneIdentificatie"]["identificatie"] == worker.username
    with tenant_a.active():
        assert Role.objects.get(uuid=created.json()["uuid"]).staff_member == worker
    listed = api.get("/rollen", betrokkeneIdentificatie__medewerker__identificatie=worker.username)
    assert listed.json()["count"] == 1
    unknown = api.post("/rollen", {**body, "betrokkeneIdentificatie": {"identificatie": "niemand"}})
    assert unknown.status_code == 400
    assert unknown.json()["invalidParams"][0]["name"] == "betrokkeneIdentificatie.identificatie"
