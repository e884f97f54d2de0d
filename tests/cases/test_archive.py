"""Archive dates on closing, for each source-date derivation (afleidingswijze)."""

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from achterkant.cases.models import Case, CaseRelation
from achterkant.cases.models.parts import CaseObject
from achterkant.cases.services import add_decision, close_case, set_property, set_result
from achterkant.catalog.models import CasePropertyType, DecisionType, ResultType
from achterkant.catalog.services import decision_type_publish


def _derive(tenant, derivation, description="Opgelost", **fields):
    with tenant.active():
        ResultType.objects.filter(case_type=tenant.case_type, description=description).update(
            source_date_derivation=derivation, **fields
        )


def _close(tenant, case, description="Opgelost"):
    with tenant.active():
        result_type = ResultType.objects.get(case_type=tenant.case_type, description=description)
        set_result(actor=tenant.staff["worker"], case=case, result_type=result_type)
        close_case(actor=tenant.staff["worker"], case=case)
        case.refresh_from_db()
    return case


def test_termijn_adds_the_process_term_to_the_end_date(tenant_a):
    _derive(tenant_a, "termijn", source_date_process_term="P2Y")
    case = _close(tenant_a, tenant_a.open_case())
    today = timezone.localdate()
    assert case.retention_start_date == today + relativedelta(years=2)
    assert case.archive_action_date == today + relativedelta(years=3)  # + P1Y


def _property(tenant, case, fmt, value):
    with tenant.active():
        property_type = CasePropertyType.objects.create(
            case_type=tenant.case_type, name="vergunning_tot", definition="Geldig tot",
            format=fmt, length=30,
        )  # fmt: skip
        set_property(
            actor=tenant.staff["worker"], case=case, property_type=property_type, value=value
        )


@pytest.mark.parametrize(
    ("fmt", "value"), [("datum", "2027-05-01"), ("datum_tijd", "2027-05-01T10:30:00")]
)
def test_eigenschap_takes_the_date_from_the_property(tenant_a, fmt, value):
    _derive(tenant_a, "eigenschap", source_date_attribute="vergunning_tot")
    case = tenant_a.open_case()
    _property(tenant_a, case, fmt, value)
    case = _close(tenant_a, case)
    assert case.retention_start_date == date(2027, 5, 1)
    assert case.archive_action_date == date(2028, 5, 1)


def test_eigenschap_with_a_value_that_is_no_date_leaves_the_dates_empty(tenant_a):
    _derive(tenant_a, "eigenschap", source_date_attribute="vergunning_tot")
    case = tenant_a.open_case()
    _property(tenant_a, case, "tekst", "tot nader order")
    case = _close(tenant_a, case)
    assert case.end_date == timezone.localdate()
    assert case.retention_start_date is None
    assert case.archive_action_date is None
    assert case.archive_nomination == "vernietigen"


def test_zaakobject_takes_the_latest_date_of_the_objects_of_its_type(tenant_a):
    """zrc-021h: the WOZ values' waardepeildatum, written as the suite does (2013-1-1)."""
    _derive(
        tenant_a, "zaakobject", source_date_object_type="woz_waarde",
        source_date_attribute="waardepeildatum",
    )  # fmt: skip
    case = tenant_a.open_case()
    with tenant_a.active():
        for object_type, day in [
            ("woz_waarde", "2008-1-1"), ("woz_waarde", "2013-1-1"),
            ("woz_waarde", "geen datum"), ("adres", "2030-01-01"),
        ]:  # fmt: skip
            CaseObject.objects.create(
                case=case, object_type=object_type,
                object_identification={"waardepeildatum": day},
            )  # fmt: skip
    case = _close(tenant_a, case)
    assert case.retention_start_date == date(2013, 1, 1)
    assert case.archive_action_date == date(2014, 1, 1)


def test_zaakobject_without_such_objects_leaves_the_dates_empty(tenant_a):
    _derive(
        tenant_a, "zaakobject", source_date_object_type="woz_waarde",
        source_date_attribute="waardepeildatum",
    )  # fmt: skip
    case = _close(tenant_a, tenant_a.open_case())
    assert (case.retention_start_date, case.archive_action_date) == (None, None)


