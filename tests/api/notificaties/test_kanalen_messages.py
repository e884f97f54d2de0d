"""The message of every kanaal: hoofdObject, resourceUrl and kenmerken, as a subscriber
receives them, from the real services (zaken, catalogue, autorisaties) and from events
emitted by the Documenten and Besluiten services' contract (docs/notifications.md)."""

import uuid

import pytest

from achterkant.api.notificaties.delivery import events_fan_out, notifications_dispatch
from achterkant.api.notificaties.message import notification_message
from achterkant.api.notificaties.models import STANDARD_KANALEN, Notification
from achterkant.catalog import editing
from achterkant.catalog.models import Catalogue, DocumentType
from achterkant.identity.actors import system
from achterkant.notify.models import DomainEvent
from achterkant.notify.services import events_emit
from tests.api.helpers import token
from tests.api.notificaties.support import Notificaties, Subscriber
from tests.api.zaken.test_zaken_support import Zaken, create_zaak

AUTH = "Bearer afnemer-geheim"
ADMIN = system("catalogusbeheer (test)", ["catalog.change_casetype"])


@pytest.fixture(autouse=True)
def _delivery_settings(settings):
    settings.PUBLIC_URL_TEMPLATE = "http://{host}"  # the test client's scheme, as in body["url"]
    settings.NOTIFICATIES_RETRY_BASE_SECONDS = 0
    settings.NOTIFICATIES_TIMEOUT_SECONDS = 2


def _subscribe(tenant, url: str, kanalen: list[dict], client_id: str = "afnemer") -> None:
    nrc = Notificaties(tenant, client_id)
    response = nrc.post("/abonnement", {"callbackUrl": url, "auth": AUTH, "kanalen": kanalen})
    assert response.status_code == 201, response.content


def _bodies(subscriber, kanaal: str | None = None) -> list[dict]:
    bodies = [r["body"] for r in subscriber.received]
    return [b for b in bodies if kanaal is None or b["kanaal"] == kanaal]


def _messages(tenant, **filters) -> list[dict]:
    with tenant.active():
        return [n.message for n in Notification.objects.filter(**filters).order_by("pk")]


def test_every_message_carries_exactly_its_kanaals_kenmerken(tenant_a):
    with Subscriber() as subscriber:
        _subscribe(tenant_a, subscriber.url, [{"naam": naam} for naam in STANDARD_KANALEN])
        create_zaak(Zaken(tenant_a), tenant_a)  # zaken, and autorisaties (its client)
        notifications_dispatch()
    bodies = _bodies(subscriber)
    assert {b["kanaal"] for b in bodies} >= {"zaken", "autorisaties"}
    for body in bodies:
        assert set(body["kenmerken"]) == set(STANDARD_KANALEN[body["kanaal"]]), body


def test_a_zaak_part_has_its_own_resource_url(tenant_a):
    zaken = Zaken(tenant_a)
    with Subscriber() as subscriber:
        _subscribe(tenant_a, subscriber.url, [{"naam": "zaken"}])
        zaak = create_zaak(zaken, tenant_a)
        with tenant_a.active():
            result_type = tenant_a.case_type.result_types.order_by("pk").first()
            role_type = tenant_a.case_type.role_types.order_by("pk").last()
        resultaat = zaken.post(
            "/resultaten",
            {
                "zaak": zaak["url"],
                "resultaattype": f"http://{tenant_a.host}/catalogi/api/v1/resultaattypen/"
                f"{result_type.uuid}",
            },
        )
        assert resultaat.status_code == 201, resultaat.content
        rol = zaken.post(
            "/rollen",
            {
                "zaak": zaak["url"],
                "betrokkeneType": "natuurlijk_persoon",
                "roltype": f"http://{tenant_a.host}/catalogi/api/v1/roltypen/{role_type.uuid}",
                "roltoelichting": "behandelaar",
                "betrokkeneIdentificatie": {"inpBsn": tenant_a.person.bsn},
            },
        )
        assert rol.status_code == 201, rol.content
        notifications_dispatch()
    by_resource = {b["resource"]: b for b in _bodies(subscriber, "zaken")}
    assert by_resource["zaak"]["resourceUrl"] == zaak["url"]
    # The first status: the service names it by pk, the worker finds its uuid.
    assert by_resource["status"]["resourceUrl"] == zaak["status"]
    assert "/zaken/api/v1/statussen/" in zaak["status"]
    # The result: the service names no part; a zaak has one, so the worker finds it.
    assert by_resource["resultaat"]["resourceUrl"] == resultaat.json()["url"]
    assert by_resource["rol"]["resourceUrl"] == rol.json()["url"]
    for body in by_resource.values():
        assert body["hoofdObject"] == zaak["url"]
        assert body["kenmerken"]["zaaktype"] == zaak["zaaktype"]
        assert body["kenmerken"]["bronorganisatie"] == tenant_a.organisation.rsin


