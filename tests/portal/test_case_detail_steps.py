"""Mijn gemeente, one case (issue 17): the stepper, the date, what we wait for, the
documents, the decision with its outcome and objection date, the name, and ratings."""

from datetime import date, timedelta

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from achterkant.audit.models import ProcessingLogEntry
from achterkant.cases.deadlines import objection_deadline
from achterkant.cases.models import Decision, Document
from achterkant.cases.services import (
    add_decision,
    add_document,
    close_case,
    set_result,
    set_status,
)
from achterkant.cases.services.information import request_information
from achterkant.catalog.models import DecisionType, ResultType
from achterkant.catalog.services import decision_type_publish
from achterkant.contacts.models import Feedback
from achterkant.identity.actors import Citizen
from tests.portal.test_feedback import _closed_case, _contact
from tests.portal.test_portal import PDF, log_in


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _citizen(tenant):
    client = tenant.client()
    log_in(client, tenant.person.bsn)
    return client


def _page(client, case) -> lxml.html.HtmlElement:
    response = client.get(f"/mijn/zaken/{case.number}/")
    assert response.status_code == 200
    return lxml.html.fromstring(response.content)


def _text(page, testid: str) -> str:
    (element,) = page.xpath(f'//*[@data-testid="{testid}"]')
    return " ".join(element.text_content().split())


def _steps(page) -> list[tuple[str, str, bool, str]]:
    """(name, state, aria-current, visible text) of each step, in order."""
    (steps,) = page.xpath('//ol[@data-testid="steps"]')
    return [
        (
            li.xpath('string(.//*[@class="achterkant-steps__name"])'),
            li.get("data-state"),
            li.get("aria-current") == "step",
            " ".join(li.xpath('string(.//*[@class="achterkant-steps__state"])').split()),
        )
        for li in steps.xpath("./li")
    ]


def _decision_type(tenant, description: str, **fields) -> DecisionType:
    with tenant.active():
        decision_type = DecisionType.objects.create(
            catalogue=tenant.case_type.catalogue, description=description,
            valid_from=date(2020, 1, 1), **fields,
        )  # fmt: skip
        decision_type.case_types.add(tenant.case_type)
        return decision_type_publish(decision_type=decision_type)


def _decide(tenant, case, decision_type, decided_on=date(2026, 3, 1)) -> Decision:
    with tenant.active():
        return add_decision(
            actor=tenant.staff["worker"], case=case, decision_type=decision_type,
            decided_on=decided_on, effective_from=decided_on,
        )  # fmt: skip


def test_the_stepper_shows_each_status_in_order_done_current_and_to_come(tenant_a):
    case = tenant_a.open_case()
    client = _citizen(tenant_a)
    today = timezone.localdate().strftime("%-d")
    steps = _steps(_page(client, case))
    assert [(name, state, current) for name, state, current, _ in steps] == [
        ("Ontvangen", "current", True),
        ("Ingepland", "todo", False),
        ("Opgelost", "todo", False),
    ]
    assert steps[0][3].startswith(f"Hier is uw zaak nu, sinds {today} ")
    assert steps[1][3] == steps[2][3] == "Nog niet"

    with tenant_a.active():
        set_status(actor=tenant_a.staff["worker"], case=case, status_type=tenant_a.status_type(2))
    page = _page(client, case)
    assert [(state, current) for _, state, current, _ in _steps(page)] == [
        ("done", False), ("current", True), ("todo", False),
    ]  # fmt: skip
    assert _steps(page)[0][3].startswith("Klaar op ")
    # The current step's text for the citizen is shown with it.
    assert "We hebben het werk ingepland." in page.xpath('string(//li[@aria-current="step"])')


def test_a_closed_case_has_every_step_done_and_marks_where_it_ended(tenant_a):
    case = _closed_case(tenant_a)
    steps = _steps(_page(_citizen(tenant_a), case))
    assert [state for _, state, _, _ in steps] == ["done", "done", "done"]
    assert [current for _, _, current, _ in steps] == [False, False, True]
    # Closed, so nothing is waited for.
    assert (
        "Waar wachten wij op?" not in lxml.html.tostring(_page(_citizen(tenant_a), case)).decode()
    )