def _decisions(tenant, case, *periods):
    with tenant.active():
        decision_type = DecisionType.objects.create(
            catalogue=tenant.case_type.catalogue, description="Vergunning",
            valid_from=date(2020, 1, 1),
        )  # fmt: skip
        decision_type.case_types.add(tenant.case_type)
        decision_type = decision_type_publish(decision_type=decision_type)
        for effective_from, expires_on in periods:
            add_decision(
                actor=tenant.staff["worker"], case=case, decision_type=decision_type,
                decided_on=date(2026, 3, 1), effective_from=effective_from,
                expires_on=expires_on,
            )  # fmt: skip


@pytest.mark.parametrize(
    ("derivation", "expected"),
    [("ingangsdatum_besluit", date(2026, 9, 1)), ("vervaldatum_besluit", date(2031, 3, 1))],
)
def test_decision_dates_take_the_latest_decision(tenant_a, derivation, expected):
    _derive(tenant_a, derivation)
    case = tenant_a.open_case()
    _decisions(
        tenant_a, case, (date(2026, 3, 2), date(2031, 3, 1)), (date(2026, 9, 1), date(2030, 1, 1))
    )
    case = _close(tenant_a, case)
    assert case.retention_start_date == expected
    assert case.archive_action_date == expected + relativedelta(years=1)


def _earlier_case(tenant, ended_on=None):
    other = tenant.open_case(start_date=date(2026, 1, 5))
    with tenant.active():
        Case.objects.filter(pk=other.pk).update(end_date=ended_on)
    return other


def test_hoofdzaak_takes_the_end_date_of_the_main_case(tenant_a):
    _derive(tenant_a, "hoofdzaak")
    main = _earlier_case(tenant_a, ended_on=date(2026, 6, 1))
    case = tenant_a.open_case()
    with tenant_a.active():
        Case.objects.filter(pk=case.pk).update(main_case=main)
    case = _close(tenant_a, case)
    assert case.retention_start_date == date(2026, 6, 1)
    assert case.archive_action_date == date(2027, 6, 1)


def test_hoofdzaak_still_open_leaves_the_dates_empty(tenant_a):
    _derive(tenant_a, "hoofdzaak")
    main = _earlier_case(tenant_a)
    case = tenant_a.open_case()
    with tenant_a.active():
        Case.objects.filter(pk=case.pk).update(main_case=main)
    case = _close(tenant_a, case)
    assert case.retention_start_date is None and case.archive_action_date is None


def _relate(tenant, case, *others):
    with tenant.active():
        for other in others:
            CaseRelation.objects.create(case=case, other=other, nature="vervolg")


def test_gerelateerde_zaak_takes_the_last_end_date_once_all_are_closed(tenant_a):
    _derive(tenant_a, "gerelateerde_zaak")
    case = tenant_a.open_case()
    _relate(
        tenant_a, case,
        _earlier_case(tenant_a, ended_on=date(2026, 6, 1)),
        _earlier_case(tenant_a, ended_on=date(2026, 8, 15)),
    )  # fmt: skip
    case = _close(tenant_a, case)
    assert case.retention_start_date == date(2026, 8, 15)
    assert case.archive_action_date == date(2027, 8, 15)


def test_gerelateerde_zaak_with_an_open_related_case_leaves_the_dates_empty(tenant_a):
    _derive(tenant_a, "gerelateerde_zaak")
    case = tenant_a.open_case()
    _relate(tenant_a, case, _earlier_case(tenant_a, ended_on=date(2026, 6, 1)),
            _earlier_case(tenant_a))  # fmt: skip
    case = _close(tenant_a, case)
    assert case.retention_start_date is None and case.archive_action_date is None


def test_an_archive_nomination_already_on_the_case_is_kept(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        Case.objects.filter(pk=case.pk).update(archive_nomination="blijvend_bewaren")
    case = _close(tenant_a, case)  # the result type says: vernietigen
    assert case.archive_nomination == "blijvend_bewaren"
    assert case.retention_start_date is None


def test_a_case_kept_forever_has_no_retention_start_date(tenant_a):
    _derive(tenant_a, "afgehandeld", description="Niet opgelost", archive_action_term="P20Y")
    case = _close(tenant_a, tenant_a.open_case(), description="Niet opgelost")
    assert case.archive_nomination == "blijvend_bewaren"
    assert case.retention_start_date is None
    assert case.archive_action_date == timezone.localdate() + relativedelta(years=20)
