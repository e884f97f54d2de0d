"""The published case-type versions held per process (catalog.cache).

The guarantee: an intake binds to the version the catalogue holds once a change is
committed, in this process or any other, and one organisation never binds to another's.
"""

import uuid
from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from achterkant.catalog.models import CaseType
from achterkant.catalog.selectors import NoValidCaseType, case_type_version_for
from achterkant.catalog.services import case_type_new_version, case_type_publish

pytestmark = pytest.mark.django_db

DAY = date(2026, 7, 1)


def test_a_warm_process_reads_only_the_settings_version(tenant_a):
    with tenant_a.active():
        case_type_version_for("ZT-MELDING", DAY)
    with tenant_a.active(), CaptureQueriesContext(connection) as queries:
        assert case_type_version_for("ZT-MELDING", DAY) == tenant_a.case_type
        assert case_type_version_for("ZT-MELDING", date(2021, 1, 1)) == tenant_a.case_type
        with pytest.raises(NoValidCaseType):
            case_type_version_for("ZT-MELDING", date(2019, 12, 31))
    assert [q["sql"] for q in queries.captured_queries if "catalog_casetype" in q["sql"]] == []
    assert len(queries.captured_queries) == 1  # the settings version


def test_an_intake_after_a_publication_binds_to_the_new_version(tenant_a):
    assert tenant_a.open_case(start_date=DAY).case_type == tenant_a.case_type  # now cached
    with tenant_a.active():
        new = case_type_new_version(case_type=tenant_a.case_type, valid_from=date(2026, 6, 1))
        assert case_type_version_for("ZT-MELDING", DAY) == tenant_a.case_type  # a concept
        case_type_publish(case_type=new)
        # Seen in the same activation: the publication replaced the settings version.
        assert case_type_version_for("ZT-MELDING", DAY) == new
        assert case_type_version_for("ZT-MELDING", date(2026, 5, 31)) == tenant_a.case_type
    assert tenant_a.open_case(start_date=DAY).case_type == new
    assert tenant_a.open_case(start_date=date(2026, 5, 31)).case_type == tenant_a.case_type


def test_a_change_committed_by_another_process_counts_at_the_next_intake(tenant_a):
    assert tenant_a.open_case(start_date=DAY).case_type == tenant_a.case_type
    # Another process ends the version and replaces the settings version (as its signal
    # does), bypassing this process's signals entirely.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalog_casetype SET valid_until = %s WHERE id = %s",
            [date(2026, 6, 30), tenant_a.case_type.pk],
        )
        cursor.execute(
            "UPDATE tenancy_organisation SET settings_version = %s WHERE id = %s",
            [uuid.uuid4().hex if connection.vendor == "sqlite" else str(uuid.uuid4()),
             tenant_a.organisation.pk],
        )  # fmt: skip
    with pytest.raises(Exception, match="Er is geen gepubliceerd zaaktype 'ZT-MELDING'"):
        tenant_a.open_case(start_date=DAY)


def test_a_rolled_back_publication_leaves_nothing_behind(tenant_a):
    with tenant_a.active():
        new = case_type_new_version(case_type=tenant_a.case_type, valid_from=date(2026, 6, 1))
    with pytest.raises(RuntimeError), transaction.atomic(), tenant_a.active():
        case_type_publish(case_type=new)
        assert case_type_version_for("ZT-MELDING", DAY) == new  # read inside
        raise RuntimeError("rolled back")
    with tenant_a.active():
        assert case_type_version_for("ZT-MELDING", DAY) == tenant_a.case_type
        assert CaseType.objects.get(pk=new.pk).is_concept


def test_each_caller_gets_its_own_instance(tenant_a):
    with tenant_a.active():
        first = case_type_version_for("ZT-MELDING", DAY)
        first.description = "Gewijzigd, niet opgeslagen"
        assert first.catalogue.domain == "ZAKEN"  # caches the catalogue on this copy only
        second = case_type_version_for("ZT-MELDING", DAY)
    assert second == first and second is not first
    assert second.description == "Melding openbare ruimte"
    assert "catalogue" not in second._state.fields_cache


def test_organisations_never_share_case_types(tenant_a, tenant_b):
    with tenant_a.active():
        newer = case_type_new_version(case_type=tenant_a.case_type, valid_from=date(2026, 6, 1))
        case_type_publish(case_type=newer)
    assert tenant_a.open_case(start_date=DAY).case_type == newer
    assert tenant_b.open_case(start_date=DAY).case_type == tenant_b.case_type
