"""Besluitinformatieobjecten: which documents record a besluit (brc-003 ... brc-008)."""

from achterkant.cases.models import DecisionDocument, Document
from achterkant.cases.services.informationobjects import is_linked
from achterkant.notify.models import DomainEvent
from tests.api.besluiten.support import (
    BrcClient,
    besluit_body,
    decision_type,
    document,
    document_type,
)


def _scene(tenant):
    api = BrcClient(tenant)
    brief = document_type(tenant)
    vergunning = decision_type(tenant, document_types=[brief])
    besluit = api.post("/besluiten", besluit_body(api, vergunning)).json()["url"]
    return api, brief, besluit


def test_link_list_read_and_delete(tenant_a):
    api, brief, besluit = _scene(tenant_a)
    doc = document(tenant_a, brief)
    body = {"besluit": besluit, "informatieobject": api.document_url(doc)}
    created = api.post("/besluitinformatieobjecten", body)
    assert created.status_code == 201, created.content
    link = created.json()
    assert {k: link[k] for k in body} == body
    assert created["Location"] == link["url"]
    assert api.get(link["url"]).json() == link
    assert api.get("/besluitinformatieobjecten", besluit=besluit).json() == [link]
    by_document = api.get("/besluitinformatieobjecten", informatieobject=api.document_url(doc))
    assert by_document.json() == [link]
    assert api.get("/besluitinformatieobjecten", besluit=f"{besluit}x").json() == []
    twice = api.post("/besluitinformatieobjecten", body)
    assert twice.status_code == 400
    assert twice.json()["invalidParams"][0]["code"] == "unique"
    # brc-004: a link does not change (the OAS has no PUT/PATCH).
    assert api.put(link["url"], body).status_code == 405
    assert api.delete(link["url"]).status_code == 204
    assert api.get("/besluitinformatieobjecten", besluit=besluit).json() == []
    with tenant_a.active():
        assert Document.objects.filter(pk=doc.pk).exists()  # the document stays
        events = DomainEvent.objects.filter(channel="besluiten", resource="besluitinformatieobject")
        assert [e.action for e in events.order_by("pk")] == ["create", "destroy"]
        assert {e.main_reference for e in events} == {besluit.rsplit("/", 1)[1]}


def test_the_informatieobject_must_exist_here(tenant_a):
    api, _brief, besluit = _scene(tenant_a)
    response = api.post(
        "/besluitinformatieobjecten",
        {"besluit": besluit, "informatieobject": "https://elders.example.nl/documenten/1"},
    )
    error = response.json()["invalidParams"][0]
    assert (response.status_code, error["name"], error["code"]) == (
        400, "informatieobject", "bad-url"
    )  # fmt: skip


def test_the_informatieobjecttype_must_be_one_of_the_besluittype(tenant_a):
    api, _brief, besluit = _scene(tenant_a)
    other = document(tenant_a, document_type(tenant_a, "Foto"))
    response = api.post(
        "/besluitinformatieobjecten",
        {"besluit": besluit, "informatieobject": api.document_url(other)},
    )
    error = response.json()["invalidParams"][0]
    assert (error["name"], error["code"]) == (
        "nonFieldErrors", "missing-besluittype-informatieobjecttype-relation"
    )  # fmt: skip


def test_deleting_the_besluit_takes_its_links(tenant_a):
    api, brief, besluit = _scene(tenant_a)
    doc = document(tenant_a, brief)
    link = api.post(
        "/besluitinformatieobjecten",
        {"besluit": besluit, "informatieobject": api.document_url(doc)},
    ).json()
    assert api.delete(besluit).status_code == 204
    assert api.get("/besluitinformatieobjecten", besluit=besluit).json() == []
    assert api.get(link["url"]).status_code == 404
    with tenant_a.active():
        assert not DecisionDocument.objects.exists()
        assert Document.objects.filter(pk=doc.pk).exists()
        destroyed = DomainEvent.objects.filter(channel="besluiten", action="destroy")
        assert sorted(e.resource for e in destroyed) == ["besluit", "besluitinformatieobject"]


def test_a_document_that_records_a_besluit_counts_as_linked(tenant_a):
    """The Documenten API keeps such a document (pending-relations) until the link goes."""
    api, brief, besluit = _scene(tenant_a)
    doc = document(tenant_a, brief)
    with tenant_a.active():
        assert not is_linked(doc)
    link = api.post(
        "/besluitinformatieobjecten",
        {"besluit": besluit, "informatieobject": api.document_url(doc)},
    ).json()
    with tenant_a.active():
        assert is_linked(doc)
    api.delete(link["url"])
    with tenant_a.active():
        assert not is_linked(doc)
