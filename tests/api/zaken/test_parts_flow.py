"""A ZGW client's whole flow over a zaak it registered: the suite's order of calls."""

from achterkant.api.resources import CATALOGI
from achterkant.cases.models import Case
from achterkant.catalog.models import ResultType, RoleType
from achterkant.notify.models import OutboxMessage
from tests.api.zaken.test_parts_support import ZrcClient


def test_register_then_initiator_status_result_and_end(tenant_a):
    api = ZrcClient(tenant_a)
    zaaktype = api.url(f"{CATALOGI}/zaaktypen/{tenant_a.case_type.uuid}")
    created = api.post(
        "/zaken",
        {"bronorganisatie": tenant_a.organisation.rsin, "zaaktype": zaaktype,
         "verantwoordelijkeOrganisatie": tenant_a.organisation.rsin, "startdatum": "2026-01-05"},
    )  # fmt: skip
    assert created.status_code == 201, created.content
    zaak = created.json()["url"]
    with tenant_a.active():
        case = Case.objects.get(uuid=created.json()["uuid"])
        initiator = RoleType.objects.get(
            case_type=tenant_a.case_type, generic_description="initiator"
        )
        result_type = ResultType.objects.filter(case_type=tenant_a.case_type).first()
    assert case.initiator_bsn == ""

    rol = api.post(
        "/rollen",
        {"zaak": zaak, "betrokkeneType": "natuurlijk_persoon", "roltoelichting": "Aanvrager",
         "roltype": api.catalog_url("roltypen", initiator),
         "betrokkeneIdentificatie": {"inpBsn": tenant_a.person.bsn}},
    )  # fmt: skip
    assert rol.status_code == 201, rol.content
    with tenant_a.active():
        opened = OutboxMessage.objects.filter(reference=case.number, event_code="case.opened")
        assert opened.count() == 1

    def status(sequence):
        statustype = api.catalog_url("statustypen", tenant_a.status_type(sequence))
        return api.post(
            "/statussen",
            {"zaak": zaak, "statustype": statustype, "datumStatusGezet": "2026-01-06T10:00:00"},
        )

    assert status(1).status_code == 201
    assert status(2).status_code == 201
    resultaat = api.post(
        "/resultaten",
        {"zaak": zaak, "resultaattype": api.catalog_url("resultaattypen", result_type)},
    )
    assert resultaat.status_code == 201, resultaat.content
    end = status(3)
    assert end.status_code == 201, end.content
    assert api.get(zaak).json()["einddatum"] is not None
    statussen = api.get("/statussen", zaak=zaak).json()
    assert statussen["count"] == 3
    assert statussen["results"][0]["indicatieLaatstGezetteStatus"] is True
