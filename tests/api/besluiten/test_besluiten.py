"""The Besluiten API: besluiten through the desk's own decision services."""

from achterkant.cases.models import Decision
from achterkant.notify.models import DomainEvent
from tests.api.besluiten.support import BRC, BrcClient, besluit_body, brc_grant, decision_type


def test_crud_of_a_besluit_without_zaak(tenant_a):
    api = BrcClient(tenant_a)
    vergunning = decision_type(tenant_a)
    created = api.post("/besluiten", besluit_body(api, vergunning, toelichting="Verleend"))
    assert created.status_code == 201, created.content
    body = created.json()
    assert created["Location"] == body["url"]
    assert body["identificatie"].startswith("BESLUIT-")
    assert "zaak" not in body
    assert body["verantwoordelijkeOrganisatie"] == tenant_a.organisation.rsin
    url = body["url"]
    assert api.get(url).json() == body
    put = api.put(url, besluit_body(api, vergunning, toelichting="aangepast"))
    assert put.status_code == 200, put.content
    assert put.json()["toelichting"] == "aangepast"
    patched = api.patch(url, {"bestuursorgaan": "college", "vervalreden": "tijdelijk"})
    assert patched.status_code == 200, patched.content
    assert patched.json()["bestuursorgaan"] == "college"
    assert patched.json()["vervalredenWeergave"] == "Besluit met tijdelijke werking"
    assert patched.json()["identificatie"] == body["identificatie"]
    with tenant_a.active():
        row = Decision.objects.get()
        assert (row.case, row.governing_body, row.explanation) == (None, "college", "aangepast")
    listed = api.get("/besluiten", identificatie=body["identificatie"]).json()
    assert listed["count"] == 1
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404
    with tenant_a.active():
        assert not Decision.objects.exists()
        events = list(DomainEvent.objects.filter(channel="besluiten").order_by("pk"))
    assert [(e.resource, e.action) for e in events] == [
        ("besluit", "create"), ("besluit", "update"), ("besluit", "partial_update"),
        ("besluit", "destroy"),
    ]  # fmt: skip
    assert {e.main_reference for e in events} == {body["url"].rsplit("/", 1)[1]}
    assert events[0].attributes == {
        "verantwoordelijkeOrganisatie": tenant_a.organisation.rsin,
        "besluittype": str(vergunning.uuid),
    }


def test_identificatie_is_unique_per_verantwoordelijke_organisatie(tenant_a):
    api = BrcClient(tenant_a)
    vergunning = decision_type(tenant_a)
    first = api.post("/besluiten", besluit_body(api, vergunning, identificatie="B-1"))
    assert first.status_code == 201, first.content
    again = api.post("/besluiten", besluit_body(api, vergunning, identificatie="B-1"))
    assert again.status_code == 400
    error = again.json()["invalidParams"][0]
    assert (error["name"], error["code"]) == ("identificatie", "identificatie-niet-uniek")
    # Another verantwoordelijke organisatie may use the same identificatie.
    other = api.post(
        "/besluiten",
        besluit_body(
            api, vergunning, identificatie="B-1", verantwoordelijkeOrganisatie="002000003"
        ),
    )
    assert other.status_code == 201, other.content
    generated = {api.post("/besluiten", besluit_body(api, vergunning)).json()["identificatie"]
                 for _ in range(3)}  # fmt: skip
    assert len(generated) == 3


def test_fixed_fields_cannot_change(tenant_a):
    api = BrcClient(tenant_a)
    vergunning = decision_type(tenant_a)
    other_type = decision_type(tenant_a, description="Ander")
    url = api.post("/besluiten", besluit_body(api, vergunning)).json()["url"]
    for body, name in [
        ({"identificatie": "nieuw"}, "identificatie"),
        ({"verantwoordelijkeOrganisatie": "002000003"}, "verantwoordelijkeOrganisatie"),
        ({"besluittype": api.catalog_url("besluittypen", other_type)}, "besluittype"),
    ]:
        response = api.patch(url, body)
        assert response.status_code == 400, body
        error = response.json()["invalidParams"][0]
        assert (error["name"], error["code"]) == (name, "wijzigen-niet-toegelaten")
    full = api.put(url, besluit_body(api, other_type))
    assert full.json()["invalidParams"][0]["code"] == "wijzigen-niet-toegelaten"


