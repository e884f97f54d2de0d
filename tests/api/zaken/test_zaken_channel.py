"""The Zaken API as a channel: a zaak created through it is routed, gets the desk's dates
and shows in the team queue; what the desk does shows through the API at once."""

from datetime import date

import pytest

from achterkant.audit.models import ProcessingLogEntry
from achterkant.cases.models import Case
from achterkant.cases.promise import case_promise
from achterkant.cases.queues import case_queue
from achterkant.cases.services import add_role, set_status
from achterkant.catalog.models import CaseType, RoleType
from achterkant.notify.models import DomainEvent, OutboxMessage
from achterkant.routing.models import RoutingRule, Team
from tests.api.zaken.test_zaken_support import Zaken, zaak_body

START = date(2026, 11, 2)


@pytest.fixture
def scene(tenant_a):
    with tenant_a.active():
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(service_norm="P5D")
        team = Team.objects.create(identification="buiten", name="Team Buitenruimte")
        RoutingRule.objects.create(order=10, product_code="melding", team=team)
        team.members.add(tenant_a.staff["worker"])
    tenant_a.team = team
    return tenant_a


@pytest.fixture
def zaken(scene):
    return Zaken(scene)


def _case(tenant, uuid) -> Case:
    with tenant.active():
        return Case.objects.select_related("team", "case_type").get(uuid=uuid)


def test_a_zaak_from_the_api_is_routed_with_the_desks_dates(scene, zaken, today):
    today(START)
    response = zaken.post("/zaken", zaak_body(scene, startdatum=START.isoformat()))
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"] == body["url"]
    case = _case(scene, body["uuid"])
    desk_case = scene.open_case(start_date=START)
    assert case.channel == "api"
    assert case.team == scene.team
    assert case.product_id == scene.product.pk
    with scene.active():
        api_promise = case_promise(case)
        desk_promise = case_promise(Case.objects.get(pk=desk_case.pk))
        queue = case_queue(team_id=scene.team.pk)
    assert api_promise.decision_due == desk_promise.decision_due
    assert api_promise.norm_due_at == desk_promise.norm_due_at
    assert (case.latest_end_date, case.sla_due_at) == (
        desk_case.latest_end_date,
        desk_case.sla_due_at,
    )
    assert case.pk in [c.pk for c in queue]
    assert body["uiterlijkeEinddatumAfdoening"] == case.latest_end_date.isoformat()
    assert body["identificatie"] == case.number
    assert body["bronorganisatie"] == scene.organisation.rsin
    assert body["status"].endswith(str(case.current_status.uuid))
    assert body["rollen"] == []
    # No initiator yet: no message and no personal data logged.
    with scene.active():
        assert not OutboxMessage.objects.filter(reference=case.number).exists()
        assert not ProcessingLogEntry.objects.filter(object_id=case.number).exists()
        assert DomainEvent.objects.filter(main_reference=case.number, action="create").exists()


def test_the_initiator_role_brings_the_message_and_the_bsn(scene, zaken):
    body = zaken.post("/zaken", zaak_body(scene)).json()
    case = _case(scene, body["uuid"])
    with scene.active():
        initiator = RoleType.objects.get(case_type=scene.case_type, generic_description="initiator")
        add_role(
            actor=zaken_actor(), case=case, role_type=initiator,
            subject_type="natuurlijk_persoon", bsn=scene.person.bsn,
        )  # fmt: skip
        case.refresh_from_db()
        assert case.initiator_bsn == scene.person.bsn
        assert OutboxMessage.objects.filter(reference=case.number, event_code="case.opened")
    found = zaken.get(
        "/zaken", {"rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn": scene.person.bsn}
    ).json()
    assert [z["uuid"] for z in found["results"]] == [body["uuid"]]
    assert len(zaken.get(body["url"]).json()["rollen"]) == 1
    with scene.active():
        read = ProcessingLogEntry.objects.filter(
            object_id=case.number, action="read", bsn=scene.person.bsn
        ).get()
    assert read.actor_label == "koppeling Formulieren (zaken-all), namens Jan Jansen"


def zaken_actor():
    from achterkant.identity.actors import system

    return system("test", ["cases.change_case"])


def test_a_status_set_at_the_desk_shows_through_the_api_at_once(scene, zaken):
    case = scene.open_case()
    with scene.active():
        status = set_status(
            actor=scene.staff["worker"], case=case, status_type=scene.status_type(2)
        )
    body = zaken.get(zaken.url(case)).json()
    assert body["status"] == f"http://{scene.host}/zaken/api/v1/statussen/{status.uuid}"
    assert "communicatiekanaal" not in body  # not set: left out ("" is no uri in the OAS)
    assert body["rollen"] and len(body["rollen"]) == 1


def test_the_awb_clock_shows_as_opschorting_and_verlenging(scene, zaken):
    from datetime import timedelta

    from django.utils import timezone

    from achterkant.cases.services import extend_case, suspend_case

    case = scene.open_case()
    before = zaken.get(zaken.url(case)).json()
    assert before["opschorting"] == {"indicatie": False, "reden": ""}
    assert before["verlenging"] is None
    worker = scene.staff["worker"]
    with scene.active():
        suspend_case(
            actor=worker, case=case, reason="Foto nodig",
            term_ends_on=timezone.localdate() + timedelta(days=14),
        )  # fmt: skip
        extend_case(actor=worker, case=case, reason="Advies nodig")
    after = zaken.get(zaken.url(case)).json()
    assert after["opschorting"] == {"indicatie": True, "reden": "Foto nodig"}
    assert after["verlenging"] == {"reden": "Advies nodig", "duur": "P6W"}
    assert after["uiterlijkeEinddatumAfdoening"] != before["uiterlijkeEinddatumAfdoening"]


def test_a_case_type_with_only_an_end_status_closes_on_it(scene, zaken):
    from achterkant.cases.services import set_result
    from achterkant.catalog.models import ResultType, StatusType

    with scene.active():
        StatusType.objects.filter(case_type=scene.case_type, sequence__lt=3).delete()
        end = StatusType.objects.get(case_type=scene.case_type)
    body = zaken.post("/zaken", zaak_body(scene)).json()
    case = _case(scene, body["uuid"])
    assert case.current_status.status_type == end and not case.is_closed
    with scene.active():
        worker = scene.staff["worker"]
        result_type = ResultType.objects.filter(case_type=scene.case_type).first()
        set_result(actor=worker, case=case, result_type=result_type)
        set_status(actor=worker, case=case, status_type=end)
    closed = zaken.get(body["url"]).json()
    assert closed["einddatum"] and closed["archiefnominatie"] == result_type.archive_nomination


def test_a_zaaktype_without_statustypen_gives_a_zaak_without_a_status(scene, zaken):
    """ZGW allows a zaaktype without statustypen (published through the Catalogi API; the
    admin asks for two). Its zaak starts without a status, and the desk shows it."""
    from achterkant.catalog.models import StatusType

    with scene.active():
        StatusType.objects.filter(case_type=scene.case_type).delete()
    response = zaken.post("/zaken", zaak_body(scene))
    assert response.status_code == 201, response.content
    assert response.json()["status"] is None
    case = _case(scene, response.json()["uuid"])
    assert case.current_status_id is None
    assert case.latest_end_date is not None  # the Awb clock runs all the same
    page = scene.client("worker").get(f"/desk/zaken/{case.number}/")
    assert page.status_code == 200
