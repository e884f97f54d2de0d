"""One case through every interface (issue 15): the Zaken, Documenten and Besluiten APIs,
the desk, the portal and the Notificaties API, on one registry.

A zaak is created through the API; a document is added through the API and a decision in
the desk; the citizen answers an information request in the portal; the case is closed
through the API. Every step is then read back through every interface, and a real HTTP
subscriber has received each notification exactly once, in order per hoofdObject.
"""

from collections import defaultdict
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from achterkant.api.notificaties.delivery import ID_HEADER, notifications_dispatch
from achterkant.api.notificaties.models import Notification
from achterkant.cases.models import Case, Decision
from achterkant.catalog.models import ResultType, RoleType
from tests.api.besluiten.support import decision_type
from tests.api.documenten.support import PDF, DrcClient, document_type
from tests.api.notificaties.support import Notificaties, Subscriber
from tests.api.zaken.test_parts_support import ZrcClient
from tests.portal.test_portal import log_in

AUTH = "Bearer afnemer-geheim"
KANALEN = ("zaken", "documenten", "besluiten")


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.PUBLIC_URL_TEMPLATE = "http://{host}"
    settings.NOTIFICATIES_RETRY_BASE_SECONDS = 0
    settings.NOTIFICATIES_TIMEOUT_SECONDS = 5


def _subscribe(tenant, url: str) -> None:
    nrc = Notificaties(tenant, "afnemer")
    kanalen = [{"naam": naam, "filters": {}} for naam in KANALEN]
    response = nrc.post("/abonnement", {"callbackUrl": url, "auth": AUTH, "kanalen": kanalen})
    assert response.status_code == 201, response.content


