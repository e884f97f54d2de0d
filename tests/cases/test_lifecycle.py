from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from achterkant.audit.models import ProcessingLogEntry
from achterkant.cases.models import Case, CaseStatus, Role
from achterkant.cases.services import (
    CaseError,
    close_case,
    reopen_case,
    set_property,
    set_result,
    set_status,
)
from achterkant.catalog.models import ResultType, StatusType
from achterkant.catalog.services import case_type_new_version, case_type_publish
from achterkant.identity.actors import NotPermitted
from achterkant.notify.models import OutboxMessage
from tests.conftest import make_case_type


def _result_type(tenant, description="Opgelost"):
    with tenant.active():
        return ResultType.objects.get(case_type=tenant.case_type, description=description)


def _close(tenant, case, description="Opgelost"):
    with tenant.active():
        set_result(
            actor=tenant.staff["worker"], case=case, result_type=_result_type(tenant, description)
        )
        close_case(actor=tenant.staff["worker"], case=case)
        case.refresh_from_db()
    return case


def test_open_case_numbers_per_organisation_and_year(tenant_a, tenant_b):
    first, second = tenant_a.open_case(), tenant_a.open_case()
    other = tenant_b.open_case()
    year = first.start_date.year
    assert first.number == f"ZAAK-{year}-0000001"
    assert second.number == f"ZAAK-{year}-0000002"
    assert other.number == f"ZAAK-{year}-0000001"


def test_open_case_adds_initiator_role_first_status_deadline_and_log(tenant_a):
    case = tenant_a.open_case(start_date=date(2026, 2, 9))
    with tenant_a.active():
        case.refresh_from_db()
        role = Role.objects.get(case=case)
        entry = ProcessingLogEntry.objects.get(object_type="zaak", object_id=case.number)
    assert role.role_type.generic_description == "initiator"
    assert role.bsn == tenant_a.person.bsn
    assert case.current_status.status_type.sequence == 1
    assert case.responsible_organisation_rsin == tenant_a.organisation.rsin
    assert case.confidentiality == "zaakvertrouwelijk"
    # 8 weeks from Monday 9 February 2026 is Easter Monday 6 April; the Atw moves it a day.
    assert case.latest_end_date == date(2026, 4, 7)
    assert (entry.bsn, entry.action, entry.actor) == (
        tenant_a.person.bsn, "create", tenant_a.staff["agent"],
    )  # fmt: skip


def test_a_case_binds_to_the_version_valid_on_its_start_date(tenant_a):
    with tenant_a.active():
        newer = case_type_new_version(case_type=tenant_a.case_type, valid_from=date(2026, 3, 1))
        newer.lead_time = "P12W"
        newer.save()
        case_type_publish(case_type=newer)
    before = tenant_a.open_case(start_date=date(2026, 2, 27))
    after = tenant_a.open_case(start_date=date(2026, 3, 2))
    assert before.case_type_id == tenant_a.case_type.pk
    assert after.case_type_id == newer.pk


def test_no_valid_version_is_a_clear_error_and_writes_nothing(tenant_a):
    with pytest.raises(CaseError, match="geen gepubliceerd zaaktype"):
        tenant_a.open_case(start_date=date(2019, 12, 31))
    with tenant_a.active():
        assert not Case.objects.exists()


def test_open_case_rejects_an_invalid_bsn_and_writes_nothing(tenant_a):
    with pytest.raises(ValidationError, match="BSN"):
        tenant_a.open_case(initiator_bsn="123456789")
    with tenant_a.active():
        assert not Case.objects.exists()
        assert not ProcessingLogEntry.objects.exists()


def test_open_case_rejects_an_unknown_channel(tenant_a):
    with pytest.raises(ValidationError):
        tenant_a.open_case(channel="duif")
    with tenant_a.active():
        assert not Case.objects.exists()


def test_opening_a_case_has_a_pinned_query_budget(tenant_a, django_assert_num_queries):
    tenant_a.open_case()  # warm the holiday cache and the case-number sequence or counter
    # Among them: the Zaak gestart message (person, outbox row; the outbox is the worker's
    # queue, so no task row since 01-12-2026). The case
    # number is one nextval() on PostgreSQL; SQLite's counter row one UPDATE ... RETURNING
    # (three queries before 30-11-2026: read, update, re-read; docs/performance.md).
    # Opening hours, the SLA policy, the routing rules, the case type version, the first
    # status type, the initiator role type and the message templates come from the process
    # (tenancy.settings_cache, catalog.cache, notify.messages): one query reads the
    # organisation's settings version instead. The case's and the message's processing-log
    # entries go in in one insert. The case is inserted with its dates (no update after),
    # and its two events go out in one insert. On PostgreSQL the case and status ids come with the
    # number, so the case is inserted pointing at its first status (no update after).
    # SQLite counts one more: the case's current status is set after the insert.
    with django_assert_num_queries(11 if connection.vendor == "postgresql" else 12):
        tenant_a.open_case()


