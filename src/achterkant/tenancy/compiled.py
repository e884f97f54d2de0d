"""Hot queries compiled once per process, run with each view's values.

Some pages send the same query on every view; only a party's number, an id, a cursor or
today's date differs. Building and compiling such a query with the ORM cost more Python
than running it. So :func:`compiled_rows` compiles it once per process, database,
organisation (its tenant filter is a parameter too) and key, with stand-ins for the
view's values, and each view puts its own values in place of the stand-ins in the
parameters.

Which parameters take a view's values is not guessed: the query is compiled once more for
each value with only that stand-in changed, and the parameters that change are its
slots. A value that does not reach the query as a parameter of its own, or that changes
the SQL itself, is refused.

What may enter a compiled query other than the values: only what is the same for every
view under its key (the organisation, the database, what ``key`` names, the ``day``).
Never a user, a permission or a row read from the database: they would be served to every
later view with the same key. Nothing is cached but SQL, so there is nothing to
invalidate.
"""

from collections.abc import Callable, Sequence
from datetime import date

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

from achterkant.tenancy.context import require_organisation

_MAX_ENTRIES = 256  # (query, database, organisation, key); one day each
_compiled: dict[tuple, "_Compiled"] = {}


class _Compiled:
    """One query's SQL (``None``: it matches nothing), parameters and their slots."""

    __slots__ = (
        "sql", "params", "slots", "query", "fields", "names", "day", "model_layout", "converting"
    )  # fmt: skip

    def __init__(self, build, stand_ins: tuple[tuple, tuple], alias: str, day, named: bool):
        first, second = stand_ins
        queryset = build(*first)
        query = queryset.query
        compiler = query.get_compiler(alias)
        self.query, self.day = query, day
        # (connection, compiler, converters) of the thread that ran it last (``_run``).
        self.converting = None
        # The order in which ValuesIterable names a row's values.
        self.names = (*query.extra_select, *query.values_select, *query.annotation_select)
        self.fields: list = []
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # a filter that matches nothing (a party without numbers)
            if first:
                raise ValueError("a query that matches nothing takes no values") from None
            self.sql, self.params, self.slots, self.model_layout = None, (), (), None
            return
        self.fields = [column[0] for column in compiler.select[: compiler.col_count]]
        # Where a model query's own columns, its select_related() rows and its annotations
        # are in a row: what Django's ModelIterable reads from its compiler.
        self.model_layout = (compiler.select, compiler.klass_info, compiler.annotation_col_map)
        slots: list[int | None] = [None] * len(params)
        for index in range(len(first)):
            other = (*first[:index], second[index], *first[index + 1 :])
            other_sql, other_params = build(*other).query.get_compiler(alias).as_sql()
            if other_sql != sql:
                raise ValueError("a value changed the query's SQL, not only its parameters")
            for position, (a, b) in enumerate(zip(params, other_params, strict=True)):
                if a != b:
                    if slots[position] is not None:
                        raise ValueError("two values share one parameter")
                    slots[position] = index
        if {slot for slot in slots if slot is not None} != set(range(len(first))):
            raise ValueError("every value must reach the query as a parameter of its own")
        if named:
            if len(self.names) != len(self.fields):
                raise ValueError("only a values() query without extra columns gives dicts")
        else:
            # The rows are returned as the SQL gives them: its columns must be in the
            # order values_list() names them (a union's parts are checked by the database).
            wanted = tuple(getattr(queryset, "_fields", None) or ())
            if self.names and wanted and self.names != wanted:
                raise ValueError("the columns are not in the order values_list() names them")
        self.sql, self.params, self.slots = sql, tuple(params), tuple(slots)


def compiled_rows(
    name: str,
    model: type[Model],
    build: Callable[..., QuerySet],
    values: Sequence,
    *,
    stand_ins: tuple[tuple, tuple],
    key: tuple = (),
    day: date | None = None,
    named: bool = False,
) -> list:
    """The rows of ``build(*values)``: tuples as its ``values_list()`` gives them, or with
    ``named`` dicts as its ``values()`` gives them. Run on the database a read of
    ``model`` goes to, for the active organisation.

    ``values``: the view's values as the database receives them (what the column's
    ``get_db_prep_value`` makes of them; the same for an int or a text). ``stand_ins``:
    two sets of different values of the same kinds, in range for every column they meet
    (Django drops a comparison with an out-of-range integer from the query); ``((), ())``
    for a query without values. ``key`` names everything else ``build`` puts in the query
    (the kind of party, a size); ``day`` a date it compares with: the query is compiled
    anew on another day, and only the newest day's is kept. Never a user, a permission or
    a row read from the database.
    """
    alias = router.db_for_read(model)
    entry, rows = _run(name, alias, build, values, stand_ins, key, day, named)
    if named:
        names = entry.names
        return [dict(zip(names, row, strict=True)) for row in rows]
    return rows


def _run(name, alias, build, values, stand_ins, key, day, named) -> tuple[_Compiled, list]:
    """The entry for this query (compiled now if this process has none for today) and its
    rows for ``values``, with the ORM's conversions applied."""
    entry_key = (name, alias, require_organisation().pk, *key)
    entry = _compiled.get(entry_key)
    if entry is None or entry.day != day:
        entry = _Compiled(build, stand_ins, alias, day, named)
        if len(_compiled) >= _MAX_ENTRIES:
            _compiled.clear()
        _compiled[entry_key] = entry
    if entry.sql is None:
        return entry, []
    bound = [p if s is None else values[s] for p, s in zip(entry.params, entry.slots, strict=True)]
    with connections[alias].cursor() as cursor:
        cursor.execute(entry.sql, bound)
        rows = cursor.fetchall()
    # The conversions the ORM applies (SQLite returns dates as text, booleans as 0/1),
    # with this thread's connection. Finding them asks every column, which cost more
    # Python than the rest of a run: kept on the entry with the connection they are for.
    connection = connections[alias]
    converting = entry.converting
    if converting is None or converting[0] is not connection:
        compiler = entry.query.get_compiler(alias)
        converting = (connection, compiler, compiler.get_converters(entry.fields))
        entry.converting = converting
    _connection, compiler, converters = converting
    if converters:
        rows = list(compiler.apply_converters(rows, converters))
    return entry, rows


def compiled_objects(
    name: str,
    model: type[Model],
    build: Callable[..., QuerySet],
    values: Sequence,
    *,
    stand_ins: tuple[tuple, tuple],
    key: tuple = (),
    day: date | None = None,
) -> list:
    """The model instances of ``build(*values)``, as iterating it would give them (with its
    ``select_related()`` objects and annotations), from a query compiled once per process:
    :func:`compiled_rows`, for pages that need instances. Same rules for ``values``,
    ``stand_ins``, ``key`` and ``day``."""
    alias = router.db_for_read(model)
    entry, rows = _run(name, alias, build, values, stand_ins, key, day, named=False)
    if not rows:
        return []
    select, klass_info, annotation_col_map = entry.model_layout
    own = klass_info["select_fields"]
    start, end = own[0], own[-1] + 1
    attnames = [column[0].target.attname for column in select[start:end]]
    related = get_related_populators(klass_info, select, alias)
    objects = []
    for row in rows:
        instance = klass_info["model"].from_db(alias, attnames, row[start:end])
        for populator in related:
            populator.populate(row, instance)
        for attribute, position in annotation_col_map.items():
            setattr(instance, attribute, row[position])
        objects.append(instance)
    return objects
