"""What the citizen hears when a worker shares something (issue 17): a shared note sends
the applicant one message that points to Mijn gemeente, an internal one sends nothing;
a status's explanation, when shared, goes into the status's message. The services are
the gate, so every channel behaves the same."""

import pytest

from achterkant.audit.models import Action, ProcessingLogEntry
from achterkant.audit.services import Purpose
from achterkant.cases.models import CaseStatus
from achterkant.cases.services import close_case, set_result, set_status
from achterkant.cases.services.assignment import add_note
from achterkant.catalog.models import ResultType
from achterkant.notify.models import MessageTemplate, OutboxMessage
from tests.conftest import HOST_A


def _messages(tenant, case, event_code: str) -> list[OutboxMessage]:
    with tenant.active():
        return list(OutboxMessage.objects.filter(reference=case.number, event_code=event_code))


def _log(tenant, case) -> list[tuple]:
    with tenant.active():
        return list(
            ProcessingLogEntry.objects.filter(bsn=tenant.person.bsn)
            .order_by("pk")
            .values_list("action", "purpose", "object_type", "object_id")
        )


def test_a_shared_note_sends_the_applicant_one_message_pointing_to_the_case(tenant_a):
    case = tenant_a.open_case()
    before = _log(tenant_a, case)
    with tenant_a.active():
        add_note(actor=tenant_a.staff["worker"], case=case, text="De monteur komt dinsdag.",
                 shared_with_party=True)  # fmt: skip
    [message] = _messages(tenant_a, case, "case.note_shared")
    assert message.subject == f"Er is nieuws over uw zaak {case.number}"
    assert message.recipient == "sophie@example.nl"  # the e-mail only says there is news
    assert message.bsn == tenant_a.person.bsn
    body = message.body
    assert body.startswith("Beste ") and "Sophie" not in message.subject
    assert f"Uw behandelaar heeft iets geschreven over uw zaak {case.number}" in body
    assert f"https://{HOST_A}/mijn/zaken/{case.number}/\n" in body  # the case page
    # The note itself is read on the case page, behind DigiD: not in the message.
    assert "De monteur komt dinsdag." not in body
    # The write and the address lookup for the message, as every message logs them.
    assert _log(tenant_a, case)[len(before) :] == [
        (Action.UPDATE, Purpose.CASE_HANDLING, "zaak", case.number),
        (Action.READ, Purpose.CITIZEN_NOTIFICATION, "persoon", tenant_a.person.bsn),
    ]


def test_an_internal_note_sends_nothing_and_logs_the_write(tenant_a):
    case = tenant_a.open_case()
    before = _log(tenant_a, case)
    with tenant_a.active():
        add_note(actor=tenant_a.staff["worker"], case=case, text="Alleen voor ons")
        add_note(actor=tenant_a.staff["worker"], case=case, text="Ook intern",
                 shared_with_party=False)  # fmt: skip
    assert _messages(tenant_a, case, "case.note_shared") == []
    assert (
        _log(tenant_a, case)[len(before) :]
        == [(Action.UPDATE, Purpose.CASE_HANDLING, "zaak", case.number)] * 2
    )


def test_the_organisation_writes_its_own_text_for_a_shared_note(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        MessageTemplate.objects.create(
            event_code="case.note_shared", subject="Bericht over {{ case_number }}",
            body="Kijk op {{ case_url }}",
        )  # fmt: skip
        add_note(actor=tenant_a.staff["worker"], case=case, text="x", shared_with_party=True)
    [message] = _messages(tenant_a, case, "case.note_shared")
    assert message.subject == f"Bericht over {case.number}"
    assert message.body.strip() == f"Kijk op https://{HOST_A}/mijn/zaken/{case.number}/"


def test_a_shared_note_on_a_case_without_an_applicant_sends_nothing(tenant_a):
    case = tenant_a.open_case(initiator_bsn="")
    with tenant_a.active():
        note = add_note(actor=tenant_a.staff["worker"], case=case, text="x",
                        shared_with_party=True)  # fmt: skip
    assert note.shared_with_party
    assert _messages(tenant_a, case, "case.note_shared") == []


@pytest.mark.parametrize("shared", [True, False])
def test_the_status_message_carries_the_explanation_only_when_shared(tenant_a, shared):
    case = tenant_a.open_case()
    with tenant_a.active():
        status = set_status(
            actor=tenant_a.staff["worker"], case=case, status_type=tenant_a.status_type(2),
            note="De aannemer komt in week 12.", shared_with_party=shared,
        )  # fmt: skip
        status.refresh_from_db()
    assert status.shared_with_party is shared
    assert status.note == "De aannemer komt in week 12."
    [message] = _messages(tenant_a, case, "case.status_changed")
    assert "We hebben het werk ingepland." in message.body
    expected = "Toelichting van uw behandelaar:\nDe aannemer komt in week 12.\n"
    assert (expected in message.body) is shared
    assert ("De aannemer komt" in message.body) is shared


def test_a_status_without_a_message_sends_none_even_with_a_shared_explanation(tenant_a):
    """Shared, the explanation shows in Mijn gemeente; the status type decides whether a
    message goes out, as for every status (``StatusType.inform_citizen``)."""
    case = tenant_a.open_case()
    with tenant_a.active():
        quiet = tenant_a.status_type(2)
        quiet.inform_citizen = False
        quiet.save()
        set_status(actor=tenant_a.staff["worker"], case=case, status_type=quiet,
                   note="De aannemer komt in week 12.", shared_with_party=True)  # fmt: skip
    assert _messages(tenant_a, case, "case.status_changed") == []


def test_closing_tells_the_shared_explanation_with_the_result(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        set_result(
            actor=tenant_a.staff["worker"],
            case=case,
            result_type=ResultType.objects.get(case_type=case.case_type, description="Opgelost"),
        )
        close_case(actor=tenant_a.staff["worker"], case=case, note="Tegels liggen weer vast.",
                   shared_with_party=True)  # fmt: skip
    [closed] = _messages(tenant_a, case, "case.closed")
    assert "Opgelost" in closed.body
    assert "Toelichting van uw behandelaar:\nTegels liggen weer vast.\n" in closed.body


def test_a_shared_flag_without_an_explanation_shares_nothing(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        status = set_status(actor=tenant_a.staff["worker"], case=case,
                            status_type=tenant_a.status_type(2), note="  ",
                            shared_with_party=True)  # fmt: skip
        assert not CaseStatus.objects.get(pk=status.pk).shared_with_party
    [message] = _messages(tenant_a, case, "case.status_changed")
    assert "Toelichting" not in message.body


def test_an_explanation_is_internal_by_default(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        status = set_status(actor=tenant_a.staff["worker"], case=case,
                            status_type=tenant_a.status_type(2), note="Intern")  # fmt: skip
        assert not CaseStatus.objects.get(pk=status.pk).shared_with_party
    [message] = _messages(tenant_a, case, "case.status_changed")
    assert "Intern" not in message.body