def test_a_part_that_is_gone_points_at_its_zaak(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        events_emit(
            channel="zaken",
            main_reference=case.number,
            events=[{"resource": "rol", "action": "destroy", "reference": "987654321"}],
            attributes={"bronorganisatie": "001000007"},
        )
        event = DomainEvent.objects.order_by("pk").last()
    message = notification_message(event, "http://a.localhost")
    assert message["resourceUrl"] == message["hoofdObject"]
    assert message["hoofdObject"] == f"http://a.localhost/zaken/api/v1/zaken/{case.uuid}"
    # A uuid needs no row: the part's URL, also after it was deleted.
    part = uuid.uuid4()
    with tenant_a.active():
        events_emit(
            channel="zaken",
            main_reference=case.number,
            events=[{"resource": "zaakobject", "action": "destroy", "reference": str(part)}],
        )
        event = DomainEvent.objects.order_by("pk").last()
    message = notification_message(event, "http://a.localhost")
    assert message["resourceUrl"] == f"http://a.localhost/zaken/api/v1/zaakobjecten/{part}"
    assert message["kenmerken"] == {
        "bronorganisatie": "",
        "zaaktype": f"http://a.localhost/catalogi/api/v1/zaaktypen/{tenant_a.case_type.uuid}",
        "vertrouwelijkheidaanduiding": "",
    }


def test_documenten_message(tenant_a):
    eio, gebruiksrechten, iotype = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    with Subscriber() as subscriber:
        _subscribe(
            tenant_a,
            subscriber.url,
            [{"naam": "documenten", "filters": {"vertrouwelijkheidaanduiding": "openbaar"}}],
        )
        with tenant_a.active():
            for confidentiality in ("openbaar", "geheim"):
                events_emit(
                    channel="documenten",
                    main_reference=str(eio),
                    events=[
                        {
                            "resource": "enkelvoudiginformatieobject",
                            "action": "create",
                            "reference": str(eio),
                        },
                        {
                            "resource": "gebruiksrechten",
                            "action": "create",
                            "reference": str(gebruiksrechten),
                        },
                    ],  # fmt: skip
                    attributes={
                        "bronorganisatie": "001000007",
                        "informatieobjecttype": str(iotype),
                        "vertrouwelijkheidaanduiding": confidentiality,
                    },
                )
        notifications_dispatch()
    base = f"http://{tenant_a.host}"
    eio_url = f"{base}/documenten/api/v1/enkelvoudiginformatieobjecten/{eio}"
    bodies = _bodies(subscriber)
    assert [(b["resource"], b["resourceUrl"]) for b in bodies] == [
        ("enkelvoudiginformatieobject", eio_url),
        ("gebruiksrechten", f"{base}/documenten/api/v1/gebruiksrechten/{gebruiksrechten}"),
    ]
    for body in bodies:
        assert body["hoofdObject"] == eio_url
        assert body["kenmerken"] == {
            "bronorganisatie": "001000007",
            "informatieobjecttype": f"{base}/catalogi/api/v1/informatieobjecttypen/{iotype}",
            "vertrouwelijkheidaanduiding": "openbaar",
        }


def test_besluiten_message(tenant_a):
    besluit, bio, besluittype = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    base = f"http://{tenant_a.host}"
    besluittype_url = f"{base}/catalogi/api/v1/besluittypen/{besluittype}"
    with Subscriber() as subscriber:
        _subscribe(
            tenant_a,
            subscriber.url,
            [{"naam": "besluiten", "filters": {"besluittype": besluittype_url}}],
        )
        with tenant_a.active():
            events_emit(
                channel="besluiten",
                main_reference=str(besluit),
                events=[
                    {"resource": "besluit", "action": "create", "reference": str(besluit)},
                    {"resource": "besluitinformatieobject", "action": "create",
                     "reference": str(bio)},
                ],  # fmt: skip
                attributes={"verantwoordelijkeOrganisatie": "001000007",
                            "besluittype": str(besluittype)},
            )  # fmt: skip
        notifications_dispatch()
    besluit_url = f"{base}/besluiten/api/v1/besluiten/{besluit}"
    assert [(b["resource"], b["hoofdObject"], b["resourceUrl"]) for b in _bodies(subscriber)] == [
        ("besluit", besluit_url, besluit_url),
        ("besluitinformatieobject", besluit_url,
         f"{base}/besluiten/api/v1/besluitinformatieobjecten/{bio}"),
    ]  # fmt: skip
    assert _bodies(subscriber)[0]["kenmerken"] == {
        "verantwoordelijkeOrganisatie": "001000007",
        "besluittype": besluittype_url,
    }


def test_catalogue_changes_are_published_on_their_kanalen(tenant_a):
    base = f"http://{tenant_a.host}"
    with tenant_a.active():
        catalogue = Catalogue.objects.get()
    catalogus_url = f"{base}/catalogi/api/v1/catalogussen/{catalogue.uuid}"
    with Subscriber() as subscriber:
        _subscribe(
            tenant_a,
            subscriber.url,
            [
                {"naam": "informatieobjecttypen", "filters": {"catalogus": catalogus_url}},
                {"naam": "zaaktypen", "filters": {"catalogus": catalogus_url}},
                {"naam": "besluittypen"},
            ],
        )
        with tenant_a.active():
            document_type = editing.versioned_type_create(
                actor=ADMIN,
                model=DocumentType,
                values={"catalogue": catalogue, "description": "Aanvraag", "category": "aanvraag",
                        "confidentiality": "openbaar", "valid_from": tenant_a.case_type.valid_from},
                relations={},
            )  # fmt: skip
            editing.versioned_type_update(
                actor=ADMIN,
                instance=document_type,
                values={"description": "Aanvraagformulier"},
                relations={},
                action="partial_update",
            )
            editing.publish(actor=ADMIN, instance=document_type)
            concept = editing.versioned_type_create(
                actor=ADMIN,
                model=DocumentType,
                values={"catalogue": catalogue, "description": "Weg", "category": "x",
                        "confidentiality": "openbaar", "valid_from": tenant_a.case_type.valid_from},
                relations={},
            )  # fmt: skip
            editing.versioned_type_delete(actor=ADMIN, instance=concept)
        # Through the Catalogi API: a zaaktype's end of validity (PATCH).
        register_ztc(tenant_a)
        client = ztc_client(tenant_a)
        response = client.patch(
            f"/catalogi/api/v1/zaaktypen/{tenant_a.case_type.uuid}",
            {"eindeGeldigheid": "2099-12-31"},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        notifications_dispatch()
    bodies = _bodies(subscriber)
    document_url = f"{base}/catalogi/api/v1/informatieobjecttypen/{document_type.uuid}"
    concept_url = f"{base}/catalogi/api/v1/informatieobjecttypen/{concept.uuid}"
    zaaktype_url = f"{base}/catalogi/api/v1/zaaktypen/{tenant_a.case_type.uuid}"
    assert [(b["kanaal"], b["resource"], b["actie"], b["hoofdObject"]) for b in bodies] == [
        ("informatieobjecttypen", "informatieobjecttype", "create", document_url),
        ("informatieobjecttypen", "informatieobjecttype", "partial_update", document_url),
        ("informatieobjecttypen", "informatieobjecttype", "publish", document_url),
        ("informatieobjecttypen", "informatieobjecttype", "create", concept_url),
        ("informatieobjecttypen", "informatieobjecttype", "destroy", concept_url),
        ("zaaktypen", "zaaktype", "partial_update", zaaktype_url),
    ]
    for body in bodies:
        assert body["resourceUrl"] == body["hoofdObject"]
        assert body["kenmerken"] == {"catalogus": catalogus_url}


def test_a_refused_catalogue_change_publishes_nothing(tenant_a):
    with tenant_a.active():
        before = DomainEvent.objects.count()
        with pytest.raises(Exception):  # noqa: B017 - published: immutable
            editing.versioned_type_update(
                actor=ADMIN,
                instance=tenant_a.case_type,
                values={"description": "Anders"},
                relations={},
            )
        assert DomainEvent.objects.count() == before


def test_autorisaties_message(tenant_a):
    with Subscriber() as subscriber:
        _subscribe(tenant_a, subscriber.url, [{"naam": "autorisaties"}])
        register_ztc(tenant_a, "ac-beheer")
        client = ztc_client(tenant_a, "ac-beheer")
        response = client.post(
            "/autorisaties/api/v1/applicaties",
            {"clientIds": ["nieuwe-app"], "label": "Nieuw", "heeftAlleAutorisaties": True},
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        applicatie = response.json()["url"]
        patched = client.patch(applicatie, {"label": "Hernoemd"}, content_type="application/json")
        assert patched.status_code == 200, patched.content
        assert client.delete(applicatie).status_code == 204
        notifications_dispatch()
    bodies = [b for b in _bodies(subscriber) if b["hoofdObject"] == applicatie]
    assert [(b["resource"], b["actie"]) for b in bodies] == [
        ("applicatie", "create"),
        ("applicatie", "update"),
        ("applicatie", "destroy"),
    ]
    assert all(b["resourceUrl"] == applicatie and b["kenmerken"] == {} for b in bodies)
    assert "/autorisaties/api/v1/applicaties/" in applicatie


def test_an_unknown_kanaal_names_its_object_by_urn(tenant_a):
    with tenant_a.active():
        events_emit(
            channel="klantcontacten",
            main_reference="klantcontact-1",
            events=[{"resource": "klantcontact", "action": "create"}],
            attributes={"kanaal": "telefoon"},
        )
        event = DomainEvent.objects.order_by("pk").last()
    message = notification_message(event, "http://a.localhost")
    assert message["hoofdObject"] == "urn:achterkant:klantcontacten:klantcontact-1"
    assert message["kenmerken"] == {"kanaal": "telefoon"}


def test_fan_out_reads_a_batch_in_a_few_queries(tenant_a, django_assert_max_num_queries):
    with Subscriber() as subscriber:
        _subscribe(tenant_a, subscriber.url, [{"naam": "zaken"}])
        for _ in range(10):
            tenant_a.open_case()
        # Not one query per event (20 here): cases, parts and abonnementen are read once
        # per batch; the rest is the cursor and, on PostgreSQL, the horizon's lock.
        with django_assert_max_num_queries(30):
            assert events_fan_out() == 20
    assert len(_messages(tenant_a, kanaal="zaken")) == 20


# -- helpers --------------------------------------------------------------------------------


def register_ztc(tenant, client_id: str = "ztc-beheer") -> None:
    from tests.api.helpers import register

    register(tenant.organisation, client_id, all_authorisations=True, label="Beheer")


def ztc_client(tenant, client_id: str = "ztc-beheer"):
    from django.test import Client

    return Client(HTTP_HOST=tenant.host, HTTP_AUTHORIZATION=f"Bearer {token(client_id)}")
