"""Einddatum gepland: the day of the service-norm target, the same date the SLA tracks.

A norm in days counts working days; weeks and months are calendar time, never shifted.
"""

from datetime import date

import pytest

from achterkant.catalog.models import CaseType

MONDAY = date(2026, 2, 9)


@pytest.mark.parametrize(
    ("service_norm", "planned"),
    [
        ("P12D", date(2026, 2, 25)),  # 12 working days after Monday 9 February
        ("P8W", date(2026, 4, 7)),  # 2e paasdag: a promise ends on the next working day
        ("P1M", date(2026, 3, 9)),
        ("PT4H", MONDAY),  # a case has a start date, not a time
        ("", None),
    ],
)
def test_the_planned_end_is_the_start_plus_the_service_norm(tenant_a, service_norm, planned):
    with tenant_a.active():
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(service_norm=service_norm)
    case = tenant_a.open_case(start_date=MONDAY)
    with tenant_a.active():
        case.refresh_from_db()
    assert case.planned_end_date == planned
