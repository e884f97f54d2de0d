"""Case numbers: unique per organisation and year, handed out without holding a lock for the
whole intake (issue 13, cause 4). On PostgreSQL a sequence per organisation and year."""

import threading
from datetime import date

import pytest
from django.db import connection, connections, transaction

from achterkant.cases.models import Case, CaseNumberCounter
from achterkant.cases.numbering import case_numbers_loaded, next_case_number, sequence_name

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: sequences and row locks"
)


def test_numbers_count_up_per_organisation_and_year(tenant_a, tenant_b):
    first = tenant_a.open_case(start_date=date(2026, 3, 2))
    second = tenant_a.open_case(start_date=date(2026, 3, 3))
    other_year = tenant_a.open_case(start_date=date(2025, 12, 1))
    other_organisation = tenant_b.open_case(start_date=date(2026, 3, 2))
    assert first.number == "ZAAK-2026-0000001"
    assert second.number == "ZAAK-2026-0000002"
    assert other_year.number == "ZAAK-2025-0000001"
    assert other_organisation.number == "ZAAK-2026-0000001"


@postgres_only
def test_the_sequence_starts_after_the_counter_row_and_existing_cases(tenant_a):
    """An upgrade from the counter row never hands out a number twice."""
    with tenant_a.active():
        CaseNumberCounter.objects.create(year=2026, last_number=41)
        assert next_case_number(2026) == "ZAAK-2026-0000042"
    case = tenant_a.open_case(start_date=date(2025, 5, 1))
    Case.all_tenants.filter(pk=case.pk).update(number="ZAAK-2024-0000900")
    with tenant_a.active():
        assert next_case_number(2024) == "ZAAK-2024-0000901"


@postgres_only
def test_a_rolled_back_intake_leaves_a_gap_and_never_a_duplicate(tenant_a):
    with tenant_a.active():
        first = next_case_number(2026)
        try:
            with transaction.atomic():
                next_case_number(2026)
                raise RuntimeError("the intake fails after taking its number")
        except RuntimeError:
            pass
        third = next_case_number(2026)
    assert (first, third) == ("ZAAK-2026-0000001", "ZAAK-2026-0000003")


@postgres_only
def test_after_a_bulk_load_numbering_continues_after_the_highest_case(tenant_a):
    case = tenant_a.open_case(start_date=date(2026, 1, 5))
    Case.all_tenants.filter(pk=case.pk).update(number="ZAAK-2026-0500000")
    with tenant_a.active():
        case_numbers_loaded(tenant_a.organisation.pk, 2026)
        assert next_case_number(2026) == "ZAAK-2026-0500001"


@postgres_only
def test_a_second_intake_does_not_wait_for_the_first_to_commit(transactional_db, tenant_a):
    """The first intake holds its transaction open; the second, in another connection with
    a lock timeout, still gets its number. The counter row the sequence replaced was locked
    until commit, and this second intake would have hit the lock timeout."""
    with tenant_a.active():
        next_case_number(2026)  # the sequence exists (committed: transactional_db)
    taken = threading.Event()
    release = threading.Event()
    results = {}

    def first_intake():
        try:
            with tenant_a.active(), transaction.atomic():
                results["first"] = next_case_number(2026)
                taken.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=first_intake)
    holder.start()
    try:
        assert taken.wait(timeout=30)

        def second_intake():
            try:
                with tenant_a.active(), transaction.atomic():
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL lock_timeout = '2s'")
                    results["second"] = next_case_number(2026)
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                results["second"] = error
            finally:
                connections.close_all()

        other = threading.Thread(target=second_intake)
        other.start()
        other.join(timeout=30)
    finally:
        release.set()
        holder.join(timeout=30)
    assert results["first"] == "ZAAK-2026-0000002"
    assert results["second"] == "ZAAK-2026-0000003"


@postgres_only
def test_sequence_names_are_plain_identifiers():
    assert sequence_name(12, 2026) == "case_number_12_2026"
    with pytest.raises(ValueError):
        sequence_name("1; DROP TABLE x", 2026)