def _desk_action(desk, case: Case, action: str, data: dict) -> str:
    response = desk.post(f"/desk/zaken/{case.number}/{action}/", data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_one_case_through_every_interface(tenant_a):
    today = timezone.localdate()
    doc_type = document_type(tenant_a, "Foto")
    dec_type = decision_type(tenant_a, description="Herstelbesluit")
    zrc, drc = ZrcClient(tenant_a), DrcClient(tenant_a)
    with tenant_a.active():
        initiator = RoleType.objects.get(
            case_type=tenant_a.case_type, generic_description="initiator"
        )
        result_type = ResultType.objects.filter(case_type=tenant_a.case_type).first()

    with Subscriber() as subscriber:
        _subscribe(tenant_a, subscriber.url)

        # 1. The zaak, through the Zaken API, for the citizen (initiator by BSN).
        created = zrc.post(
            "/zaken",
            {"bronorganisatie": tenant_a.organisation.rsin,
             "verantwoordelijkeOrganisatie": tenant_a.organisation.rsin,
             "zaaktype": zrc.catalog_url("zaaktypen", tenant_a.case_type),
             "omschrijving": "Losse stoeptegel", "startdatum": today.isoformat()},
        )  # fmt: skip
        assert created.status_code == 201, created.content
        zaak = created.json()
        rol = zrc.post(
            "/rollen",
            {"zaak": zaak["url"], "betrokkeneType": "natuurlijk_persoon",
             "roltype": zrc.catalog_url("roltypen", initiator), "roltoelichting": "Melder",
             "betrokkeneIdentificatie": {"inpBsn": tenant_a.person.bsn}},
        )  # fmt: skip
        assert rol.status_code == 201, rol.content
        with tenant_a.active():
            case = Case.objects.get(uuid=zaak["uuid"])

        # 2. A document through the Documenten API, linked through the Zaken API.
        eio = drc.create(doc_type, titel="Foto van de stoep", indicatieGebruiksrecht=False)
        zio = zrc.post(
            "/zaakinformatieobjecten", {"zaak": zaak["url"], "informatieobject": eio["url"]}
        )
        assert zio.status_code == 201, zio.content

        # 3. A decision in the desk, by the case worker.
        desk = tenant_a.client("worker")
        page = _desk_action(
            desk, case, "besluit",
            {"decision_type": dec_type.pk, "decided_on": today.isoformat(),
             "effective_from": today.isoformat(), "explanation": "De tegel wordt hersteld."},
        )  # fmt: skip
        assert "Besluit vastgelegd." in page
        with tenant_a.active():
            decision = Decision.objects.get(case=case)

        # 4. The desk asks for information; the citizen answers in the portal.
        page = _desk_action(
            desk, case, "informatie-vragen",
            {"question": "Stuur een foto van de andere kant.",
             "respond_before": (today + timedelta(days=14)).isoformat()},
        )  # fmt: skip
        assert "Informatie gevraagd." in page
        citizen = tenant_a.client()
        log_in(citizen, tenant_a.person.bsn)
        answered = citizen.post(
            f"/mijn/zaken/{case.number}/reageren/",
            {"text": "Hierbij de foto.", "upload": SimpleUploadedFile("andere-kant.pdf", PDF)},
            follow=True,
        )
        assert "Wij gaan verder met uw zaak" in answered.content.decode()

        # 5. Closed through the Zaken API: a resultaat, then the end status.
        resultaat = zrc.post(
            "/resultaten",
            {"zaak": zaak["url"], "resultaattype": zrc.catalog_url("resultaattypen", result_type)},
        )
        assert resultaat.status_code == 201, resultaat.content
        with tenant_a.active():
            end_status = tenant_a.case_type.status_types.order_by("-sequence").first()
        closed = zrc.post(
            "/statussen",
            {"zaak": zaak["url"], "statustype": zrc.catalog_url("statustypen", end_status),
             "datumStatusGezet": timezone.now().isoformat()},
        )  # fmt: skip
        assert closed.status_code == 201, closed.content

        # The worker's job, until it has nothing left to send.
        while notifications_dispatch():
            pass

    # --- every step, through every interface ---------------------------------------------
    besluit_url = f"http://{tenant_a.host}/besluiten/api/v1/besluiten/{decision.uuid}"
    api_zaak = zrc.get(zaak["url"]).json()
    assert api_zaak["einddatum"] == today.isoformat()
    assert api_zaak["resultaat"] == resultaat.json()["url"]
    links = zrc.get("/zaakinformatieobjecten", zaak=zaak["url"]).json()
    titles = {drc.get(link["informatieobject"]).json()["titel"] for link in links}
    # The decision's letter (PDF) is a document of the case too (cases.decision_letters).
    letter = f"Besluit {decision.identification}: Herstelbesluit"
    assert titles == {"Foto van de stoep", "Reactie van de aanvrager", letter}
    objects = drc.get("/objectinformatieobjecten", object=zaak["url"]).json()
    assert {o["informatieobject"] for o in objects} == {link["informatieobject"] for link in links}
    assert [b["besluit"] for b in zrc.get(f"{zaak['url']}/besluiten").json()] == [besluit_url]
    besluiten = drc.client.get("/besluiten/api/v1/besluiten", {"zaak": zaak["url"]}).json()
    assert [b["url"] for b in besluiten["results"]] == [besluit_url]
    assert besluiten["results"][0]["identificatie"] == decision.identification

    desk_page = desk.get(f"/desk/zaken/{case.number}/").content.decode()
    for text in ("Foto van de stoep", "Reactie van de aanvrager", decision.identification):
        assert text in desk_page, text
    assert "via een koppeling (auteur: Inwoner)" in desk_page  # who brought the document in

    portal_page = citizen.get(f"/mijn/zaken/{case.number}/").content.decode()
    assert "Foto van de stoep" in portal_page  # openbaar: shared with the citizen
    assert "Wij wachten op informatie" not in portal_page

    # --- the subscriber: each notification once, in order per hoofdObject ---------------
    ids = [request["headers"][ID_HEADER] for request in subscriber.received]
    assert len(ids) == len(set(ids)), "a notification arrived twice"
    with tenant_a.active():
        sent = list(Notification.objects.filter(kanaal__in=KANALEN).order_by("pk"))
    assert sorted(ids) == sorted(str(n.uuid) for n in sent)
    arrived_in_order = defaultdict(list)
    for request in subscriber.received:
        arrived_in_order[request["body"]["hoofdObject"]].append(request["headers"][ID_HEADER])
    made_in_order = defaultdict(list)
    for notification in sent:
        made_in_order[notification.message["hoofdObject"]].append(str(notification.uuid))
    assert arrived_in_order == made_in_order
    kinds = {(r["body"]["kanaal"], r["body"]["resource"]) for r in subscriber.received}
    assert {
        ("zaken", "zaak"), ("zaken", "rol"), ("zaken", "zaakinformatieobject"),
        ("zaken", "status"), ("zaken", "resultaat"), ("documenten", "enkelvoudiginformatieobject"),
        ("besluiten", "besluit"),
    } <= kinds  # fmt: skip
    assert {r["body"]["hoofdObject"] for r in subscriber.received} >= {
        zaak["url"],
        eio["url"],
        besluit_url,
    }


def test_a_document_with_unknown_usage_rights_keeps_the_case_open_on_every_channel(tenant_a):
    """zrc-007q, one rule in the close service: the API answers the standard's code, the
    desk shows the same sentence, and once the indicatie is set the case closes."""
    doc_type = document_type(tenant_a, "Foto")
    zrc, drc = ZrcClient(tenant_a), DrcClient(tenant_a)
    case = tenant_a.open_case()
    eio = drc.create(doc_type, titel="Foto met onbekende rechten")
    assert eio["indicatieGebruiksrecht"] is None
    link = zrc.post(
        "/zaakinformatieobjecten", {"zaak": zrc.zaak_url(case), "informatieobject": eio["url"]}
    )
    assert link.status_code == 201, link.content
    with tenant_a.active():
        result_type = ResultType.objects.filter(case_type=tenant_a.case_type).first()
        end_status = tenant_a.case_type.status_types.order_by("-sequence").first()
    assert (
        zrc.post(
            "/resultaten",
            {
                "zaak": zrc.zaak_url(case),
                "resultaattype": zrc.catalog_url("resultaattypen", result_type),
            },
        ).status_code  # fmt: skip
        == 201
    )
    end = {"zaak": zrc.zaak_url(case), "statustype": zrc.catalog_url("statustypen", end_status),
           "datumStatusGezet": timezone.now().isoformat()}  # fmt: skip
    refused = zrc.post("/statussen", end)
    assert refused.status_code == 400
    error = refused.json()["invalidParams"][0]
    assert (error["name"], error["code"]) == ("nonFieldErrors", "indicatiegebruiksrecht-unset")
    assert "Foto met onbekende rechten" in error["reason"]

    desk = tenant_a.client("lead")
    page = _desk_action(desk, case, "afsluiten", {})
    assert "Leg eerst vast of er gebruiksrechten gelden voor: Foto met onbekende rechten" in page
    with tenant_a.active():
        assert Case.objects.get(pk=case.pk).end_date is None

    lock = drc.lock(eio["url"])
    assert drc.patch(eio["url"], {"indicatieGebruiksrecht": False, "lock": lock}).status_code == 200
    assert zrc.post("/statussen", end).status_code == 201
