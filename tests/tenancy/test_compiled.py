"""Hot queries compiled once per process and run with each view's values
(tenancy.compiled): the rows are the ORM's, for each view's values and organisation."""

from datetime import date

import pytest

from achterkant.cases.models import Case
from achterkant.tenancy import compiled
from achterkant.tenancy.compiled import compiled_rows

pytestmark = pytest.mark.django_db

STAND_INS = (("\x00a\x00",), ("\x00b\x00",))
COLUMNS = ("pk", "number", "start_date", "created_at")


def _cases(bsn: str):
    return Case.objects.filter(initiator_bsn=bsn).order_by("pk")


def _rows(bsn: str, **options) -> list:
    named = options.pop("named", False)

    def build(bsn):
        cases = _cases(bsn)
        return cases.values(*COLUMNS) if named else cases.values_list(*COLUMNS)

    return compiled_rows("test.cases", Case, build, (bsn,), stand_ins=STAND_INS,
                         named=named, **options)  # fmt: skip


def test_a_value_that_does_not_reach_the_query_is_refused(tenant_a):
    with tenant_a.active(), pytest.raises(ValueError, match="reach the query"):
        compiled_rows("test.unused", Case, lambda pk: Case.objects.values_list("pk"), (1,),
                      stand_ins=((1,), (2,)))  # fmt: skip


def test_a_value_that_changes_the_sql_is_refused(tenant_a):
    def build(n):
        return Case.objects.filter(pk=1).values_list("pk")[:n]  # LIMIT is written in the SQL

    with tenant_a.active(), pytest.raises(ValueError, match="SQL"):
        compiled_rows("test.limit", Case, build, (3,), stand_ins=((1,), (2,)))


def test_the_rows_are_the_orms_with_its_conversions(tenant_a):
    """The same values and types as ``values_list()`` and ``values()`` give (SQLite
    returns dates as text)."""
    bsn = tenant_a.person.bsn
    tenant_a.open_case(), tenant_a.open_case()
    with tenant_a.active():
        for _ in range(2):  # compiled, then from the process
            rows = _rows(bsn)
            assert [tuple(row) for row in rows] == list(_cases(bsn).values_list(*COLUMNS))
            assert len(rows) == 2
            assert all(isinstance(row[2], date) and row[3].tzinfo for row in rows)
        assert _rows(bsn, key=("named",), named=True) == list(_cases(bsn).values(*COLUMNS))
        assert _rows("999990019") == []


def test_each_organisation_gets_its_own_rows(tenant_a, tenant_b):
    """The organisation is part of the key: its filter is a parameter too."""
    bsn = tenant_a.person.bsn
    mine = tenant_a.open_case()
    theirs = [tenant_b.open_case(initiator_bsn=bsn) for _ in range(2)]
    for tenant, expected in ((tenant_a, [mine]), (tenant_b, theirs), (tenant_a, [mine])):
        with tenant.active():
            assert [row[0] for row in _rows(bsn)] == [case.pk for case in expected]


def test_a_new_day_or_key_compiles_anew(tenant_a, tenant_b):
    built = []

    def build(bsn):
        built.append(bsn)
        return _cases(bsn).values_list("pk")

    def rows(day, key=()):
        return compiled_rows("test.days", Case, build, ("1",), stand_ins=STAND_INS, key=key,
                             day=day)  # fmt: skip

    with tenant_a.active():
        rows(date(2026, 1, 5)), rows(date(2026, 1, 5))
        assert len(built) == 2  # once, and once more to find the value's parameter
        rows(date(2026, 1, 6))
        assert len(built) == 4
        rows(date(2026, 1, 6), key=("b",))
        assert len(built) == 6
    with tenant_b.active():
        rows(date(2026, 1, 6), key=("b",))
        assert len(built) == 8


def test_a_query_that_matches_nothing_takes_no_values(tenant_a):
    """A party without numbers: its filter matches nothing, so no query is sent."""
    with tenant_a.active():
        nothing = Case.objects.filter(pk__in=[]).values("pk")
        assert compiled_rows("test.none", Case, lambda: nothing, (), stand_ins=((), ()),
                             named=True) == []  # fmt: skip
        with pytest.raises(ValueError, match="matches nothing"):
            compiled_rows("test.none2", Case, lambda pk: Case.objects.filter(pk__in=[]),
                          (1,), stand_ins=((1,), (2,)))  # fmt: skip
    assert len(compiled._compiled) <= compiled._MAX_ENTRIES


def test_model_instances_are_the_orms_with_related_objects_and_annotations(
    tenant_a, django_assert_num_queries
):
    """``compiled_objects``: the instances iterating the queryset gives, with their
    ``select_related()`` objects loaded (no query on access) and their annotations."""
    from django.db.models import F

    from achterkant.tenancy.compiled import compiled_objects

    bsn = tenant_a.person.bsn
    tenant_a.open_case(), tenant_a.open_case()

    def build(bsn):
        return _cases(bsn).select_related("case_type").annotate(type_id_again=F("case_type_id"))

    with tenant_a.active():
        expected = list(build(bsn))
        for _ in range(2):  # compiled, then from the process
            with django_assert_num_queries(1):
                cases = compiled_objects("test.objects", Case, build, (bsn,), stand_ins=STAND_INS)
                described = [case.case_type.description for case in cases]
            assert [(c.pk, c.number, c.start_date, c.created_at) for c in cases] == [
                (c.pk, c.number, c.start_date, c.created_at) for c in expected
            ]
            assert described == [case.case_type.description for case in expected]
            assert [c.type_id_again for c in cases] == [c.case_type_id for c in expected]
            assert all(not c._state.adding and c._state.db for c in cases)
        assert compiled_objects("test.objects", Case, build, ("999990019",),
                                stand_ins=STAND_INS) == []  # fmt: skip
