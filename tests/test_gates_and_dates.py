"""Gates that could be walked around, and dates that could drift, found in review."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from achterkant.cases.downloads import DocumentNotFound, document_for_download
from achterkant.cases.models import Case, Document
from achterkant.cases.promise import case_promise, with_promises
from achterkant.cases.selectors import case_get_for_party
from achterkant.cases.services import add_document, close_case, open_case, set_result
from achterkant.cases.services.information import request_information
from achterkant.cases.services.parts import add_role
from achterkant.cases.sla import sweep_cases
from achterkant.catalog.models import CaseType, Product, ResultType, RoleType
from achterkant.contacts.services import (
    ContactRequestDraft,
    contact_receive,
    contact_request_create,
    contact_start_case,
)
from achterkant.identity.actors import Citizen, Company, NotPermitted
from achterkant.routing.models import Team
from achterkant.worktime.calendar import is_working_day
from achterkant.worktime.hours import end_of_working_day
from achterkant.worktime.models import DecreeHoliday, OpeningHours
from achterkant.worktime.selectors import opening_hours_of_active_organisation
from tests.portal.test_portal import PDF

KVK = "12345678"


def test_a_company_in_the_case_does_not_get_what_the_applicant_sent_in(
    tenant_a, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    case = tenant_a.open_case()
    with tenant_a.active():
        own = add_document(
            actor=Citizen(bsn=tenant_a.person.bsn), case=case,
            upload=SimpleUploadedFile("paspoort.pdf", PDF), title="Kopie paspoort",
        )  # fmt: skip
        Document.objects.filter(pk=own.pk).update(confidentiality="vertrouwelijk")
        shared = add_document(
            actor=tenant_a.staff["worker"], case=case,
            upload=SimpleUploadedFile("brief.pdf", PDF), title="Brief aan betrokkenen",
        )  # fmt: skip
        add_role(
            actor=tenant_a.staff["worker"], case=case,
            role_type=RoleType.objects.get(case_type=tenant_a.case_type, description="Behandelaar"),
            subject_type="niet_natuurlijk_persoon", kvk_number=KVK, display_name="Aannemer BV",
        )  # fmt: skip
        company = Company(kvk_number=KVK)
        seen = case_get_for_party(actor=company, number=case.number)
        with pytest.raises(DocumentNotFound):
            document_for_download(actor=company, document_id=own.pk)
        document_for_download(actor=company, document_id=shared.pk).file.close()
        applicant = case_get_for_party(actor=Citizen(bsn=tenant_a.person.bsn), number=case.number)
    assert [d.pk for d in seen.shared_documents] == [shared.pk]
    assert {d.pk for d in applicant.shared_documents} == {own.pk, shared.pk}


def test_a_norm_in_weeks_pauses_with_the_clock_and_ends_on_a_working_day(tenant_a):
    with tenant_a.active():
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(service_norm="P2W")
    case = tenant_a.open_case()
    with tenant_a.active():
        before = case_promise(Case.objects.get(pk=case.pk))
        request_information(
            actor=tenant_a.staff["worker"], case=case, question="Foto?",
            respond_before=timezone.localdate() + timedelta(days=28),
        )  # fmt: skip
        after = case_promise(Case.objects.get(pk=case.pk))
    assert after.norm_due_on > after.clock_stopped.answer_before
    assert (after.norm_due_on - before.norm_due_on).days >= 28
    assert is_working_day(before.norm_due_on) and is_working_day(after.norm_due_on)


def test_a_changed_calendar_reaches_the_lists_through_the_sweep(tenant_a):
    """The case page computes live, lists read stored dates: the sweep restores them."""
    with tenant_a.active():
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(service_norm="P5D")
    case = tenant_a.open_case()
    with tenant_a.active():
        legal = case_promise(Case.objects.get(pk=case.pk)).decision_due
        DecreeHoliday.objects.create(date=legal, name="Bij besluit", decree_reference="Besluit x")
        for weekday in range(5):
            OpeningHours.objects.create(weekday=weekday, opens=time(8, 30), closes=time(12))
    sweep_cases()
    with tenant_a.active():
        fresh = Case.objects.select_related("case_type").get(pk=case.pk)
        live = case_promise(fresh)
        listed = with_promises([fresh])[0].promise
    assert live.decision_due > legal  # the decree day moved it
    assert (listed.decision_due, listed.norm_due_at) == (live.decision_due, live.norm_due_at)


def test_a_citizen_cannot_open_a_case_around_the_e_loket(tenant_a):
    """open_case is the gate for staff and systems; citizens file through the e-loket."""
    with tenant_a.active():
        Product.objects.filter(pk=tenant_a.product.pk).update(assurance_level="substantieel")
        with pytest.raises(NotPermitted):
            open_case(
                actor=Citizen(bsn=tenant_a.person.bsn, assurance="basis"),
                case_type_identification="ZT-MELDING", channel="counter",
                initiator_bsn=tenant_a.person.bsn, product=tenant_a.product,
                start_date=date(2021, 1, 4),
            )  # fmt: skip
        assert not Case.objects.exists()


def test_a_callback_without_a_norm_is_due_at_closing_time_of_the_next_working_day(tenant_a):
    with tenant_a.active():
        for weekday in range(5):
            OpeningHours.objects.create(weekday=weekday, opens=time(8, 30), closes=time(16))
        team = Team.objects.create(identification="kcc", name="KCC")
        request = contact_request_create(
            actor=tenant_a.staff["agent"],
            draft=ContactRequestDraft(
                name="Sophie", team=team, phone="0612345678", question="Bel mij terug"
            ),
        )
        due = timezone.localtime(request.due_at)
        expected = end_of_working_day(
            due.date(), opening_hours=opening_hours_of_active_organisation()
        )
    assert due == expected and due.time() == time(16)


def test_a_case_is_started_only_from_an_open_e_mail_or_letter(tenant_a):
    with tenant_a.active():
        call = contact_receive(
            actor=tenant_a.staff["agent"], channel="phone", question="Wanneer ophalen?",
            outcome="answered", answer="Dinsdag.", bsn=tenant_a.person.bsn,
        )  # fmt: skip
        with pytest.raises(ValidationError, match="e-mail of brief"):
            contact_start_case(
                actor=tenant_a.staff["agent"], contact=call, product=tenant_a.product
            )
        call.refresh_from_db()
        assert call.outcome == "answered" and call.case is None


def test_reopening_is_offered_only_to_those_who_may(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        result = ResultType.objects.filter(case_type=tenant_a.case_type).first()
        set_result(actor=tenant_a.staff["worker"], case=case, result_type=result)
        close_case(actor=tenant_a.staff["worker"], case=case)
    url = f"/desk/zaken/{case.number}/"
    assert "/heropenen/" not in tenant_a.client("worker").get(url).content.decode()
    assert "/heropenen/" in tenant_a.client("lead").get(url).content.decode()
    response = tenant_a.client("worker").post(f"{url}heropenen/", {"reason": "Bezwaar"})
    assert response.status_code == 400  # the refusal on the page, not a bare 403
    assert "niet heropenen" in response.content.decode()


def test_a_letter_acknowledgement_greets_the_person_and_notifies_them(tenant_a):
    with tenant_a.active():
        contact_receive(
            actor=tenant_a.staff["agent"], channel="letter", question="Vraag",
            bsn=tenant_a.person.bsn, attachments=[SimpleUploadedFile("brief.pdf", PDF)],
        )  # fmt: skip
        from achterkant.notify.models import OutboxMessage

        message = OutboxMessage.objects.get(event_code="contact.letter_acknowledged")
    assert message.body.startswith("Beste Sophie de Vries,")
    assert message.recipient == "sophie@example.nl" and message.in_berichtenbox
