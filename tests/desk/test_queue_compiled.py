"""A queue page without filters comes from a query compiled once per process
(cases.queues._compiled_page, tenancy.compiled): its rows are the ones the ORM query
gives, on every page, for a team and for a person, and each organisation's for its own."""

from datetime import timedelta

from django.utils import timezone

from achterkant.cases.models import Case
from achterkant.cases.queues import PAGE_SIZE, _page, case_queue, parse_cursor, queue_cursor
from achterkant.routing.models import Team


def _as_orm_gives_it(after=None, **owner) -> list[int]:
    cases = Case.objects.filter(end_date__isnull=True, queue_due_at__isnull=False, **owner)
    if after is not None:
        due, pk = after
        cases = cases.filter(queue_due_at__gt=due) | cases.filter(queue_due_at=due, pk__gt=pk)
    return [row[0] for row in _page(cases, timezone.localdate())]


def _fill(tenant, count: int) -> Team:
    with tenant.active():
        team = Team.objects.create(identification="stadsbeheer", name="Stadsbeheer")
    cases = [tenant.open_case() for _ in range(count)]
    with tenant.active():
        due = timezone.now()
        for index, case in enumerate(cases):
            # Ties on the due moment, so the id decides within them.
            Case.objects.filter(pk=case.pk).update(
                team=team, queue_due_at=due + timedelta(hours=index // 3),
                assignee=tenant.staff["worker"] if index % 2 else None,
            )  # fmt: skip
    return team


def test_every_page_of_a_team_and_of_a_person_is_what_the_orm_gives(tenant_a):
    team = _fill(tenant_a, PAGE_SIZE * 2 + 4)
    worker = tenant_a.staff["worker"]
    with tenant_a.active():
        for owner in ({"team_id": team.pk}, {"assignee_id": worker.pk}):
            after, seen = None, []
            while True:
                page = case_queue(**owner, after=after)
                assert [row.pk for row in page] == _as_orm_gives_it(after, **owner)
                seen += [row.pk for row in page]
                after = parse_cursor(queue_cursor(page))
                if after is None:
                    break
            expected = Case.objects.filter(**owner).values_list("pk", flat=True)
            assert sorted(seen) == sorted(expected) and len(seen) == len(set(seen))


def test_each_organisation_reads_its_own_queue(tenant_a, tenant_b):
    team_a, team_b = _fill(tenant_a, 3), _fill(tenant_b, 2)
    with tenant_a.active():
        rows_a = case_queue(team_id=team_a.pk)
        # Another organisation's team id gives nothing here, compiled or not.
        assert case_queue(team_id=team_b.pk) == []
    with tenant_b.active():
        rows_b = case_queue(team_id=team_b.pk)
        assert [row.pk for row in rows_b] == _as_orm_gives_it(team_id=team_b.pk)
    assert len(rows_a) == 3 and len(rows_b) == 2
    assert not {row.pk for row in rows_a} & {row.pk for row in rows_b}