def test_the_expected_date_is_the_desks_date_for_the_same_case(tenant_a):
    case = tenant_a.open_case()
    desk = tenant_a.client("worker")
    citizen = _citizen(tenant_a)

    def date_of(page, testid: str) -> str:
        # The date itself: the first text of the element (a note may follow it).
        return page.xpath(f'string(//*[@data-testid="{testid}"]/text()[1])').strip()

    def dates():
        desk_page = lxml.html.fromstring(desk.get(f"/desk/zaken/{case.number}/").content)
        return date_of(desk_page, "latest-end-date"), date_of(_page(citizen, case), "expected-date")

    desk_date, portal_date = dates()
    assert desk_date == portal_date != ""
    with tenant_a.active():
        request_information(
            actor=tenant_a.staff["worker"], case=case, question="Stuur een foto.",
            respond_before=timezone.localdate() + timedelta(days=14),
        )  # fmt: skip
    # The clock stands still: both move to the same later date.
    desk_later, portal_later = dates()
    assert desk_later == portal_later != portal_date


def test_what_we_wait_for_is_the_information_asked_or_nothing(tenant_a):
    case = tenant_a.open_case()
    client = _citizen(tenant_a)
    assert _text(_page(client, case), "not-waiting") == (
        "Wij wachten niet op u. Wij zijn met uw zaak bezig."
    )
    respond_before = timezone.localdate() + timedelta(days=14)
    with tenant_a.active():
        request_information(
            actor=tenant_a.staff["worker"], case=case, question="Stuur een foto.",
            respond_before=respond_before,
        )  # fmt: skip
    page = _page(client, case)
    waiting = _text(page, "waiting")
    assert waiting.startswith("Wij wachten op informatie van u: Stuur een foto.")
    assert f"Reageer uiterlijk op {respond_before.day} " in waiting
    assert page.xpath(f'//form[@action="/mijn/zaken/{case.number}/reageren/"]')
    assert not page.xpath('//*[@data-testid="not-waiting"]')


def test_only_the_citizens_own_and_shared_documents_are_listed(tenant_a):
    case = tenant_a.open_case()
    worker, citizen_actor = tenant_a.staff["worker"], Citizen(bsn=tenant_a.person.bsn)
    with tenant_a.active():
        shared, internal, own = (
            add_document(
                actor=actor, case=case, title=title, upload=SimpleUploadedFile("a.pdf", PDF)
            )  # fmt: skip
            for actor, title in (
                (worker, "Brief aan u"),
                (worker, "Interne notitie"),
                (citizen_actor, "Uw foto"),
            )
        )
        Document.objects.filter(pk__in=[internal.pk, own.pk]).update(
            confidentiality="vertrouwelijk"
        )
        others = add_document(
            actor=worker, case=tenant_a.open_case(initiator_bsn="999990019"),
            title="Van een ander", upload=SimpleUploadedFile("b.pdf", PDF),
        )  # fmt: skip
    page = _page(_citizen(tenant_a), case)
    (listed,) = page.xpath('//ul[@data-testid="documents"]')
    links = {a.text_content(): a.get("href") for a in listed.xpath(".//a")}
    assert links == {
        "Brief aan u": f"/mijn/documenten/{shared.pk}/",
        "Uw foto": f"/mijn/documenten/{own.pk}/",
    }
    assert others.title not in lxml.html.tostring(page).decode()


def test_the_decision_says_its_outcome_and_until_when_to_object(tenant_a):
    case = tenant_a.open_case()
    granted = _decision_type(tenant_a, "Vergunning verleend")
    decision = _decide(tenant_a, case, granted, decided_on=date(2026, 3, 1))
    client = _citizen(tenant_a)
    page = _page(client, case)
    assert _text(page, "decision-outcome") == "Uitkomst: vergunning verleend"
    # Six weeks from Sunday 1 March end on Sunday 12 April; the Atw moves it to Monday.
    assert _text(page, "objection-date") == "maandag 13 april 2026"
    with tenant_a.active():
        assert objection_deadline(Decision.objects.get(pk=decision.pk)) == date(2026, 4, 13)
    assert f"zaaknummer {case.number}" in _text(page, "objection")

    # With a result, the outcome is the result, in plain words.
    with tenant_a.active():
        result_type = ResultType.objects.get(case_type=tenant_a.case_type, description="Opgelost")
        set_result(actor=tenant_a.staff["worker"], case=case, result_type=result_type)
    assert _text(_page(client, case), "decision-outcome") == "Uitkomst: opgelost"


def test_the_objection_date_on_the_page_is_the_one_the_decision_registered(tenant_a):
    case = tenant_a.open_case()
    decision = _decide(tenant_a, case, _decision_type(tenant_a, "Afgewezen"))
    with tenant_a.active():
        Decision.objects.filter(pk=decision.pk).update(response_deadline=date(2026, 5, 4))
    page = _page(_citizen(tenant_a), case)
    assert _text(page, "objection-date") == "maandag 4 mei 2026"
    assert _text(page, "decision-outcome") == "Uitkomst: afgewezen"


