"""Inputs found in review that once gave a 500 or a wrong picture."""

import uuid
from datetime import date

import pytest
from django.utils import timezone

from achterkant.cases.models import CaseSuspension
from achterkant.cases.promise import norm_due_at
from achterkant.cases.services import CaseError, close_case, set_result, suspend_case
from achterkant.cases.services.assignment import add_note
from achterkant.catalog.models import CaseType, ResultType
from achterkant.contacts.models import Contact
from achterkant.desk.kcc_views import ACTIVE_PERSON
from achterkant.routing.models import Team


@pytest.mark.parametrize(
    "cursor",
    ["0001-01-01T00:00:00+14:00~1", "9999-12-31T23:59:59-14:00~1", "2026-01-01T00:00:00+00:00~²"],
)
def test_broken_queue_cursors_start_at_the_top(tenant_a, cursor):
    with tenant_a.active():
        Team.objects.create(identification="kcc", name="KCC")
    response = tenant_a.client("worker").get("/desk/teams/kcc/", {"na": cursor})
    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/desk/zaken/", "/desk/berichten/"])
def test_odd_page_parameters_are_ignored(tenant_a, url):
    assert tenant_a.client("lead").get(url, {"voor": "²"}).status_code == 200
    assert tenant_a.client("lead").get(url, {"voor": "9" * 40}).status_code == 200


@pytest.mark.parametrize("started_at", ["0001-01-01T00:00", "2020-01-01T10:00"])
def test_an_edited_or_stale_start_time_is_refused(tenant_a, started_at):
    client = tenant_a.client("agent")
    session = client.session
    session[ACTIVE_PERSON] = tenant_a.person.bsn
    session.save()
    response = client.post("/desk/contacten/", {
        "channel": "phone", "question": "?", "outcome": "case", "product": tenant_a.product.pk,
        "started_at": started_at, "idempotency_key": str(uuid.uuid4()),
    })  # fmt: skip
    assert response.status_code == 400
    assert "Het formulier is verlopen" in response.content.decode()
    with tenant_a.active():
        assert not Contact.objects.exists()


def test_choosing_a_bsn_that_nobody_has_does_not_open_a_360_view(tenant_a):
    client = tenant_a.client("agent")
    response = client.post("/desk/personen/kiezen/", {"bsn": "111222333"}, follow=True)
    assert "Er is geen persoon gevonden" in response.content.decode()
    assert ACTIVE_PERSON not in client.session


def test_a_suspension_term_of_centuries_is_refused(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active(), pytest.raises(Exception, match="hoogstens een jaar"):
        suspend_case(actor=tenant_a.staff["worker"], case=case, reason="x",
                     term_ends_on=date(9999, 12, 31))  # fmt: skip


def test_a_lapsed_suspension_ends_at_its_term_for_clock_and_norm(tenant_a, today):
    today(date(2026, 3, 2))
    with tenant_a.active():
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(service_norm="P5D")
    case = tenant_a.open_case(start_date=date(2026, 3, 2))
    with tenant_a.active():
        suspend_case(actor=tenant_a.staff["worker"], case=case, reason="Foto",
                     term_ends_on=date(2026, 3, 4))  # fmt: skip
        today(date(2026, 4, 1))
        case.refresh_from_db()
        # Paused for the 2 working days of the term only, not until today.
        assert timezone.localdate(norm_due_at(case)) == date(2026, 3, 11)
        suspend_case(actor=tenant_a.staff["worker"], case=case, reason="Nog iets",
                     term_ends_on=date(2026, 4, 10))  # fmt: skip
        assert CaseSuspension.objects.filter(case=case, ended_on__isnull=True).count() == 1


def test_notes_on_a_closed_case_are_refused(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        result = ResultType.objects.filter(case_type=tenant_a.case_type).first()
        set_result(actor=tenant_a.staff["worker"], case=case, result_type=result)
        close_case(actor=tenant_a.staff["worker"], case=case)
        with pytest.raises(CaseError, match="afgesloten"):
            add_note(actor=tenant_a.staff["worker"], case=case, text="Nog iets")


def test_only_case_workers_can_be_assigned_and_admins_cannot_close_requests(tenant_a):
    case = tenant_a.open_case()
    page = tenant_a.client("lead").get(f"/desk/zaken/{case.number}/").content.decode()
    assert f'value="{tenant_a.staff["worker"].pk}"' in page
    assert f'value="{tenant_a.staff["admin"].pk}"' not in page
    assert tenant_a.client("admin").get("/desk/contactverzoeken/").status_code == 403
