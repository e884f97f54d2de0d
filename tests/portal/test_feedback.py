"""Feedback: a citizen rates a closed case or a contact, once, and team leads see it."""

import pytest
from django.utils import timezone

from achterkant.cases.services import close_case, set_result
from achterkant.catalog.models import ResultType
from achterkant.contacts.models import Feedback
from achterkant.contacts.selectors import feedback_summary
from achterkant.contacts.services.contacts import contact_register
from tests.portal.test_portal import log_in


def _closed_case(tenant, **overrides):
    case = tenant.open_case(**overrides)
    with tenant.active():
        result_type = ResultType.objects.filter(case_type=case.case_type).first()
        set_result(actor=tenant.staff["worker"], case=case, result_type=result_type)
        close_case(actor=tenant.staff["worker"], case=case)
        case.refresh_from_db()
    return case


def _contact(tenant, bsn):
    with tenant.active():
        return contact_register(
            actor=tenant.staff["agent"], channel="phone", bsn=bsn, product=tenant.product,
            question="Wanneer wordt het afval opgehaald?", outcome="answered",
            answer="Op dinsdag.", started_at=timezone.now(), ended_at=timezone.now(),
        )  # fmt: skip


@pytest.fixture
def citizen(tenant_a):
    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    return client


def test_a_closed_case_can_be_rated_once(tenant_a, citizen, django_user_model):
    case = _closed_case(tenant_a)
    assert "Hoe tevreden bent u?" in citizen.get("/mijn/").content.decode()
    response = citizen.post(
        "/mijn/beoordelen/", {"case": case.number, "score": "4", "comment": "Snel geholpen."},
        follow=True,
    )  # fmt: skip
    assert "Dank u wel voor uw beoordeling" in response.content.decode()
    again = citizen.post("/mijn/beoordelen/", {"case": case.number, "score": "1"}, follow=True)
    assert "U had dit al beoordeeld" in again.content.decode()
    with tenant_a.active():
        feedback = Feedback.objects.get()
        assert (feedback.score, feedback.comment, feedback.channel, feedback.product_code) == (
            4, "Snel geholpen.", "phone", "melding",
        )  # fmt: skip
    assert "Hoe tevreden bent u?" not in citizen.get("/mijn/").content.decode()


def test_an_open_case_cannot_be_rated(tenant_a, citizen):
    case = tenant_a.open_case()
    assert citizen.post("/mijn/beoordelen/", {"case": case.number, "score": "5"}).status_code == 404
    with tenant_a.active():
        assert not Feedback.objects.exists()


def test_a_contact_can_be_rated(tenant_a, citizen):
    contact = _contact(tenant_a, tenant_a.person.bsn)
    citizen.post(
        "/mijn/beoordelen/", {"contact": contact.pk, "score": "2", "comment": "Lang wachten"}
    )
    with tenant_a.active():
        assert Feedback.objects.get().contact == contact


def test_someone_elses_case_or_contact_cannot_be_rated(tenant_a, tenant_b, citizen):
    others = _closed_case(tenant_a, initiator_bsn="999990019")
    other_contact = _contact(tenant_a, "999990019")
    other_tenant = _closed_case(tenant_b)
    for data in (
        {"case": others.number, "score": "1"},
        {"contact": other_contact.pk, "score": "1"},
        {"case": other_tenant.number, "score": "1"},
    ):
        assert citizen.post("/mijn/beoordelen/", data).status_code == 404
    with tenant_a.active():
        assert not Feedback.objects.exists()


def test_a_score_outside_1_to_5_is_refused(tenant_a, citizen):
    case = _closed_case(tenant_a)
    response = citizen.post("/mijn/beoordelen/", {"case": case.number, "score": "9"}, follow=True)
    assert "Kies hoe tevreden u bent" in response.content.decode()
    with tenant_a.active():
        assert not Feedback.objects.exists()


def test_team_leads_see_the_average_per_channel_and_product(tenant_a, citizen):
    from datetime import timedelta

    from django.utils import timezone

    for score in (5, 3):
        case = _closed_case(tenant_a)
        citizen.post("/mijn/beoordelen/", {"case": case.number, "score": str(score)})
    with tenant_a.active():
        (row,) = feedback_summary(since=timezone.now() - timedelta(days=90))
    assert (row["channel"], row["product_code"], row["count"]) == (
        "telefoon",
        "melding",
        2,
    )  # the Dutch label
    assert row["average"] == 4
    page = tenant_a.client("lead").get("/desk/teamleider/").content.decode()
    assert page.count("Wat inwoners ervan vinden") == 1 and "4,0" in page
    assert "Wat inwoners" not in page.split("<title>")[1].split("</title>")[0]
