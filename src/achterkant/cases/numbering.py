"""Case numbers: ``ZAAK-{year}-{n:07d}``, unique per organisation, handed out without a lock.

On PostgreSQL every organisation and year has its own sequence. ``nextval`` takes no row
lock and is never rolled back, so concurrent intakes do not wait for each other; the price
is a gap when an intake rolls back after taking its number. The law asks for a unique,
recognisable identification, not for numbers without gaps, so the gap is accepted
(docs/performance.md).

A sequence is created on the first case of its organisation and year, starting after the
highest number the counter row ``CaseNumberCounter`` (the pre-sequence bookkeeping) or an
existing case already holds, so an upgrade or a bulk load never hands out a number twice.

SQLite lets one writer at a time in anyway (``BEGIN IMMEDIATE``), so there the counter row
stays the source.

:func:`new_case_keys` takes, on PostgreSQL in the same round trip as the number, the ids the
new case and its first status will get: so the case is inserted with its current status
(the foreign key is checked at commit) instead of updated after it.
"""

from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from django.db.models import F

from achterkant.cases.models import Case, CaseNumberCounter, CaseStatus
from achterkant.tenancy.context import require_organisation


def format_case_number(year: int, number: int) -> str:
    return f"ZAAK-{year}-{number:07d}"


def sequence_name(organisation_id: int, year: int) -> str:
    return f"case_number_{int(organisation_id)}_{int(year)}"


def next_case_number(year: int) -> str:
    """The next case number of the current organisation for ``year``."""
    organisation = require_organisation()
    if connection.vendor == "postgresql":
        number = _next_from_sequence(organisation.pk, year)
    else:
        number = _next_from_counter(year)
    return format_case_number(year, number)


@dataclass(frozen=True)
class NewCaseKeys:
    """A new case's number and, on PostgreSQL, the ids its row and first status will get
    (None: the database assigns them at the insert)."""

    number: str
    case_id: int | None = None
    status_id: int | None = None


def new_case_keys(year: int, *, with_ids: bool) -> NewCaseKeys:
    """The next case number of the current organisation for ``year``; with ``with_ids``, on
    PostgreSQL, also the next ids of a case and a case status, in the same statement.

    Ids taken by an intake that rolls back are lost, as numbers are: a gap, nothing more.
    """
    if connection.vendor != "postgresql" or not with_ids:
        return NewCaseKeys(next_case_number(year))
    organisation = require_organisation()
    name = sequence_name(organisation.pk, year)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN to_regclass(%s) IS NOT NULL THEN nextval(%s::text::regclass) END, "
            "nextval(pg_get_serial_sequence(%s, %s)::regclass), "
            "nextval(pg_get_serial_sequence(%s, %s)::regclass)",
            [
                name, name,
                Case._meta.db_table, Case._meta.pk.column,
                CaseStatus._meta.db_table, CaseStatus._meta.pk.column,
            ],
        )  # fmt: skip
        number, case_id, status_id = cursor.fetchone()
    if number is None:  # the first case of this organisation and year
        number = _next_from_new_sequence(organisation.pk, year)
    return NewCaseKeys(format_case_number(year, number), case_id, status_id)


def _next_from_counter(year: int) -> int:
    # One statement once the year's row exists (UPDATE ... RETURNING, SQLite 3.35+),
    # instead of a read, the update and a re-read.
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{CaseNumberCounter._meta.db_table}" SET "last_number" = "last_number" + 1 '  # noqa: S608 (the model's table)
            'WHERE "organisation_id" = %s AND "year" = %s RETURNING "last_number"',
            [require_organisation().pk, year],
        )
        row = cursor.fetchone()
    if row is not None:
        return row[0]
    counter, _ = CaseNumberCounter.objects.get_or_create(year=year)
    CaseNumberCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
    counter.refresh_from_db(fields=["last_number"])
    return counter.last_number


def _next_from_sequence(organisation_id: int, year: int) -> int:
    name = sequence_name(organisation_id, year)
    with connection.cursor() as cursor:
        # One round trip in the usual case; NULL (no error) when the sequence is missing.
        # The name is cast at run time (text to regclass), only when the sequence exists.
        cursor.execute(
            "SELECT CASE WHEN to_regclass(%s) IS NOT NULL THEN nextval(%s::text::regclass) END",
            [name, name],
        )
        number = cursor.fetchone()[0]
        if number is not None:
            return number
    return _next_from_new_sequence(organisation_id, year)


def _next_from_new_sequence(organisation_id: int, year: int) -> int:
    name = sequence_name(organisation_id, year)
    _create_sequence(organisation_id, year)
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [name])
        return cursor.fetchone()[0]


def highest_number_in_use(organisation_id: int, year: int) -> int:
    """The highest number the counter row or the cases themselves hold for that year."""
    counted = (
        CaseNumberCounter.all_tenants.filter(organisation_id=organisation_id, year=year)
        .values_list("last_number", flat=True)
        .first()
        or 0
    )
    last_case = (
        Case.all_tenants.filter(
            organisation_id=organisation_id,
            number__gte=format_case_number(year, 0),
            number__lte=format_case_number(year, 9_999_999),
        )
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    in_cases = int(last_case.rsplit("-", 1)[1]) if last_case else 0
    return max(counted, in_cases)


def _create_sequence(organisation_id: int, year: int) -> None:
    name = sequence_name(organisation_id, year)
    start = highest_number_in_use(organisation_id, year) + 1
    try:
        # A savepoint: two first intakes of a year may race to create it; the loser's
        # CREATE fails once the winner commits, and then the winner's sequence is used.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {name} START WITH {int(start)}")
    except DatabaseError:
        pass


def case_numbers_loaded(organisation_id: int, year: int) -> None:
    """After a bulk load of cases (the scale generator): continue after the highest number.

    PostgreSQL only; on SQLite the loader sets the counter row itself. Numbers a rolled-back
    intake took above the highest case are free again, which is harmless.
    """
    name = sequence_name(organisation_id, year)
    highest = highest_number_in_use(organisation_id, year)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {name}")
        cursor.execute("SELECT setval(%s, %s, %s)", [name, max(highest, 1), highest > 0])