def test_status_with_informeren_queues_an_email(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        set_status(actor=tenant_a.staff["worker"], case=case, status_type=tenant_a.status_type(2))
        message = OutboxMessage.objects.get(event_code="case.status_changed")
    assert message.recipient == "sophie@example.nl"
    assert case.number in message.subject
    assert "We hebben het werk ingepland." in message.body


def test_a_status_type_of_another_case_type_is_refused(tenant_a):
    with tenant_a.active():
        other = make_case_type(tenant_a.organisation, identification="ZT-ANDERS")
        foreign = StatusType.objects.get(case_type=other, sequence=2)
    case = tenant_a.open_case()
    with tenant_a.active(), pytest.raises(CaseError, match="hoort niet bij het zaaktype"):
        set_status(actor=tenant_a.staff["worker"], case=case, status_type=foreign)
    with tenant_a.active():
        assert CaseStatus.objects.filter(case=case).count() == 1


def test_statuses_only_move_forward(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        set_status(actor=tenant_a.staff["worker"], case=case, status_type=tenant_a.status_type(2))
        with pytest.raises(CaseError, match="Kies een volgende status"):
            set_status(
                actor=tenant_a.staff["worker"], case=case, status_type=tenant_a.status_type(1)
            )


def test_closing_needs_a_result(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active(), pytest.raises(CaseError, match="Leg eerst het resultaat vast"):
        close_case(actor=tenant_a.staff["worker"], case=case)
    with tenant_a.active():
        case.refresh_from_db()
    assert case.end_date is None


def test_closing_sets_the_end_date_and_derives_the_archive_action_date(tenant_a):
    case = _close(tenant_a, tenant_a.open_case())
    today = timezone.localdate()
    assert case.end_date == today
    assert case.archive_nomination == "vernietigen"
    assert case.archive_action_date == today + relativedelta(years=1)  # result type: P1Y
    assert case.retention_start_date == today


def test_a_closed_case_is_read_only_except_for_forced_updates(tenant_a):
    case = _close(tenant_a, tenant_a.open_case())
    with tenant_a.active():
        prop = make_property(tenant_a)
        with pytest.raises(CaseError, match="is afgesloten"):
            set_property(actor=tenant_a.staff["worker"], case=case, property_type=prop, value="x")
        with pytest.raises(CaseError, match="resultaat ligt vast"):
            set_result(actor=tenant_a.staff["worker"], case=case,
                       result_type=_result_type(tenant_a, "Niet opgelost"))  # fmt: skip
        lead = tenant_a.staff["lead"]
        lead.user_permissions.add(Permission.objects.get(codename="force_update_case"))
        lead = type(lead).objects.get(pk=lead.pk)  # drop the permission cache
        set_property(actor=lead, case=case, property_type=prop, value="x", force=True)
        assert case.properties.get().value == "x"


def make_property(tenant):
    from achterkant.catalog.models import CasePropertyType

    return CasePropertyType.objects.create(
        case_type=tenant.case_type, name="locatie", definition="Waar", format="tekst", length=50
    )


def test_reopening_needs_permission_and_clears_the_end_date(tenant_a):
    case = _close(tenant_a, tenant_a.open_case())
    with tenant_a.active():
        with pytest.raises(NotPermitted, match="niet heropenen"):
            reopen_case(actor=tenant_a.staff["worker"], case=case, reason="fout")
        lead = tenant_a.staff["lead"]
        lead.user_permissions.add(Permission.objects.get(codename="reopen_case"))
        lead = type(lead).objects.get(pk=lead.pk)
        status = reopen_case(actor=lead, case=case, reason="Inwoner belde: niet opgelost")
        case.refresh_from_db()
    assert case.end_date is None and case.archive_action_date is None
    assert status.status_type.sequence == 2
    assert case.current_status == status


def test_the_end_status_is_derived_from_the_highest_sequence(tenant_a):
    from achterkant.catalog.selectors import end_status_sequence

    with tenant_a.active():
        assert end_status_sequence(tenant_a.case_type.pk) == 3
    assert not any("end" in f.name for f in StatusType._meta.fields)  # derived, never stored


def test_a_future_start_date_is_allowed_but_the_end_cannot_precede_it(tenant_a):
    case = tenant_a.open_case(start_date=timezone.localdate() + timedelta(days=3))
    assert case.latest_end_date > case.start_date


def test_opening_a_case_sends_one_message_even_when_the_first_status_informs(tenant_a):
    with tenant_a.active():
        StatusType.objects.filter(case_type=tenant_a.case_type, sequence=1).update(
            inform_citizen=True
        )
    case = tenant_a.open_case()
    with tenant_a.active():
        codes = list(OutboxMessage.objects.filter(reference=case.number).values_list(
            "event_code", flat=True
        ))  # fmt: skip
    assert codes == ["case.opened"]
