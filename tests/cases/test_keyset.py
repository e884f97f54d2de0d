"""Keyset pages as a row comparison (issue 13): the same pages as the OR form before.

``(queue_due_at, id) > (due, pk)`` replaced ``queue_due_at > due OR (queue_due_at = due
AND id > pk)``. These tests walk the queue across page boundaries with ties on the due
moment and cases without one, and compare every page with the OR form and with the
queue sorted in Python.
"""

import uuid
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from achterkant.cases.keyset import RowAfter
from achterkant.cases.models import Case
from achterkant.cases.queues import PAGE_SIZE, case_queue, parse_cursor, queue_cursor
from achterkant.routing.models import Team


def _queue_with_ties_and_nulls(tenant, count: int = 2 * PAGE_SIZE + 20) -> Team:
    """Open cases of one team: groups of 7 share a due moment, every 9th has none."""
    case = tenant.open_case()
    base = timezone.now().replace(microsecond=123456)
    with tenant.active():
        team = Team.objects.create(identification="keyset", name="Keyset")
        fields = {f.attname: getattr(case, f.attname) for f in Case._meta.concrete_fields}
        rows = [
            Case(
                **{
                    **fields,
                    "id": None,
                    "uuid": uuid.uuid4(),
                    "number": f"ZAAK-KEYSET-{n:05d}",
                    "team_id": team.pk,
                    "current_status_id": None,
                    "queue_due_at": None if n % 9 == 0 else base + timedelta(hours=n // 7),
                }
            )
            for n in range(count)
        ]
        Case.objects.bulk_create(rows)
    return team


def test_pages_across_boundaries_equal_the_or_form_and_the_sorted_queue(tenant_a):
    team = _queue_with_ties_and_nulls(tenant_a)
    with tenant_a.active():
        everything = list(
            Case.objects.filter(team=team, end_date__isnull=True).values_list("pk", "queue_due_at")
        )
        expected = [
            pk for pk, due in sorted((r for r in everything if r[1]), key=lambda r: (r[1], r[0]))
        ]
        pages, after = [], None
        while True:
            page = case_queue(team_id=team.pk, after=after)
            if after is not None:
                due, pk = after
                before = Case.objects.filter(
                    team_id=team.pk, end_date__isnull=True, queue_due_at__isnull=False
                ).filter(Q(queue_due_at__gt=due) | Q(queue_due_at=due, pk__gt=pk))
                old = list(
                    before.order_by("queue_due_at", "pk").values_list("pk", flat=True)[:PAGE_SIZE]
                )
                assert [c.pk for c in page] == old
            pages.append([c.pk for c in page])
            cursor = queue_cursor(page)
            if not cursor:
                break
            after = parse_cursor(cursor)
    assert len(pages) == 3
    assert [pk for page in pages for pk in page] == expected  # no row lost or repeated
    # Ties straddle the boundaries: the last due moment of page 1 continues on page 2.
    with tenant_a.active():
        due = dict(Case.objects.filter(team=team).values_list("pk", "queue_due_at"))
    assert due[pages[0][-1]] == due[pages[1][0]] or due[pages[1][-1]] == due[pages[2][0]]


def test_the_row_comparison_selects_what_the_or_form_selects_for_every_cursor(tenant_a):
    """Also with NULL due moments in the rows and as the cursor: NULL is never after."""
    team = _queue_with_ties_and_nulls(tenant_a, count=40)
    with tenant_a.active():
        rows = Case.objects.filter(team=team)
        for pk, due in list(rows.values_list("pk", "queue_due_at")):
            new = rows.filter(RowAfter({"queue_due_at": due, "id": pk}))
            if due is None:  # the OR form cannot even be written; nothing is after NULL
                assert not new.exists()
                continue
            old = rows.filter(Q(queue_due_at__gt=due) | Q(queue_due_at=due, pk__gt=pk))
            assert set(new.values_list("pk", flat=True)) == set(old.values_list("pk", flat=True))
            assert None not in set(new.values_list("queue_due_at", flat=True))


def test_the_row_comparison_is_one_sql_row_value(tenant_a):
    with tenant_a.active():
        sql = str(Case.objects.filter(RowAfter({"queue_due_at": timezone.now(), "id": 1})).query)
    assert '("cases_case"."queue_due_at", "cases_case"."id") > (' in sql
    assert " OR " not in sql
