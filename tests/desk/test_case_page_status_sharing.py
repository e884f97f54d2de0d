"""The case page's status form offers the same choice as a note: the explanation is
internal unless the worker shares it; shared, the applicant reads it in Mijn gemeente
and in the status's message (issue 17)."""

import re

import pytest

from achterkant.cases.models import CaseStatus
from achterkant.notify.models import OutboxMessage
from tests.portal.test_portal import log_in

HTMX = {"HX-Request": "true"}


def _status_section(page: str) -> str:
    return page.split('data-testid="action-status"')[1].split("</section>")[0]


def test_the_status_form_offers_the_choice_and_is_internal_by_default(tenant_a):
    case = tenant_a.open_case()
    page = tenant_a.client("worker").get(f"/desk/zaken/{case.number}/").content.decode()
    section = _status_section(page)
    assert "Toelichting" in section and "Toelichting (intern)" not in section
    assert "Alleen intern" in section and "Ook zichtbaar voor de inwoner" in section
    assert re.search(r'value="intern"[^>]*checked', section)
    assert not re.search(r'value="inwoner"[^>]*checked', section)
    # Its own ids: the note's choice on the same page keeps its own.
    assert 'id="id_status_visibility_0"' in section


@pytest.mark.parametrize("htmx", [False, True])
def test_a_shared_explanation_reaches_the_message_the_portal_and_says_so_on_the_desk(
    tenant_a, htmx
):
    case = tenant_a.open_case()
    status_type = tenant_a.status_type(2)
    extra = {"headers": HTMX} if htmx else {}
    response = tenant_a.client("worker").post(
        f"/desk/zaken/{case.number}/status/",
        {"status_type": status_type.pk, "note": "De aannemer komt in week 12.",
         "visibility": "inwoner"},
        **extra,
    )  # fmt: skip
    assert response.status_code == (200 if htmx else 302)
    with tenant_a.active():
        status = CaseStatus.objects.get(case=case, status_type=status_type)
        message = OutboxMessage.objects.get(reference=case.number, event_code="case.status_changed")
    assert status.shared_with_party and status.note == "De aannemer komt in week 12."
    assert "Toelichting van uw behandelaar:\nDe aannemer komt in week 12." in message.body
    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    assert (
        "De aannemer komt in week 12." in client.get(f"/mijn/zaken/{case.number}/").content.decode()
    )
    desk = tenant_a.client("worker").get(f"/desk/zaken/{case.number}/").content.decode()
    timeline = desk.split('data-testid="history"')[1].split("</ol>")[0]
    line = next(li for li in timeline.split("<li") if "De aannemer komt" in li)
    assert "zichtbaar voor de inwoner" in line


@pytest.mark.parametrize("data", [{"visibility": "intern"}, {}])
def test_an_internal_or_unchosen_explanation_stays_on_the_desk(tenant_a, data):
    case = tenant_a.open_case()
    status_type = tenant_a.status_type(2)
    tenant_a.client("worker").post(
        f"/desk/zaken/{case.number}/status/",
        {"status_type": status_type.pk, "note": "Eerst bellen.", **data},
    )
    with tenant_a.active():
        status = CaseStatus.objects.get(case=case, status_type=status_type)
        message = OutboxMessage.objects.get(reference=case.number, event_code="case.status_changed")
    assert not status.shared_with_party
    assert "Eerst bellen." not in message.body
    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    assert "Eerst bellen." not in client.get(f"/mijn/zaken/{case.number}/").content.decode()
    desk = tenant_a.client("worker").get(f"/desk/zaken/{case.number}/").content.decode()
    timeline = desk.split('data-testid="history"')[1].split("</ol>")[0]
    line = next(li for li in timeline.split("<li") if "Eerst bellen." in li)
    assert ">intern<" in line


def test_an_unknown_choice_is_refused_in_place_and_sets_no_status(tenant_a):
    case = tenant_a.open_case()
    response = tenant_a.client("worker").post(
        f"/desk/zaken/{case.number}/status/",
        {"status_type": tenant_a.status_type(2).pk, "note": "Iets", "visibility": "iedereen"},
        headers=HTMX,
    )
    assert response["HX-Retarget"] == "#action-status"
    assert "Kies een van de twee mogelijkheden." in response.content.decode()
    with tenant_a.active():
        assert CaseStatus.objects.filter(case=case).count() == 1
