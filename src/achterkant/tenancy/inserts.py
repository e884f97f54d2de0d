"""Inserts whose SQL is built once per process.

Django builds an insert's SQL anew on every ``save()`` and ``bulk_create()``: the column
list, a placeholder per value, the RETURNING clause, for a statement that never changes
for one model saved with the same fields. On the intake path (a case, its status, role
and message, its events and log entries: six inserts) building them cost about a tenth of
the Python of an intake (callgrind; docs/performance.md). Here each statement is kept per
model, database and field list, and each row only has its values prepared as Django
prepares them: ``pre_save``, then ``get_db_prep_save``.

It stands in for ``Model._do_insert`` and ``QuerySet._insert`` alone, so everything else
a save or a bulk create does (signals, primary keys, ``_state``, batches, the router)
stays Django's. A statement is kept only when Django's own compiler gives exactly the
text this module expects for one row (a plain placeholder per field, in order, and a
RETURNING clause that needs no conversion); several rows (up to ``_MAX_ROWS``) repeat
that row's placeholders, as Django's SQLite backend does. Anything else (an expression as
a value, a field with its own placeholder, a conflict clause, a large batch, another
database engine) is inserted by Django as always. Nothing but SQL text is kept, so there
is nothing to invalidate.
"""

from django.db import connections
from django.db.models import Field, Model
from django.db.models.sql import InsertQuery

_ENGINES = ("postgresql", "sqlite")
# More rows go through Django (PostgreSQL: one array per column), below every engine's
# limit on parameters.
_MAX_ROWS = 50
_MAX_ENTRIES = 512
# (model, database, *fields, "", *returning fields) -> (text before VALUES, one row's
# placeholders, RETURNING clause), or None: Django builds it.
_statements: dict[tuple, tuple[str, str, str] | None] = {}


def insert_row(
    obj: Model,
    manager,
    using: str,
    fields: list[Field],
    returning_fields: list[Field] | None,
    raw: bool,
) -> list:
    """``Model._do_insert``: insert ``obj``'s row; the returned columns as Django gives them."""
    rows = insert_rows(manager.model, [obj], using, fields, returning_fields, raw)
    if rows is None:
        return Model._do_insert(obj, manager, using, fields, returning_fields, raw)
    return rows


def insert_rows(
    model: type[Model],
    objs: list[Model],
    using: str,
    fields: list[Field],
    returning_fields: list[Field] | None,
    raw: bool = False,
) -> list | None:
    """Insert ``objs`` with a kept statement: their returned columns, as Django's
    ``QuerySet._insert`` gives them; None when Django must build this insert."""
    if not fields or not 0 < len(objs) <= _MAX_ROWS:
        return None
    values = [[getattr(obj, f.attname) if raw else f.pre_save(obj, True) for f in fields]
              for obj in objs]  # fmt: skip
    if any(hasattr(value, "resolve_expression") for row in values for value in row):
        return None
    # Named by column, not by Field: a field's hash and equality are Python methods.
    key = (model, using, *[f.attname for f in fields], "",
           *[f.attname for f in returning_fields or ()])  # fmt: skip
    if key in _statements:
        statement = _statements[key]
    else:
        statement = _compile(model, objs[0], using, fields, returning_fields)
        if len(_statements) >= _MAX_ENTRIES:
            _statements.clear()
        _statements[key] = statement
    if statement is None:
        return None
    head, row, returning = statement
    connection = connections[using]
    params = [field.get_db_prep_save(value, connection)
              for row_values in values
              for field, value in zip(fields, row_values, strict=True)]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(f"{head} VALUES {', '.join([row] * len(objs))}{returning}", params)
        if not returning_fields:
            return []
        if len(objs) == 1:
            return [connection.ops.fetch_returned_insert_columns(cursor, ())]
        return list(connection.ops.fetch_returned_insert_rows(cursor))


def _compile(model, obj: Model, using: str, fields, returning_fields) -> tuple | None:
    """The parts of the statement Django builds for one row, if it is the plain one.

    ``obj``'s values were prepared already (``pre_save`` ran): the query reads them as
    they are (``raw``), so compiling changes nothing on it.
    """
    connection = connections[using]
    if connection.vendor not in _ENGINES:
        return None
    if any(getattr(field, "get_placeholder", None) is not None for field in fields):
        return None
    query = InsertQuery(model)
    query.insert_values(fields, [obj], raw=True)
    compiler = query.get_compiler(using=using)
    compiler.returning_fields = returning_fields
    [(sql, _params)] = compiler.as_sql()
    ops, table = connection.ops, model._meta.db_table
    head = "{} {} ({})".format(
        ops.insert_statement(),
        ops.quote_name(table),
        ", ".join(ops.quote_name(field.column) for field in fields),
    )
    row = "({})".format(", ".join(["%s"] * len(fields)))
    returning = ""
    if returning_fields:
        if not connection.features.can_return_rows_from_bulk_insert:
            return None
        returning_sql, returning_params = ops.return_insert_columns(returning_fields)
        columns = [field.get_col(table) for field in returning_fields]
        if returning_params or compiler.get_converters(columns):
            return None
        returning = f" {returning_sql}"
    return (head, row, returning) if sql == f"{head} VALUES {row}{returning}" else None
