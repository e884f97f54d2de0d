"""Refusals of the case services: each one a clear Dutch error, and nothing written."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.utils import timezone

from achterkant.cases.models import Case, CaseStatus, Decision, Role
from achterkant.cases.services import (
    CaseError,
    add_decision,
    add_role,
    close_case,
    open_case,
    reopen_case,
    set_result,
)
from achterkant.catalog.models import DecisionType, Product, ResultType, RoleType
from achterkant.catalog.services import decision_type_publish
from tests.conftest import make_case_type


def _set_result(tenant, case):
    with tenant.active():
        result_type = ResultType.objects.get(case_type=tenant.case_type, description="Opgelost")
        set_result(actor=tenant.staff["worker"], case=case, result_type=result_type)


def test_closing_before_the_start_date_is_a_clear_error(tenant_a):
    start = timezone.localdate() + timedelta(days=3)
    case = tenant_a.open_case(start_date=start)
    _set_result(tenant_a, case)
    with tenant_a.active():
        with pytest.raises(CaseError, match=f"begint pas op {start:%d-%m-%Y}"):
            close_case(actor=tenant_a.staff["worker"], case=case)
        case.refresh_from_db()
        assert case.end_date is None
        assert CaseStatus.objects.filter(case=case).count() == 1


def _team_lead(tenant):
    lead = tenant.staff["lead"]
    lead.user_permissions.add(Permission.objects.get(codename="reopen_case"))
    return type(lead).objects.get(pk=lead.pk)


@pytest.mark.parametrize("archive_status", ["gearchiveerd", "overgedragen"])
def test_an_archived_case_cannot_be_reopened(tenant_a, archive_status):
    case = tenant_a.open_case()
    _set_result(tenant_a, case)
    with tenant_a.active():
        close_case(actor=tenant_a.staff["worker"], case=case)
        Case.objects.filter(pk=case.pk).update(archive_status=archive_status)
        with pytest.raises(CaseError, match="kan niet meer worden heropend"):
            reopen_case(actor=_team_lead(tenant_a), case=case, reason="fout")
        case.refresh_from_db()
        assert case.end_date is not None
        assert case.archive_action_date is not None


def test_a_product_of_another_case_type_is_refused(tenant_a):
    with tenant_a.active():
        make_case_type(tenant_a.organisation, identification="ZT-ANDERS")
    with pytest.raises(ValidationError, match="hoort niet bij zaaktype 'ZT-ANDERS'"):
        tenant_a.open_case(case_type_identification="ZT-ANDERS")  # product: ZT-MELDING
    with tenant_a.active():
        assert not Case.objects.exists()


def test_a_product_of_another_organisation_is_refused(tenant_a, tenant_b):
    with tenant_a.active():
        with pytest.raises(ValidationError, match="hoort niet bij zaaktype"):
            open_case(
                actor=tenant_a.staff["agent"], case_type_identification="ZT-MELDING",
                channel="phone", initiator_bsn=tenant_a.person.bsn, product=tenant_b.product,
            )  # fmt: skip
        assert not Case.objects.exists()
    with tenant_b.active():
        assert Product.objects.get() == tenant_b.product


def test_a_staff_member_of_another_organisation_cannot_get_a_role(tenant_a, tenant_b):
    case = tenant_a.open_case()
    with tenant_a.active():
        handler = RoleType.objects.get(
            case_type=tenant_a.case_type, generic_description="behandelaar"
        )
        with pytest.raises(CaseError, match="werkt niet voor de organisatie"):
            add_role(actor=tenant_a.staff["worker"], case=case, role_type=handler,
                     subject_type="medewerker", staff_member=tenant_b.staff["worker"])  # fmt: skip
        assert Role.objects.filter(case=case).count() == 1


def _decision_type(tenant, *, publish=True, **fields):
    with tenant.active():
        decision_type = DecisionType.objects.create(
            catalogue=tenant.case_type.catalogue, description="Vergunning",
            **{"valid_from": date(2020, 1, 1), **fields},
        )  # fmt: skip
        decision_type.case_types.add(tenant.case_type)
        if publish:
            decision_type = decision_type_publish(decision_type=decision_type)
        return decision_type


def _add_decision(tenant, case, decision_type, **dates):
    dates = {"decided_on": date(2026, 3, 1), "effective_from": date(2026, 3, 2), **dates}
    return add_decision(
        actor=tenant.staff["worker"], case=case, decision_type=decision_type, **dates
    )


def test_a_concept_decision_type_is_refused(tenant_a):
    case = tenant_a.open_case()
    decision_type = _decision_type(tenant_a, publish=False)
    with tenant_a.active():
        with pytest.raises(CaseError, match="nog een concept"):
            _add_decision(tenant_a, case, decision_type)
        assert not Decision.objects.exists()


@pytest.mark.parametrize("decided_on", [date(2019, 12, 31), date(2026, 7, 1)])
def test_a_decision_type_not_valid_on_the_decision_date_is_refused(tenant_a, decided_on):
    case = tenant_a.open_case()
    decision_type = _decision_type(tenant_a, valid_until=date(2026, 6, 30))
    with tenant_a.active():
        with pytest.raises(CaseError, match="niet geldig op"):
            _add_decision(tenant_a, case, decision_type, decided_on=decided_on)
        assert not Decision.objects.exists()
        _add_decision(tenant_a, case, decision_type, decided_on=date(2026, 6, 30))
        assert Decision.objects.count() == 1


def test_a_decision_cannot_expire_before_it_starts(tenant_a):
    case = tenant_a.open_case()
    decision_type = _decision_type(tenant_a)
    with tenant_a.active():
        with pytest.raises(ValidationError, match="vervaldatum ligt voor de ingangsdatum"):
            _add_decision(tenant_a, case, decision_type, expires_on=date(2026, 3, 1))
        assert not Decision.objects.exists()
