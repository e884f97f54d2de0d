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
"""

from django.db import DatabaseError, connection, transaction
from django.db.models import F

from achterkant.cases.models import Case, CaseNumberCounter
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


def _next_from_counter(year: int) -> int:
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
