"""A besluit with a zaak: the zaakbesluit in the Zaken API, the case in the desk, and a
decision recorded in the desk seen through the Besluiten API."""

from datetime import date

from achterkant.audit.models import ProcessingLogEntry
from achterkant.cases.models import Decision
from achterkant.cases.selectors import case_for_page
from achterkant.cases.services import add_decision
from achterkant.notify.models import DomainEvent
from tests.api.besluiten.support import BrcClient, besluit_body, decision_type
from tests.api.zaken.test_parts_support import ZrcClient


def test_a_besluit_with_a_zaak_is_a_zaakbesluit_and_shows_in_the_desk(tenant_a):
    case = tenant_a.open_case()
    api = BrcClient(tenant_a)
    zrc = ZrcClient(tenant_a, "zrc-all")
    vergunning = decision_type(tenant_a)
    created = api.post("/besluiten", besluit_body(api, vergunning, zaak=api.zaak_url(case)))
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["zaak"] == api.zaak_url(case)
    assert body["identificatie"] == f"{case.number}-B1"
    uuid = body["url"].rsplit("/", 1)[1]
    zaakbesluiten = zrc.get(f"/zaken/{case.uuid}/besluiten").json()
    assert [(z["uuid"], z["besluit"]) for z in zaakbesluiten] == [(uuid, body["url"])]
    # The desk's case page lists it.
    with tenant_a.active():
        page = case_for_page(actor=tenant_a.staff["worker"], number=case.number)
        assert [d.identification for d in page.page_decisions] == [body["identificatie"]]
        zaken_events = DomainEvent.objects.filter(channel="zaken", resource="zaakbesluit")
        assert [(e.action, e.resource_reference) for e in zaken_events] == [("create", uuid)]
        assert ProcessingLogEntry.objects.filter(
            object_type="besluit", bsn=case.initiator_bsn
        ).exists()
    # Taking the zaak off the besluit ends the zaakbesluit.
    assert api.patch(body["url"], {"zaak": None}).status_code == 200
    assert zrc.get(f"/zaken/{case.uuid}/besluiten").json() == []
    with tenant_a.active():
        actions = list(
            DomainEvent.objects.filter(channel="zaken", resource="zaakbesluit")
            .order_by("pk")
            .values_list("action", flat=True)
        )
    assert actions == ["create", "destroy"]


def test_a_desk_decision_is_a_besluit(tenant_a):
    case = tenant_a.open_case()
    vergunning = decision_type(tenant_a)
    with tenant_a.active():
        decision = add_decision(
            actor=tenant_a.staff["worker"], case=case, decision_type=vergunning,
            decided_on=date(2026, 3, 1), effective_from=date(2026, 3, 2),
        )  # fmt: skip
    api = BrcClient(tenant_a)
    body = api.get(f"/besluiten/{decision.uuid}").json()
    assert body["identificatie"] == decision.identification
    assert body["zaak"] == api.zaak_url(case)
    assert body["verantwoordelijkeOrganisatie"] == case.responsible_organisation_rsin
    listed = api.get("/besluiten", zaak=api.zaak_url(case)).json()
    assert [r["url"] for r in listed["results"]] == [body["url"]]
    trail = api.get(f"/besluiten/{decision.uuid}/audittrail").json()
    assert [(r["resource"], r["actie"]) for r in trail] == [("besluit", "create")]


def test_the_besluittype_must_belong_to_the_zaaktype(tenant_a):
    case = tenant_a.open_case()
    api = BrcClient(tenant_a)
    los = decision_type(tenant_a, case_type=False)
    response = api.post("/besluiten", besluit_body(api, los, zaak=api.zaak_url(case)))
    assert response.status_code == 400
    error = response.json()["invalidParams"][0]
    assert (error["name"], error["code"]) == ("nonFieldErrors", "zaaktype-mismatch")
    # Without a zaak the same besluittype is fine.
    assert api.post("/besluiten", besluit_body(api, los)).status_code == 201
    with tenant_a.active():
        assert not Decision.objects.filter(case=case).exists()
    unknown = api.post(
        "/besluiten", besluit_body(api, los, zaak="https://elders.example.nl/zaken/1")
    )
    assert unknown.json()["invalidParams"][0]["name"] == "zaak"


def test_zaakbesluit_post_and_delete_for_a_local_besluit(tenant_a):
    case = tenant_a.open_case()
    other = tenant_a.open_case()
    api = BrcClient(tenant_a)
    zrc = ZrcClient(tenant_a, "zrc-all")
    vergunning = decision_type(tenant_a)
    besluit = api.post("/besluiten", besluit_body(api, vergunning, zaak=api.zaak_url(case)))
    besluit_url = besluit.json()["url"]
    uuid = besluit_url.rsplit("/", 1)[1]
    # The Besluiten API already made the link: POST answers with it.
    created = zrc.post(f"/zaken/{case.uuid}/besluiten", {"besluit": besluit_url})
    assert created.status_code == 201, created.content
    assert created.json()["uuid"] == uuid
    # A besluit that does not name the zaak: inconsistent.
    wrong = zrc.post(f"/zaken/{other.uuid}/besluiten", {"besluit": besluit_url})
    assert wrong.json()["invalidParams"][0]["code"] == "inconsistent-relation"
    unknown = zrc.post(f"/zaken/{case.uuid}/besluiten", {"besluit": "https://x.nl/besluiten/1"})
    assert unknown.json()["invalidParams"][0]["code"] == "bad-url"
    # Deleting it here while the besluit still names the zaak: inconsistent.
    deleted = zrc.delete(zrc.url(f"/zaken/api/v1/zaken/{case.uuid}/besluiten/{uuid}"))
    assert deleted.status_code == 400
    assert deleted.json()["invalidParams"][0]["code"] == "inconsistent-relation"
    assert len(zrc.get(f"/zaken/{case.uuid}/besluiten").json()) == 1


def test_a_zaak_with_besluiten_cannot_be_deleted(tenant_a):
    case = tenant_a.open_case()
    api = BrcClient(tenant_a)
    zrc = ZrcClient(tenant_a, "zrc-all")
    api.post("/besluiten", besluit_body(api, decision_type(tenant_a), zaak=api.zaak_url(case)))
    response = zrc.delete(zrc.zaak_url(case))
    assert response.status_code == 400