def test_the_logged_in_persons_name_is_in_the_header_read_once_and_logged(tenant_a):
    case = tenant_a.open_case()
    client = _citizen(tenant_a)
    for url in ("/mijn/", f"/mijn/zaken/{case.number}/", "/mijn/zaken/"):
        page = lxml.html.fromstring(client.get(url).content)
        assert _text(page, "logged-in-as") == "Sophie de Vries", url
    with tenant_a.active():
        # One read by the system for the whole session (the agent's read opened the case).
        (read,) = ProcessingLogEntry.objects.filter(
            object_type="persoon", action="read", actor=None
        )
    assert read.bsn == tenant_a.person.bsn and read.actor_label == "Mijn gemeente"


def test_a_business_sees_its_kvk_number_in_the_header(tenant_a):
    client = tenant_a.client()
    client.post(
        "/mijn/inloggen/eherkenning-test/", {"kvk_number": "69599084", "assurance": "midden"}
    )
    page = lxml.html.fromstring(client.get("/mijn/").content)
    assert _text(page, "logged-in-as") == "KvK-nummer 69599084"


def test_a_rating_is_offered_only_for_a_closed_case_and_once(tenant_a):
    open_case, closed = tenant_a.open_case(), _closed_case(tenant_a)
    client = _citizen(tenant_a)
    assert not _page(client, open_case).xpath('//input[@name="case"]')
    page = _page(client, closed)
    (form,) = page.xpath('//form[.//input[@name="case"]]')
    assert form.xpath('string(.//input[@name="case"]/@value)') == closed.number
    # A group of five worded answers, with the question as its legend.
    (group,) = form.xpath(".//fieldset")
    assert group.xpath("string(legend)") == "Wat vindt u van hoe wij u hebben geholpen?"
    assert [" ".join(label.text_content().split()) for label in group.xpath(".//label")] == [
        "Zeer tevreden", "Tevreden", "Niet tevreden, niet ontevreden", "Ontevreden",
        "Zeer ontevreden",
    ]  # fmt: skip
    response = client.post(
        "/mijn/beoordelen/",
        {"case": closed.number, "score": "5", "next": f"/mijn/zaken/{closed.number}/"},
    )
    assert response["Location"] == f"/mijn/zaken/{closed.number}/"  # back where they were
    assert not _page(client, closed).xpath('//input[@name="case"]')
    with tenant_a.active():
        assert Feedback.objects.get().score == 5


def test_a_rating_does_not_send_anyone_to_another_site(tenant_a):
    closed = _closed_case(tenant_a)
    response = _citizen(tenant_a).post(
        "/mijn/beoordelen/", {"case": closed.number, "score": "4", "next": "//evil.example/"}
    )
    assert response["Location"] == "/mijn/"


def test_a_contact_can_be_rated_only_once_it_is_finished(tenant_a):
    answered = _contact(tenant_a, tenant_a.person.bsn)
    unfinished = _contact(tenant_a, tenant_a.person.bsn)
    with tenant_a.active():
        type(unfinished).objects.filter(pk=unfinished.pk).update(outcome="contact_request")
    client = _citizen(tenant_a)
    page = client.get("/mijn/").content.decode()
    assert f'name="contact" value="{answered.pk}"' in page
    assert f'name="contact" value="{unfinished.pk}"' not in page
    response = client.post("/mijn/beoordelen/", {"contact": unfinished.pk, "score": "3"})
    assert response.status_code == 404
    with tenant_a.active():
        assert not Feedback.objects.exists()


def test_the_case_page_query_count_is_pinned(tenant_a, django_assert_max_num_queries):
    """The session; the case, its statuses, decisions, documents, suspensions and
    extension; the read's log entry; the status types for the steps; the settings version
    (for the calendar of the objection date); whether it was rated (a closed case): 11."""
    case = tenant_a.open_case()
    _decide(tenant_a, case, _decision_type(tenant_a, "Vergunning verleend"))
    with tenant_a.active():
        result_type = ResultType.objects.get(case_type=tenant_a.case_type, description="Opgelost")
        set_result(actor=tenant_a.staff["worker"], case=case, result_type=result_type)
        close_case(actor=tenant_a.staff["worker"], case=case)
    client = _citizen(tenant_a)
    url = f"/mijn/zaken/{case.number}/"
    client.get(url)
    with django_assert_max_num_queries(11):
        assert client.get(url).status_code == 200
