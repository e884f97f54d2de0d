"""The processing log's queries: filters, keyset paging by (at, id), one tenant only."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from achterkant.audit.models import Action, ProcessingLogEntry
from achterkant.audit.selectors import LogFilter, processing_log_for_export, processing_log_page
from achterkant.audit.services import Purpose, processing_log_record
from tests.conftest import BSN_B

OTHER_BSN = "999990020"


def log(tenant, *, bsn=None, actor="agent", purpose=Purpose.CASE_HANDLING, at=None, n=1):
    """``n`` entries in ``tenant``'s log, all at time ``at`` when given."""
    with tenant.active():
        ids = [
            processing_log_record(
                actor=tenant.staff[actor], action=Action.READ, bsns=[bsn or tenant.person.bsn],
                purpose=purpose, object_type="zaak", object_id=f"Z{i}",
            )[0].pk
            for i in range(n)
        ]  # fmt: skip
        if at is not None:
            ProcessingLogEntry.objects.filter(pk__in=ids).update(at=at)
    return ids


def pages(tenant, limit=3):
    """Every page of the whole log in turn, following the cursor: the ids of each page."""
    result, before = [], None
    with tenant.active():
        while True:
            page, before = processing_log_page(LogFilter(), before=before, limit=limit)
            result.append([entry.pk for entry in page])
            if before is None:
                return result


def test_paging_keeps_every_entry_once_across_equal_timestamps(tenant_a):
    moment = timezone.now() - timedelta(hours=1)
    older = log(tenant_a, at=moment - timedelta(minutes=5), n=2)
    same = log(tenant_a, at=moment, n=5)  # more than a page at one instant
    newer = log(tenant_a, n=1)
    result = pages(tenant_a)
    assert [len(page) for page in result] == [3, 3, 2]
    flat = [pk for page in result for pk in page]
    # Newest first; within one instant the higher id first.
    assert flat == newer + sorted(same, reverse=True) + sorted(older, reverse=True)


def test_a_page_ends_exactly_at_the_last_entry(tenant_a):
    log(tenant_a, n=3)
    with tenant_a.active():
        page, before = processing_log_page(LogFilter(), limit=3)
    assert len(page) == 3 and before is None


def test_filters_by_period_employee_purpose_and_bsn(tenant_a):
    today = timezone.localdate()

    def midnight(day):  # local time, whatever the daylight saving time
        return timezone.make_aware(datetime.combine(day, datetime.min.time()))

    first_day = log(tenant_a, at=midnight(today - timedelta(days=3)))  # inside
    before_period = log(tenant_a, at=midnight(today - timedelta(days=3)) - timedelta(seconds=1))
    last_day = log(tenant_a, at=midnight(today) - timedelta(seconds=1))  # inside
    after_period = log(tenant_a, at=midnight(today))
    by_worker = log(tenant_a, actor="worker")
    notification = log(tenant_a, purpose=Purpose.CITIZEN_NOTIFICATION)
    someone_else = log(tenant_a, bsn=OTHER_BSN)

    def ids(**filters):
        with tenant_a.active():
            return {entry.pk for entry in processing_log_page(LogFilter(**filters))[0]}

    period = ids(date_from=today - timedelta(days=3), date_to=today - timedelta(days=1))
    assert period == {*first_day, *last_day}
    assert not period & {*before_period, *after_period}
    assert ids(actor_id=tenant_a.staff["worker"].pk) == set(by_worker)
    assert ids(purpose=Purpose.CITIZEN_NOTIFICATION) == set(notification)
    assert ids(bsn=OTHER_BSN) == set(someone_else)
    assert ids(bsn=OTHER_BSN, actor_id=tenant_a.staff["worker"].pk) == set()
    assert ids(date_from=date(2000, 1, 1)) == ids()


def test_another_organisations_entries_never_show(tenant_a, tenant_b):
    own = log(tenant_a, n=2)
    # B's entries about the very same BSN, and B's cursor.
    theirs = log(tenant_b, bsn=tenant_a.person.bsn, n=2) + log(tenant_b, bsn=BSN_B)
    with tenant_a.active():
        page, _ = processing_log_page(LogFilter())
        assert {entry.pk for entry in page} == set(own)
        assert processing_log_page(LogFilter(), before=theirs[-1])[0] == []
        exported = processing_log_for_export(LogFilter(bsn=tenant_a.person.bsn))
        assert {entry.pk for entry in exported} == set(own)


def test_the_export_holds_the_whole_period_not_a_page(tenant_a):
    ids = log(tenant_a, n=7)
    with tenant_a.active():
        exported = [entry.pk for entry in processing_log_for_export(LogFilter(), chunk_size=2)]
    assert exported == sorted(ids, reverse=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans of PostgreSQL")
def test_a_later_page_reads_the_new_index_on_postgresql(tenant_a, tenant_b):
    """An index range on (organisation, at, id), not a scan of the whole log."""
    from tests.test_indexes_postgres import _analyze, _indexes_used, _plan_of

    start = timezone.now() - timedelta(days=30)
    for tenant in (tenant_a, tenant_b):
        with tenant.active():
            ProcessingLogEntry.objects.bulk_create(
                ProcessingLogEntry(
                    organisation=tenant.organisation,
                    actor_label="x",
                    action=Action.READ,
                    bsn=f"{i % 500:09d}",
                    purpose=Purpose.CASE_HANDLING,
                    object_type="zaak",
                )
                for i in range(3000)
            )
    with connection.cursor() as cursor:  # spread over the month, three per instant
        cursor.execute(
            "UPDATE audit_processinglogentry SET at = %s + (id / 3) * interval '1 minute'",
            [start],
        )
    with tenant_a.active():
        ids = list(ProcessingLogEntry.objects.values_list("pk", flat=True))
    _analyze("audit_processinglogentry")
    with tenant_a.active():
        _, plan = _plan_of(lambda: processing_log_page(LogFilter(), before=ids[1500]))
    assert "audit_org_at_id" in _indexes_used(plan), plan