def test_besluittype_must_be_published_and_known(tenant_a):
    api = BrcClient(tenant_a)
    vergunning = decision_type(tenant_a)
    with tenant_a.active():
        vergunning.__class__.objects.filter(pk=vergunning.pk).update(is_concept=True)
    concept = api.post("/besluiten", besluit_body(api, vergunning))
    error = concept.json()["invalidParams"][0]
    assert (concept.status_code, error["name"], error["code"]) == (
        400, "besluittype", "not-published"
    )  # fmt: skip
    unknown = api.post(
        "/besluiten",
        besluit_body(api, vergunning, besluittype="https://elders.example.nl/besluittypen/1"),
    )
    assert unknown.json()["invalidParams"][0]["code"] == "bad-url"
    future = api.post("/besluiten", besluit_body(api, vergunning, datum="2999-01-01"))
    assert future.status_code == 400


def test_an_expiry_before_the_start_is_refused(tenant_a):
    api = BrcClient(tenant_a)
    vergunning = decision_type(tenant_a)
    response = api.post("/besluiten", besluit_body(api, vergunning, vervaldatum="2026-03-01"))
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "vervaldatum"


def test_scopes_and_autorisaties_per_besluittype(tenant_a):
    api = BrcClient(tenant_a)
    vergunning = decision_type(tenant_a)
    ander = decision_type(tenant_a, description="Ander")
    mine = api.post("/besluiten", besluit_body(api, vergunning)).json()["url"]
    theirs = api.post("/besluiten", besluit_body(api, ander)).json()["url"]
    reader = BrcClient(
        tenant_a,
        "brc-lezen",
        authorisations=[brc_grant(tenant_a, vergunning, ("besluiten.lezen",))],
    )
    assert reader.post("/besluiten", besluit_body(reader, vergunning)).status_code == 403
    assert [r["url"] for r in reader.get("/besluiten").json()["results"]] == [mine]
    assert reader.get(mine).status_code == 200
    assert reader.get(theirs).status_code == 403
    assert reader.patch(mine, {"toelichting": "x"}).status_code == 403
    assert reader.delete(mine).status_code == 403
    writer = BrcClient(tenant_a, "brc-schrijven", authorisations=[brc_grant(tenant_a, vergunning)])
    assert writer.post("/besluiten", besluit_body(writer, vergunning)).status_code == 201
    assert writer.post("/besluiten", besluit_body(writer, ander)).status_code == 403
    assert writer.delete(theirs).status_code == 403
    assert writer.delete(mine).status_code == 204


def test_the_audit_trail_follows_the_besluit(tenant_a):
    api = BrcClient(tenant_a)
    vergunning = decision_type(tenant_a)
    url = api.post("/besluiten", besluit_body(api, vergunning)).json()["url"]
    api.patch(url, {"toelichting": "x"})
    trail = api.get(f"{url}/audittrail")
    assert trail.status_code == 200
    rows = trail.json()
    assert [(r["resource"], r["actie"]) for r in rows] == [
        ("besluit", "create"), ("besluit", "partial_update")
    ]  # fmt: skip
    assert all(r["bron"] == "brc" and r["hoofdObject"] == url for r in rows)
    assert api.get(f"{url}/audittrail/{rows[0]['uuid']}").json() == rows[0]
    api.delete(url)
    # brc-008: the trail goes with the besluit.
    assert api.get(f"{url}/audittrail").status_code == 404


def test_another_organisations_besluit_is_not_found(tenant_a, tenant_b):
    api_a = BrcClient(tenant_a)
    api_b = BrcClient(tenant_b, "brc-b")
    url = api_a.post("/besluiten", besluit_body(api_a, decision_type(tenant_a))).json()["url"]
    uuid = url.rsplit("/", 1)[1]
    assert api_b.get(f"/besluiten/{uuid}").status_code == 404
    assert api_b.delete(f"/besluiten/{uuid}").status_code == 404
    assert api_b.get("/besluiten").json()["count"] == 0


def test_the_official_oas_is_served(tenant_a):
    api = BrcClient(tenant_a)
    response = api.client.get(f"{BRC}/schema")
    assert response.status_code == 200
    assert b"title: Besluiten API" in response.content
    assert f"http://{tenant_a.host}{BRC}".encode() in response.content
    assert api.get("/onbekend").status_code == 404
